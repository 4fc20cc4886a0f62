/**
 * What each region of log delivery gets, from the logDelivery section: the regions (given, or
 * by default the integration's regions, or awsRegion when those are "all", the rule metric
 * streams follow too), each with one mode: the whole account or named log groups. The construct
 * builds from this, the checks judge the section with it, and the doctor reads it.
 */
import type { ResolvedIntegration, ResolvedLogDelivery, ResolvedLogDeliveryMode } from "./resolved";

/** The whole account of a region, less the log groups given. */
export interface AccountLevelMode {
  readonly kind: "accountLevel";
  readonly excludeLogGroups: readonly string[];
}

/** Named log groups of a region. */
export interface LogGroupsMode {
  readonly kind: "logGroups";
  readonly logGroups: readonly string[];
}

/** One region of log delivery and what it subscribes. */
export interface LogDeliveryRegion {
  readonly region: string;
  readonly mode: AccountLevelMode | LogGroupsMode;
}

/**
 * Regions a per-region delivery covers by default, log delivery's and metric streams' alike:
 * the integration's, or awsRegion alone when it collects from "all" (streaming every region
 * of an account is a cost to choose, not a default).
 */
export function defaultDeliveryRegions(c: Pick<ResolvedIntegration, "regions" | "awsRegion">): string[] {
  return c.regions === "all" ? [c.awsRegion] : [...c.regions];
}

/** The mode of one place (the section or one byRegion entry), or undefined when it sets none. */
function modeOf(place: ResolvedLogDeliveryMode | undefined): LogDeliveryRegion["mode"] | undefined {
  if (place?.logGroups) return { kind: "logGroups", logGroups: place.logGroups };
  if (place?.accountLevel) return { kind: "accountLevel", excludeLogGroups: place.accountLevel.excludeLogGroups };
  return undefined;
}

/**
 * Every region of log delivery, in order (the regions given or by default, then byRegion's
 * others), with its mode: its byRegion entry's, else the section's, else the whole account
 * (Datadog's template subscribes the whole account).
 */
export function logDeliveryRegions(c: Pick<ResolvedIntegration, "regions" | "awsRegion"> & { readonly logDelivery?: ResolvedLogDelivery }): LogDeliveryRegion[] {
  const d = c.logDelivery;
  if (!d) return [];
  const byRegion = d.byRegion ?? {};
  const regions = [...new Set([...(d.regions ?? defaultDeliveryRegions(c)), ...Object.keys(byRegion)])];
  const sectionMode = modeOf(d) ?? { kind: "accountLevel", excludeLogGroups: [] };
  return regions.map((region) => ({ region, mode: modeOf(byRegion[region]) ?? sectionMode }));
}
