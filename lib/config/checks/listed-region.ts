/**
 * Region codes must be ones AWS has (value/unknown-region).
 */
import { ALL_AWS_REGIONS, AWS_REGIONS, isListedRegion } from "../../facts/aws-regions";
import { REGION_PATTERN } from "../../facts/partitions";
import { quote } from "../json-value";
import { closest } from "../messages";
import { isToken } from "../fields/rules";
import { type Ctx, type EnvironmentValue, type IntegrationValue, issue } from "./check";

/**
 * A region code must be one AWS has: the pattern alone passes "us-est-1", which fails only
 * at plan or at Datadog's API. A region newer than the pinned list goes in `newRegions`.
 */
export function checkListedRegion(ctx: Ctx, region: unknown, path: (string | number)[], newRegions: unknown): void {
  if (typeof region !== "string" || isToken(region) || !REGION_PATTERN.test(region) || isListedRegion(region)) return;
  if (Array.isArray(newRegions) && newRegions.includes(region)) return;
  const family = region.replace(/\d+$/, "");
  const siblings = ALL_AWS_REGIONS.filter((r) => r.replace(/\d+$/, "") === family);
  const guess = siblings.length ? undefined : closest(region, ALL_AWS_REGIONS);
  const description = (r: string) => Object.values(AWS_REGIONS.byPartition).find((p) => Object.hasOwn(p, r))?.[r];
  const hint = siblings.length
    ? `AWS's ${family.slice(0, -1)} regions are ${siblings.map(quote).join(", ")}.`
    : guess
      ? `did you mean ${quote(guess)} (${description(guess)})?`
      : `use a region code such as "us-east-1" or "eu-west-1".`;
  issue(
    ctx,
    "value/unknown-region",
    path,
    `${quote(region)} is not an AWS region (AWS's list of ${AWS_REGIONS.date}, from ${AWS_REGIONS.source}); ${hint} If AWS opened it since, also list it in newRegions`,
  );
}

/** awsRegion and each of regions. */
export function checkListedRegions(c: IntegrationValue, ctx: Ctx): void {
  checkListedRegion(ctx, c.awsRegion, ["awsRegion"], c.newRegions);
  (Array.isArray(c.regions) ? c.regions : []).forEach((r, i) => checkListedRegion(ctx, r, ["regions", i], c.newRegions));
}

/** backend.region of an S3 backend. */
export function checkListedBackendRegion(c: EnvironmentValue, ctx: Ctx): void {
  if (typeof c.backend === "object" && c.backend?.type === "s3") checkListedRegion(ctx, c.backend.region, ["backend", "region"], c.newRegions);
}
