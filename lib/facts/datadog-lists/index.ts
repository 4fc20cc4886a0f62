/**
 * Names Datadog's API accepts for an AWS account integration, pinned with their date and
 * source like the permission lists. The provider does not check these values; the API
 * refuses an unknown namespace at apply time with "400 invalid namespaces", after
 * Terraform has already changed the AWS side. Synth checks them first.
 *
 * Source: Datadog API, `GET /api/v2/integration/aws/available_namespaces` and
 * `GET /api/v2/integration/aws/logs/services` (api.datadoghq.com), as recorded on
 * 2024-12-09 in DataDog/terraform-provider-datadog's test recordings
 * (TestAccDatadogIntegrationAWSAvailableNamespacesDatasource,
 * TestAccDatadogIntegrationAWSAvailableLogsServicesDatasource). To update, replace the
 * JSON files with the current responses of those endpoints and change the dates below.
 * Keep the namespaces in the order the endpoint returns them: stacks write namespace filters
 * in that order, the candidate for Datadog's own (lib/facts/README.md, "List order").
 * A name newer than these lists is accepted through `metrics.newNamespaces` or
 * `logs.newSources` (docs/config-reference.md, "Namespaces and log sources").
 */
import namespaces from "./cloudwatch-namespaces-2024-12-09.json";
import logSources from "./log-sources-2024-12-09.json";

export interface DatadogNameList {
  readonly date: string;
  readonly source: string;
  readonly names: readonly string[];
}

export const CLOUDWATCH_NAMESPACES: DatadogNameList = {
  date: "2024-12-09",
  source: "Datadog API GET /api/v2/integration/aws/available_namespaces",
  names: namespaces,
};

export const LOG_SOURCES: DatadogNameList = {
  date: "2024-12-09",
  source: "Datadog API GET /api/v2/integration/aws/logs/services",
  names: logSources,
};

/**
 * What an empty `namespace_filters` block means to Datadog: every namespace but these
 * (the provider's documentation of `exclude_only`, and the API's response to a create
 * without filters).
 */
export const DEFAULT_EXCLUDED_NAMESPACES = ["AWS/SQS", "AWS/ElasticMapReduce", "AWS/Usage"] as const;
