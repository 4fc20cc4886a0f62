/**
 * The metric-streams check: per region, the metric stream runs and puts to the delivery
 * stream, which is ACTIVE; and Datadog's role may read metric streams.
 */
import { metricStreamsCheck } from "../../../cli/doctor/checks/metric-streams";
import type { AwsView, MetricStreamRegionView } from "../../../cli/doctor/views";
import { ACCOUNT, awsView, codes, CodesTested, healthyRole, subject } from "../../support/doctor-views";

const t = new CodesTested(metricStreamsCheck);
const streaming = subject({ regions: ["us-east-1", "eu-west-1"], firehoseApiKey: { source: "variable" }, metricStreams: {} });
const firehoseArn = (region: string) => `arn:aws:firehose:${region}:${ACCOUNT}:deliverystream/datadog-metrics-delivery`;
const healthy = (region: string): MetricStreamRegionView => ({
  region,
  metricStream: {
    name: "datadog-metric-stream",
    arn: `arn:aws:cloudwatch:${region}:${ACCOUNT}:metric-stream/datadog-metric-stream`,
    state: "running",
    firehoseArn: firehoseArn(region),
  },
  deliveryStream: { name: "datadog-metrics-delivery", arn: firehoseArn(region), status: "ACTIVE" },
});
const withRegions = (regions: MetricStreamRegionView[], aws: AwsView = awsView()): AwsView => ({ ...aws, metricStreams: regions });

test("compliant: each region's stream runs into its ACTIVE delivery stream, and Datadog may read them", () => {
  const r = t.run({ subject: streaming, aws: withRegions([healthy("us-east-1"), healthy("eu-west-1")]) });
  expect(codes(r)).toEqual([]);
  expect(r.passed).toEqual([
    "metric stream datadog-metric-stream in us-east-1 is running and puts to datadog-metrics-delivery",
    "Firehose delivery stream datadog-metrics-delivery in us-east-1 is ACTIVE",
    "metric stream datadog-metric-stream in eu-west-1 is running and puts to datadog-metrics-delivery",
    "Firehose delivery stream datadog-metrics-delivery in eu-west-1 is ACTIVE",
    "Datadog's role may read the metric streams (cloudwatch:GetMetricStream, cloudwatch:ListMetricStreams)",
  ]);
});

test("says nothing when metricStreams is off", () => {
  const r = t.run({ aws: withRegions([]) });
  expect([codes(r), r.passed, r.skipped]).toEqual([[], [], []]);
});

test("non-compliant metric-stream-missing and delivery-stream-missing: nothing deployed in a region", () => {
  const r = t.run({ subject: streaming, aws: withRegions([healthy("us-east-1"), { region: "eu-west-1" }]) });
  expect(codes(r)).toEqual(["metric-stream-missing", "delivery-stream-missing"]);
  expect(r.findings[0].problem).toContain(`no metric stream datadog-metric-stream in eu-west-1 in account ${ACCOUNT}`);
  expect(r.findings[0].fix).toEqual(["npx cdktf deploy prod creates it"]);
});

test("non-compliant metric-stream-stopped: stopped, or putting to another Firehose", () => {
  const stopped = healthy("us-east-1");
  const r = t.run({ subject: streaming, aws: withRegions([{ ...stopped, metricStream: { ...stopped.metricStream!, state: "stopped" } }]) });
  expect(codes(r)).toEqual(["metric-stream-stopped"]);
  expect(r.findings[0].fix[0]).toBe("`aws cloudwatch start-metric-streams --names datadog-metric-stream --region us-east-1`");
  const elsewhere = t.run({
    subject: streaming,
    aws: withRegions([
      { ...stopped, metricStream: { ...stopped.metricStream!, firehoseArn: "arn:aws:firehose:us-east-1:123456789012:deliverystream/other" } },
    ]),
  });
  expect(codes(elsewhere)).toEqual(["metric-stream-stopped"]);
  expect(elsewhere.findings[0].problem).toContain("puts to arn:aws:firehose:us-east-1:123456789012:deliverystream/other");
});

test("non-compliant delivery-stream-not-active: still creating", () => {
  const region = healthy("eu-west-1");
  const r = t.run({ subject: streaming, aws: withRegions([{ ...region, deliveryStream: { ...region.deliveryStream!, status: "CREATING" } }]) });
  expect(codes(r)).toEqual(["delivery-stream-not-active"]);
  expect(r.findings[0].fix).toEqual(["wait a minute and run the doctor again"]);
});

test("non-compliant metric-streams-unreadable-by-datadog: a Deny takes cloudwatch:List* away", () => {
  const deny = {
    name: "no-listing",
    kind: "inline" as const,
    document: { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "cloudwatch:List*", Resource: "*" }] },
  };
  const role = healthyRole();
  const r = t.run({ subject: streaming, aws: withRegions([healthy("us-east-1")], awsView({ ...role, policies: [...role.policies, deny] })) });
  expect(codes(r)).toEqual(["metric-streams-unreadable-by-datadog"]);
  expect(r.findings[0].problem).toContain("may not call cloudwatch:ListMetricStreams");
  expect(r.findings[0].details).toEqual(["denied by no-listing"]);
});

test("what could not be read is said, not reported missing", () => {
  const r = t.run({
    subject: streaming,
    aws: withRegions([{ region: "us-east-1", unread: { metricStream: "AccessDeniedException: no", deliveryStream: "TimeoutError: slow" } }]),
  });
  expect(codes(r)).toEqual([]);
  expect(r.skipped).toEqual([
    "metric stream in us-east-1: could not be read (AccessDeniedException: no)",
    "Firehose delivery stream in us-east-1: could not be read (TimeoutError: slow)",
  ]);
});

test("every finding code is tested", () => {
  expect(t.untested()).toEqual([]);
});
