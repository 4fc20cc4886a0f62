/**
 * Every stack's AWS provider carries `allowed_account_ids = [awsAccountId]`: whatever
 * credentials Terraform picks up, a plan against another account must fail before it
 * changes anything. Proven offline with the real provider against moto on 127.0.0.1:
 * the run's access key belongs to a user moto made in an account of the test's choosing,
 * so moto's STS GetCallerIdentity reports that account, as AWS does for a user's key; the
 * provider is pointed at moto through the override file's `endpoints { sts = ... }` block,
 * with the account lookup left on.
 */
import { synthOne } from "../support/synth";
import { describeWithTerraform } from "../support/proof-guards";
import { PlanRun, runTerraformPlan } from "../support/terraform-offline-plan";
import { changesOfType } from "../support/terraform-plan-json";

const ACCOUNT = "123456789012";
const OTHER_ACCOUNT = "999988887777";

// A small AWS-only stack (no Datadog provider needed): one role, one policy.
const STACK = synthOne({ awsAccountId: ACCOUNT, manageDatadogIntegration: false, externalId: "guard-test-external-id", resourceCollection: false });

describeWithTerraform("the AWS provider refuses credentials of another account", () => {
  const runs: Record<"right" | "other" | "unknown", Promise<PlanRun>> = {} as never;

  beforeAll(() => {
    const plan = (options: Parameters<typeof runTerraformPlan>[1]) => {
      // This stack kind is validated in terraform-plan.test.ts; here only the plan matters.
      const run = runTerraformPlan(STACK, { endpointsVia: "override", validate: false, ...options });
      run.catch(() => undefined); // reported by the test that awaits it
      return run;
    };
    runs.right = plan({ callerAccountId: ACCOUNT });
    runs.other = plan({ callerAccountId: OTHER_ACCOUNT });
    // What the usual offline recipe does: no account lookup at all. (No request reaches the
    // moto, so the cheaper endpoint route is as good here; see support/terraform-offline-plan.ts.)
    runs.unknown = plan({ callerAccountId: ACCOUNT, endpointsVia: "env", awsProviderOverride: { skip_requesting_account_id: true, skip_credentials_validation: true } });
  });

  test("the synthesized provider allows exactly the environment's account", () => {
    expect(STACK.provider?.aws).toHaveLength(1);
    expect(STACK.provider!.aws[0].allowed_account_ids).toEqual([ACCOUNT]);
    expect(STACK.provider!.aws[0].forbidden_account_ids).toBeUndefined();
  });

  test("moto listens on 127.0.0.1 only", async () => {
    expect((await runs.right).awsEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test("credentials of the environment's account: the plan succeeds", async () => {
    const run = await runs.right;
    expect(run.exitCode).toBe(0);
    expect(run.plan?.errored).toBe(false);
    expect(run.plan?.applyable).toBe(true);
    expect(changesOfType(run.plan!, "aws_iam_role").map((c) => c.change.actions)).toEqual([["create"]]);
    // The provider really asked moto who it is (so the check ran against its answer).
    expect(run.awsRequests.filter((r) => r.service === "sts" && r.action === "GetCallerIdentity").length).toBeGreaterThan(0);
  });

  test("credentials of another account: the plan fails with the provider's allowed-account error, planning nothing", async () => {
    const run = await runs.other;
    expect(run.exitCode).not.toBe(0);
    expect(run.output).toMatch(new RegExp(`AWS account ID not allowed: ${OTHER_ACCOUNT}`));
    expect(run.awsRequests.filter((r) => r.action === "GetCallerIdentity").length).toBeGreaterThan(0);
    // Terraform saves errored plans; this one cannot be applied and holds no change.
    expect(run.plan?.errored).toBe(true);
    expect(run.plan?.applyable).toBeFalsy();
    expect(run.plan?.resource_changes ?? []).toEqual([]);
  });

  test("an account the provider may not look up (skip_requesting_account_id) fails closed too", async () => {
    const run = await runs.unknown;
    expect(run.exitCode).not.toBe(0);
    expect(run.output).toMatch(/AWS account ID not allowed: *\n/);
    expect(run.awsRequests).toEqual([]);
    expect(run.plan?.resource_changes ?? []).toEqual([]);
  });
});
