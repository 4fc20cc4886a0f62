/**
 * The deployer policy's statements for Cloud Cost Management (`costs`): the role's inline read
 * policy, the cost bucket and its settings, and the CUR 2.0 export, each scoped to the ARNs
 * the stack names. deployer-policy.ts calls it; a stack without these resources gets none.
 *
 * The actions are the calls the AWS provider (5.x) makes for these resources:
 * - aws_iam_role_policy: PutRolePolicy, GetRolePolicy, DeleteRolePolicy (ListRolePolicies is
 *   in ReadIntegrationRole already), on the role;
 * - aws_s3_bucket: CreateBucket, ListBucket (HeadBucket), DeleteBucket; the reads its refresh
 *   makes of every bucket setting; Put/GetBucketTagging (the bucket is tagged);
 * - the bucket's encryption, public access block, ownership controls and policy: their Put and
 *   Get (S3 authorizes each Delete as the Put, DeleteBucketPolicy apart);
 * - aws_bcmdataexports_export: Get/Update/DeleteExport and its tags on the account's exports;
 *   CreateExport and UpdateExport are also authorized against the table the export queries
 *   (COST_AND_USAGE_REPORT) and the billing view it names (AWS Service Authorization Reference,
 *   "AWS Data Exports": CreateExport's resource types are `table`, required, and
 *   `billingview`). moto has no AWS Data Exports, so these are checked against the IAM
 *   catalogue only, not applied (__tests__/proof/deployer-policy.test.ts).
 */
import { isLiteral, type Problems } from "./synthesized-stack";
import { S3_BUCKET_ACTIONS } from "./s3-bucket-actions";
import type { DeployerPolicySid } from "./deployer-policy-statements";

/** Resource types this part covers. */
export const COST_COVERED_TYPES = [
  "aws_iam_role_policy",
  "aws_s3_bucket",
  "aws_s3_bucket_server_side_encryption_configuration",
  "aws_s3_bucket_public_access_block",
  "aws_s3_bucket_ownership_controls",
  "aws_s3_bucket_policy",
  "aws_bcmdataexports_export",
] as const;

/** The actions of each cost statement (see above). */
export const COST_ACTIONS = {
  roleInlinePolicy: ["iam:DeleteRolePolicy", "iam:GetRolePolicy", "iam:PutRolePolicy"],
  bucket: [...S3_BUCKET_ACTIONS, "s3:DeleteBucketPolicy", "s3:GetBucketOwnershipControls", "s3:PutBucketOwnershipControls", "s3:PutBucketPolicy"],
  export: [
    "bcm-data-exports:DeleteExport",
    "bcm-data-exports:GetExport",
    "bcm-data-exports:ListTagsForResource",
    "bcm-data-exports:TagResource",
    "bcm-data-exports:UntagResource",
    "bcm-data-exports:UpdateExport",
  ],
  exportSource: ["bcm-data-exports:CreateExport", "bcm-data-exports:UpdateExport"],
} as const;

type Add = (Sid: DeployerPolicySid, actions: readonly string[], resource: readonly string[]) => void;
type Entry = { address: string; name: string; r: Record<string, unknown> };

/**
 * Adds the cost statements: the inline policies' roles (their ARNs, as the caller resolves
 * them), the buckets by their literal names, the exports by the account's export ARNs.
 */
export function addCostStatements(
  entries: (type: string) => Entry[],
  inlinePolicyRoles: readonly string[],
  placeOf: (r: Record<string, unknown>, where: string) => { partition: string; accounts: readonly string[] } | undefined,
  problems: Problems,
  add: Add,
): void {
  add("WriteIntegrationRoleInlinePolicies", COST_ACTIONS.roleInlinePolicy, inlinePolicyRoles);
  const buckets = new Set<string>();
  for (const type of COST_COVERED_TYPES.filter((t) => t.startsWith("aws_s3_"))) {
    for (const { address, r } of entries(type)) {
      const name = type === "aws_s3_bucket" ? r.bucket : undefined;
      const place = placeOf(r, address);
      if (type === "aws_s3_bucket") {
        if (!isLiteral(name)) problems.add(`${address}: bucket ${JSON.stringify(name)} is not a literal name, so the deployer policy cannot name it`);
        else if (place) buckets.add(`arn:${place.partition}:s3:::${name}`);
      }
    }
  }
  add("WriteCostBucket", COST_ACTIONS.bucket, [...buckets].sort());
  const exportArns = new Set<string>();
  const sources = new Set<string>();
  for (const { address, r } of entries("aws_bcmdataexports_export")) {
    const place = placeOf(r, address);
    if (!place) continue;
    for (const account of place.accounts) {
      exportArns.add(`arn:${place.partition}:bcm-data-exports:us-east-1:${account}:export/*`);
      sources.add(`arn:${place.partition}:bcm-data-exports:us-east-1:${account}:table/COST_AND_USAGE_REPORT`);
      sources.add(`arn:${place.partition}:billing::${account}:billingview/primary`);
    }
  }
  add("WriteCostExport", COST_ACTIONS.export, [...exportArns].sort());
  add("ReadCostExportSource", COST_ACTIONS.exportSource, [...sources].sort());
}
