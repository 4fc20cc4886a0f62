/**
 * The access-key variant (the guide's second tab): GovCloud and China accounts.
 */
import { resourcesOf, synthOne } from "../support/synth";

const GOV = { awsRegion: "us-gov-west-1", datadogSite: "ddog-gov.com" };

describe("access keys created by Terraform", () => {
  const stack = synthOne({ ...GOV, auth: { type: "accessKeys", userName: "DatadogUser" }, permissions: "pinned" });

  test("an IAM user with Datadog's permissions as managed policies", () => {
    expect(resourcesOf(stack, "aws_iam_user").datadog_user.name).toBe("DatadogUser");
    const attachments = Object.values(resourcesOf(stack, "aws_iam_user_policy_attachment"));
    // Each permissions policy, and SecurityAudit (resource collection is on by default) in GovCloud's partition.
    expect(attachments.length).toBe(Object.keys(resourcesOf(stack, "aws_iam_policy")).length + 1);
    expect(resourcesOf(stack, "aws_iam_user_policy_attachment").datadog_security_audit.policy_arn).toBe("arn:aws-us-gov:iam::aws:policy/SecurityAudit");
    for (const a of attachments) expect(a.user).toBe("${aws_iam_user.datadog_user.name}");
    // A user's inline policies are capped at 2,048 characters together: none are used.
    expect(stack.resource?.aws_iam_user_policy).toBeUndefined();
  });

  test("an access key for that user, fed to the integration by reference only", () => {
    expect(resourcesOf(stack, "aws_iam_access_key").datadog_access_key.user).toBe("${aws_iam_user.datadog_user.name}");
    // Rotation by -replace makes the new key before deleting the old one.
    expect(resourcesOf(stack, "aws_iam_access_key").datadog_access_key.lifecycle).toEqual({ create_before_destroy: true });
    expect(stack.output?.datadog_access_key_id.value).toBe("${aws_iam_access_key.datadog_access_key.id}");
    for (const output of Object.values(stack.output ?? {})) {
      if (JSON.stringify(output.value).includes("secret")) expect(output.sensitive).toBe(true);
    }
  });

  test("no role, no trust policy, no External ID output", () => {
    expect(stack.resource?.aws_iam_role).toBeUndefined();
    expect(stack.output?.datadog_external_id).toBeUndefined();
  });
});

describe("bringing an existing key through sensitive variables", () => {
  const stack = synthOne({ awsRegion: "cn-north-1", auth: { type: "accessKeys", accessKey: "variables" }, permissions: "pinned" });

  test("no aws_iam_access_key; the integration reads the variables", () => {
    expect(stack.resource?.aws_iam_access_key).toBeUndefined();
    expect(resourcesOf(stack, "datadog_integration_aws_account").datadog_integration.auth_config.aws_auth_config_keys).toEqual({
      access_key_id: "${var.datadog_aws_access_key_id}",
      secret_access_key: "${var.datadog_aws_secret_access_key}",
    });
  });

  test("the secret variable is sensitive and has no default", () => {
    expect(stack.variable?.datadog_aws_secret_access_key).toMatchObject({ type: "string", sensitive: true });
    expect(stack.variable?.datadog_aws_secret_access_key.default).toBeUndefined();
  });
});

describe("split duty with access keys", () => {
  const stack = synthOne({ ...GOV, auth: { type: "accessKeys" }, manageDatadogIntegration: false });

  test("outputs the key for the Datadog admin, the secret marked sensitive", () => {
    expect(stack.resource?.datadog_integration_aws_account).toBeUndefined();
    expect(stack.output?.datadog_tile_access_key_id.value).toBe("${aws_iam_access_key.datadog_access_key.id}");
    expect(stack.output?.datadog_tile_secret_access_key).toMatchObject({ value: "${aws_iam_access_key.datadog_access_key.secret}", sensitive: true });
  });
});
