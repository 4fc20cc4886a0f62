/**
 * Log delivery in three regions (named log groups in eu-west-1 and us-west-2, the whole
 * account in us-east-1) with the real Datadog providers 3.82.0 and 4.19.0 and the AWS
 * provider, against moto 5.2.5 and the local Datadog API:
 * - the whole stack validates and plans with real Terraform;
 * - what moto implements (IAM, Firehose with HTTP endpoint delivery, S3, CloudWatch Logs log
 *   groups and subscription filters) applies (`-target`: everything but the account policy),
 *   re-plans clean and destroys clean, and AWS holds what the config says;
 * - end to end: a record put into the eu-west-1 delivery stream, as CloudWatch Logs puts a
 *   subscription's events, reaches a local logs intake on 127.0.0.1 over HTTPS (the stream's
 *   URL pointed there by an override file; the path and query stay the site's);
 * - the account-level policy, which no emulator has, is validated, planned and its roles and
 *   the deployer's statements simulated, and counted apart (`unemulated:`), never as applied.
 *
 * moto 5.2.5 does not deliver subscription events to an HTTP endpoint stream (logs/models.py
 * sends them to firehose send_log_event, which writes destinations[0]["S3"] only), so the
 * record is put into the stream directly, in the form CloudWatch Logs gives it; Firehose's
 * request (key, gzip) is moto's with moto_firehose_http.py's headers.
 */
import { writeFile } from "node:fs/promises";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { GetRoleCommand, GetRolePolicyCommand } from "@aws-sdk/client-iam";
import { stacksOfConfig } from "../support/configured-stacks";
import { countProof } from "../support/proof-counters";
import { LocalDatadogApi, LOCAL_DD_API_KEY, LOCAL_DD_APP_KEY } from "../support/local-datadog-api";
import { LocalIntake } from "../support/local-intake";
import { intakeOverride } from "../support/delivery-proof";
import { RECORDED_LOG_SOURCES, RECORDED_NAMESPACES } from "../support/datadog-api/recorded-lists";
import { MotoServer } from "../support/moto-server";
import { datadogProviderSet, type ProviderSet } from "../support/provider-sets";
import { releaseProviderSetups } from "../support/terraform-providers";
import { availableDatadogProviders, proofToolsReady } from "../support/proof-guards";
import { findProofTools } from "../support/test-tools";
import { TerraformWorkspace } from "../support/terraform-workspace";
import { changesIn } from "../support/terraform-plan-json";
import { deployerPolicy } from "../../lib/stack/deployer-policy";
import { LOG_DELIVERY_ACTIONS } from "../../lib/stack/deployer-policy-log-delivery";
import { providerCallActions } from "../support/provider-calls";
import { runCheck } from "../../cli/doctor/check";
import { logDeliveryCheck } from "../../cli/doctor/checks/log-delivery";
import { readLogDelivery } from "../../cli/doctor/log-delivery-aws";
import { pinnedRequirements, subjectOf } from "../../cli/doctor/views";
import {
  ACCOUNT,
  CHECKOUT,
  createLogGroups,
  deliveryStreamsIn,
  deployerCases,
  filtersOf,
  INTAKE_API_KEY,
  LOG_DELIVERY_CONFIG,
  logsRoleCases,
  NAMED_GROUPS,
  putRecord,
  subscriptionRecord,
  wrongOutcomes,
} from "../support/log-delivery-proof";

type Json = Record<string, any>;
const ACCOUNT_POLICY = "aws_cloudwatch_log_account_policy";
/** The provider's debug log, inside the workspace (so it goes with it). */
const CALL_LOG = "provider-calls.log";
const configured = stacksOfConfig("log-delivery", LOG_DELIVERY_CONFIG)[0];
const stack = configured.stack as Json;
/** Every resource address but the account policy's: what moto can apply. */
const APPLIABLE = Object.entries(stack.resource as Json).flatMap(([type, byName]) => (type === ACCOUNT_POLICY ? [] : Object.keys(byName as Json).map((name) => `${type}.${name}`)));

async function lifecycle(providers: ProviderSet): Promise<void> {
  const tools = findProofTools();
  const intake = await LocalIntake.start();
  // moto posts to the intake with Python requests, which must trust its certificate.
  // moto_firehose_http.py: moto's HTTP delivery with what Firehose sends (the access key, gzip).
  const moto = await MotoServer.start(tools.motoPython!, { script: "moto_firehose_http.py", env: intake.caBundleEnv() });
  const datadog = await LocalDatadogApi.start({ namespaces: RECORDED_NAMESPACES.items, logSources: RECORDED_LOG_SOURCES.items });
  let ws: TerraformWorkspace | undefined;
  try {
    const credentials = await moto.credentialsFor(ACCOUNT);
    await createLogGroups(moto.url, credentials);
    ws = await TerraformWorkspace.create(configured.stack, {
      terraform: tools.terraform!.terraform,
      mirrors: providers.mirrors,
      aws: { endpoint: moto.url, credentials },
      datadog: { url: datadog.url, apiKey: LOCAL_DD_API_KEY, appKey: LOCAL_DD_APP_KEY },
      variables: { datadog_firehose_api_key: INTAKE_API_KEY },
      // The provider's debug log (its AWS calls; it may hold request bodies): never printed, deleted with the workspace.
      env: { TF_LOG_PROVIDER: "DEBUG", TF_LOG_PATH: CALL_LOG },
    });
    await writeFile(path.join(ws.dir, "zz_intake_override.tf.json"), JSON.stringify(intakeOverride(stack.resource as Json, intake.url), null, 2));

    // The whole stack, account policy included, validates and plans.
    expect(await ws.validate()).toEqual([]);
    countProof(`lifecycle:${providers.label}:validate`);
    countProof(`unemulated:${ACCOUNT_POLICY}:validate`);
    const planned = changesIn(await ws.plan());
    countProof("terraformPlans");
    expect(planned).toContain(`${ACCOUNT_POLICY}.datadog_logs_us_east_1_account_policy: create`);
    expect(planned.every((c) => c.endsWith(": create"))).toBe(true);
    countProof(`unemulated:${ACCOUNT_POLICY}:plan`);

    // What moto implements applies and re-plans clean.
    await ws.apply(APPLIABLE);
    countProof(`lifecycle:${providers.label}:apply`);
    expect(await ws.pendingChanges(APPLIABLE)).toEqual([]);
    countProof(`lifecycle:${providers.label}:replan`);

    // AWS holds what the config says: one active stream per region, to the (local) logs intake.
    const streams: Record<string, { name: string; arn: string }> = {};
    for (const region of ["eu-west-1", "us-west-2", "us-east-1"]) {
      const found = await deliveryStreamsIn(moto.url, credentials, region);
      expect(found.map((s) => [s.name, s.status, s.url, s.encoding])).toEqual([["datadog-logs-delivery", "ACTIVE", `${intake.url}/v1/input`, "GZIP"]]);
      streams[region] = found[0];
    }
    for (const [region, groups] of Object.entries(NAMED_GROUPS)) {
      for (const group of groups) {
        expect(await filtersOf(moto.url, credentials, region, group)).toEqual([
          { name: "datadog-logs-to-datadog", destination: streams[region].arn, role: `arn:aws:iam::${ACCOUNT}:role/datadog-logs-subscription-${region}`, pattern: "" },
        ]);
      }
    }
    // Not subscribed where the config does not say so: the web group only in eu-west-1.
    expect(NAMED_GROUPS["us-west-2"]).not.toContain("/ecs/web");

    // End to end: a subscription's record reaches the intake, as Firehose posts it.
    const messages = ["checkout started order=1042", "checkout paid order=1042"];
    await putRecord(moto.url, credentials, "eu-west-1", "datadog-logs-delivery", subscriptionRecord(CHECKOUT, "datadog-logs-to-datadog", messages));
    expect(intake.requests.map((r) => r.path)).toEqual(["/v1/input"]);
    // The request as Firehose sends it: the key, gzipped (the template's ContentEncoding GZIP).
    const [request] = intake.requests;
    expect([request.headers["x-amz-firehose-access-key"] === INTAKE_API_KEY, request.headers["content-encoding"]]).toEqual([true, "gzip"]);
    // Each record's data: what CloudWatch Logs put, gzipped JSON of a DATA_MESSAGE.
    const records = (JSON.parse(request.body) as { records: { data: string }[] }).records.map((x) => Buffer.from(x.data, "base64"));
    const arrived = records.map((b) => JSON.parse(gunzipSync(b).toString("utf8")) as Json);
    expect(arrived.map((a) => [a.messageType, a.owner, a.logGroup, a.subscriptionFilters, a.logEvents.map((e: Json) => e.message)])).toEqual([
      ["DATA_MESSAGE", ACCOUNT, CHECKOUT, ["datadog-logs-to-datadog"], messages],
    ]);

    // The doctor reads each region from moto: streams ACTIVE, the named log groups forwarded;
    // moto has no account policies, which the doctor says it could not check (never "missing").
    const subject = subjectOf("logs", configured.env!, "log-delivery");
    const endpoint = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = moto.url;
    const views = await readLogDelivery(subject, { region: "us-east-1", credentials }).finally(() => {
      if (endpoint === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = endpoint;
    });
    const doctor = runCheck(logDeliveryCheck, { subject, aws: { callerArn: "", similarNames: [], logDelivery: views }, datadog: { apiUrl: "" }, required: pinnedRequirements(subject) });
    expect(doctor.findings).toEqual([]);
    expect(doctor.passed).toEqual([
      "logs delivery stream datadog-logs-delivery in eu-west-1 is ACTIVE",
      `log group ${CHECKOUT} in eu-west-1 is forwarded to datadog-logs-delivery`,
      "log group /ecs/web in eu-west-1 is forwarded to datadog-logs-delivery",
      "logs delivery stream datadog-logs-delivery in us-west-2 is ACTIVE",
      `log group ${CHECKOUT} in us-west-2 is forwarded to datadog-logs-delivery`,
      "logs delivery stream datadog-logs-delivery in us-east-1 is ACTIVE",
    ]);
    expect(doctor.skipped[0]).toMatch(/^log subscriptions in us-east-1: could not be read \(/);

    // The roles, as IAM holds them, simulated: each logs role puts only into its own stream.
    const iam = moto.iam(credentials);
    let simulations = 0;
    for (const region of ["eu-west-1", "us-east-1"]) {
      const name = `datadog-logs-subscription-${region}`;
      const role = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role!;
      const policy = (await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: "put-into-datadog-logs-delivery" }))).PolicyDocument!;
      const other = streams[region === "eu-west-1" ? "us-east-1" : "eu-west-1"].arn;
      const cases = logsRoleCases({
        region,
        roleArn: role.Arn!,
        streamArn: streams[region].arn,
        otherStreamArn: other,
        trust: JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)),
        policy: JSON.parse(decodeURIComponent(policy)),
      });
      expect(await wrongOutcomes(cases)).toEqual([]);
      simulations += cases.length;
      // us-east-1's role is the account policy's: its simulations prove what cannot be applied.
      if (region === "us-east-1") countProof(`unemulated:${ACCOUNT_POLICY}:simulate`, cases.length);
    }
    iam.destroy();

    // The deployer policy written beside the stack: its statements for subscriptions, the account policy and PassRole.
    const deployer = deployerCases(deployerPolicy(configured.stack as never), `arn:aws:iam::${ACCOUNT}:user/deployer`, {
      filterGroupArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${CHECKOUT}`,
      otherGroupArn: `arn:aws:logs:ap-south-1:${ACCOUNT}:log-group:${CHECKOUT}`,
      policyRegion: "us-east-1",
      otherRegion: "eu-west-1",
      logsRoleArn: `arn:aws:iam::${ACCOUNT}:role/datadog-logs-subscription-us-east-1`,
    });
    expect(await wrongOutcomes(deployer)).toEqual([]);
    simulations += deployer.length;
    countProof(`unemulated:${ACCOUNT_POLICY}:simulate`, deployer.filter((c) => /AccountPolicy|PassRole/.test(c.what)).length);
    countProof("iamSimulations", simulations);

    // Destroy leaves no stream, filter or role behind.
    await ws.destroy();
    countProof(`lifecycle:${providers.label}:destroy`);
    for (const region of ["eu-west-1", "us-west-2", "us-east-1"]) expect(await deliveryStreamsIn(moto.url, credentials, region)).toEqual([]);
    for (const [region, groups] of Object.entries(NAMED_GROUPS)) for (const g of groups) expect(await filtersOf(moto.url, credentials, region, g)).toEqual([]);
    expect(datadog.accounts()).toEqual([]);

    // The deployer policy written beside the stack grants every call the provider made, and the
    // subscription filters' actions were each called (the account policy's cannot be: not applied).
    const granted = new Set(deployerPolicy(configured.stack as never).Statement.flatMap((st) => st.Action));
    const called = await providerCallActions(path.join(ws.dir, CALL_LOG));
    expect(called.filter((a) => !granted.has(a))).toEqual([]);
    expect(LOG_DELIVERY_ACTIONS.subscriptionFilters.filter((a) => !called.includes(a))).toEqual([]);
    expect(LOG_DELIVERY_ACTIONS.accountPolicies.filter((a) => called.includes(a))).toEqual([]);
  } finally {
    await ws?.dispose();
    await Promise.all([moto.close(), datadog.close(), intake.close()]);
  }
}

if (proofToolsReady("lifecycle log delivery")) {
  const datadogSets = availableDatadogProviders("lifecycle log delivery").map(datadogProviderSet);
  afterAll(releaseProviderSetups);
  for (const providers of datadogSets)
    test(
      `with ${providers.label}: log delivery in three regions validates and plans whole, applies what moto has, re-plans clean, delivers a record to the local intake, destroys clean; the account policy is planned and simulated apart`,
      () => lifecycle(providers),
      480_000,
    );
}
