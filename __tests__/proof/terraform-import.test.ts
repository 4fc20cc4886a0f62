/**
 * `"import": { "iamRole": ... }` / `{ "iamUser": ... }` adopts a role or user made by hand
 * through Terraform import blocks. Proven with the real Terraform CLI and AWS provider:
 * the import block is valid, and planning it reads the existing object (made beforehand
 * in moto through IAM's API; see support/terraform-offline-plan.ts) and plans an import
 * followed by an update in place or nothing; never a second role or user. A missing
 * object fails the plan instead of being created.
 *
 * The provider's reads while importing, from moto's recording: role: GetRole,
 * ListRolePolicies, ListAttachedRolePolicies; user: GetUser (tags come with
 * GetRole/GetUser).
 */
import { Testing } from "cdktf";
import { resolveConfig } from "../../lib/config/load-config";
import { DatadogAwsStack } from "../../lib/stack/environment-stack";
import { configWith, TerraformJson } from "../support/synth";
import type { ExistingRole } from "../support/aws-existing";
import { describeWithTerraform } from "../support/proof-guards";
import { PlanOptions, PlanRun, runTerraformPlan, successfulPlan } from "../support/terraform-offline-plan";
import { changesOfType } from "../support/terraform-plan-json";
import { standInVariables } from "../support/terraform-stack-inputs";

const ROLE_NAME = "DatadogIntegrationRole";
const USER_NAME = "DatadogIntegrationUser";
const EXTERNAL_ID = "import-test-external-id";

/** Synthesizes one environment, keeping the stack object (for the role's trust policy as an object). */
function synth(env: Record<string, unknown>): { tf: TerraformJson; stack: DatadogAwsStack } {
  const [resolved] = resolveConfig(configWith(env), "import-test.config.json");
  const stack = new DatadogAwsStack(Testing.app(), resolved.name, { environment: resolved.config });
  return { tf: JSON.parse(Testing.synth(stack, true)) as TerraformJson, stack };
}

// AWS-only stacks (the Datadog provider is not available offline).
const ROLE = synth({
  awsAccountId: "123456789012",
  manageDatadogIntegration: false,
  externalId: EXTERNAL_ID,
  resourceCollection: false,
  auth: { type: "role", roleName: ROLE_NAME },
  import: { iamRole: ROLE_NAME },
});
const USER = synth({
  awsAccountId: "234567890123",
  awsRegion: "us-gov-west-1",
  datadogSite: "ddog-gov.com",
  manageDatadogIntegration: false,
  resourceCollection: false,
  auth: { type: "accessKeys", userName: USER_NAME, accessKey: "create" },
  import: { iamUser: USER_NAME },
});

/** A role made by hand from Datadog's guide: another External ID, a hand-made policy attached. */
const HAND_MADE_ROLE: ExistingRole = {
  name: ROLE_NAME,
  description: "Made by hand following Datadog's setup guide",
  assumeRolePolicy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::464622532012:root" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "id-from-the-tile-long-ago" } } }],
  }),
  attachedPolicyArns: ["arn:aws:iam::123456789012:policy/DatadogAWSIntegrationPolicy"],
};

/** The role exactly as this stack would create it. */
function roleAsTheStackMakesIt(): ExistingRole {
  const role = Object.values(ROLE.tf.resource!.aws_iam_role)[0] as { description: string; max_session_duration: number };
  return {
    name: ROLE_NAME,
    description: role.description,
    maxSessionDuration: role.max_session_duration,
    assumeRolePolicy: JSON.stringify(ROLE.stack.integration.trustPolicyDocument),
  };
}

describeWithTerraform("import blocks adopt an existing role or user", () => {
  const runs: Record<"roleChanged" | "roleUnchanged" | "roleMissing" | "user", Promise<PlanRun>> = {} as never;

  beforeAll(() => {
    const plan = (tf: TerraformJson, options: PlanOptions) => {
      const run = runTerraformPlan(tf, { variables: standInVariables(tf), ...options });
      run.catch(() => undefined); // reported by the test that awaits it
      return run;
    };
    // Validated once per stack; the other role runs plan the same configuration.
    runs.roleChanged = plan(ROLE.tf, { existing: { roles: [HAND_MADE_ROLE] } });
    runs.roleUnchanged = plan(ROLE.tf, { existing: { roles: [roleAsTheStackMakesIt()] }, validate: false });
    runs.roleMissing = plan(ROLE.tf, { existing: {}, validate: false });
    runs.user = plan(USER.tf, { existing: { users: [{ name: USER_NAME }] } });
  });

  test("the stacks carry one import block each, for the principal's address and the existing name", () => {
    expect(ROLE.tf.import).toEqual([{ to: "aws_iam_role.datadog_role", id: ROLE_NAME }]);
    expect(USER.tf.import).toEqual([{ to: "aws_iam_user.datadog_user", id: USER_NAME }]);
  });

  test("a role made by hand: imported, then updated in place to the stack's trust policy; no role created", async () => {
    const run = await runs.roleChanged;
    const plan = successfulPlan(run);
    const [role] = changesOfType(plan, "aws_iam_role");
    expect(changesOfType(plan, "aws_iam_role")).toHaveLength(1);
    expect(role.address).toBe("aws_iam_role.datadog_role");
    expect(role.change.importing).toEqual({ id: ROLE_NAME });
    expect(role.change.actions).toEqual(["update"]);
    // What IAM holds now, and what the update sets.
    expect(JSON.parse(role.change.before!.assume_role_policy).Statement[0].Condition.StringEquals["sts:ExternalId"]).toBe("id-from-the-tile-long-ago");
    expect(JSON.parse(role.change.after!.assume_role_policy).Statement[0].Condition.StringEquals["sts:ExternalId"]).toBe(EXTERNAL_ID);
    expect(role.change.after!.name).toBe(ROLE_NAME);
    // Only the role is imported; its new permission policy and attachment are created.
    for (const c of plan.resource_changes!.filter((c) => c !== role)) {
      expect(c.change.importing).toBeUndefined();
      expect(c.change.actions).toEqual(["create"]);
    }
    expect(run.awsRequests.find((r) => r.action === "GetRole")?.params.RoleName).toBe(ROLE_NAME);
  });

  test("a role already as the stack would make it: imported with no change", async () => {
    const plan = successfulPlan(await runs.roleUnchanged);
    const [role] = changesOfType(plan, "aws_iam_role");
    expect(role.change.importing).toEqual({ id: ROLE_NAME });
    expect(role.change.actions).toEqual(["no-op"]);
  });

  test("no such role: the plan fails instead of creating one", async () => {
    const run = await runs.roleMissing;
    expect(run.exitCode).not.toBe(0);
    expect(run.output).toMatch(/Cannot import non-existent remote object/);
    expect(run.awsRequests.some((r) => r.action === "GetRole" && r.params.RoleName === ROLE_NAME)).toBe(true);
    expect(run.plan?.applyable).toBeFalsy();
  });

  test("a user made by hand (GovCloud, access keys): imported, not created; its access key and policies are new", async () => {
    const run = await runs.user;
    const plan = successfulPlan(run);
    const users = changesOfType(plan, "aws_iam_user");
    expect(users).toHaveLength(1);
    expect(users[0].change.importing).toEqual({ id: USER_NAME });
    expect(users[0].change.actions).toEqual(["no-op"]); // the stack sets nothing a bare user lacks
    expect(users[0].change.after!.arn).toBe(`arn:aws-us-gov:iam::234567890123:user/${USER_NAME}`);
    expect(changesOfType(plan, "aws_iam_access_key").map((c) => [c.change.actions, c.change.after?.user])).toEqual([[["create"], USER_NAME]]);
    expect(run.awsRequests.find((r) => r.action === "GetUser")?.params.UserName).toBe(USER_NAME);
  });
});
