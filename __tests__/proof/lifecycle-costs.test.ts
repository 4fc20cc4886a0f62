/**
 * Cloud Cost Management (`costs`) with the real Datadog provider 4.19.0 (the feature needs
 * 4.11.0, so 3.82.0 is not run) and AWS provider 5.100.0, against moto and the local Datadog
 * API, for a payer account:
 * - an existing export in an existing bucket: validate, apply (Datadog's read policy on the
 *   role, the ccm_config in Datadog), a clean re-plan, an edit, destroy;
 * - a new bucket and a new export: validate; apply of what moto implements (the bucket, its
 *   encryption, public access block, ownership and policy, the role and its policies, the
 *   Datadog account) with -target; the plan then holds exactly the export and the ccm_config.
 *   moto 5.2.5 has no AWS Data Exports (nor has any emulator), so the export is proven by
 *   validate, plan and IAM simulation (Datadog's role reads exactly that bucket's export and
 *   those APIs; AWS Data Exports may write only under its prefix), counted apart;
 * - an import of an integration and its cost configuration made by hand plans no change to it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { GetRolePolicyCommand } from "@aws-sdk/client-iam";
import type { TerraformJson } from "../support/synth";
import { lifecycleVariables } from "../support/terraform-stack-inputs";
import { stacksOfConfig } from "../support/configured-stacks";
import { countProof } from "../support/proof-counters";
import { LocalApis } from "../support/local-apis";
import { datadogProviderSet } from "../support/provider-sets";
import { releaseProviderSetups } from "../support/terraform-providers";
import { availableDatadogProviders, proofToolsReady } from "../support/proof-guards";
import { changesIn } from "../support/terraform-plan-json";
import { simulate } from "../support/iam/simulator";

const PAYER = "200000000041";
const ROLE = "DatadogIntegrationRole";
const EXISTING = { bucket: { name: "acme-billing", create: false, region: "us-east-1" }, export: { create: false, name: "acme-cur2", prefix: "cur/hourly" } };
const NEW = { bucket: { name: "acme-billing-cur" } };
/** Metric name filters and log source tag filters, beside costs on the same account. */
const FILTERS = {
  metrics: { metricNameFilters: [{ namespace: "AWS/EC2", includeOnly: ["aws.ec2.cpuutilization", "aws.ec2.network_*"] }] },
  logs: { lambdaForwarderArns: [`arn:aws:lambda:us-east-1:${PAYER}:function:DatadogForwarder`], sources: ["s3", "lambda"], tagFilters: [{ source: "lambda", tags: ["env:prod"] }] },
};
const env = (costs: unknown, extra: Record<string, unknown> = {}) => ({ awsAccountId: PAYER, permissions: "pinned", costs, ...extra });
const stackOf = (costs: unknown, extra: Record<string, unknown> = {}) => stacksOfConfig("costs", { environments: { payer: env(costs, extra) } })[0];

/** What Datadog holds for the account's integration. */
const heldConfig = (apis: LocalApis) => {
  const [account] = apis.datadog.accounts();
  return account ? apis.datadog.ccmConfigs.get(account.id) : undefined;
};

if (proofToolsReady("lifecycle costs")) {
  // Cost stacks require the Datadog provider >= 4.11.0: only those versions can run them.
  const datadogSets = availableDatadogProviders("lifecycle costs")
    .filter((d) => Number(d.version.split(".")[0]) >= 4)
    .map(datadogProviderSet);
  afterAll(releaseProviderSetups);

  for (const providers of datadogSets)
    describe(`with ${providers.label}`, () => {
      test("an existing export with metric name and log tag filters: validate, apply, Datadog told where it is and holds the filters, the role reads it, clean re-plan, edit, destroy", async () => {
        await LocalApis.withWorkspace(stackOf(EXISTING, FILTERS), providers, async (apis, ws) => {
          expect(await ws.validate()).toEqual([]);
          countProof(`lifecycle:${providers.label}:validate`);
          await ws.apply();
          countProof(`lifecycle:${providers.label}:apply`);
          expect(heldConfig(apis)).toEqual([{ report_name: "acme-cur2", report_prefix: "cur/hourly", report_type: "CUR2.0", bucket_name: "acme-billing", bucket_region: "us-east-1" }]);
          const { attributes } = apis.datadog.accounts()[0];
          expect(attributes.metrics_config.metric_name_filters).toEqual([{ namespace: "AWS/EC2", include_only: ["aws.ec2.cpuutilization", "aws.ec2.network_*"] }]);
          expect(attributes.logs_config.lambda_forwarder.log_source_config.tag_filters).toEqual([{ source: "lambda", tags: ["env:prod"] }]);
          const inline = await apis.iam.send(new GetRolePolicyCommand({ RoleName: ROLE, PolicyName: "datadog-ccm-acme-billing-cur-hourly-acme-cur2" }));
          const doc = JSON.parse(decodeURIComponent(inline.PolicyDocument!));
          expect(doc.Statement.map((s: { Action: unknown; Resource: unknown }) => [s.Action, s.Resource])).toEqual([
            ["s3:ListBucket", "arn:aws:s3:::acme-billing"],
            ["s3:GetObject", "arn:aws:s3:::acme-billing/cur/hourly/acme-cur2/*"],
            [["ce:Get*", "cur:DescribeReportDefinitions", "organizations:Describe*", "organizations:List*"], "*"],
          ]);
          expect(await ws.pendingChanges()).toEqual([]);
          countProof(`lifecycle:${providers.label}:replan`);

          // The bucket moved to another region: Datadog is told, nothing else changes.
          await ws.replaceStack(stackOf({ ...EXISTING, bucket: { ...EXISTING.bucket, region: "us-west-2" } }, FILTERS).stack);
          expect(changesIn(await ws.plan())).toEqual(["datadog_integration_aws_account_ccm_config.datadog_ccm_config: update"]);
          await ws.apply();
          countProof(`lifecycle:${providers.label}:edit`);
          expect(heldConfig(apis)?.[0].bucket_region).toBe("us-west-2");
          expect(await ws.pendingChanges()).toEqual([]);
          countProof(`lifecycle:${providers.label}:replan`);

          await ws.destroy();
          expect(await apis.leftovers()).toEqual([]);
          expect([...apis.datadog.ccmConfigs.keys()]).toEqual([]);
          countProof(`lifecycle:${providers.label}:destroy`);
        });
      }, 360_000);

      test("a new bucket and export: validate, apply what moto implements, the plan holds exactly the export and the ccm_config, destroy", async () => {
        const configured = stackOf(NEW, { awsRegion: "eu-west-1" });
        const addresses = Object.entries(configured.stack.resource as Record<string, Record<string, unknown>>).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));
        const unapplied = ["aws_bcmdataexports_export.datadog_cost_export", "datadog_integration_aws_account_ccm_config.datadog_ccm_config"];
        await LocalApis.withWorkspace(configured, providers, async (apis, ws) => {
          expect(await ws.validate()).toEqual([]);
          countProof(`lifecycle:${providers.label}:validate`);
          countProof("unemulated:aws_bcmdataexports_export:validate");
          await ws.apply(addresses.filter((a) => !unapplied.includes(a)));
          countProof(`lifecycle:${providers.label}:apply`);
          const state = await ws.stateResources();
          expect(state["aws_s3_bucket.datadog_cost_bucket"].tags).toEqual({ purpose: "datadog-cloud-cost-management", "managed-by": "terraform" });
          expect(state["aws_s3_bucket_public_access_block.datadog_cost_bucket_public_access"]).toMatchObject({
            block_public_acls: true,
            block_public_policy: true,
            ignore_public_acls: true,
            restrict_public_buckets: true,
          });
          expect(state["aws_s3_bucket_server_side_encryption_configuration.datadog_cost_bucket_encryption"].rule[0].apply_server_side_encryption_by_default[0].sse_algorithm).toBe("AES256");
          const bucketPolicy = JSON.parse(state["aws_s3_bucket_policy.datadog_cost_bucket_policy"].policy);
          expect(bucketPolicy.Statement[0].Resource).toEqual(["arn:aws:s3:::acme-billing-cur", "arn:aws:s3:::acme-billing-cur/datadog-ccm/*"]);

          // Everything applied re-plans clean; what moto cannot hold is planned, nothing else.
          const plan = await ws.plan();
          expect(changesIn(plan).sort()).toEqual(unapplied.map((a) => `${a}: create`).sort());
          const exportPlanned = plan.resource_changes!.find((r) => r.address === unapplied[0])!.change.after as Record<string, any>;
          const planned = exportPlanned.export[0];
          expect(planned.data_query[0].table_configurations.COST_AND_USAGE_REPORT).toEqual({
            BILLING_VIEW_ARN: `arn:aws:billing::${PAYER}:billingview/primary`,
            INCLUDE_RESOURCES: "TRUE",
            INCLUDE_SPLIT_COST_ALLOCATION_DATA: "TRUE",
            TIME_GRANULARITY: "HOURLY",
          });
          expect(planned.destination_configurations[0].s3_destination[0]).toMatchObject({ s3_bucket: "acme-billing-cur", s3_region: "eu-west-1", s3_prefix: "datadog-ccm" });
          expect(planned.refresh_cadence[0].frequency).toBe("SYNCHRONOUS");
          countProof("unemulated:aws_bcmdataexports_export:plan");
          countProof(`lifecycle:${providers.label}:replan`);

          // IAM decides: Datadog's role reads exactly the export and the cost APIs; the export service writes only under its prefix.
          const roleArn = `arn:aws:iam::${PAYER}:role/${ROLE}`;
          const readPolicy = JSON.parse(state["aws_iam_role_policy.datadog_cost_read"].policy);
          const asRole = (action: string, resource: string) =>
            simulate({
              request: { principal: roleArn, action, resource: { resource, accountId: PAYER }, contextVariables: {} },
              identityPolicies: [{ name: "cost-read", policy: readPolicy }],
              serviceControlPolicies: [],
              resourceControlPolicies: [],
            });
          const asExportService = (action: string, resource: string, context: Record<string, string>) =>
            simulate({
              request: { principal: "bcm-data-exports.amazonaws.com", action, resource: { resource, accountId: PAYER }, contextVariables: { "aws:SecureTransport": "true", ...context } },
              identityPolicies: [],
              serviceControlPolicies: [],
              resourceControlPolicies: [],
              resourcePolicy: bucketPolicy,
            });
          const exportArn = `arn:aws:bcm-data-exports:us-east-1:${PAYER}:export/datadog-cost-and-usage-0a1b2c3d`;
          const cases: [string, Promise<string>, "Allowed" | "denied"][] = [
            ["role reads a report file", asRole("s3:GetObject", "arn:aws:s3:::acme-billing-cur/datadog-ccm/datadog-cost-and-usage/data/BILLING_PERIOD=2026-12/part-0.parquet"), "Allowed"],
            ["role lists the bucket", asRole("s3:ListBucket", "arn:aws:s3:::acme-billing-cur"), "Allowed"],
            ["role reads Cost Explorer", asRole("ce:GetCostAndUsage", "*"), "Allowed"],
            ["role reads CUR definitions", asRole("cur:DescribeReportDefinitions", "*"), "Allowed"],
            ["role lists the organization's accounts", asRole("organizations:ListAccounts", "*"), "Allowed"],
            ["role reads another key of the bucket", asRole("s3:GetObject", "arn:aws:s3:::acme-billing-cur/other/secret.csv"), "denied"],
            ["role reads another bucket", asRole("s3:GetObject", "arn:aws:s3:::other-bucket/datadog-ccm/datadog-cost-and-usage/x"), "denied"],
            ["role writes the bucket", asRole("s3:PutObject", "arn:aws:s3:::acme-billing-cur/datadog-ccm/datadog-cost-and-usage/x"), "denied"],
            ["role changes Cost Explorer", asRole("ce:CreateCostCategoryDefinition", "*"), "denied"],
            [
              "export service writes under its prefix",
              asExportService("s3:PutObject", "arn:aws:s3:::acme-billing-cur/datadog-ccm/datadog-cost-and-usage/data/x.parquet", { "aws:SourceAccount": PAYER, "aws:SourceArn": exportArn }),
              "Allowed",
            ],
            ["export service reads the bucket policy", asExportService("s3:GetBucketPolicy", "arn:aws:s3:::acme-billing-cur", { "aws:SourceAccount": PAYER, "aws:SourceArn": exportArn }), "Allowed"],
            [
              "export service writes outside its prefix",
              asExportService("s3:PutObject", "arn:aws:s3:::acme-billing-cur/elsewhere/x.parquet", { "aws:SourceAccount": PAYER, "aws:SourceArn": exportArn }),
              "denied",
            ],
            [
              "export service for another account",
              asExportService("s3:PutObject", "arn:aws:s3:::acme-billing-cur/datadog-ccm/x.parquet", {
                "aws:SourceAccount": "999999999999",
                "aws:SourceArn": "arn:aws:bcm-data-exports:us-east-1:999999999999:export/x",
              }),
              "denied",
            ],
            ["export service deletes", asExportService("s3:DeleteObject", "arn:aws:s3:::acme-billing-cur/datadog-ccm/x.parquet", { "aws:SourceAccount": PAYER, "aws:SourceArn": exportArn }), "denied"],
          ];
          const outcomes = await Promise.all(cases.map(async ([what, outcome, expected]) => [what, (await outcome) === "Allowed" ? "Allowed" : "denied", expected]));
          expect(outcomes.filter(([, got, expected]) => got !== expected)).toEqual([]);
          countProof("iamSimulations", cases.length);
          countProof("unemulated:aws_bcmdataexports_export:simulate", cases.length);

          await ws.destroy();
          expect(await apis.leftovers()).toEqual([]);
          expect(await ws.stateResources()).toEqual({});
          countProof(`lifecycle:${providers.label}:destroy`);
        });
      }, 360_000);

      test("an integration and its cost configuration made by hand are imported, and the ccm_config plans no change", async () => {
        const configId = "4f1d5c3e-2b7a-4c9e-8d6f-0a1b2c3d4e5f";
        const configured = stackOf(EXISTING, { import: { datadogAccountConfigId: configId, iamRole: ROLE } });
        await LocalApis.withWorkspace(configured, providers, async (apis, ws) => {
          await apis.seedHandMade(PAYER, { datadogAccountConfigId: configId, iamRole: ROLE }, "arn:aws:iam::464622532012:root");
          apis.datadog.ccmConfigs.set(configId, [{ report_name: "acme-cur2", report_prefix: "cur/hourly", report_type: "CUR2.0", bucket_name: "acme-billing", bucket_region: "us-east-1" }]);
          const plan = await ws.plan();
          const ccm = plan.resource_changes!.find((r) => r.address === "datadog_integration_aws_account_ccm_config.datadog_ccm_config")!;
          // Imported from what Datadog holds, and nothing to change in it.
          expect([ccm.change.actions, Boolean(ccm.change.importing)]).toEqual([["no-op"], true]);
          // Nothing in Datadog is created or replaced (only the role's new policies are AWS creates).
          expect(changesIn(plan).filter((c) => c.startsWith("datadog_") && /create|delete/.test(c))).toEqual([]);
          countProof(`lifecycle:${providers.label}:import`);
        });
      }, 240_000);
    });
}

/** The cost config's stack as the app writes it with `--hcl` (SYNTH_HCL_OUTPUT) and as JSON. */
function synthHcl(env: Record<string, unknown>): { hcl: string; json: TerraformJson } {
  const out = mkdtempSync(path.join(tmpdir(), "costs-hcl-"));
  try {
    const config = path.join(out, "costs.config.json");
    writeFileSync(config, JSON.stringify({ environments: { payer: env } }));
    const synth = (dir: string, hcl: boolean) =>
      execFileSync(process.execPath, ["dist/main.js"], {
        cwd: path.join(__dirname, "..", ".."),
        env: { ...process.env, SYNTH_HCL_OUTPUT: hcl ? "true" : "", DATADOG_AWS_CONFIG: config, CDKTF_OUTDIR: path.join(out, dir) },
        stdio: "pipe",
      });
    synth("hcl", true);
    synth("json", false);
    return {
      hcl: readFileSync(path.join(out, "hcl", "stacks", "payer", "cdk.tf"), "utf8"),
      json: JSON.parse(readFileSync(path.join(out, "json", "stacks", "payer", "cdk.tf.json"), "utf8")) as TerraformJson,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (proofToolsReady("costs as HCL")) {
  const datadogSets = availableDatadogProviders("costs as HCL")
    .filter((d) => Number(d.version.split(".")[0]) >= 4)
    .map(datadogProviderSet);
  afterAll(releaseProviderSetups);
  for (const providers of datadogSets)
    test(`with ${providers.label}: the --hcl rendering of a new bucket and export (the hand-written ccm_config, depends_on, the us-east-1 provider) validates and plans as the JSON does`, async () => {
      const { hcl, json } = synthHcl(env(NEW, { awsRegion: "eu-west-1" }));
      const apis = await LocalApis.start(PAYER, "aws");
      try {
        const plans: string[][] = [];
        for (const rendering of [undefined, hcl]) {
          const ws = await apis.workspace(json, providers, lifecycleVariables(json), rendering);
          try {
            expect(await ws.validate()).toEqual([]);
            countProof("terraformValidates");
            plans.push(changesIn(await ws.plan()).sort());
            countProof("terraformPlans");
          } finally {
            await ws.dispose();
          }
        }
        expect(plans[1]).toEqual(plans[0]);
        expect(plans[0]).toContain("datadog_integration_aws_account_ccm_config.datadog_ccm_config: create");
      } finally {
        await apis.close();
      }
    }, 240_000);
}
