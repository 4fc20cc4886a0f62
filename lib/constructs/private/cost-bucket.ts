/**
 * The S3 bucket the CUR 2.0 export writes to, when the stack creates it: encrypted (SSE-S3,
 * which AWS Data Exports can write to without a key policy), every kind of public access
 * blocked, objects owned by the bucket owner, tagged, and a policy that lets only AWS Data
 * Exports, for this account's exports, write, and only under the export's prefix.
 *
 * Differs from Datadog's template (aws_cloud_cost_cur2/main.yaml, DDCloudCostBucket and its
 * policy), and why:
 * - the template also trusts billingreports.amazonaws.com (legacy CUR); this stack makes a
 *   CUR 2.0 export only, so it trusts AWS Data Exports alone;
 * - the template lets the service write anywhere in the bucket; here s3:PutObject is limited
 *   to `<prefix>/*`, the only place the export writes;
 * - the template's aws:SourceArn allows any partition and region (`arn:*:...`); AWS documents
 *   the export's own ARN, which is in us-east-1 of the account's partition;
 * - encryption, the public access block, ownership, tags and the TLS-only statement are not
 *   in the template; they are what a bucket holding a whole organization's bill needs.
 */
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { ITerraformDependable } from "cdktf";
import { ADDRESSES } from "../names";
import { IntegrationContext } from "./context";
import { CostPlaces, DATA_EXPORTS_SERVICE } from "./cost-names";
import { providerInRegion } from "./regional-provider";

/** Tags of the bucket: what it is for and what manages it. */
export const COST_BUCKET_TAGS = { purpose: "datadog-cloud-cost-management", "managed-by": "terraform" } as const;

/** The bucket policy: AWS Data Exports may write the account's exports under the prefix, over TLS only. */
export function costBucketPolicyDocument(places: CostPlaces, accountId: string, prefix: string): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DataExportsWritesReports",
        Effect: "Allow",
        Principal: { Service: DATA_EXPORTS_SERVICE },
        Action: ["s3:PutObject", "s3:GetBucketPolicy"],
        Resource: [places.bucketArn, `${places.bucketArn}/${prefix}/*`],
        Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": places.exportArns } },
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [places.bucketArn, `${places.bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}

/** Creates the bucket and its settings; returns what the export must wait for (the policy that lets it write). */
export function createCostBucket(ctx: IntegrationContext, places: CostPlaces): ITerraformDependable {
  const { scope, naming, config } = ctx;
  const provider = providerInRegion(ctx, places.bucketRegion);
  const bucket = naming.name(new S3Bucket(scope, "cost-bucket", { provider, bucket: places.bucketName, tags: { ...COST_BUCKET_TAGS } }), ADDRESSES.costBucket);
  naming.name(
    new S3BucketServerSideEncryptionConfigurationA(scope, "cost-bucket-encryption", {
      provider,
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    }),
    ADDRESSES.costBucketEncryption,
  );
  const publicAccess = naming.name(
    new S3BucketPublicAccessBlock(scope, "cost-bucket-public-access", {
      provider,
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
    ADDRESSES.costBucketPublicAccess,
  );
  naming.name(new S3BucketOwnershipControls(scope, "cost-bucket-ownership", { provider, bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }), ADDRESSES.costBucketOwnership);
  // After the public access block: S3 judges a policy naming a service principal as not public,
  // but the order keeps a first apply from racing the block.
  return naming.name(
    new S3BucketPolicy(scope, "cost-bucket-policy", {
      provider,
      bucket: bucket.id,
      policy: JSON.stringify(costBucketPolicyDocument(places, config.awsAccountId, config.costs!.export.prefix)),
      dependsOn: [publicAccess],
    }),
    ADDRESSES.costBucketPolicy,
  );
}
