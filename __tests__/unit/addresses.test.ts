/**
 * Terraform addresses are a contract: a changed address destroys and recreates a live
 * role (a monitoring gap and a new External ID). These lists pin them; change them only
 * with a `moved` block and a note in the README.
 */
import { synthConfig, configWith, TerraformJson } from "../support/synth";

function addresses(stack: TerraformJson): string[] {
  const out: string[] = [];
  for (const [kind, byType] of [
    ["resource", stack.resource],
    ["data", stack.data],
  ] as const) {
    for (const [type, byName] of Object.entries(byType ?? {})) {
      for (const name of Object.keys(byName)) out.push(`${kind === "data" ? "data." : ""}${type}.${name}`);
    }
  }
  return out.sort();
}

test("role delegation, pinned permissions, CSPM", () => {
  const stack = synthConfig(configWith({ permissions: "pinned", cspm: true })).test;
  expect(addresses(stack)).toEqual([
    "aws_iam_policy.datadog_permissions_1",
    "aws_iam_policy.datadog_permissions_2",
    "aws_iam_policy.datadog_permissions_3",
    "aws_iam_policy.datadog_permissions_4",
    "aws_iam_policy.datadog_permissions_5",
    "aws_iam_role.datadog_role",
    "aws_iam_role_policy_attachment.datadog_permissions_1_attachment",
    "aws_iam_role_policy_attachment.datadog_permissions_2_attachment",
    "aws_iam_role_policy_attachment.datadog_permissions_3_attachment",
    "aws_iam_role_policy_attachment.datadog_permissions_4_attachment",
    "aws_iam_role_policy_attachment.datadog_permissions_5_attachment",
    "aws_iam_role_policy_attachment.datadog_security_audit",
    "datadog_integration_aws_account.datadog_integration",
  ]);
  expect(Object.keys(stack.output ?? {}).sort()).toEqual(["datadog_external_id", "datadog_integration_page_url", "datadog_role_arn", "datadog_role_name"]);
});

test("role delegation, live permissions", () => {
  const stack = synthConfig(configWith({})).test;
  expect(addresses(stack)).toEqual([
    "aws_iam_policy.datadog_permissions",
    "aws_iam_role.datadog_role",
    "aws_iam_role_policy_attachment.datadog_permissions_attachment",
    "aws_iam_role_policy_attachment.datadog_security_audit",
    "data.datadog_integration_aws_iam_permissions.datadog_permission_list",
    "datadog_integration_aws_account.datadog_integration",
  ]);
  const standardOnly = synthConfig(configWith({ resourceCollection: false })).test;
  expect(addresses(standardOnly)).toContain("data.datadog_integration_aws_iam_permissions_standard.datadog_permission_list");
  expect(addresses(standardOnly)).not.toContain("aws_iam_role_policy_attachment.datadog_security_audit");
});

test("SecurityAudit with resource collection keeps the address CSPM stacks already hold", () => {
  // Resource collection without CSPM now attaches SecurityAudit too: at the same address, so
  // a CSPM stack applied before the change plans no move, and others plan only an add.
  const cspm = synthConfig(configWith({ permissions: "pinned", cspm: true })).test;
  const resourceCollection = synthConfig(configWith({ permissions: "pinned" })).test;
  expect(addresses(resourceCollection)).toEqual(addresses(cspm));
  const attachment = (s: TerraformJson) => s.resource?.aws_iam_role_policy_attachment?.datadog_security_audit;
  expect(attachment(resourceCollection)).toEqual(attachment(cspm));
  expect(attachment(cspm)).toMatchObject({ policy_arn: "arn:aws:iam::aws:policy/SecurityAudit" });
});

test("access keys", () => {
  const stack = synthConfig(configWith({ awsRegion: "cn-north-1", auth: { type: "accessKeys" }, permissions: "pinned", resourceCollection: false })).test;
  expect(addresses(stack)).toEqual([
    "aws_iam_access_key.datadog_access_key",
    "aws_iam_policy.datadog_permissions_1",
    "aws_iam_user.datadog_user",
    "aws_iam_user_policy_attachment.datadog_permissions_1_attachment",
    "datadog_integration_aws_account.datadog_integration",
  ]);
  expect(Object.keys(stack.output ?? {}).sort()).toEqual(["datadog_access_key_id", "datadog_integration_page_url", "datadog_user_arn", "datadog_user_name"]);
});

test("addresses do not depend on the environment's name", () => {
  const a = synthConfig({ environments: { prod: { awsAccountId: "123456789012" } } }).prod;
  const b = synthConfig({ environments: { "eu-staging": { awsAccountId: "123456789012" } } })["eu-staging"];
  expect(addresses(a)).toEqual(addresses(b));
});
