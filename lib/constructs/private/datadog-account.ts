/**
 * The Datadog side as a pure mapping: resolved settings in, the attributes of the
 * provider's `datadog_integration_aws_account` out. No construct is made here, so the
 * mapping reads like the provider's schema and can be checked on its own.
 */
import { TerraformMetaArguments } from "cdktf";
import { IntegrationAwsAccountConfig } from "@cdktf/provider-datadog/lib/integration-aws-account";
import { ResolvedIntegration } from "../../config/schema";
import { Partition } from "../../facts/partitions";
import { inCodePointOrder, inDatadogNamespaceOrder, inLogTagFilterOrder, inTagFilterOrder } from "./datadog-list-order";

/** How Datadog authenticates: the role's name, or the access key's ID and secret. */
export type DatadogAuthConfig = IntegrationAwsAccountConfig["authConfig"];

/** The account's attributes, for the provider the caller adds. */
export type DatadogAccountAttributes = Omit<IntegrationAwsAccountConfig, "provider" | keyof TerraformMetaArguments>;

export function datadogAccountAttributes(c: ResolvedIntegration, partition: Partition, authConfig: DatadogAuthConfig): DatadogAccountAttributes {
  const m = c.metrics;
  const tagFilters = inTagFilterOrder([
    ...(m.hostTags.length ? [{ namespace: "AWS/EC2", tags: m.hostTags }] : []),
    ...(m.lambdaTags.length ? [{ namespace: "AWS/Lambda", tags: m.lambdaTags }] : []),
    ...m.tagFilters,
  ]);
  // Every list in the order Datadog's API returns it (datadog-list-order.ts): the provider
  // keeps the API's answer, so any other order fails the apply or never plans clean.
  const namespaceFilters = m.namespaces?.includeOnly
    ? { includeOnly: inDatadogNamespaceOrder(m.namespaces.includeOnly) }
    : m.namespaces?.excludeOnly
      ? { excludeOnly: inDatadogNamespaceOrder(m.namespaces.excludeOnly) }
      : {};
  return {
    awsAccountId: c.awsAccountId,
    awsPartition: partition,
    // Always written, [] included: the attribute is Optional + Computed, so leaving it out
    // after the last tag is removed would plan no change and leave the tags in Datadog.
    accountTags: inCodePointOrder(c.tags),
    authConfig,
    awsRegions: c.regions === "all" ? { includeAll: true } : { includeOnly: inCodePointOrder(c.regions) },
    // Sources as given: Datadog keeps them in the order sent.
    logsConfig: { lambdaForwarder: { lambdas: inCodePointOrder(c.logs.lambdaForwarderArns), sources: c.logs.sources, ...logSourceConfig(c.logs.tagFilters) } },
    metricsConfig: {
      enabled: m.enabled,
      automuteEnabled: m.automute,
      collectCloudwatchAlarms: m.collectCloudwatchAlarms,
      collectCustomMetrics: m.collectCustomMetrics,
      // The provider requires the block (ExactlyOneOf validator); empty means its default.
      namespaceFilters,
      tagFilters: tagFilters.length ? tagFilters : undefined,
    },
    resourcesConfig: {
      extendedCollection: c.resourceCollection,
      cloudSecurityPostureManagementCollection: c.cspm,
    },
    // The provider requires the xray_services block too; empty means no X-Ray traces.
    tracesConfig: {
      xrayServices: c.xrayServices === undefined ? {} : c.xrayServices === "all" ? { includeAll: true } : { includeOnly: inCodePointOrder(c.xrayServices) },
    },
  };
}

/**
 * Log source tag filters (provider 3.73.0 and later): the block only when there are filters,
 * so stacks without them synthesize as before. Removing the last filter still clears them in
 * Datadog: without the block the provider plans it null and sends an empty list.
 */
function logSourceConfig(filters: ResolvedIntegration["logs"]["tagFilters"]) {
  return filters.length ? { logSourceConfig: { tagFilters: inLogTagFilterOrder(filters) } } : {};
}
