/**
 * How Datadog's own templates deliver CloudWatch data through Kinesis Data Firehose: which
 * partitions and sites they serve, the Firehose settings per kind of data, and the extra
 * statistics a metric stream sends.
 *
 * Sources (checked 2026-12): Datadog's CloudFormation templates,
 * https://github.com/DataDog/cloudformation-template
 * - metrics: `aws_streams/streams_single_region.yaml` (the delivery stream, its log group and
 *   backup bucket, the metric stream) and `aws_streams/streams_main.yaml` (the roles);
 * - logs: `aws_account_level_logs/single-region.yaml` and `main.yaml`.
 * The intake URL of each site is with the other site facts (sites.ts).
 *
 * Partitions: both templates build every ARN with `AWS::Partition`, but Datadog has no site in
 * the China partition and its intakes are outside it, so aws-cn is not served; GovCloud
 * (aws-us-gov) data goes to the FED sites only, the sites Datadog runs for GovCloud (its
 * metric streams guide stopped refusing them in October 2025, DataDog/documentation#32449).
 */
import type { Partition } from "./partitions";

/** What a delivery stream carries: CloudWatch Metric Streams or CloudWatch Logs. */
export type DeliveryKind = "metrics" | "logs";

/** The sites that accept Firehose deliveries from each partition (see the file comment). */
export const DELIVERY_SITES_BY_PARTITION: Record<Partition, readonly string[]> = {
  aws: ["datadoghq.com", "us3.datadoghq.com", "us5.datadoghq.com", "datadoghq.eu", "ap1.datadoghq.com", "ap2.datadoghq.com", "uk1.datadoghq.com", "ddog-gov.com", "us2.ddog-gov.com"],
  "aws-us-gov": ["ddog-gov.com", "us2.ddog-gov.com"],
  "aws-cn": [],
};

/** The Firehose settings of one kind, as Datadog's template for it writes them. */
export interface FirehoseTemplateSettings {
  /** `BufferingHints` of the HTTP endpoint destination. */
  readonly bufferingSizeMb: number;
  readonly bufferingIntervalSeconds: number;
  /** `RetryOptions.DurationInSeconds`. */
  readonly retryDurationSeconds: number;
  /** `RequestConfiguration.ContentEncoding`; the metrics template sets none (Firehose's default NONE). */
  readonly contentEncoding: "NONE" | "GZIP";
  /** `EndpointConfiguration.Name`. */
  readonly endpointName: string;
  /** The backup bucket's `CompressionFormat`. */
  readonly backupCompression: "GZIP" | "UNCOMPRESSED";
  /** The backup's `ErrorOutputPrefix` (metrics) or `Prefix` (logs, followed by the region). */
  readonly backupPrefix: { readonly error?: string; readonly regionPrefix?: true };
  /** Days the templates keep Firehose's error log group (`RetentionInDays`; the logs template sets none, we keep the metrics one's). */
  readonly errorLogRetentionDays: number;
}

/** Firehose settings per kind, from the templates named above. */
export const FIREHOSE_TEMPLATE_SETTINGS: Record<DeliveryKind, FirehoseTemplateSettings> = {
  metrics: {
    bufferingSizeMb: 4,
    bufferingIntervalSeconds: 60,
    retryDurationSeconds: 60,
    contentEncoding: "NONE",
    endpointName: "Event intake",
    backupCompression: "GZIP",
    backupPrefix: { error: "datadog_stream" },
    errorLogRetentionDays: 14,
  },
  logs: {
    bufferingSizeMb: 4,
    bufferingIntervalSeconds: 60,
    retryDurationSeconds: 60,
    contentEncoding: "GZIP",
    endpointName: "Datadog logs intake",
    backupCompression: "UNCOMPRESSED",
    backupPrefix: { regionPrefix: true },
    errorLogRetentionDays: 14,
  },
};

/** The metric stream's output format in Datadog's template (Datadog reads OpenTelemetry 1.0 and 0.7 only). */
export const METRIC_STREAM_OUTPUT_FORMAT = "opentelemetry1.0";

/** Extra statistics (percentiles) the template's metric stream sends for some metrics. */
export const METRIC_STREAM_STATISTICS: readonly { readonly metrics: readonly (readonly [namespace: string, metricName: string])[]; readonly statistics: readonly string[] }[] = [
  { metrics: [["AWS/ApplicationELB", "TargetResponseTime"]], statistics: ["p50", "p90", "p95", "p99"] },
  {
    metrics: [
      ["AWS/ELB", "Latency"],
      ["AWS/ELB", "TargetResponseTime"],
    ],
    statistics: ["p95", "p99"],
  },
  {
    metrics: [
      ["AWS/S3", "FirstByteLatency"],
      ["AWS/S3", "TotalRequestLatency"],
    ],
    statistics: ["p50", "p90", "p95", "p99", "p99.9"],
  },
  {
    metrics: [
      ["AWS/ApiGateway", "IntegrationLatency"],
      ["AWS/ApiGateway", "Latency"],
    ],
    statistics: ["p90", "p95", "p99"],
  },
  {
    metrics: [
      ["AWS/States", "ExecutionTime"],
      ["AWS/States", "LambdaFunctionRunTime"],
      ["AWS/States", "LambdaFunctionScheduleTime"],
      ["AWS/States", "LambdaFunctionTime"],
      ["AWS/States", "ActivityRunTime"],
      ["AWS/States", "ActivityScheduleTime"],
      ["AWS/States", "ActivityTime"],
    ],
    statistics: ["p95", "p99"],
  },
  { metrics: [["AWS/Lambda", "Duration"]], statistics: ["p50", "p80", "p95", "p99", "p99.9"] },
  { metrics: [["AWS/Lambda", "PostRuntimeExtensionsDuration"]], statistics: ["p50", "p99"] },
  { metrics: [["AWS/AppSync", "Latency"]], statistics: ["p90"] },
  { metrics: [["AWS/AppRunner", "RequestLatency"]], statistics: ["p50", "p95", "p99"] },
];
