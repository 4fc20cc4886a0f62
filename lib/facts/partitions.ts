/**
 * AWS partitions, and which way Datadog can authenticate in each.
 *
 * Sources:
 * - partitions and the regions in them: AWS docs, "Identify AWS resources with Amazon
 *   Resource Names (ARNs)", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html,
 *   and "Amazon Resource Names (ARNs) in GovCloud (US) Regions",
 *   https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-arns.html:
 *   the partition follows the region (`us-gov-*` is `aws-us-gov`, `cn-*` is `aws-cn`,
 *   else `aws`);
 * - how Datadog authenticates in each: Datadog's AWS manual setup guide (tabs "Role
 *   delegation" and "Access keys (GovCloud or China only)"),
 *   https://docs.datadoghq.com/integrations/guide/aws-manual-setup/, and the AWS
 *   integration page, https://docs.datadoghq.com/integrations/amazon_web_services/:
 *   access keys are accepted only for `aws-us-gov` and `aws-cn`; role delegation works
 *   for `aws` everywhere and for `aws-us-gov` on the FED sites only.
 */
/** An AWS partition: commercial, GovCloud (US) or China. */
export type Partition = "aws" | "aws-us-gov" | "aws-cn";

/** Every partition this project supports. */
export const PARTITIONS: readonly Partition[] = ["aws", "aws-us-gov", "aws-cn"];

/** Region names as AWS forms them: `us-east-1`, `ap-southeast-4`, `us-gov-west-1`, `cn-north-1`. */
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/** The partition a region belongs to: `us-gov-*` is `aws-us-gov`, `cn-*` is `aws-cn`, else `aws`. */
export function partitionOfRegion(region: string): Partition {
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  return "aws";
}

/** Auth types Datadog accepts per partition. */
export const AUTH_TYPES_BY_PARTITION: Record<Partition, readonly ("role" | "accessKeys")[]> = {
  aws: ["role"],
  "aws-us-gov": ["role", "accessKeys"],
  "aws-cn": ["accessKeys"],
};

/** A region of each partition, for examples in error messages. */
export const EXAMPLE_REGION: Record<Partition, string> = {
  aws: "us-east-1",
  "aws-us-gov": "us-gov-west-1",
  "aws-cn": "cn-north-1",
};

/** ARN of an AWS managed policy in a partition, e.g. `arn:aws-us-gov:iam::aws:policy/SecurityAudit`. */
export function managedPolicyArn(partition: Partition, name: string): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}

/** ARN of an account's root principal in a partition, e.g. `arn:aws:iam::464622532012:root`. */
export function accountRootArn(partition: Partition, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}
