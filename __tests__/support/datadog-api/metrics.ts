// The metrics side of the local Datadog API: which metric names have reported, with which tags and when, and GET /api/v1/metrics over them.
/**
 * `GET /api/v1/metrics` ("Get active metrics list", Datadog API spec v1, operation
 * ListActiveMetrics; https://docs.datadoghq.com/api/latest/metrics/get-active-metrics-list/):
 * - `from` (required): seconds since the Unix epoch; the names of metrics that reported
 *   from then until now come back as `{ "from": "<from>", "metrics": [...] }` (the spec's
 *   MetricsListResponse: `from` is a string);
 * - `host`: only metrics with that host; `tag_filter`: only metrics submitted with the
 *   given tags ("supports boolean and wildcard expressions; cannot be combined with other
 *   filters");
 * - a bad request is `400 {"errors": [...]}` (the spec's APIErrorResponse).
 * The stand-in supports `tag_filter` as one tag, or tags joined by AND, each with `*`
 * wildcards; any other expression is refused with 400 rather than answered wrongly (assumed:
 * Datadog's own wording of these refusals is not recorded).
 */
import type { Reply } from "./replies";

export interface MetricPoint {
  readonly name: string;
  readonly tags: readonly string[];
  readonly host?: string;
  /** When it was submitted. */
  readonly at: Date;
}

const badRequest = (message: string): Reply => ({ status: 400, body: { errors: [message] }, type: "application/json" });

const wildcard = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i");

export class MetricStore {
  private readonly points: MetricPoint[] = [];

  submit(point: MetricPoint): void {
    this.points.push(point);
  }

  /** The reply to GET /api/v1/metrics with these query parameters. */
  activeMetrics(query: URLSearchParams, now: Date = new Date()): Reply {
    const from = query.get("from");
    if (from === null) return badRequest("Missing required parameter 'from'");
    if (!/^\d+$/.test(from)) return badRequest(`Invalid value for 'from': ${JSON.stringify(from)} is not seconds since the Unix epoch`);
    const host = query.get("host");
    const tagFilter = query.get("tag_filter");
    if (host !== null && tagFilter !== null) return badRequest("tag_filter cannot be combined with other filters");
    let terms: RegExp[] = [];
    if (tagFilter !== null) {
      const parts = tagFilter.split(/\s+AND\s+/);
      if (parts.some((p) => p === "" || /\s|[()]|^(OR|NOT)$|^!/.test(p))) return badRequest(`the local stand-in does not support the tag_filter expression ${JSON.stringify(tagFilter)}`);
      terms = parts.map(wildcard);
    }
    const since = Number(from) * 1000;
    const names = this.points
      .filter((p) => p.at.getTime() >= since && p.at.getTime() <= now.getTime())
      .filter((p) => host === null || p.host === host)
      .filter((p) => terms.every((t) => p.tags.some((tag) => t.test(tag))))
      .map((p) => p.name);
    return { status: 200, body: { from, metrics: [...new Set(names)].sort() }, type: "application/json" };
  }
}
