// The order Datadog's API keeps an AWS integration's lists in, so the provider meets the reordering users hit ("Provider produced inconsistent result after apply").
/**
 * What is known, and from where, is in lib/facts/README.md ("List order"). In short:
 * - Namespace filters come back in an order of Datadog's, not the one sent, and not sorted
 *   (terraform-provider-datadog #2903, #2908, #2912, #3887). The order in which Datadog
 *   publishes its namespaces (GET /api/v2/integration/aws/available_namespaces, as the provider's
 *   cassette recorded it: recorded-lists.ts, not the project's own copy in lib/facts) is the candidate modelled here; names it lacks go after, by
 *   code point (assumed). Its own default, exclude_only ["AWS/SQS", "AWS/ElasticMapReduce",
 *   "AWS/Usage"], comes back in that order (every provider cassette), although the published
 *   order would put AWS/ElasticMapReduce first: modelled as Datadog keeping that set as its default.
 * - Log sources come back as sent, and so do log tag filters (provider cassette
 *   TestAccIntegrationAwsAccount_RoleBased: sources ["s3", "lambda", "cloudtrail"] and tag
 *   filters for "lambda" then "cloudtrail", on PATCH and GET).
 * - Everything else (account tags, regions, metric tag filters, every tag filter's tags,
 *   Lambda forwarder ARNs, X-Ray services): no recording tells. They come back sorted by code point here, a
 *   deterministic order unlike a shuffled request's, so a stack that depends on the order it
 *   sent fails here the way it would if Datadog reorders them.
 */
import type { Obj } from "./account-record";
import { RECORDED_NAMESPACES } from "./recorded-lists";

/** Datadog's default exclude_only, in the order its API returns it (provider cassettes). */
export const DEFAULT_EXCLUDED_NAMESPACES = ["AWS/SQS", "AWS/ElasticMapReduce", "AWS/Usage"];

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const publishedNamespaces = RECORDED_NAMESPACES.items;
const rank = new Map(publishedNamespaces.map((n, i) => [n, i]));

/** Sorted by code point (the order assumed where no recording shows one). */
export const sortedList = (list: readonly string[]): string[] => [...list].sort(byCodePoint);

/** Namespaces as Datadog's API returns a namespace filter (see above). */
export function namespacesInDatadogOrder(list: readonly string[]): string[] {
  const isDefault = list.length === DEFAULT_EXCLUDED_NAMESPACES.length && DEFAULT_EXCLUDED_NAMESPACES.every((n) => list.includes(n));
  if (isDefault) return [...DEFAULT_EXCLUDED_NAMESPACES];
  const unknownLast = (n: string) => rank.get(n) ?? publishedNamespaces.length;
  return [...list].sort((a, b) => unknownLast(a) - unknownLast(b) || byCodePoint(a, b));
}

/** A oneOf filter object (aws_regions, namespace_filters, xray_services) with its list reordered. */
export function reorderOneOf(filter: Obj, order: (list: readonly string[]) => string[]): Obj {
  const out = { ...filter };
  for (const key of ["include_only", "exclude_only"]) if (Array.isArray(out[key])) out[key] = order(out[key]);
  return out;
}

/** Tag filters with each one's tags sorted (assumed), and sorted by `sortBy` when given (assumed, see above). */
export function reorderTagFilters(filters: Obj[], sortBy?: "namespace"): Obj[] {
  const withSortedTags = filters.map((f) => (Array.isArray(f.tags) ? { ...f, tags: sortedList(f.tags) } : f));
  return sortBy ? withSortedTags.sort((a, b) => byCodePoint(String(a[sortBy]), String(b[sortBy]))) : withSortedTags;
}
