/**
 * The AWS API calls the AWS provider made, read from its debug log (TF_LOG_PROVIDER=DEBUG,
 * TF_LOG_PATH): the SDK logs each request and response with `rpc.service` and `rpc.method`.
 * The log may hold request bodies: read it, never print it, and delete it with the workspace.
 */
import { readFile } from "node:fs/promises";

/** IAM's service prefix of each SDK service name the provider logs. */
const PREFIX: Readonly<Record<string, string>> = {
  S3: "s3",
  Firehose: "firehose",
  "CloudWatch Logs": "logs",
  CloudWatch: "cloudwatch",
  IAM: "iam",
  STS: "sts",
  "Secrets Manager": "secretsmanager",
};

/**
 * S3 operations whose IAM action has another name (Service Authorization Reference, Amazon S3,
 * "Actions defined by Amazon S3", the API operation each action is for).
 */
const S3_ACTIONS: Readonly<Record<string, string>> = {
  HeadBucket: "s3:ListBucket",
  GetBucketAccelerateConfiguration: "s3:GetAccelerateConfiguration",
  GetBucketCors: "s3:GetBucketCORS",
  GetBucketEncryption: "s3:GetEncryptionConfiguration",
  PutBucketEncryption: "s3:PutEncryptionConfiguration",
  DeleteBucketEncryption: "s3:PutEncryptionConfiguration",
  GetBucketLifecycleConfiguration: "s3:GetLifecycleConfiguration",
  PutBucketLifecycleConfiguration: "s3:PutLifecycleConfiguration",
  DeleteBucketLifecycle: "s3:PutLifecycleConfiguration",
  GetBucketReplication: "s3:GetReplicationConfiguration",
  GetObjectLockConfiguration: "s3:GetBucketObjectLockConfiguration",
  GetPublicAccessBlock: "s3:GetBucketPublicAccessBlock",
  PutPublicAccessBlock: "s3:PutBucketPublicAccessBlock",
  DeletePublicAccessBlock: "s3:PutBucketPublicAccessBlock",
};

/** The IAM action authorizing an SDK call, e.g. ("S3", "HeadBucket") → "s3:ListBucket". */
export function iamActionOf(service: string, method: string): string {
  const prefix = PREFIX[service];
  if (!prefix) throw new Error(`no IAM prefix known for the SDK service ${JSON.stringify(service)}; add it to provider-calls.ts`);
  return (prefix === "s3" ? S3_ACTIONS[method] : undefined) ?? `${prefix}:${method}`;
}

/** The IAM actions of every call the provider logged, sorted and distinct. */
export async function providerCallActions(logFile: string): Promise<string[]> {
  const actions = new Set<string>();
  for (const line of (await readFile(logFile, "utf8")).split("\n")) {
    const method = /\brpc\.method=(\w+)/.exec(line)?.[1];
    const service = /\brpc\.service=("[^"]*"|\S+)/.exec(line)?.[1]?.replace(/"/g, "");
    if (method && service) actions.add(iamActionOf(service, method));
  }
  return [...actions].sort();
}
