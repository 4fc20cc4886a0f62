/**
 * Metric streams in three regions (metricStreams, the API key from a Secrets Manager secret)
 * with the real providers: AWS 5.100.0 and Datadog 3.82.0 and 4.19.0, against moto and the
 * local Datadog API.
 *
 * moto implements Firehose (and delivers to HTTP endpoints), S3, IAM, CloudWatch Logs and
 * Secrets Manager, but no CloudWatch metric streams (nor does any emulator: docs/development.md).
 * So: the whole stack validates and plans; everything but the metric streams is applied
 * (`-target`), re-plans clean, and the full plan then holds exactly the three metric streams
 * still to create; the metric streams themselves are proven by validate, plan and IAM
 * simulation of their roles and counted apart (`unemulated:`), never as applied. End to end,
 * Firehose (moto, with moto_firehose_http.py's request headers) delivers a record put into
 * each region's stream to a local intake on 127.0.0.1 (pointed at by a Terraform override of
 * the endpoint URL), with the key read from that region's secret. Destroy leaves nothing.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { GetRoleCommand, GetRolePolicyCommand } from "@aws-sdk/client-iam";
import { DescribeDeliveryStreamCommand, FirehoseClient, ListDeliveryStreamsCommand, PutRecordCommand } from "@aws-sdk/client-firehose";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { stacksOfConfig } from "../support/configured-stacks";
import { countProof } from "../support/proof-counters";
import { LocalApis } from "../support/local-apis";
import { LocalIntake } from "../support/local-intake";
import { datadogProviderSet } from "../support/provider-sets";
import { releaseProviderSetups } from "../support/terraform-providers";
import { availableDatadogProviders, proofToolsReady } from "../support/proof-guards";
import { changesIn } from "../support/terraform-plan-json";
import { type DeployedDelivery, simulateDeliveryRoles } from "../support/iam/delivery-roles";
import { readMetricStreams } from "../../cli/doctor/delivery-aws";
import { runCheck } from "../../cli/doctor/check";
import { metricStreamsCheck } from "../../cli/doctor/checks/metric-streams";
import { pinnedRequirements, subjectOf } from "../../cli/doctor/views";
import { deployerPolicy } from "../../lib/stack/deployer-policy";
import { DELIVERY_ACTIONS, EDIT_OR_TAG_ON_CREATE } from "../../lib/stack/deployer-policy-delivery";
import { providerCallActions } from "../support/provider-calls";
import { filesHolding, intakeOverride } from "../support/delivery-proof";

const ACCOUNT = "200000000021";
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];
const SECRET_NAME = "datadog/firehose-api-key";
const METRIC_STREAM = "aws_cloudwatch_metric_stream";

const configured = stacksOfConfig("metric-streams", {
  environments: {
    streams: {
      awsAccountId: ACCOUNT,
      regions: REGIONS,
      permissions: "pinned",
      tags: ["team:platform"],
      firehoseApiKey: { source: "secretsManager", secretName: SECRET_NAME },
      metricStreams: { namespaces: { excludeOnly: ["AWS/Usage"] } },
    },
  },
})[0];
type Json = Record<string, any>;
const resources = configured.stack.resource as Record<string, Record<string, Json>>;
const addresses = (type: string) => Object.keys(resources[type] ?? {}).map((name) => `${type}.${name}`);
/** Every resource moto and the local Datadog API implement: all but the metric streams. */
const APPLIED = Object.keys(resources)
  .filter((t) => t !== METRIC_STREAM)
  .flatMap(addresses)
  .sort();
const METRIC_STREAMS = addresses(METRIC_STREAM).sort();
const regionSuffix = (r: string) => `_${r.replace(/-/g, "_")}_`;
const firehoseOf = (region: string) => Object.entries(resources.aws_kinesis_firehose_delivery_stream).find(([name]) => name.includes(regionSuffix(region)))!;

const decodedDocument = (text: string) => JSON.parse(decodeURIComponent(text)) as object;

if (proofToolsReady("lifecycle metric streams")) {
  const datadogSets = availableDatadogProviders("lifecycle metric streams").map(datadogProviderSet);
  afterAll(releaseProviderSetups);

  test("the stack has three metric streams, three deliveries, and nothing else unemulated", () => {
    expect(METRIC_STREAMS).toHaveLength(3);
    expect(addresses("aws_kinesis_firehose_delivery_stream")).toHaveLength(3);
    expect(
      Object.keys(resources)
        .filter((t) => t.startsWith("aws_cloudwatch_metric"))
        .sort(),
    ).toEqual([METRIC_STREAM]);
  });

  for (const providers of datadogSets)
    describe(`with ${providers.label}`, () => {
      test("metric streams in three regions validate and plan; the rest applies in moto, re-plans clean, delivers to the intake with the secret's key, and destroys", async () => {
        const intake = await LocalIntake.start();
        const apis = await LocalApis.start(ACCOUNT, "aws", { script: "moto_firehose_http.py", env: intake.caBundleEnv() });
        const client = <T>(Make: new (c: object) => T, region: string) => new Make({ region, endpoint: apis.moto.url, credentials: apis.credentials });
        // The test's key: random, compared only as booleans, never printed.
        const key = randomBytes(16).toString("hex");
        let ws: Awaited<ReturnType<LocalApis["workspace"]>> | undefined;
        // The provider's debug log (its AWS calls; it may hold request bodies): never printed, deleted below.
        const logDir = await mkdtemp(path.join(os.tmpdir(), "provider-calls-"));
        const callLog = path.join(logDir, "provider.log");
        try {
          const secretArns: Record<string, string> = {};
          for (const region of REGIONS) {
            const sm = client(SecretsManagerClient, region);
            secretArns[region] = (await sm.send(new CreateSecretCommand({ Name: SECRET_NAME, SecretString: JSON.stringify({ api_key: key }) }))).ARN!;
            sm.destroy();
          }
          ws = await apis.workspace(configured.stack, providers, {}, undefined, { TF_LOG_PROVIDER: "DEBUG", TF_LOG_PATH: callLog });
          await writeFile(path.join(ws.dir, "zz_intake_override.tf.json"), JSON.stringify(intakeOverride(resources, intake.url)));

          expect(await ws.validate()).toEqual([]);
          countProof(`lifecycle:${providers.label}:validate`);
          countProof("terraformValidates");
          countProof(`unemulated:${METRIC_STREAM}:validate`, METRIC_STREAMS.length);

          const planned = changesIn(await ws.plan());
          countProof("terraformPlans");
          expect(planned.filter((c) => c.startsWith(`${METRIC_STREAM}.`)).sort()).toEqual(METRIC_STREAMS.map((a) => `${a}: create`));
          expect(planned.every((c) => c.endsWith(": create"))).toBe(true);
          countProof(`unemulated:${METRIC_STREAM}:plan`, METRIC_STREAMS.length);

          await ws.apply(APPLIED);
          countProof(`lifecycle:${providers.label}:apply`);
          // The key came from the secret: neither the state nor any file Terraform worked with holds it.
          expect(await filesHolding(ws.dir, key)).toEqual([]);
          countProof("secretScans");
          expect(await ws.pendingChanges(APPLIED)).toEqual([]);
          countProof(`lifecycle:${providers.label}:replan`);
          countProof("terraformPlans");
          // What is left is exactly what moto cannot hold.
          expect((await ws.pendingChanges()).sort()).toEqual(METRIC_STREAMS.map((a) => `${a}: create`));
          countProof("terraformPlans");
          countProof(`unemulated:${METRIC_STREAM}:plan`, METRIC_STREAMS.length);

          // Each region: the delivery stream Firehose holds, its roles as IAM holds them.
          const deployed: DeployedDelivery[] = [];
          for (const region of REGIONS) {
            const [name, r] = firehoseOf(region);
            const firehose = client(FirehoseClient, region);
            const d = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: r.name }))).DeliveryStreamDescription!;
            firehose.destroy();
            expect(d.DeliveryStreamStatus).toBe("ACTIVE");
            const http = d.Destinations![0].HttpEndpointDestinationDescription!;
            expect(http.EndpointConfiguration!.Url!.startsWith(`${intake.url}/api/v2/awsmetrics`)).toBe(true);
            expect(http.SecretsManagerConfiguration).toMatchObject({ Enabled: true, SecretARN: secretArns[region] });
            expect(http.S3BackupMode).toBe("FailedDataOnly");
            const role = async (roleName: string, policyName: string) => {
              const got = await apis.iam.send(new GetRoleCommand({ RoleName: roleName }));
              const policy = await apis.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
              return { arn: got.Role!.Arn!, trust: decodedDocument(got.Role!.AssumeRolePolicyDocument!), policy: decodedDocument(policy.PolicyDocument!) };
            };
            const prefix = name.replace(/_firehose$/, "");
            deployed.push({
              region,
              accountId: ACCOUNT,
              firehoseArn: d.DeliveryStreamARN!,
              bucketArn: `arn:aws:s3:::${resources.aws_s3_bucket[`${prefix}_failed_bucket`].bucket}`,
              logGroupArn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:${resources.aws_cloudwatch_log_group[`${prefix}_error_log_group`].name}`,
              secretArn: secretArns[region],
              firehoseRole: await role(resources.aws_iam_role[`${prefix}_firehose_role`].name, "firehose-delivery"),
              streamRole: await role(resources.aws_iam_role[`${prefix}_stream_role`].name, "put-to-its-firehose"),
            });
          }
          const simulated = await simulateDeliveryRoles(deployed);
          expect(simulated.problems).toEqual([]);
          countProof("iamSimulations", simulated.firehoseRoleSimulations + simulated.streamRoleSimulations);
          countProof(`unemulated:${METRIC_STREAM}:simulate`, simulated.streamRoleSimulations);

          // The doctor reads each region's delivery stream from moto; moto has no GetMetricStream,
          // which the doctor says it could not check (never "missing").
          const subject = subjectOf("streams", configured.env!, "metric-streams.config.json");
          const endpoint = process.env.AWS_ENDPOINT_URL;
          process.env.AWS_ENDPOINT_URL = apis.moto.url;
          const views = await readMetricStreams(subject, { region: "us-east-1", credentials: apis.credentials }).finally(() => {
            if (endpoint === undefined) delete process.env.AWS_ENDPOINT_URL;
            else process.env.AWS_ENDPOINT_URL = endpoint;
          });
          const doctor = runCheck(metricStreamsCheck, { subject, aws: { callerArn: "", similarNames: [], metricStreams: views }, datadog: { apiUrl: "" }, required: pinnedRequirements(subject) });
          expect(doctor.findings).toEqual([]);
          expect(doctor.passed).toEqual(REGIONS.map((r) => `Firehose delivery stream datadog-metrics-delivery in ${r} is ACTIVE`));
          expect(doctor.skipped.slice(0, REGIONS.length).every((line, i) => line.startsWith(`metric stream in ${REGIONS[i]}: could not be read (`))).toBe(true);

          // End to end: a record put into each region's stream reaches the intake, with the key.
          for (const region of REGIONS) {
            const firehose = client(FirehoseClient, region);
            const payload = JSON.stringify({ test: "metric-streams", region });
            await firehose.send(new PutRecordCommand({ DeliveryStreamName: firehoseOf(region)[1].name, Record: { Data: Buffer.from(payload) } }));
            firehose.destroy();
            const got = intake.requests[intake.requests.length - 1];
            expect(intake.requests).toHaveLength(REGIONS.indexOf(region) + 1);
            expect(got.method).toBe("POST");
            expect(got.path).toBe("/api/v2/awsmetrics?dd-protocol=aws-kinesis-firehose");
            expect(got.headers["content-type"]).toBe("application/json");
            expect(got.headers["x-amz-firehose-access-key"] === key).toBe(true);
            const body = JSON.parse(got.body) as { requestId: string; records: { data: string }[] };
            expect(got.headers["x-amz-firehose-request-id"]).toBe(body.requestId);
            expect(body.records.map((rec) => Buffer.from(rec.data, "base64").toString("utf8"))).toEqual([payload]);
          }

          await ws.destroy();
          countProof(`lifecycle:${providers.label}:destroy`);
          expect(await apis.leftovers()).toEqual([]);
          for (const region of REGIONS) {
            const firehose = client(FirehoseClient, region);
            expect((await firehose.send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames).toEqual([]);
            firehose.destroy();
          }

          // The deployer policy written beside the stack grants every call the provider made, and
          // each delivery action it grants was called, but those of edits and tags on create.
          const granted = new Set(deployerPolicy(configured.stack as never).Statement.flatMap((st) => st.Action));
          const called = await providerCallActions(callLog);
          expect(called.filter((a) => !granted.has(a))).toEqual([]);
          const unemulatedActions = new Set<string>(DELIVERY_ACTIONS.metricStream);
          const delivery = Object.values(DELIVERY_ACTIONS)
            .flat()
            .filter((a) => !unemulatedActions.has(a) && a !== "iam:PassRole");
          expect(delivery.filter((a) => !called.includes(a) && !(a in EDIT_OR_TAG_ON_CREATE))).toEqual([]);
          expect(Object.keys(EDIT_OR_TAG_ON_CREATE).filter((a) => called.includes(a))).toEqual([]);
        } finally {
          await rm(logDir, { recursive: true, force: true });
          await ws?.dispose();
          await apis.close();
          await intake.close();
        }
      }, 600_000);
    });
}
