/**
 * Rules between the collection settings: CSPM needs resource collection, one namespace
 * selection, one tag filter per namespace, log tag filters only for collected sources, once each
 * (combination/*).
 */
import { quote } from "../json-value";
import { isToken } from "../fields/rules";
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

/**
 * A log source's tag filter narrows logs the forwarders collect from that source, so it must
 * be one of logs.sources (Datadog would keep a filter for any other and apply it to nothing),
 * and one filter per source (Datadog keeps them as a list; two for one source leave it to
 * Datadog which one applies).
 */
export function checkLogTagFilters(c: IntegrationValue, ctx: Ctx): void {
  const logs = (c.logs ?? {}) as Partial<IntegrationValue["logs"]>;
  const sources = list(logs.sources);
  const sourcesKnown = sources.every((s) => typeof s === "string" && !isToken(s));
  const seen = new Map<string, number>();
  list(logs.tagFilters).forEach((f, i) => {
    if (typeof f?.source !== "string" || isToken(f.source)) return;
    const path = ["logs", "tagFilters", i, "source"];
    if (sourcesKnown && !sources.includes(f.source)) {
      const collected = sources.length ? `it collects ${sources.map(quote).join(", ")}` : "it collects none (logs.sources is empty)";
      issue(
        ctx,
        "combination/log-tag-filter-source",
        path,
        `${quote(f.source)} is not a log source this integration collects (logs.sources); ${collected}: add ${quote(f.source)} to logs.sources, or remove this filter`,
      );
    }
    const earlier = seen.get(f.source);
    if (earlier !== undefined) {
      issue(ctx, "combination/log-tag-filter-twice", path, `${quote(f.source)} already has tag filters in logs.tagFilters[${earlier}]; give each source one filter, with all its tags`);
    } else seen.set(f.source, i);
  });
}
