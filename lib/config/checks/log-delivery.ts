/**
 * Rules of the logDelivery section: where Datadog's account-level logs template can work
 * (its partition), one mode per place, region codes AWS has, each name once
 * (combination/log-delivery-*).
 */
import { isListedRegion } from "../../facts/aws-regions";
import { LOG_DELIVERY_PARTITIONS } from "../../facts/logs-intake";
import { EXAMPLE_REGION, partitionOfRegion, REGION_PATTERN } from "../../facts/partitions";
import { quote } from "../json-value";
import { isToken } from "../fields/rules";
import { type Ctx, type IntegrationValue, issue, list, partitionOf } from "./check";

type Section = Partial<NonNullable<IntegrationValue["logDelivery"]>>;
type Path = (string | number)[];

const sectionOf = (c: IntegrationValue): Section | undefined => (typeof c.logDelivery === "object" && c.logDelivery !== null ? (c.logDelivery as Section) : undefined);
const literal = (v: unknown): v is string => typeof v === "string" && !isToken(v);
/** byRegion's entries, when it is an object. */
const byRegionOf = (d: Section) => Object.entries(typeof d.byRegion === "object" && d.byRegion !== null ? d.byRegion : {});

/** The account's partition and site must be ones Datadog's account-level logs template supports; each region in the account's partition. */
export function checkLogDeliveryWhere(c: IntegrationValue, ctx: Ctx): void {
  const d = sectionOf(c);
  const partition = partitionOf(c);
  if (!d || !partition) return;
  if (!LOG_DELIVERY_PARTITIONS.includes(partition)) {
    issue(
      ctx,
      "combination/log-delivery-partition",
      ["logDelivery"],
      `is not possible in partition ${partition} (awsRegion ${quote(c.awsRegion)}): Datadog's account-level logs template, which this follows, supports ${LOG_DELIVERY_PARTITIONS.join(", ")} accounts only; forward this account's logs with the Datadog Forwarder (logs.lambdaForwarderArns), or remove logDelivery`,
    );
    return;
  }
  // Every Datadog site has a logs intake in the template (lib/facts/logs-intake.ts; a unit test
  // holds the two lists together), so the site needs no check of its own.
  const regionIn = (region: unknown, path: Path) => {
    if (!literal(region) || !REGION_PATTERN.test(region) || partitionOfRegion(region) === partition) return;
    issue(
      ctx,
      "combination/log-delivery-partition",
      path,
      `${quote(region)} is in partition ${partitionOfRegion(region)}, but this account is in ${partition} (awsRegion ${quote(c.awsRegion)}); list only ${partition} regions such as ${quote(EXAMPLE_REGION[partition])}`,
    );
  };
  list(d.regions).forEach((r, i) => regionIn(r, ["logDelivery", "regions", i]));
  for (const [region] of byRegionOf(d)) regionIn(region, ["logDelivery", "byRegion", region]);
}

/** byRegion's keys are region codes AWS has (regions' items are judged by their own rule and below). */
export function checkLogDeliveryRegions(c: IntegrationValue, ctx: Ctx): void {
  const d = sectionOf(c);
  if (!d) return;
  const newer = list(c.newRegions as string[] | undefined);
  const known = (r: string) => isListedRegion(r) || newer.includes(r);
  for (const [region] of byRegionOf(d)) {
    if (isToken(region) || (REGION_PATTERN.test(region) && known(region))) continue;
    const why = REGION_PATTERN.test(region) ? "is not in AWS's list of regions this project pins" : "is not a region code";
    issue(
      ctx,
      "combination/log-delivery-region",
      ["logDelivery", "byRegion", region],
      `${quote(region)} ${why}; use a region code such as "us-east-1" (if AWS opened it since, also list it in newRegions)`,
    );
  }
  list(d.regions).forEach((r, i) => {
    if (literal(r) && REGION_PATTERN.test(r) && !known(r)) {
      issue(
        ctx,
        "combination/log-delivery-region",
        ["logDelivery", "regions", i],
        `${quote(r)} is not in AWS's list of regions this project pins; check the spelling (if AWS opened it since, also list it in newRegions)`,
      );
    }
  });
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
        "combination/log-delivery-modes",
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
      if (seen.has(v)) issue(ctx, "combination/log-delivery-duplicate", [...path, i], `${quote(v)} is listed twice in this ${what} list; list it once`);
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
