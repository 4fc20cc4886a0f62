/**
 * Whether metrics from the account arrived (Datadog's guide: "wait up to 10 minutes"). None
 * within 10 minutes of the integration's creation is not yet a problem; none after it is,
 * and the finding says where to look next: the problems the checks before it found, the
 * integration's state as Datadog holds it, and the errors Datadog shows on its tile. It runs
 * last, after every other check.
 */
import { ARRIVAL_EXPECTED_MS, duration } from "../arrival";
import { defineCheck } from "../check";
import type { DatadogAccount } from "../views";

/** The integration's metric collection, regions and namespaces as Datadog holds them, in one line. */
function collectionState(a: DatadogAccount["attributes"], createdAt: Date | undefined): string {
  const regions = a.aws_regions as { include_all?: boolean; include_only?: string[] } | undefined;
  const filters = (a.metrics_config as { namespace_filters?: { include_only?: string[]; exclude_only?: string[] } } | undefined)?.namespace_filters;
  const namespaces = filters?.include_only
    ? `only ${filters.include_only.join(", ")}`
    : filters?.exclude_only
      ? `all but ${filters.exclude_only.join(", ")}`
      : "Datadog's default";
  return (
    `the integration as Datadog holds it: metric collection ${a.metrics_config?.enabled === false ? "off" : "on"}; ` +
    `regions ${regions?.include_only ? regions.include_only.join(", ") : "all"}; namespaces ${namespaces}; ` +
    `created ${createdAt?.toISOString() ?? "(not reported)"}`
  );
}

export const metricsArrivalCheck = defineCheck({
  name: "metrics-arrival",
  findings: {
    "metrics-not-arriving": {
      meaning:
        "No metrics tagged `aws_account:<id>` reached Datadog since the integration was created (10 minutes or more ago), or within `--wait`; " +
        "shows the integration's state as Datadog holds it (metric collection, regions, namespaces) and the other findings.",
      fix:
        "Fix the other findings first; then look at the errors Datadog shows on its AWS integration page (its API does not return them); " +
        "an account with nothing CloudWatch measures sends nothing.",
    },
  },
  run({ subject: s, datadog, words: w, found }, out) {
    const arrival = datadog.metrics;
    const account = datadog.account;
    if (!account || datadog.notRead !== undefined) return;
    const tag = `aws_account:${s.accountId}`;
    if (datadog.metricsNotRead !== undefined) {
      out.skipped(`metrics arriving: ${datadog.metricsNotRead}`);
      return;
    }
    if (!arrival) {
      out.skipped(`metrics arriving: metric collection is off in Datadog`);
      return;
    }
    const since =
      arrival.createdAt && arrival.createdAt.getTime() === arrival.from.getTime()
        ? `since the integration was created (${arrival.from.toISOString()})`
        : `in the last hour (since ${arrival.from.toISOString()})`;
    const waited = arrival.waitedMs !== undefined ? `, after waiting ${duration(arrival.waitedMs)} (${arrival.polls} looks)` : "";
    const count = arrival.metrics.length;
    if (count) {
      const shown = arrival.metrics.slice(0, 3).join(", ");
      out.passed(`metrics arriving: ${count} metric${count === 1 ? "" : "s"} tagged ${tag} reached Datadog ${since}${waited}, e.g. ${shown}`);
      return;
    }
    const age = arrival.createdAt ? arrival.checkedAt.getTime() - arrival.createdAt.getTime() : Number.POSITIVE_INFINITY;
    if (age < ARRIVAL_EXPECTED_MS) {
      out.skipped(
        `metrics arriving: none tagged ${tag} yet${waited}; the integration is ${duration(age)} old ` +
          `and data can take ${duration(ARRIVAL_EXPECTED_MS)} to arrive: run again with --wait ${duration(ARRIVAL_EXPECTED_MS - age + 60_000)}`,
      );
      return;
    }
    const others = found.map((f) => f.code);
    out.problem({
      code: "metrics-not-arriving",
      problem: `no metrics tagged ${tag} reached Datadog ${since}${waited}, so the AWS overview dashboard stays empty for account ${s.accountId}`,
      where: `Datadog's metrics (GET /api/v1/metrics?tag_filter=${tag}); ${w.datadog(account)}`,
      details: [
        collectionState(account.attributes, arrival.createdAt),
        others.length
          ? `problems found above: ${others.join(", ")}`
          : `the role's trust policy and permissions were checked without a problem (above)`,
      ],
      fix: [
        ...(others.length ? [`fix the problems above first (${others.join(", ")}): each can stop or limit what Datadog collects`] : []),
        `look at the errors Datadog reports on ${w.tile} (Datadog's API does not return them): ` +
          "an AssumeRole or permission error there names what AWS refused",
        "check that the account has resources CloudWatch reports on in the regions and namespaces above: " +
          "an account with nothing to measure sends no metrics",
        `then run this doctor again with --wait 10m to watch for the first metrics`,
      ],
    });
  },
});
