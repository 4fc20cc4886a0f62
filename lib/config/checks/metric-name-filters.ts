/**
 * Metric name filters (metrics.metricNameFilters): each one takes one mode, each namespace
 * one filter (Datadog: "each namespace can use only one filter mode"), and only namespaces the
 * integration collects. Datadog's API keeps a filter for a namespace it does not collect and
 * applies it to nothing (the provider's own acceptance test saves one for AWS/RDS while
 * collecting only AWS/EC2), so the mistake would pass unnoticed without this check.
 */
import { DEFAULT_EXCLUDED_NAMESPACES } from "../../facts/datadog-lists";
import { quote } from "../json-value";
import { isToken } from "../fields/rules";
import { type Ctx, type IntegrationValue, issue, list, metricsOf } from "./check";

/** Why the integration collects no metric of `namespace`, or undefined when it does (or cannot be known at synth). */
function notCollected(metrics: ReturnType<typeof metricsOf>, namespace: string): string | undefined {
  if (metrics.enabled === false) return "metrics.enabled is false, so no metric is collected; set it to true, or remove metrics.metricNameFilters";
  const ns = metrics.namespaces;
  const names = (v: unknown) => (Array.isArray(v) ? (v as unknown[]) : undefined);
  const include = names(ns?.includeOnly);
  const exclude = names(ns?.excludeOnly);
  if (include?.some(isToken) || exclude?.some(isToken)) return undefined;
  if (include && !include.includes(namespace)) return `metrics.namespaces.includeOnly does not list it; add ${quote(namespace)} there, or remove this filter`;
  if (!include && exclude?.includes(namespace)) return `metrics.namespaces.excludeOnly lists it; remove it there, or remove this filter`;
  if (!include && !exclude && (DEFAULT_EXCLUDED_NAMESPACES as readonly string[]).includes(namespace)) {
    return `Datadog's default leaves it out (it excludes ${DEFAULT_EXCLUDED_NAMESPACES.join(", ")}); to collect it, set metrics.namespaces.excludeOnly to the others of that list, or remove this filter`;
  }
  return undefined;
}

export function checkMetricNameFilters(c: IntegrationValue, ctx: Ctx): void {
  const metrics = metricsOf(c);
  const seen = new Map<string, number>();
  list(metrics.metricNameFilters).forEach((f, i) => {
    if (typeof f !== "object" || f === null) return;
    const path = ["metrics", "metricNameFilters", i];
    const modes = (["includeOnly", "excludeOnly"] as const).filter((k) => f[k] !== undefined);
    if (modes.length !== 1) {
      const what = modes.length ? 'sets both "includeOnly" and "excludeOnly"' : 'sets neither "includeOnly" nor "excludeOnly"';
      issue(ctx, "combination/metric-name-filter-mode", path, `${what}; a filter takes one of them: includeOnly (collect only these metric names) or excludeOnly (collect all but these)`);
    }
    if (typeof f.namespace !== "string" || isToken(f.namespace)) return;
    const earlier = seen.get(f.namespace);
    if (earlier !== undefined) {
      issue(
        ctx,
        "combination/metric-name-filter-twice",
        [...path, "namespace"],
        `${quote(f.namespace)} already has a filter in metrics.metricNameFilters[${earlier}]; Datadog takes one filter per namespace, in one mode: merge their patterns into one includeOnly or one excludeOnly`,
      );
    } else seen.set(f.namespace, i);
    const why = notCollected(metrics, f.namespace);
    if (why) issue(ctx, "combination/metric-name-filter-namespace", [...path, "namespace"], `the integration collects no metric of ${quote(f.namespace)}: ${why}`);
  });
}
