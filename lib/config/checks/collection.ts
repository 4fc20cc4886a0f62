/**
 * Rules between the collection settings: CSPM needs resource collection, one namespace
 * selection, one tag filter per namespace (combination/*).
 */
import { quote } from "../json-value";
import { type Ctx, type IntegrationValue, issue, list, metricsOf } from "./check";

/** CSPM reads what resource collection gathers. */
export function checkCspmNeedsResourceCollection(c: IntegrationValue, ctx: Ctx): void {
  if (c.cspm && !c.resourceCollection) {
    issue(ctx, "combination/cspm-without-resource-collection", ["cspm"], 'CSPM needs resource collection, which is off; set "resourceCollection": true or "cspm": false');
  }
}

/** Datadog takes includeOnly or excludeOnly, not both. */
export function checkIncludeOrExclude(c: IntegrationValue, ctx: Ctx): void {
  const ns = metricsOf(c).namespaces;
  if (ns?.includeOnly && ns.excludeOnly) {
    issue(
      ctx,
      "combination/include-and-exclude",
      ["metrics", "namespaces"],
      'both "includeOnly" and "excludeOnly" are set; Datadog takes one of them: keep includeOnly (collect only these) or excludeOnly (collect all but these)',
    );
  }
}

/** Datadog keeps one tag filter per namespace; hostTags and lambdaTags are AWS/EC2's and AWS/Lambda's. */
export function checkTagFilterOnce(c: IntegrationValue, ctx: Ctx): void {
  const metrics = metricsOf(c);
  const filtered = new Map<string, string>();
  if (list(metrics.hostTags).length) filtered.set("AWS/EC2", "metrics.hostTags");
  if (list(metrics.lambdaTags).length) filtered.set("AWS/Lambda", "metrics.lambdaTags");
  list(metrics.tagFilters).forEach((f, i) => {
    if (typeof f?.namespace !== "string") return;
    const earlier = filtered.get(f.namespace);
    if (earlier) {
      issue(
        ctx,
        "combination/tag-filter-twice",
        ["metrics", "tagFilters", i, "namespace"],
        `${quote(f.namespace)} already has tag filters from ${earlier}; Datadog keeps one filter per namespace, so merge the tags into one place`,
      );
    }
    filtered.set(f.namespace, `metrics.tagFilters[${i}]`);
  });
}
