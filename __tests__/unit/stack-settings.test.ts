/**
 * How Terraform reaches each environment: the account guard, credentials, Datadog keys,
 * state, and import blocks for adopting what was made by hand.
 */
import { synthConfig, synthOne } from "../support/synth";

describe("the right account, every time", () => {
  test("the AWS provider only accepts the environment's own account", () => {
    expect(synthOne({ awsAccountId: "210987654321" }).provider?.aws[0].allowed_account_ids).toEqual(["210987654321"]);
  });

  test("a role to assume, with session name and external ID", () => {
    const aws = synthOne({
      awsAssumeRoleArn: "arn:aws:iam::123456789012:role/TerraformDeploy",
      awsAssumeRoleSessionName: "datadog-pipeline",
      awsAssumeRoleExternalId: "deploy-2026",
    }).provider?.aws[0];
    expect(aws.assume_role).toEqual([{ role_arn: "arn:aws:iam::123456789012:role/TerraformDeploy", session_name: "datadog-pipeline", external_id: "deploy-2026" }]);
    expect(aws.profile).toBeUndefined();
  });

  test("a named profile; by default neither (the standard credential chain)", () => {
    expect(synthOne({ awsProfile: "member-prod" }).provider?.aws[0].profile).toBe("member-prod");
    const plain = synthOne({}).provider?.aws[0];
    expect(plain.profile).toBeUndefined();
    expect(plain.assume_role).toBeUndefined();
  });
});

describe("which Datadog organization", () => {
  test("DD_API_KEY / DD_APP_KEY by default: the provider reads them itself, nothing in the output", () => {
    const stack = synthOne({});
    expect(stack.provider?.datadog[0]).toEqual({ api_url: "https://api.datadoghq.com" });
    expect(stack.variable).toBeUndefined();
  });

  test("TF_VAR_* names become sensitive input variables feeding the provider", () => {
    const stack = synthOne({ datadogApiKeyEnv: "TF_VAR_dd_api_key_eu", datadogAppKeyEnv: "TF_VAR_dd_app_key_eu" });
    expect(stack.provider?.datadog[0]).toMatchObject({ api_key: "${var.dd_api_key_eu}", app_key: "${var.dd_app_key_eu}" });
    expect(stack.variable?.dd_api_key_eu).toMatchObject({ sensitive: true, type: "string" });
    expect(stack.variable?.dd_app_key_eu).toMatchObject({ sensitive: true, type: "string" });
    expect(stack.variable?.dd_api_key_eu.default).toBeUndefined();
  });
});

describe("state", () => {
  test("local state by default, in the stack's own folder (portable output, and the folder carries its state)", () => {
    expect(synthOne({}).terraform?.backend).toEqual({ local: { path: "terraform.tfstate" } });
  });

  test("a local path given is relative to the project folder, written relative to the stack folder", () => {
    expect(synthOne({ backend: { type: "local", path: "state/test.tfstate" } }).terraform?.backend).toEqual({ local: { path: "../../../state/test.tfstate" } });
  });

  test("S3: a distinct key per environment by default, native locking on request", () => {
    const stacks = synthConfig({
      defaults: { backend: { type: "s3", bucket: "org-tf-state", region: "eu-west-1", useLockfile: true } },
      environments: { prod: { awsAccountId: "123456789012" }, dev: { awsAccountId: "210987654321" } },
    });
    expect(stacks.prod.terraform?.backend).toEqual({ s3: { bucket: "org-tf-state", key: "datadog-aws/prod/terraform.tfstate", region: "eu-west-1", encrypt: true, use_lockfile: true } });
    expect(stacks.dev.terraform?.backend.s3.key).toBe("datadog-aws/dev/terraform.tfstate");
  });

  test("no cross-stack references: stacks deploy independently and in parallel", () => {
    const stacks = synthConfig({ environments: { a: { awsAccountId: "123456789012" }, b: { awsAccountId: "210987654321" } } });
    for (const stack of Object.values(stacks)) {
      expect(JSON.stringify(stack)).not.toMatch(/terraform_remote_state|cross-stack/);
    }
  });
});

describe("adopting an integration made by hand", () => {
  test("import blocks for the Datadog integration and the role", () => {
    const stack = synthOne({ import: { datadogAccountConfigId: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", iamRole: "DatadogIntegrationRole" } });
    expect(stack.import).toEqual([
      { to: "datadog_integration_aws_account.datadog_integration", id: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" },
      { to: "aws_iam_role.datadog_role", id: "DatadogIntegrationRole" },
    ]);
  });

  test("import block for the IAM user of an access-key account", () => {
    const stack = synthOne({ awsRegion: "cn-north-1", auth: { type: "accessKeys", userName: "datadog", accessKey: "variables" }, import: { iamUser: "datadog" } });
    expect(stack.import).toEqual([{ to: "aws_iam_user.datadog_user", id: "datadog" }]);
  });

  test("no import blocks unless asked", () => {
    expect(synthOne({}).import).toBeUndefined();
  });
});
