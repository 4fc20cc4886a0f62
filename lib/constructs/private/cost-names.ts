/**
 * What the cost parts share: the S3 keys and ARNs the export writes and Datadog reads, from
 * one place, so the bucket policy, the export, Datadog's read policy and the
 * `ccm_config` Datadog is given can never name different places.
 */
import type { ResolvedCosts } from "../../config/resolved";
import type { Partition } from "../../facts/partitions";

/** AWS Data Exports is served from us-east-1 only (AWS endpoints: bcm-data-exports.us-east-1.api.aws); its exports' ARNs name that region. */
export const DATA_EXPORTS_REGION = "us-east-1";

/** The service principal that writes the export's files (AWS Data Exports user guide, "Setting up an Amazon S3 bucket for data exports"). */
export const DATA_EXPORTS_SERVICE = "bcm-data-exports.amazonaws.com";

/** Where one cost configuration lives, as ARNs and keys. */
export interface CostPlaces {
  readonly bucketName: string;
  readonly bucketRegion: string;
  readonly bucketArn: string;
  /** The keys the export writes: `<prefix>/<export name>/...` (AWS Data Exports writes each export under its own name). */
  readonly reportKeys: string;
  /** ARN pattern of the account's exports, as the bucket policy's aws:SourceArn condition takes it. */
  readonly exportArns: string;
}

export function costPlaces(costs: ResolvedCosts, partition: Partition, accountId: string, awsRegion: string): CostPlaces {
  const bucketArn = `arn:${partition}:s3:::${costs.bucket.name}`;
  return {
    bucketName: costs.bucket.name,
    bucketRegion: costs.bucket.region ?? awsRegion,
    bucketArn,
    reportKeys: `${bucketArn}/${costs.export.prefix}/${costs.export.name}/*`,
    exportArns: `arn:${partition}:bcm-data-exports:${DATA_EXPORTS_REGION}:${accountId}:export/*`,
  };
}
