/**
 * Where metric streams can work (delivery/*): a key source for Firehose, a partition and site
 * Datadog's templates deliver from and to, regions of the account's partition, one namespace
 * filter, and namespaces Datadog knows.
 */
import { CLOUDWATCH_NAMESPACES } from "../../facts/datadog-lists";
import { DELIVERY_SITES_BY_PARTITION } from "../../facts/delivery";
import { EXAMPLE_REGION, partitionOfRegion, REGION_PATTERN } from "../../facts/partitions";
import { quote } from "../json-value";
import { likelyMeant } from "../messages";
import { isToken } from "../fields/rules";
import { type Ctx, type IntegrationValue, issue, list, metricsOf, partitionOf } from "./check";
import { checkListedRegion } from "./listed-region";

/** `metricStreams` when it is an object, else undefined. */
const streamsOf = (c: IntegrationValue) => (typeof c.metricStreams === "object" && c.metricStreams !== null ? (c.metricStreams as Partial<NonNullable<IntegrationValue["metricStreams"]>>) : undefined);

/**
 * A delivery section needs the key Firehose sends; there is no default, because each choice
 * puts something different in state (docs/config-reference.md, firehoseApiKey). Shared with
 * log delivery: `section` names the field that turned delivery on.
 */
export function checkDeliveryApiKey(c: IntegrationValue, ctx: Ctx, section: string): void {
  if (c.firehoseApiKey !== undefined) return;
  issue(
    ctx,
    "delivery/api-key-missing",
    ["firehoseApiKey"],
    `${section} sends data through Kinesis Data Firehose, which needs the Datadog API key: add "firehoseApiKey": { "source": "secretsManager", "secretName": "<a secret in every delivery region>" } (nothing secret in state) or { "source": "variable" } (TF_VAR_datadog_firehose_api_key; kept in state)`,
  );
}

/**
 * The account's partition and site must be ones Datadog's templates deliver from and to
 * (lib/facts/delivery.ts), and every delivery region in the account's partition. Shared with
 * log delivery: `path` is the section's field, `regions` its regions.
 */
export function checkDeliveryPlace(c: IntegrationValue, ctx: Ctx, path: string, regions: unknown): void {
  const partition = partitionOf(c);
  if (!partition) return;
  const sites = DELIVERY_SITES_BY_PARTITION[partition];
  if (sites.length === 0) {
    issue(
      ctx,
      "delivery/partition",
      [path],
      `Datadog delivers nothing through Firehose from partition ${partition} (awsRegion ${quote(c.awsRegion)}): it has no site or intake there; remove ${path} for this account`,
    );
    return;
  }
  if (typeof c.datadogSite === "string" && !sites.includes(c.datadogSite)) {
    issue(ctx, "delivery/site", [path], `datadogSite ${quote(c.datadogSite)} takes no Firehose deliveries from ${partition} accounts; use one of ${sites.map(quote).join(", ")}`);
  }
  list(regions as unknown[]).forEach((r, i) => {
    if (typeof r === "string" && !isToken(r) && REGION_PATTERN.test(r) && partitionOfRegion(r) !== partition) {
      issue(
        ctx,
        "delivery/region-partition",
        [path, "regions", i],
        `${quote(r)} is in partition ${partitionOfRegion(r)}, but this account is in ${partition} (awsRegion ${quote(c.awsRegion)}); list only ${partition} regions such as ${quote(EXAMPLE_REGION[partition])}`,
      );
    }
  });
}

/** Metric streams: a key source, a place they work, known regions, one filter of known namespaces. */
export function checkMetricStreams(c: IntegrationValue, ctx: Ctx): void {
  const streams = streamsOf(c);
  if (!streams) return;
  checkDeliveryApiKey(c, ctx, "metricStreams");
  checkDeliveryPlace(c, ctx, "metricStreams", streams.regions);
  list(streams.regions).forEach((r, i) => checkListedRegion(ctx, r, ["metricStreams", "regions", i], c.newRegions));
  const ns = (streams.namespaces ?? {}) as { includeOnly?: unknown; excludeOnly?: unknown };
  if (ns.includeOnly !== undefined && ns.excludeOnly !== undefined) {
    issue(
      ctx,
      "delivery/include-and-exclude",
      ["metricStreams", "namespaces"],
      'both "includeOnly" and "excludeOnly" are set; a metric stream takes one: keep includeOnly (stream only these) or excludeOnly (stream all but these)',
    );
  }
  // A metric stream takes any string and streams nothing for a misspelt namespace, silently.
  const newer = list(metricsOf(c).newNamespaces as unknown[]).filter((n): n is string => typeof n === "string");
  for (const field of ["includeOnly", "excludeOnly"] as const) {
    list(ns[field] as unknown[]).forEach((name, i) => {
      if (typeof name !== "string" || isToken(name) || name.trim() === "" || CLOUDWATCH_NAMESPACES.names.includes(name) || newer.includes(name)) return;
      const guess = likelyMeant(name, CLOUDWATCH_NAMESPACES.names);
      issue(
        ctx,
        "value/not-in-datadog-list",
        ["metricStreams", "namespaces", field, i],
        `${quote(name)} is not a CloudWatch namespace Datadog knows (its list of ${CLOUDWATCH_NAMESPACES.date}); ${guess ? `did you mean ${quote(guess)}? If` : "if"} it is newer or your own, also list it in metrics.newNamespaces`,
      );
    });
  }
}
