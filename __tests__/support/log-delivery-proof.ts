// What the log delivery proof shares: its config, the moto it runs against (trusting the local intake), reading back delivery streams and filters, and the IAM simulations of its roles and deployer statements.
import { gzipSync } from "node:zlib";
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeSubscriptionFiltersCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeDeliveryStreamCommand, FirehoseClient, ListDeliveryStreamsCommand, PutRecordCommand } from "@aws-sdk/client-firehose";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Simulation } from "@cloud-copilot/iam-simulate";
import type { AwsCredentials } from "./moto-server";
import { simulate } from "./iam/simulator";

export const ACCOUNT = "200000000021";
export const OTHER_ACCOUNT = "999988887777";
/** The key Firehose sends; the local intake accepts only it. */
export const INTAKE_API_KEY = "local-firehose-api-key-0000";
export const CHECKOUT = "/aws/lambda/checkout";
export const WEB = "/ecs/web";

/**
 * Three regions: eu-west-1 and us-west-2 subscribe named log groups (the section's choice and
 * a byRegion one), us-east-1 the whole account but one noisy group.
 */
export const LOG_DELIVERY_CONFIG = {
  environments: {
    logs: {
      awsAccountId: ACCOUNT,
      permissions: "pinned",
      regions: ["eu-west-1", "us-west-2", "us-east-1"],
      tags: ["team:platform"],
      firehoseApiKey: { source: "variable" },
      logDelivery: {
        logGroups: [CHECKOUT, WEB],
        byRegion: { "us-west-2": { logGroups: [CHECKOUT] }, "us-east-1": { accountLevel: { excludeLogGroups: ["/noisy"] } } },
      },
    },
  },
};

/** The named log groups each region subscribes (the user's own: they exist before the stack). */
export const NAMED_GROUPS: Record<string, string[]> = { "eu-west-1": [CHECKOUT, WEB], "us-west-2": [CHECKOUT] };

/** AWS SDK clients of one region against moto, in the stack's account. */
export function regionClients(endpoint: string, credentials: AwsCredentials, region: string) {
  const config = { endpoint, region, credentials, maxAttempts: 1 };
  return { logs: new CloudWatchLogsClient(config), firehose: new FirehoseClient(config) };
}

/** Creates the log groups (by region) a subscription filter needs to exist: NAMED_GROUPS unless given. */
export async function createLogGroups(endpoint: string, credentials: AwsCredentials, byRegion: Record<string, readonly string[]> = NAMED_GROUPS): Promise<void> {
  for (const [region, groups] of Object.entries(byRegion)) {
    const { logs, firehose } = regionClients(endpoint, credentials, region);
    for (const name of groups) await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    logs.destroy();
    firehose.destroy();
  }
}

/** Each region's delivery streams: name, status, destination URL and its key configuration. */
export async function deliveryStreamsIn(endpoint: string, credentials: AwsCredentials, region: string) {
  const { logs, firehose } = regionClients(endpoint, credentials, region);
  const names = (await firehose.send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames ?? [];
  const out = [];
  for (const name of names) {
    const d = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription!;
    const http = d.Destinations?.[0]?.HttpEndpointDestinationDescription;
    out.push({ name, arn: d.DeliveryStreamARN!, status: d.DeliveryStreamStatus, url: http?.EndpointConfiguration?.Url, encoding: http?.RequestConfiguration?.ContentEncoding });
  }
  logs.destroy();
  firehose.destroy();
  return out;
}

/** The subscription filters of a log group: name, destination, role, pattern. */
export async function filtersOf(endpoint: string, credentials: AwsCredentials, region: string, logGroupName: string) {
  const { logs, firehose } = regionClients(endpoint, credentials, region);
  const out = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName }));
  logs.destroy();
  firehose.destroy();
  return (out.subscriptionFilters ?? []).map((f) => ({ name: f.filterName, destination: f.destinationArn, role: f.roleArn, pattern: f.filterPattern }));
}

/**
 * A record as CloudWatch Logs puts one into a subscription's Firehose stream: the gzipped JSON
 * of a DATA_MESSAGE. (moto 5.2.5's own HTTP delivery cannot carry binary records: it decodes
 * each as UTF-8 first; moto_firehose_http.py, which the proof runs, sends bytes as they are.)
 */
export function subscriptionRecord(logGroup: string, filterName: string, messages: string[]): Uint8Array {
  const logEvents = messages.map((message, i) => ({ id: String(36000000000000000000 + i), timestamp: 1_765_000_000_000 + i, message }));
  const data = { messageType: "DATA_MESSAGE", owner: ACCOUNT, logGroup, logStream: "2026/12/07/[$LATEST]abc", subscriptionFilters: [filterName], logEvents };
  return gzipSync(JSON.stringify(data));
}

/** A Secrets Manager secret holding the API key as Firehose reads it for HTTP endpoints ({"api_key": ...}). */
export async function createSecret(endpoint: string, credentials: AwsCredentials, region: string, name: string, key: string): Promise<void> {
  const sm = new SecretsManagerClient({ endpoint, region, credentials, maxAttempts: 1 });
  await sm.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ api_key: key }) }));
  sm.destroy();
}

export async function putRecord(endpoint: string, credentials: AwsCredentials, region: string, stream: string, data: Uint8Array): Promise<void> {
  const { logs, firehose } = regionClients(endpoint, credentials, region);
  await firehose.send(new PutRecordCommand({ DeliveryStreamName: stream, Record: { Data: data } }));
  logs.destroy();
  firehose.destroy();
}

type Case = { what: string; expect: "Allowed" | "denied"; simulation: Simulation };
const empty = { serviceControlPolicies: [], resourceControlPolicies: [] };

/** Runs the cases; returns the ones whose outcome differs from what is expected. */
export async function wrongOutcomes(cases: readonly Case[]): Promise<string[]> {
  const wrong: string[] = [];
  for (const c of cases) {
    const outcome = await simulate(c.simulation);
    if ((c.expect === "Allowed") !== (outcome === "Allowed")) wrong.push(`${c.what}: ${outcome}, expected ${c.expect}`);
  }
  return wrong;
}

/**
 * The CloudWatch Logs role of one region: its trust lets CloudWatch Logs in for this account's
 * log groups of this region only; its policy lets it put into its own stream only.
 */
export function logsRoleCases(r: { region: string; roleArn: string; streamArn: string; otherStreamArn: string; trust: object; policy: object }): Case[] {
  const logGroup = (region: string, account: string) => `arn:aws:logs:${region}:${account}:log-group:${CHECKOUT}:*`;
  const assume = (what: string, principal: string, context: Record<string, string>, expect: Case["expect"]): Case => ({
    what: `trust: ${what}`,
    expect,
    simulation: {
      request: { principal, action: "sts:AssumeRole", resource: { resource: r.roleArn, accountId: ACCOUNT }, contextVariables: context },
      identityPolicies: [],
      resourcePolicy: r.trust,
      ...empty,
    },
  });
  const put = (what: string, action: string, resource: string, expect: Case["expect"]): Case => ({
    what: `policy: ${what}`,
    expect,
    simulation: { request: { principal: r.roleArn, action, resource: { resource, accountId: ACCOUNT }, contextVariables: {} }, identityPolicies: [{ name: "logs", policy: r.policy }], ...empty },
  });
  const ours = { "aws:SourceArn": logGroup(r.region, ACCOUNT), "aws:SourceAccount": ACCOUNT };
  return [
    assume("CloudWatch Logs for this account's log group of this region", "logs.amazonaws.com", ours, "Allowed"),
    assume("CloudWatch Logs for another region's log group", "logs.amazonaws.com", { ...ours, "aws:SourceArn": logGroup(r.region === "ap-south-2" ? "us-east-1" : "ap-south-2", ACCOUNT) }, "denied"),
    assume("CloudWatch Logs for another account's log group", "logs.amazonaws.com", { "aws:SourceArn": logGroup(r.region, OTHER_ACCOUNT), "aws:SourceAccount": OTHER_ACCOUNT }, "denied"),
    assume("CloudWatch Logs without a source", "logs.amazonaws.com", {}, "denied"),
    assume("Firehose", "firehose.amazonaws.com", ours, "denied"),
    put("PutRecord into its stream", "firehose:PutRecord", r.streamArn, "Allowed"),
    put("PutRecordBatch into its stream", "firehose:PutRecordBatch", r.streamArn, "Allowed"),
    put("PutRecord into another region's stream", "firehose:PutRecord", r.otherStreamArn, "denied"),
    put("DeleteDeliveryStream of its stream", "firehose:DeleteDeliveryStream", r.streamArn, "denied"),
    put("PutObject anywhere", "s3:PutObject", "arn:aws:s3:::any-bucket/key", "denied"),
  ];
}

/** The deployer's log delivery statements: what they allow, and only where. */
export function deployerCases(policy: object, deployer: string, r: { filterGroupArn: string; otherGroupArn: string; policyRegion: string; otherRegion: string; logsRoleArn: string }): Case[] {
  const call = (what: string, action: string, resource: string, context: Record<string, string>, expect: Case["expect"]): Case => ({
    what: `deployer: ${what}`,
    expect,
    simulation: { request: { principal: deployer, action, resource: { resource, accountId: ACCOUNT }, contextVariables: context }, identityPolicies: [{ name: "deployer", policy }], ...empty },
  });
  return [
    call("PutSubscriptionFilter on a subscribed log group", "logs:PutSubscriptionFilter", r.filterGroupArn, {}, "Allowed"),
    call("DeleteSubscriptionFilter on a subscribed log group", "logs:DeleteSubscriptionFilter", r.filterGroupArn, {}, "Allowed"),
    call("PutSubscriptionFilter on a log group of no filter's region", "logs:PutSubscriptionFilter", r.otherGroupArn, {}, "denied"),
    call("PutAccountPolicy in the account-level region", "logs:PutAccountPolicy", "*", { "aws:RequestedRegion": r.policyRegion }, "Allowed"),
    call("DeleteAccountPolicy in the account-level region", "logs:DeleteAccountPolicy", "*", { "aws:RequestedRegion": r.policyRegion }, "Allowed"),
    call("PutAccountPolicy in another region", "logs:PutAccountPolicy", "*", { "aws:RequestedRegion": r.otherRegion }, "denied"),
    call("PassRole of the logs role to CloudWatch Logs", "iam:PassRole", r.logsRoleArn, { "iam:PassedToService": "logs.amazonaws.com" }, "Allowed"),
    call("PassRole of the logs role to EC2", "iam:PassRole", r.logsRoleArn, { "iam:PassedToService": "ec2.amazonaws.com" }, "denied"),
  ];
}
