/**
 * Metric name filters (metrics.metricNameFilters -> metrics_config.metric_name_filters, Datadog
 * provider 4.16.0 and later) with the real provider 4.19.0, against moto and the local Datadog
 * API, which keeps filters by namespace with their patterns sorted (lib/facts/README.md, "List
 * order"): validate, apply, Datadog holds the filters given, the next plan is clean (also with
 * the filters given in another order), an edit applies and re-plans clean, removing every filter
 * clears them in Datadog, destroy leaves nothing. The stack's HCL rendering plans as its JSON.
 * And the range the stack declares refuses provider 3.82.0: `terraform init` from a mirror
 * holding only 3.82.0 fails on the constraint, before any plan (stacks without filters keep
 * running on 3.82.0: every other lifecycle proof), and 3.82.0 itself refuses the block when the
 * range is lowered by hand, so the range is what stands between a user and that error.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { stacksOfConfig } from "../support/configured-stacks";
import { countProof, type LifecycleStep } from "../support/proof-counters";
import { LocalApis } from "../support/local-apis";
import { datadogProviderSet } from "../support/provider-sets";
import { providerSetup, releaseProviderSetups } from "../support/terraform-providers";
import { availableDatadogProviders, proofToolsReady } from "../support/proof-guards";
import { changesIn, type TerraformPlan } from "../support/terraform-plan-json";
import { findProofTools } from "../support/test-tools";

type Filter = { namespace: string; includeOnly?: string[]; excludeOnly?: string[] };

const ACCOUNT = "200000000016";
const environment = (metricNameFilters: Filter[]) => ({
  awsAccountId: ACCOUNT,
  permissions: "pinned",
  metrics: { namespaces: { includeOnly: ["AWS/EC2", "AWS/RDS", "AWS/Lambda"] }, metricNameFilters },
});
const configOf = (filters: Filter[]) => ({ environments: { filters: environment(filters) } });
const stackOf = (filters: Filter[]) => stacksOfConfig("metric-name-filters", configOf(filters))[0];

/** What Datadog holds (absent when none), as its API answers a GET. */
const held = (apis: LocalApis) => apis.datadog.accounts()[0].attributes.metrics_config.metric_name_filters;
/** The filters as Datadog keeps them: by namespace, namespace first, patterns sorted. */
const kept = (filters: Filter[]) =>
  [...filters]
    .sort((a, b) => (a.namespace < b.namespace ? -1 : 1))
    .map((f) => (f.includeOnly ? { namespace: f.namespace, include_only: [...f.includeOnly].sort() } : { namespace: f.namespace, exclude_only: [...f.excludeOnly!].sort() }));
/** What the provider sent for the filters in its last write (POST or PATCH) of the account. */
const sent = (apis: LocalApis) => {
  const writes = apis.datadog.requests.filter((r) => (r.method === "POST" || r.method === "PATCH") && r.path.startsWith("/api/v2/integration/aws/accounts"));
  return (writes[writes.length - 1].body as any).data.attributes.metrics_config.metric_name_filters;
};

const FIRST: Filter[] = [
  { namespace: "AWS/RDS", excludeOnly: ["aws.rds.burst_balance", "aws.rds.aurora_*"] },
  { namespace: "AWS/EC2", includeOnly: ["aws.ec2.network_*", "aws.ec2.cpuutilization"] },
];
const EDITED: Filter[] = [
  { namespace: "AWS/EC2", excludeOnly: ["aws.ec2.disk_*"] },
  { namespace: "AWS/Lambda", includeOnly: ["aws.lambda.errors", "aws.lambda.duration*"] },
];

/** The stack of `filters` as the app writes it under --hcl (cdk.tf). */
function hclOf(filters: Filter[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), "metric-name-filters-hcl-"));
  try {
    const config = path.join(dir, "config.json");
    writeFileSync(config, JSON.stringify(configOf(filters)));
    execFileSync(process.execPath, ["dist/main.js"], {
      cwd: path.join(__dirname, "..", ".."),
      env: { ...process.env, SYNTH_HCL_OUTPUT: "true", DATADOG_AWS_CONFIG: config, CDKTF_OUTDIR: path.join(dir, "out") },
      stdio: "pipe",
    });
    return readFileSync(path.join(dir, "out", "stacks", "filters", "cdk.tf"), "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const planned = (plan: TerraformPlan) => (plan.resource_changes ?? []).map((r) => ({ address: r.address, actions: r.change.actions, after: r.change.after }));

if (proofToolsReady("lifecycle metric name filters")) {
  const providers = availableDatadogProviders("lifecycle metric name filters");
  const v4 = providers.find((p) => p.version.startsWith("4."));
  const v3 = providers.find((p) => p.version === "3.82.0");
  afterAll(releaseProviderSetups);

  if (v4) {
    const set = datadogProviderSet(v4);
    describe(`with ${set.label}`, () => {
      test("metric name filters validate, apply, reach Datadog as given, re-plan clean, change, clear and destroy", async () => {
        await LocalApis.withWorkspace(stackOf(FIRST), set, async (apis, ws) => {
          /** Runs a step of the stack's life, then counts it for the proof summary. */
          const step = async (name: LifecycleStep, act: () => Promise<unknown>) => {
            await act();
            countProof(`lifecycle:${set.label}:${name}`);
          };
          const clean = () => step("replan", async () => expect(await ws.pendingChanges()).toEqual([]));
          /** The stack of other filters: an in-place update of the account, applied. */
          const change = async (filters: Filter[]) => {
            await ws.replaceStack(stackOf(filters).stack);
            expect(changesIn(await ws.plan())).toEqual(["datadog_integration_aws_account.datadog_integration: update"]);
            await ws.apply();
          };

          await step("validate", async () => expect(await ws.validate()).toEqual([]));
          await step("apply", () => ws.apply());
          // Sent in the order Datadog keeps them, so its answer matches what Terraform planned.
          expect({ sent: sent(apis), held: held(apis) }).toEqual({ sent: kept(FIRST), held: kept(FIRST) });
          await clean();

          // The same filters, and patterns, in another order: nothing to change.
          await ws.replaceStack(stackOf([...FIRST].reverse().map((f) => ({ ...f, includeOnly: f.includeOnly?.slice().reverse(), excludeOnly: f.excludeOnly?.slice().reverse() }))).stack);
          expect(await ws.pendingChanges()).toEqual([]);

          await step("edit", () => change(EDITED));
          expect(held(apis)).toEqual(kept(EDITED));
          await clean();

          // Every filter removed: the provider sends [], Datadog no longer filters, the stack plans
          // clean, and declares the range that admits 3.82.0 again.
          expect(stackOf([]).stack.terraform?.required_providers.datadog.version).toBe(">= 3.82.0, < 5.0.0");
          await change([]);
          expect({ sent: sent(apis), held: held(apis) }).toEqual({ sent: [], held: undefined });
          expect(await ws.pendingChanges()).toEqual([]);

          await step("destroy", async () => {
            await ws.destroy();
            expect(await apis.leftovers()).toEqual([]);
          });
        });
      }, 360_000); // three applies, six plans and a destroy

      test("the HCL rendering (--hcl) holds the filters and plans as the JSON does", async () => {
        const { stack } = stackOf(FIRST);
        const hcl = hclOf(FIRST);
        expect(hcl).toMatch(/metric_name_filters \{\s+namespace = "AWS\/EC2"\s+include_only = \[\s+"aws\.ec2\.cpuutilization",/);
        const fmt = spawnSync(findProofTools().terraform!.terraform, ["fmt", "-check", "-no-color", "-"], { input: hcl, env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" } });
        expect({ status: fmt.status, stdout: fmt.stdout.toString() }).toEqual({ status: 0, stdout: "" });
        const apis = await LocalApis.start(ACCOUNT, "aws");
        try {
          const plans = [];
          for (const rendering of [hcl, undefined]) {
            const ws = await apis.workspace(stack, set, {}, rendering);
            try {
              plans.push(planned(await ws.plan()));
            } finally {
              await ws.dispose();
            }
          }
          const account = plans[0].find((c) => c.address === "datadog_integration_aws_account.datadog_integration");
          expect(account?.after?.metrics_config.metric_name_filters).toEqual(kept(FIRST).map((f) => ({ include_only: null, exclude_only: null, ...f })));
          expect(plans[0]).toEqual(plans[1]);
        } finally {
          await apis.close();
        }
      }, 240_000);
    });
  }

  if (v3)
    test("the range a stack with filters declares refuses provider 3.82.0 at terraform init", async () => {
      const { stack } = stackOf(FIRST);
      const required = stack.terraform!.required_providers as Record<string, unknown>;
      expect(required.datadog).toEqual({ source: "DataDog/datadog", version: ">= 4.16.0, < 5.0.0" });
      const refused = providerSetup(findProofTools().terraform!.terraform, required, datadogProviderSet(v3).mirrors);
      await expect(refused).rejects.toThrow(/terraform init .* failed:[\s\S]*datadog\/datadog: no available releases match the given constraints >= 4\.16\.0,\s+< 5\.0\.0/);
      // The same stack without filters admits 3.82.0 (its setup succeeds).
      await expect(providerSetup(findProofTools().terraform!.terraform, stackOf([]).stack.terraform!.required_providers, datadogProviderSet(v3).mirrors)).resolves.toBeDefined();

      // Why the range is needed, checked against 3.82.0 itself rather than our fact: with the
      // floor lowered by hand, 3.82.0 installs, and its validate refuses the block.
      const lowered = { ...stack, terraform: { ...stack.terraform, required_providers: { ...required, datadog: { source: "DataDog/datadog", version: ">= 3.82.0, < 5.0.0" } } } };
      const apis = await LocalApis.start(ACCOUNT, "aws");
      try {
        const ws = await apis.workspace(lowered, datadogProviderSet(v3));
        try {
          await expect(ws.validate()).rejects.toThrow(/No argument or block type is named "metric_name_filters"/);
        } finally {
          await ws.dispose();
        }
      } finally {
        await apis.close();
      }
    }, 240_000);
}
