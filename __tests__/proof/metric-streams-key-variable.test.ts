/**
 * The other key source, `firehoseApiKey: { "source": "variable" }`, with the real providers
 * (AWS 5.100.0, Datadog 4.19.0) against moto and the local Datadog API, in one region: the key
 * passed as TF_VAR_datadog_firehose_api_key reaches the intake in Firehose's access key header,
 * is in none of the files Terraform was given, and IS in the state, as the docs say
 * (docs/config-reference.md, "The Datadog API key Firehose sends"). The metric stream is planned,
 * not applied (no emulator has it), and counted apart.
 */
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { FirehoseClient, PutRecordCommand } from "@aws-sdk/client-firehose";
import { stacksOfConfig } from "../support/configured-stacks";
import { countProof } from "../support/proof-counters";
import { LocalApis } from "../support/local-apis";
import { LocalIntake } from "../support/local-intake";
import { datadogProviderSet } from "../support/provider-sets";
import { releaseProviderSetups } from "../support/terraform-providers";
import { availableDatadogProviders, proofToolsReady } from "../support/proof-guards";
import { filesHolding, intakeOverride } from "../support/delivery-proof";
import { FIREHOSE_API_KEY_VARIABLE } from "../../lib/config/fields/firehose-api-key";

const ACCOUNT = "200000000022";
const REGION = "eu-west-1";
const METRIC_STREAM = "aws_cloudwatch_metric_stream";
const configured = stacksOfConfig("metric-streams-variable", {
  environments: { streams: { awsAccountId: ACCOUNT, regions: [REGION], permissions: "pinned", firehoseApiKey: { source: "variable" }, metricStreams: {} } },
})[0];
type Json = Record<string, any>;
const resources = configured.stack.resource as Record<string, Record<string, Json>>;
const APPLIED = Object.entries(resources)
  .filter(([type]) => type !== METRIC_STREAM)
  .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));

if (proofToolsReady("metric streams, key from a variable")) {
  const latest = availableDatadogProviders("metric streams, key from a variable")
    .map(datadogProviderSet)
    .filter((p) => p.label === "datadog-4.19.0");
  afterAll(releaseProviderSetups);

  for (const providers of latest)
    test(`with ${providers.label}: the variable's key reaches the intake, is in no file Terraform was given, and is in the state`, async () => {
      const intake = await LocalIntake.start();
      const apis = await LocalApis.start(ACCOUNT, "aws", { script: "moto_firehose_http.py", env: intake.caBundleEnv() });
      // The test's key: random, compared only as booleans, never printed.
      const key = randomBytes(16).toString("hex");
      let ws: Awaited<ReturnType<LocalApis["workspace"]>> | undefined;
      try {
        ws = await apis.workspace(configured.stack, providers, { [FIREHOSE_API_KEY_VARIABLE]: key });
        await writeFile(path.join(ws.dir, "zz_intake_override.tf.json"), JSON.stringify(intakeOverride(resources, intake.url)));
        expect(await ws.validate()).toEqual([]);
        countProof("terraformValidates");
        countProof(`unemulated:${METRIC_STREAM}:validate`);
        await ws.apply(APPLIED);
        countProof(`lifecycle:${providers.label}:apply`);
        expect(await ws.pendingChanges()).toEqual([`${METRIC_STREAM}.datadog_metrics_eu_west_1_metric_stream: create`]);
        countProof("terraformPlans");
        countProof(`unemulated:${METRIC_STREAM}:plan`);

        // In the state (the delivery stream's access_key, sensitive), and nowhere else Terraform reads.
        expect(await filesHolding(ws.dir, key)).toEqual(["terraform.tfstate"]);
        const state = JSON.parse(await readFile(path.join(ws.dir, "terraform.tfstate"), "utf8")) as Json;
        const firehose = state.resources.find((r: Json) => r.type === "aws_kinesis_firehose_delivery_stream").instances[0];
        expect(JSON.stringify(firehose.sensitive_attributes)).toContain("access_key");
        countProof("secretScans");

        const client = new FirehoseClient({ region: REGION, endpoint: apis.moto.url, credentials: apis.credentials });
        await client.send(new PutRecordCommand({ DeliveryStreamName: "datadog-metrics-delivery", Record: { Data: Buffer.from("from the variable") } }));
        client.destroy();
        expect(intake.requests).toHaveLength(1);
        expect(intake.requests[0].headers["x-amz-firehose-access-key"] === key).toBe(true);

        await ws.destroy();
        countProof(`lifecycle:${providers.label}:destroy`);
        expect(await apis.leftovers()).toEqual([]);
      } finally {
        await ws?.dispose();
        await apis.close();
        await intake.close();
      }
    }, 480_000);
}
