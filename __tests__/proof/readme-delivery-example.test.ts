/**
 * The README's example of metric streams and log delivery (three regions, the key from a
 * Secrets Manager secret), read from README.md as written: it validates with the Datadog
 * providers 3.82.0 and 4.19.0 and the AWS provider, and plans whole against moto holding the
 * secret in each region: both delivery streams and the metric stream in every region, the two
 * log group filters and us-east-1's account policy. Then everything moto implements applies
 * (-target: all but the metric streams and the account policy, which no emulator has; those
 * are counted apart, validated and planned, never as applied), the applied part re-plans
 * clean, only the unemulated resources are left to create, and destroy leaves nothing.
 * (Each section's own lifecycle, end-to-end delivery and IAM simulations:
 * lifecycle-log-delivery and lifecycle-metric-streams.)
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { stacksOfConfig } from "../support/configured-stacks";
import { countProof } from "../support/proof-counters";
import { LocalDatadogApi, LOCAL_DD_API_KEY, LOCAL_DD_APP_KEY } from "../support/local-datadog-api";
import { RECORDED_LOG_SOURCES, RECORDED_NAMESPACES } from "../support/datadog-api/recorded-lists";
import { MotoServer } from "../support/moto-server";
import { datadogProviderSet } from "../support/provider-sets";
import { releaseProviderSetups } from "../support/terraform-providers";
import { availableDatadogProviders, proofToolsReady } from "../support/proof-guards";
import { findProofTools } from "../support/test-tools";
import { TerraformWorkspace } from "../support/terraform-workspace";
import { changesIn } from "../support/terraform-plan-json";
import { createLogGroups, createSecret, INTAKE_API_KEY } from "../support/log-delivery-proof";

type Json = Record<string, any>;
const ACCOUNT_POLICY = "aws_cloudwatch_log_account_policy";
const METRIC_STREAM = "aws_cloudwatch_metric_stream";
/** Resource types no emulator implements: planned, never applied. */
const UNEMULATED = [METRIC_STREAM, ACCOUNT_POLICY];
/** The README's example (metric streams and log delivery, three regions), as an environment. */
function readmeExample(): Json {
  const readme = readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Metrics in minutes, logs without a Forwarder"));
  const block = /```json\n"prod": ([\s\S]*?)\n```/.exec(section)![1];
  return { environments: { prod: JSON.parse(block) } };
}

if (proofToolsReady("README example: metric streams and log delivery")) {
  const datadogSets = availableDatadogProviders("README example: metric streams and log delivery").map(datadogProviderSet);
  afterAll(releaseProviderSetups);
  for (const providers of datadogSets)
    test(`with ${providers.label}: the README's example, both sections in three regions, validates and plans whole, applies what moto has, re-plans clean and destroys`, async () => {
      const example = stacksOfConfig("README.md", readmeExample())[0];
      const tools = findProofTools();
      const moto = await MotoServer.start(tools.motoPython!);
      const datadog = await LocalDatadogApi.start({ namespaces: RECORDED_NAMESPACES.items, logSources: RECORDED_LOG_SOURCES.items });
      let ws: TerraformWorkspace | undefined;
      try {
        const credentials = await moto.credentialsFor(example.accountId);
        // The secret the example names, in each region (the plan reads it).
        for (const region of example.integration.regions as string[]) await createSecret(moto.url, credentials, region, "datadog/api-key", INTAKE_API_KEY);
        // The log groups it forwards by name exist (a subscription filter needs its group): every
        // region but those the example sends at account level.
        const env = readmeExample().environments.prod;
        const named = (example.integration.regions as string[]).filter((r) => !env.logDelivery.byRegion?.[r]?.accountLevel);
        await createLogGroups(moto.url, credentials, Object.fromEntries(named.map((r) => [r, env.logDelivery.logGroups as string[]])));
        ws = await TerraformWorkspace.create(example.stack, {
          terraform: tools.terraform!.terraform,
          mirrors: providers.mirrors,
          aws: { endpoint: moto.url, credentials },
          datadog: { url: datadog.url, apiKey: LOCAL_DD_API_KEY, appKey: LOCAL_DD_APP_KEY },
        });
        expect(await ws.validate()).toEqual([]);
        countProof("terraformValidates");
        const planned = changesIn(await ws.plan());
        countProof("terraformPlans");
        for (const region of ["us_east_1", "eu_west_1", "ap_southeast_2"]) {
          expect(planned).toContain(`aws_kinesis_firehose_delivery_stream.datadog_logs_${region}_firehose: create`);
          expect(planned).toContain(`aws_kinesis_firehose_delivery_stream.datadog_metrics_${region}_firehose: create`);
          expect(planned).toContain(`aws_cloudwatch_metric_stream.datadog_metrics_${region}_metric_stream: create`);
        }
        expect(planned.filter((c) => c.startsWith("aws_cloudwatch_log_subscription_filter."))).toHaveLength(2);
        expect(planned).toContain(`${ACCOUNT_POLICY}.datadog_logs_us_east_1_account_policy: create`);
        for (const type of UNEMULATED) {
          const n = planned.filter((c) => c.startsWith(`${type}.`)).length;
          countProof(`unemulated:${type}:validate`, n);
          countProof(`unemulated:${type}:plan`, n);
        }

        // Everything moto implements: applied, and clean on the next plan; the rest still to create.
        const addresses = planned.map((c) => c.replace(/: create$/, ""));
        const unemulated = addresses.filter((a) => UNEMULATED.some((type) => a.startsWith(`${type}.`)));
        const applied = addresses.filter((a) => !unemulated.includes(a) && !a.startsWith("data."));
        await ws.apply(applied);
        countProof(`lifecycle:${providers.label}:apply`);
        expect(await ws.pendingChanges(applied)).toEqual([]);
        countProof(`lifecycle:${providers.label}:replan`);
        expect((await ws.pendingChanges()).sort()).toEqual(unemulated.map((a) => `${a}: create`).sort());
        await ws.destroy();
        countProof(`lifecycle:${providers.label}:destroy`);
        expect(Object.keys(await ws.stateResources())).toEqual([]);
      } finally {
        await ws?.dispose();
        await Promise.all([moto.close(), datadog.close()]);
      }
    }, 300_000);
}
