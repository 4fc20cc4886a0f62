/**
 * The integration's lists written in the order Datadog's API returns them. The provider
 * stores what the API answers and Terraform compares it, element by element, with what it
 * planned: a list the API reorders fails the apply ("Provider produced inconsistent result
 * after apply") and shows a change on every later plan (terraform-provider-datadog #2903,
 * #2908, #2912, #3887). Writing the API's order makes the user's order irrelevant. What is
 * known of that order, and what is not, is in lib/facts/README.md ("List order").
 */
import { CLOUDWATCH_NAMESPACES, DEFAULT_EXCLUDED_NAMESPACES } from "../../facts/datadog-lists";

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const published = new Map(CLOUDWATCH_NAMESPACES.names.map((n, i) => [n, i]));

/**
 * Where no recording shows Datadog's order (tags, regions, forwarder ARNs, X-Ray services):
 * sorted by code point, which is also the order sent when Datadog keeps lists as sent.
 */
export function inCodePointOrder(list: readonly string[]): string[] {
  return [...list].sort(byCodePoint);
}

/**
 * Namespaces in the order Datadog publishes them (its list in lib/facts/datadog-lists),
 * names newer than that list after it by code point; Datadog's default exclusion in the
 * order its API returns it.
 */
export function inDatadogNamespaceOrder(names: readonly string[]): string[] {
  const defaults: readonly string[] = DEFAULT_EXCLUDED_NAMESPACES;
  if (names.length === defaults.length && defaults.every((n) => names.includes(n))) return [...defaults];
  const position = (n: string) => published.get(n) ?? published.size;
  return [...names].sort((a, b) => position(a) - position(b) || byCodePoint(a, b));
}

/** Tag filters by namespace, each one's tags sorted. */
export function inTagFilterOrder<T extends { namespace: string; tags: string[] }>(filters: readonly T[]): T[] {
  return filters.map((f) => ({ ...f, tags: inCodePointOrder(f.tags) })).sort((a, b) => byCodePoint(a.namespace, b.namespace));
}

/**
 * Log source tag filters in the order given (Datadog keeps them as sent: provider cassette
 * TestAccIntegrationAwsAccount_RoleBased), each one's tags sorted (no recording tells).
 */
export function inLogTagFilterOrder<T extends { source: string; tags: string[] }>(filters: readonly T[]): T[] {
  return filters.map((f) => ({ ...f, tags: inCodePointOrder(f.tags) }));
}

/**
 * Metric name filters by namespace, each one's patterns sorted: no recording shows Datadog
 * reordering them (its answers hold one pattern per filter), so the order assumed for unknown
 * lists holds (lib/facts/README.md, "List order").
 */
export function inMetricNameFilterOrder<T extends { namespace: string; includeOnly?: string[]; excludeOnly?: string[] }>(filters: readonly T[]): T[] {
  const sorted = (list?: string[]) => (list ? inCodePointOrder(list) : undefined);
  return filters.map((f) => ({ ...f, includeOnly: sorted(f.includeOnly), excludeOnly: sorted(f.excludeOnly) })).sort((a, b) => byCodePoint(a.namespace, b.namespace));
}
