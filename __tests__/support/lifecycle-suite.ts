// Declares one proof per configured stack and provider set that takes it through its whole life, as a user would deploy it.
/**
 * The life of every configured stack against the real providers and local APIs:
 * `terraform validate`, `apply` against moto and the local Datadog API, what reached AWS
 * and Datadog checked against the config, a second `plan` with no changes, `destroy`
 * leaving nothing behind. Once per Datadog provider version for stacks that manage the
 * Datadog side; where that provider cannot be had, their AWS-only rendering instead
 * (support/aws-only-rendering.ts), with a banner saying what was not proven.
 */
import { countProof } from "./proof-counters";
import { awsOnlyRenderingOf, TEST_EXTERNAL_ID } from "./aws-only-rendering";
import type { ConfiguredStack } from "./configured-stacks";
import { LocalApis } from "./local-apis";
import { awsProviderSet, datadogProviderSet, ProviderSet } from "./provider-sets";
import { availableDatadogProviders, proofToolsReady } from "./proof-guards";
import { expectedDatadogAccount, expectedPermissions, expectedPrincipal } from "./lifecycle-expectations";
import type { TerraformWorkspace } from "./terraform-workspace";
import type { TerraformJson } from "./synth";
import { releaseProviderSetups } from "./terraform-providers";
import { concurrencyLimit, TERRAFORM_SLOTS } from "./terraform-slots";
import { lifecycleVariables, partitionOfStack } from "./terraform-stack-inputs";

/** Lifecycles at once per Jest worker: their Terraform runs are CPU-bound. */
const inSlot = concurrencyLimit(TERRAFORM_SLOTS);

/**
 * Jest starts up to `maxConcurrency` (default 5) concurrent tests at once and times each from
 * its start, so a lifecycle's time includes its wait for a slot: up to ceil(5 / slots) - 1
 * other lifecycles. Each gets the project's 120 s for its own work, and that much for each
 * one it may wait behind; on a loaded 2-core machine, waiting alone took one past 120 s.
 */
const LIFECYCLE_TIMEOUT_MS = 120_000 * Math.ceil(5 / TERRAFORM_SLOTS);

/**
 * Runs one stack through its whole life and checks it the way a user would. `stack` is
 * the configured stack or its AWS-only rendering (then `rendered` is true).
 */
export async function proveLifecycle(c: ConfiguredStack, stack: TerraformJson, providers: ProviderSet, rendered: boolean): Promise<void> {
  await inSlot(async () => {
    const apis = await LocalApis.start(c.accountId, partitionOfStack(stack));
    const count = (step: "validate" | "apply" | "replan" | "destroy") => countProof(`lifecycle:${providers.label}:${step}`);
    let ws: TerraformWorkspace | undefined;
    try {
      ws = await apis.workspace(stack, providers, lifecycleVariables(stack));
      expect(await ws.validate()).toEqual([]);
      count("validate");

      const principal = expectedPrincipal(c.integration);
      const managed = c.managesDatadog && !rendered;
      const imports = c.integration.import;
      if (imports) {
        // Adopting what was made by hand: imports (then updates), never a create or destroy of it.
        await apis.seedHandMade(
          c.accountId,
          { ...imports, datadogAccountConfigId: managed ? imports.datadogAccountConfigId : undefined },
          principal.kind === "role" ? principal.trustPrincipal : undefined,
        );
        const adopted = (await ws.plan()).resource_changes!.filter((r) => r.change.importing);
        const expectedImports = [
          ...(managed && imports.datadogAccountConfigId ? ["datadog_integration_aws_account"] : []),
          ...(imports.iamRole ? ["aws_iam_role"] : []),
          ...(imports.iamUser ? ["aws_iam_user"] : []),
        ];
        expect(adopted.map((r) => r.type).sort()).toEqual(expectedImports.sort());
        for (const r of adopted) expect(["update", "no-op"]).toContain(r.change.actions.join("+"));
        countProof(`lifecycle:${providers.label}:import`);
      }
      await ws.apply();
      count("apply");

      // What reached Datadog.
      const accounts = apis.datadog.accounts();
      expect(accounts).toHaveLength(managed ? 1 : 0);
      const account = accounts[0];
      if (managed) expect(account.attributes).toMatchObject(expectedDatadogAccount(c.integration, lifecycleVariables(stack)));

      // What reached AWS.
      if (principal.kind === "role") {
        const externalId = managed ? account.attributes.auth_config.external_id : rendered ? TEST_EXTERNAL_ID : c.integration.externalId;
        expect(externalId).toMatch(/^[\w+=,.@:/-]{2,1224}$/);
        expect(await apis.trustPolicy(principal.name)).toEqual({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "DatadogAssumeRoleWithExternalId",
              Effect: "Allow",
              Principal: { AWS: principal.trustPrincipal },
              Action: "sts:AssumeRole",
              Condition: { StringEquals: { "sts:ExternalId": externalId } },
            },
          ],
        });
      } else if (managed && principal.accessKey === "create") {
        // The key Datadog holds is the user's own.
        expect(await apis.accessKeyIdsOf(principal.name)).toEqual([account.attributes.auth_config.access_key_id]);
      }
      const attached = await apis.attachedPolicyArns(principal.kind === "role" ? { role: principal.name } : { user: principal.name });
      const expected = expectedPermissions(c.integration);
      expect(attached.filter((a) => a.includes(":iam::aws:policy/"))).toEqual(expected.awsManagedPolicyArns);
      expect(await apis.actionsOf(attached)).toEqual(expected.actions);

      expect(await ws.pendingChanges()).toEqual([]);
      count("replan");

      await ws.destroy();
      expect(await apis.leftovers()).toEqual([]);
      count("destroy");
    } finally {
      await ws?.dispose();
      await apis.close();
    }
  });
}

/**
 * Declares one lifecycle test per stack and provider set for the stacks given (see
 * proofToolsReady for what happens when the tools are missing).
 */
export function describeLifecycles(title: string, stacksToProve: () => ConfiguredStack[]): void {
  if (!proofToolsReady(title)) return;
  const stacks = stacksToProve();
  const available = availableDatadogProviders(title);

  describe(title, () => {
    afterAll(releaseProviderSetups);
    for (const c of stacks) {
      if (!c.managesDatadog) {
        test.concurrent(`${c.label} [${awsProviderSet().label}]: validate, apply, clean re-plan, destroy`, () => proveLifecycle(c, c.stack, awsProviderSet(), false), LIFECYCLE_TIMEOUT_MS);
        continue;
      }
      for (const d of available) {
        const providers = datadogProviderSet(d);
        test.concurrent(`${c.label} [${providers.label}]: validate, apply, clean re-plan, destroy`, () => proveLifecycle(c, c.stack, providers, false), LIFECYCLE_TIMEOUT_MS);
      }
      if (available.length === 0 && c.raw) {
        const providers = awsProviderSet("aws-only-rendering");
        test.concurrent(`${c.label} [${providers.label}]: validate, apply, clean re-plan, destroy`, () => proveLifecycle(c, awsOnlyRenderingOf(c), providers, true), LIFECYCLE_TIMEOUT_MS);
      }
    }
  });
}
