// How Datadog's API takes, checks and keeps an AWS integration's metric name filters (metrics_config.metric_name_filters).
/**
 * Evidence:
 * - Datadog API spec (datadog-api-client-go v2.64.0, `AWSMetricNameFilters`): a oneOf of
 *   `{ namespace, include_only }` and `{ namespace, exclude_only }`, both fields required,
 *   "Exactly one of `include_only` or `exclude_only` must be set"; no minItems, no pattern.
 * - Datadog's guide "Configure AWS Metric Name Filters with the API" (DataDog/documentation,
 *   content/en/integrations/guide/aws-metric-name-filters.md): "each namespace can use only
 *   one filter mode"; "Filter patterns support lowercase letters, numbers, `.`, `_`, and `*`".
 * - Provider cassette TestAccIntegrationAwsAccount_RoleBased (metric name filters added by
 *   PR #3945): sent `[{include_only, namespace: "AWS/EC2"}, {exclude_only, namespace: "AWS/RDS"}]`,
 *   answered `namespace` first, then the mode, in the order sent (which is also sorted); an
 *   AWS/RDS filter is kept although the integration collects AWS/EC2 only, so a filter for a
 *   namespace that is not collected is not refused. Absent from answers when there are none.
 * - Refusals: the wording of none is recorded; each is modelled on the recorded namespace
 *   refusal (provider issue #3961: 400 "invalid value", meta { field: message }), so the
 *   provider meets a 400 with the field named, as it would. "Assumed" marks each below.
 * - Order: every recorded filter has one pattern, and the filters sent were already sorted;
 *   like every list no recording orders (datadog-api/list-order.ts), they come back sorted
 *   here: filters by namespace, each one's patterns by code point (assumed).
 */
import { isObj, type Obj, strings } from "./account-record";
import { sortedList } from "./list-order";
import { invalidValue, type Reply } from "./replies";

const FIELD = "metrics_config.metric_name_filters";
const PATTERN = /^[a-z0-9._*]+$/;
const MODES = ["include_only", "exclude_only"] as const;

/** The refusal of a request's metric name filters, or undefined when the API takes them. */
export function checkMetricNameFilters(filters: unknown, namespaces: readonly string[] | undefined): Reply | undefined {
  if (filters === undefined || filters === null) return undefined;
  if (!Array.isArray(filters)) return invalidValue(FIELD, "must be a list of metric name filters"); // assumed wording
  const seen = new Set<string>();
  for (const f of filters as unknown[]) {
    if (!isObj(f) || typeof f.namespace !== "string") return invalidValue(FIELD, "each filter needs a namespace"); // assumed
    const modes = MODES.filter((m) => f[m] != null);
    // The spec's oneOf: exactly one mode (assumed wording).
    if (modes.length !== 1) return invalidValue(FIELD, `exactly one of include_only or exclude_only must be set for namespace ${f.namespace}`);
    // "each namespace can use only one filter mode" (the guide); assumed wording.
    if (seen.has(f.namespace)) return invalidValue(FIELD, `duplicate namespace: ${f.namespace}`);
    seen.add(f.namespace);
    // As namespace_filters are checked (issue #3961's answer); assumed for these filters.
    if (namespaces && !namespaces.includes(f.namespace)) return invalidValue(FIELD, `invalid namespaces: [${f.namespace}]`);
    // The guide's pattern alphabet; assumed to be enforced, with this wording.
    const bad = strings(f[modes[0]]).filter((p) => !PATTERN.test(p));
    if (bad.length) return invalidValue(FIELD, `invalid metric name patterns: [${bad.join(" ")}]`);
  }
  return undefined;
}

/** The filters as stored and answered: namespace first, then the mode; sorted (see above). */
export function keptMetricNameFilters(filters: unknown): Obj[] {
  const list = Array.isArray(filters) ? (filters as Obj[]) : [];
  return list
    .map((f) => {
      const mode = MODES.find((m) => f[m] != null)!;
      return { namespace: f.namespace, [mode]: sortedList(strings(f[mode])) };
    })
    .sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0));
}
