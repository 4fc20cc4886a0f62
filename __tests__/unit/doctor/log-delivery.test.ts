/**
 * The log-delivery check: per region, the logs delivery stream is ACTIVE; the account policy
 * forwards to it and leaves Firehose's error log groups out, or each named log group exists
 * and has the stack's filter to it; and Datadog's role may read the subscriptions.
 */
import { logDeliveryCheck } from "../../../cli/doctor/checks/log-delivery";
import type { AwsView, LogDeliveryRegionView } from "../../../cli/doctor/views";
import { ACCOUNT, awsView, codes, CodesTested, healthyRole, subject } from "../../support/doctor-views";

const t = new CodesTested(logDeliveryCheck);
const delivering = subject({
  regions: ["eu-west-1", "us-east-1"],
  firehoseApiKey: { source: "variable" },
  logDelivery: { logGroups: ["/aws/lambda/checkout"], byRegion: { "us-east-1": { accountLevel: {} } } },
});
const stream = (region: string) => `arn:aws:firehose:${region}:${ACCOUNT}:deliverystream/datadog-logs-delivery`;
const deliveryStream = (region: string) => ({ name: "datadog-logs-delivery", arn: stream(region), status: "ACTIVE" });
const named: LogDeliveryRegionView = {
  region: "eu-west-1",
  deliveryStream: deliveryStream("eu-west-1"),
  logGroups: [{ logGroup: "/aws/lambda/checkout", exists: true, filter: { destinationArn: stream("eu-west-1") } }],
};
const CRITERIA = 'LogGroupName NOT IN ["/aws/kinesisfirehose/datadog-logs-delivery","/aws/kinesisfirehose/datadog-metrics-delivery"]';
const account: LogDeliveryRegionView = {
  region: "us-east-1",
  deliveryStream: deliveryStream("us-east-1"),
  accountPolicy: { name: "datadog-logs-to-datadog", destinationArn: stream("us-east-1"), selectionCriteria: CRITERIA },
};
const withRegions = (regions: LogDeliveryRegionView[], aws: AwsView = awsView()): AwsView => ({ ...aws, logDelivery: regions });

test("compliant: both regions' streams ACTIVE, the log group and the account forwarded, Datadog may read the subscriptions", () => {
  const r = t.run({ subject: delivering, aws: withRegions([named, account]) });
  expect(codes(r)).toEqual([]);
  expect(r.passed).toEqual([
    "logs delivery stream datadog-logs-delivery in eu-west-1 is ACTIVE",
    "log group /aws/lambda/checkout in eu-west-1 is forwarded to datadog-logs-delivery",
    "logs delivery stream datadog-logs-delivery in us-east-1 is ACTIVE",
    "account policy datadog-logs-to-datadog in us-east-1 forwards every log group but Firehose's own to datadog-logs-delivery",
    "Datadog's role may read the log subscriptions (logs:DescribeLogGroups, logs:DescribeSubscriptionFilters)",
  ]);
});

test("says nothing when logDelivery is off", () => {
  const r = t.run({ aws: withRegions([]) });
  expect([codes(r), r.passed, r.skipped]).toEqual([[], [], []]);
});

test("non-compliant logs-delivery-stream-missing and log-subscription-missing: nothing deployed in a region", () => {
  const r = t.run({
    subject: delivering,
    aws: withRegions([{ region: "eu-west-1", logGroups: [{ logGroup: "/aws/lambda/checkout", exists: true }] }]),
  });
  expect(codes(r)).toEqual(["logs-delivery-stream-missing", "log-subscription-missing"]);
  expect(r.findings[1].problem).toContain("has no subscription filter datadog-logs-to-datadog");
  expect(r.findings[0].fix).toEqual(["npx cdktf deploy prod creates it"]);
});

test("non-compliant logs-delivery-stream-not-active: still creating", () => {
  const r = t.run({ subject: delivering, aws: withRegions([{ ...named, deliveryStream: { ...deliveryStream("eu-west-1"), status: "CREATING" } }]) });
  expect(codes(r)).toEqual(["logs-delivery-stream-not-active"]);
  expect(r.findings[0].fix).toEqual(["wait a minute and run the doctor again"]);
});

test("non-compliant log-subscription-missing: the filter puts elsewhere", () => {
  const r = t.run({
    subject: delivering,
    aws: withRegions([
      {
        ...named,
        logGroups: [{ logGroup: "/aws/lambda/checkout", exists: true, filter: { destinationArn: "arn:aws:lambda:eu-west-1:1:function:x" } }],
      },
    ]),
  });
  expect(codes(r)).toEqual(["log-subscription-missing"]);
  expect(r.findings[0].problem).toContain("puts to arn:aws:lambda:eu-west-1:1:function:x");
});

test("non-compliant log-group-missing: a named log group that does not exist", () => {
  const r = t.run({ subject: delivering, aws: withRegions([{ ...named, logGroups: [{ logGroup: "/aws/lambda/checkout", exists: false }] }]) });
  expect(codes(r)).toEqual(["log-group-missing"]);
  expect(r.findings[0].problem).toBe(`log group /aws/lambda/checkout does not exist in eu-west-1 in account ${ACCOUNT}, so it cannot be forwarded`);
});

test("non-compliant log-account-policy-missing: absent, elsewhere, or not leaving Firehose's errors out", () => {
  for (const [accountPolicy, words] of [
    [undefined, /no account-level subscription filter policy datadog-logs-to-datadog/],
    [
      { ...account.accountPolicy!, destinationArn: "arn:aws:firehose:us-east-1:1:deliverystream/other" },
      /puts to arn:aws:firehose:us-east-1:1:deliverystream\/other/,
    ],
    [
      { ...account.accountPolicy!, selectionCriteria: "" },
      /does not leave out \/aws\/kinesisfirehose\/datadog-logs-delivery, .*back through Firehose/,
    ],
  ] as const) {
    const r = t.run({ subject: delivering, aws: withRegions([{ ...account, accountPolicy }]) });
    expect(codes(r)).toEqual(["log-account-policy-missing"]);
    expect(r.findings[0].problem).toMatch(words);
  }
});

test("non-compliant log-subscriptions-unreadable-by-datadog: a Deny takes logs:Describe* away", () => {
  const deny = {
    name: "no-describe",
    kind: "inline" as const,
    document: { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "logs:Describe*", Resource: "*" }] },
  };
  const role = healthyRole();
  const r = t.run({ subject: delivering, aws: withRegions([named], awsView({ ...role, policies: [...role.policies, deny] })) });
  expect(codes(r)).toEqual(["log-subscriptions-unreadable-by-datadog"]);
  expect(r.findings[0].problem).toContain("may not call logs:DescribeLogGroups or logs:DescribeSubscriptionFilters");
  expect(r.findings[0].details).toEqual(["denied by no-describe"]);
});

test("what could not be read is said, not reported missing (no emulator has account policies)", () => {
  const r = t.run({
    subject: delivering,
    aws: withRegions([
      { region: "us-east-1", unread: { deliveryStream: "TimeoutError: slow", subscriptions: "UnknownOperationException: DescribeAccountPolicies" } },
    ]),
  });
  expect(codes(r)).toEqual([]);
  expect(r.skipped).toEqual([
    "logs delivery stream in us-east-1: could not be read (TimeoutError: slow)",
    "log subscriptions in us-east-1: could not be read (UnknownOperationException: DescribeAccountPolicies)",
  ]);
});

test("every finding code is tested", () => {
  expect(t.untested()).toEqual([]);
});
