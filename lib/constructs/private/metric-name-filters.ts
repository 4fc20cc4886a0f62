/**
 * Metric name filters (`metrics_config.metric_name_filters`, Datadog provider 4.16.0 and
 * later) on the integration's Datadog side, written only when the settings have some, so a
 * stack without them synthesizes as before and keeps admitting provider 3.82.0.
 *
 * How a block the bindings do not know is emitted. `@cdktf/provider-datadog` was generated
 * from provider 3.82.0 and is final (CDKTF is archived), so its metrics config has no
 * `metricNameFilters`. cdktf's usual escape hatch, `addOverride("metrics_config.metric_name_filters", ...)`,
 * writes the JSON output right but is lost without a trace under `--hcl`: cdktf merges
 * overrides into its HCL description of the resource, where `metrics_config` is a
 * `{ value, isBlock, ... }` record and the override lands beside `value`, not in it (tried
 * with cdktf 0.21: the block is missing from cdk.tf). So the escape hatch used is the
 * bindings' own extension point: a subclass of the resource whose two renderings (JSON
 * attributes and HCL attributes) add the block inside `metrics_config`, shaped as the
 * bindings shape `tag_filters`. Everything else, addresses included, stays the binding's.
 * The feature is declared on the stack (`requireProviderFeature`), so the stack's provider
 * range starts at 4.16.0 and `terraform init` refuses a provider that would not know the
 * block, instead of 3.82.0's `terraform validate` failing with 'No argument or block type is named "metric_name_filters"'.
 */
import type { Construct } from "constructs";
import { IntegrationAwsAccount, type IntegrationAwsAccountConfig } from "@cdktf/provider-datadog/lib/integration-aws-account";
import type { ResolvedMetricNameFilter } from "../../config/resolved";
import { requireProviderFeature } from "../provider-requirements";
import { inMetricNameFilterOrder } from "./datadog-list-order";

type Attributes = Record<string, any>;

/** The filters as the provider's schema names them, in the order Datadog's API keeps them. */
export function metricNameFilterBlocks(filters: readonly ResolvedMetricNameFilter[]): Attributes[] {
  return inMetricNameFilterOrder(filters).map((f) => (f.includeOnly ? { namespace: f.namespace, include_only: f.includeOnly } : { namespace: f.namespace, exclude_only: f.excludeOnly }));
}

/** One filter as the bindings describe a nested block to cdktf's HCL renderer. */
function hclBlock(block: Attributes): Attributes {
  const patterns = (key: string) => (block[key] ? { [key]: { value: block[key], isBlock: false, type: "list", storageClassType: "stringList" } } : {});
  return { namespace: { value: block.namespace, isBlock: false, type: "simple", storageClassType: "string" }, ...patterns("include_only"), ...patterns("exclude_only") };
}

/** `datadog_integration_aws_account` with `metrics_config.metric_name_filters` (see the file comment). */
class IntegrationAwsAccountWithMetricNameFilters extends IntegrationAwsAccount {
  constructor(
    scope: Construct,
    id: string,
    config: IntegrationAwsAccountConfig,
    private readonly metricNameFilters: Attributes[],
  ) {
    super(scope, id, config);
  }

  protected synthesizeAttributes(): Attributes {
    const attributes = super.synthesizeAttributes();
    return { ...attributes, metrics_config: { ...attributes.metrics_config, metric_name_filters: this.metricNameFilters } };
  }

  protected synthesizeHclAttributes(): Attributes {
    const attributes = super.synthesizeHclAttributes();
    const metricsConfig = attributes.metrics_config;
    const filters = { value: this.metricNameFilters.map(hclBlock), isBlock: true, type: "list", storageClassType: "IntegrationAwsAccountMetricsConfigMetricNameFiltersList" };
    return { ...attributes, metrics_config: { ...metricsConfig, value: { ...metricsConfig.value, metric_name_filters: filters } } };
  }
}

/**
 * The integration's Datadog side: the binding's resource, or, when the settings have metric
 * name filters, the resource with them, and the provider version they need declared.
 */
export function integrationAwsAccount(scope: Construct, id: string, config: IntegrationAwsAccountConfig, filters: readonly ResolvedMetricNameFilter[]): IntegrationAwsAccount {
  if (!filters.length) return new IntegrationAwsAccount(scope, id, config);
  requireProviderFeature(scope, "metricNameFilters");
  return new IntegrationAwsAccountWithMetricNameFilters(scope, id, config, metricNameFilterBlocks(filters));
}
