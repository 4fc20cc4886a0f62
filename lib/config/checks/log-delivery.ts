/**
 * Rules of the logDelivery section (delivery/*): the key source and the place (partition, site,
 * regions) it shares with metric streams (checks/metric-streams.ts), region codes AWS has, one
 * mode per place, each name once, and never a delivery's own error log group subscribed.
 */
import { EXAMPLE_REGION, partitionOfRegion, REGION_PATTERN } from "../../facts/partitions";
import { quote } from "../json-value";
import { isToken } from "../fields/rules";
import { type Ctx, type IntegrationValue, issue, list, partitionOf } from "./check";
import { checkListedRegion } from "./listed-region";
import { checkDeliveryApiKey, checkDeliveryPlace } from "./metric-streams";

type Section = Partial<NonNullable<IntegrationValue["logDelivery"]>>;
type Path = (string | number)[];

const sectionOf = (c: IntegrationValue): Section | undefined => (typeof c.logDelivery === "object" && c.logDelivery !== null ? (c.logDelivery as Section) : undefined);
const literal = (v: unknown): v is string => typeof v === "string" && !isToken(v);
/** byRegion's entries, when it is an object. */
const byRegionOf = (d: Section) => Object.entries(typeof d.byRegion === "object" && d.byRegion !== null ? d.byRegion : {});

/**
 * The key Firehose sends, and a partition, site and regions Datadog's templates deliver from
 * and to (shared with metric streams); byRegion's keys are regions too.
 */
export function checkLogDeliveryWhere(c: IntegrationValue, ctx: Ctx): void {
  const d = sectionOf(c);
  if (!d) return;
  checkDeliveryApiKey(c, ctx, "logDelivery");
  checkDeliveryPlace(c, ctx, "logDelivery", d.regions);
  const partition = partitionOf(c);
  for (const [region] of byRegionOf(d)) {
    if (!partition || !REGION_PATTERN.test(region) || partitionOfRegion(region) === partition) continue;
    issue(
      ctx,
      "delivery/region-partition",
      ["logDelivery", "byRegion", region],
      `${quote(region)} is in partition ${partitionOfRegion(region)}, but this account is in ${partition} (awsRegion ${quote(c.awsRegion)}); list only ${partition} regions such as ${quote(EXAMPLE_REGION[partition])}`,
    );
  }
}

/** Regions and byRegion's keys are region codes AWS has (value/unknown-region for a misspelt one). */
export function checkLogDeliveryRegions(c: IntegrationValue, ctx: Ctx): void {
  const d = sectionOf(c);
  if (!d) return;
  list(d.regions).forEach((r, i) => checkListedRegion(ctx, r, ["logDelivery", "regions", i], c.newRegions));
  for (const [region] of byRegionOf(d)) {
    if (isToken(region)) continue;
    if (REGION_PATTERN.test(region)) checkListedRegion(ctx, region, ["logDelivery", "byRegion", region], c.newRegions);
    else issue(ctx, "delivery/log-delivery-region", ["logDelivery", "byRegion", region], `${quote(region)} is not a region code; key byRegion by region codes such as "us-east-1"`);
  }
}

/** A region subscribes the whole account or named log groups: one place never sets both. */
export function checkLogDeliveryModes(c: IntegrationValue, ctx: Ctx): void {
  const d = sectionOf(c);
  if (!d) return;
  const places: [Path, { accountLevel?: unknown; logGroups?: unknown }][] = [
    [["logDelivery"], d],
    ...byRegionOf(d).map(([region, m]): [Path, { accountLevel?: unknown; logGroups?: unknown }] => [["logDelivery", "byRegion", region], (m ?? {}) as object]),
  ];
  for (const [path, place] of places) {
    if (place.accountLevel !== undefined && place.logGroups !== undefined) {
      issue(
        ctx,
        "delivery/log-delivery-modes",
        path,
        `sets both "accountLevel" (every log group) and "logGroups" (only these); keep one${path.length === 1 ? ', and give regions that differ their own in "byRegion"' : ""}`,
      );
    }
  }
}

/** Each log group, excluded log group and region once per list: a repeat is a slip, and AWS refuses a second filter of one name. */
export function checkLogDeliveryDuplicates(c: IntegrationValue, ctx: Ctx): void {
  const d = sectionOf(c);
  if (!d) return;
  const once = (values: unknown, path: Path, what: string) => {
    const seen = new Set<string>();
    list(values as unknown[]).forEach((v, i) => {
      if (!literal(v)) return;
      if (seen.has(v)) issue(ctx, "delivery/log-delivery-duplicate", [...path, i], `${quote(v)} is listed twice in this ${what} list; list it once`);
      seen.add(v);
    });
  };
  once(d.regions, ["logDelivery", "regions"], "region");
  const modeLists = (m: { accountLevel?: { excludeLogGroups?: unknown }; logGroups?: unknown } | undefined, path: Path) => {
    once(m?.logGroups, [...path, "logGroups"], "log group");
    once(m?.accountLevel?.excludeLogGroups, [...path, "accountLevel", "excludeLogGroups"], "log group");
  };
  modeLists(d as never, ["logDelivery"]);
  for (const [region, m] of byRegionOf(d)) modeLists(m as never, ["logDelivery", "byRegion", region]);
}

/**
 * Firehose writes its delivery errors to /aws/kinesisfirehose/<stream>; subscribing such a log
 * group sends a failing delivery's errors back into a delivery (AWS, "Log recursion
 * prevention"). The account policy always leaves them out; a named one is refused.
 */
export function checkLogDeliveryNoLoop(c: IntegrationValue, ctx: Ctx): void {
  const d = sectionOf(c);
  if (!d) return;
  const refuse = (values: unknown, path: Path) =>
    list(values as unknown[]).forEach((v, i) => {
      if (literal(v) && v.startsWith("/aws/kinesisfirehose/")) {
        issue(
          ctx,
          "delivery/log-delivery-loop",
          [...path, i],
          `${quote(v)} is where a Firehose delivery stream writes its errors; subscribing it sends those errors back through Firehose, in a loop when that delivery fails; remove it`,
        );
      }
    });
  refuse(d.logGroups, ["logDelivery", "logGroups"]);
  for (const [region, m] of byRegionOf(d)) refuse((m as { logGroups?: unknown } | undefined)?.logGroups, ["logDelivery", "byRegion", region, "logGroups"]);
}
