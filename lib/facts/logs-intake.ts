/**
 * Datadog's Firehose logs intake per site, and the partitions its account-level logs template
 * supports.
 *
 * Source (checked 2026-12): DataDog/cloudformation-template `aws_account_level_logs/main.yaml`
 * (commit 544e9e1, 2026-05-29), parameter `DatadogHttpEndpointUrl`, its AllowedValues: one URL
 * per site (datad0g.com is Datadog's staging site, not a customer site, left out). The template
 * writes every ARN as `arn:aws:...`, so it supports the commercial partition only.
 */
import type { Partition } from "./partitions";

/** The logs intake Firehose posts to, by Datadog site. */
export const LOGS_INTAKE_BY_SITE: Readonly<Record<string, string>> = {
  "datadoghq.com": "https://aws-kinesis-http-intake.logs.datadoghq.com/v1/input",
  "datadoghq.eu": "https://aws-kinesis-http-intake.logs.datadoghq.eu/v1/input",
  "ap1.datadoghq.com": "https://aws-kinesis-http-intake.logs.ap1.datadoghq.com/api/v2/logs?dd-protocol=aws-kinesis-firehose",
  "ap2.datadoghq.com": "https://aws-kinesis-http-intake.logs.ap2.datadoghq.com/api/v2/logs?dd-protocol=aws-kinesis-firehose",
  "us3.datadoghq.com": "https://aws-kinesis-http-intake.logs.us3.datadoghq.com/api/v2/logs?dd-protocol=aws-kinesis-firehose",
  "us5.datadoghq.com": "https://aws-kinesis-http-intake.logs.us5.datadoghq.com/api/v2/logs?dd-protocol=aws-kinesis-firehose",
  "ddog-gov.com": "https://aws-kinesis-http-intake.logs.ddog-gov.com/v1/input",
  "us2.ddog-gov.com": "https://aws-kinesis-http-intake.logs.us2.ddog-gov.com/api/v2/logs?dd-protocol=aws-kinesis-firehose",
  "uk1.datadoghq.com": "https://aws-kinesis-http-intake.logs.uk1.datadoghq.com/api/v2/logs?dd-protocol=aws-kinesis-firehose",
};

/** Partitions Datadog's account-level logs template supports (it writes `arn:aws:` ARNs only). */
export const LOG_DELIVERY_PARTITIONS: readonly Partition[] = ["aws"];

/** The site's logs intake URL, or undefined when the template has none for it. */
export function logsIntakeUrl(site: string): string | undefined {
  return Object.hasOwn(LOGS_INTAKE_BY_SITE, site) ? LOGS_INTAKE_BY_SITE[site] : undefined;
}
