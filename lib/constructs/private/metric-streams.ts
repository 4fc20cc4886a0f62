/**
 * CloudWatch Metric Streams to Datadog, per region: the metric stream (output format and
 * extra statistics as Datadog's template), the Firehose delivery it puts into (kind
 * "metrics"), and the role CloudWatch streams with, which may put to that Firehose only.
 */
import { defaultDeliveryRegions } from "../../config/log-delivery-regions";
import { Fn, TerraformStack } from "cdktf";
import { CloudwatchMetricStream } from "@cdktf/provider-aws/lib/cloudwatch-metric-stream";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { ResolvedIntegration, ResolvedMetricStreams } from "../../config/resolved";
import { METRIC_STREAM_OUTPUT_FORMAT, METRIC_STREAM_STATISTICS } from "../../facts/delivery";
import type { DatadogSite } from "../../facts/sites";
import { IntegrationContext } from "./context";
import { deliveryTags } from "./delivery-tags";
import { deliveryLogicalId, FirehoseDelivery } from "./firehose-delivery";
import { regionalAwsProvider } from "./regional-providers";

/** What one region's metric streaming made. */
export interface RegionalMetricStream {
  readonly region: string;
  readonly metricStream: CloudwatchMetricStream;
  readonly streamRole: IamRole;
  readonly delivery: FirehoseDelivery;
}

/** The regions metric streams run in: as set, else the integration's regions, else (regions "all") awsRegion alone. */
export function metricStreamRegions(config: Pick<ResolvedIntegration, "regions" | "awsRegion">, streams: ResolvedMetricStreams): string[] {
  return streams.regions ?? defaultDeliveryRegions(config);
}

/** The metric stream's and its role's AWS names in one region. */
export function metricStreamNames(namePrefix: string, region: string) {
  return { metricStream: `${namePrefix}-metric-stream`, streamRole: `${namePrefix}-metric-stream-${region}` };
}

/**
 * The template's extra statistics, for the namespaces the stream carries: CloudWatch refuses a
 * statistics configuration for a metric the stream's filters leave out.
 */
function statisticsFor(namespaces: ResolvedMetricStreams["namespaces"]) {
  const streamed = (namespace: string) => (namespaces?.includeOnly ? namespaces.includeOnly.includes(namespace) : !namespaces?.excludeOnly?.includes(namespace));
  return METRIC_STREAM_STATISTICS.map((s) => ({ metrics: s.metrics.filter(([namespace]) => streamed(namespace)), statistics: s.statistics }))
    .filter((s) => s.metrics.length > 0)
    .map((s) => ({ additionalStatistics: [...s.statistics], includeMetric: s.metrics.map(([namespace, metricName]) => ({ namespace, metricName })) }));
}

/** Every region's metric stream, delivery and roles; none when metricStreams is off. */
export function addMetricStreams(ctx: IntegrationContext, site: DatadogSite): RegionalMetricStream[] {
  const { config, naming, scope, partition } = ctx;
  const streams = config.metricStreams;
  if (!streams) return [];
  const stack = TerraformStack.of(scope);
  const tags = deliveryTags(config.tags);
  const apiKey = config.firehoseApiKey!; // the config's checks require it (delivery/api-key-missing)
  return metricStreamRegions(config, streams).map((region) => {
    const provider = regionalAwsProvider(stack, naming, ctx.awsProvider, region);
    const names = metricStreamNames(streams.namePrefix, region);
    const id = (what: string) => deliveryLogicalId(naming, "metrics", region, what);
    const delivery = new FirehoseDelivery(scope, `metrics-${region}`, {
      provider,
      region,
      partition,
      accountId: config.awsAccountId,
      site,
      kind: "metrics",
      apiKey,
      namePrefix: streams.namePrefix,
      naming,
      tags,
    });

    // As the template's DatadogMetricStreamRole, one per region (IAM names are global).
    const streamRole = new IamRole(delivery, "stream-role", {
      provider,
      name: names.streamRole,
      description: `CloudWatch metric stream ${names.metricStream} (${region}): puts to its Firehose only`,
      assumeRolePolicy: Fn.jsonencode({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "streams.metrics.cloudwatch.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
      tags,
    });
    streamRole.overrideLogicalId(id("stream_role"));
    // The template allows its stream name in every region; this role, its own stream alone.
    const streamPolicy = new IamRolePolicy(delivery, "stream-role-policy", {
      provider,
      name: "put-to-its-firehose",
      role: streamRole.id,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [{ Sid: "PutToItsFirehose", Effect: "Allow", Action: ["firehose:PutRecord", "firehose:PutRecordBatch"], Resource: [delivery.deliveryStreamArn] }],
      }),
    });
    streamPolicy.overrideLogicalId(id("stream_role_policy"));

    const statistics = statisticsFor(streams.namespaces);
    const metricStream = new CloudwatchMetricStream(delivery, "metric-stream", {
      provider,
      name: names.metricStream,
      roleArn: streamRole.arn,
      firehoseArn: delivery.deliveryStreamArn,
      outputFormat: METRIC_STREAM_OUTPUT_FORMAT,
      includeFilter: streams.namespaces?.includeOnly?.map((namespace) => ({ namespace })),
      excludeFilter: streams.namespaces?.excludeOnly?.map((namespace) => ({ namespace })),
      statisticsConfiguration: statistics.length > 0 ? statistics : undefined,
      // Only when on: off is the API's default, so a stack without it writes nothing for it.
      includeLinkedAccountsMetrics: streams.includeLinkedAccounts ? true : undefined,
      tags,
      // CloudWatch checks at creation that the role may put to the Firehose.
      dependsOn: [streamPolicy],
    });
    metricStream.overrideLogicalId(id("metric_stream"));
    return { region, metricStream, streamRole, delivery };
  });
}
