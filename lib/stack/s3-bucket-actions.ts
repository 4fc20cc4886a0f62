/**
 * What the AWS provider (5.x) calls for any `aws_s3_bucket` with tags, encryption and a
 * public access block: create and delete, and the reads its refresh makes of every bucket
 * setting whether or not the stack sets it. The delivery buckets and the cost bucket both
 * need these; each part adds the calls only its own bucket's settings make.
 */
export const S3_BUCKET_ACTIONS = [
  "s3:CreateBucket",
  "s3:DeleteBucket",
  "s3:GetAccelerateConfiguration",
  "s3:GetBucketAcl",
  "s3:GetBucketCORS",
  "s3:GetBucketLogging",
  "s3:GetBucketObjectLockConfiguration",
  "s3:GetBucketPolicy",
  "s3:GetBucketPublicAccessBlock",
  "s3:GetBucketRequestPayment",
  "s3:GetBucketTagging",
  "s3:GetBucketVersioning",
  "s3:GetBucketWebsite",
  "s3:GetEncryptionConfiguration",
  "s3:GetLifecycleConfiguration",
  "s3:GetReplicationConfiguration",
  "s3:ListBucket",
  "s3:PutBucketPublicAccessBlock",
  "s3:PutBucketTagging",
  "s3:PutEncryptionConfiguration",
] as const;
