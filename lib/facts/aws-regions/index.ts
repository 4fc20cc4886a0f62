/**
 * The regions of each AWS partition this project supports, pinned with their date and
 * source like Datadog's name lists. The region pattern alone lets "us-est-1" or "us-east-7"
 * through, and they fail only at plan (the AWS provider) or at Datadog's API, after part of
 * the work is done; synth checks them against this list first.
 *
 * Source: the AWS SDK for JavaScript's partition data, `partitionsInfo` in
 * `@aws-sdk/core` 3.981.2 (published to npm 2026-11-24),
 * dist-es/submodules/client/util-endpoints/lib/aws/partitions.js: the `regions` of the
 * partitions `aws`, `aws-us-gov` and `aws-cn`, with their descriptions (the same list
 * botocore ships as data/endpoints.json). To update, regenerate the JSON from a newer
 * @aws-sdk/core and change the date below. A region newer than the list is accepted
 * through the `newRegions` setting (docs/config-reference.md, "Regions").
 */
import type { Partition } from "../partitions";
import regions from "./regions-2026-11-24.json";

export interface AwsRegionList {
  readonly date: string;
  readonly source: string;
  /** Region code to AWS's description of it, per partition: `"eu-central-1": "Europe (Frankfurt)"`. */
  readonly byPartition: Readonly<Record<Partition, Readonly<Record<string, string>>>>;
}

export const AWS_REGIONS: AwsRegionList = {
  date: "2026-11-24",
  source: "the AWS SDK's partition data (@aws-sdk/core 3.981.2)",
  byPartition: regions,
};

/** Every region code of the list, commercial first (the usual choice wins a tied suggestion). */
export const ALL_AWS_REGIONS: readonly string[] = Object.values(AWS_REGIONS.byPartition).flatMap((r) => Object.keys(r));

/** True when AWS's list holds the region (in any supported partition). */
export function isListedRegion(region: string): boolean {
  return Object.values(AWS_REGIONS.byPartition).some((r) => Object.hasOwn(r, region));
}
