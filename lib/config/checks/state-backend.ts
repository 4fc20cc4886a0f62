/**
 * An S3 state backend's role and KMS key must suit the bucket (combination/backend-*).
 */
import { partitionOfRegion, REGION_PATTERN } from "../../facts/partitions";
import { quote } from "../json-value";
import { IAM_ROLE_ARN_PATTERN, isToken } from "../fields/rules";
import { type Ctx, type EnvironmentValue, issue } from "./check";

/** The S3 state bucket is reached in its own partition: a role or KMS key of another one cannot work. */
export function checkStateBackend(c: EnvironmentValue, ctx: Ctx): void {
  const b = c.backend;
  if (b?.type !== "s3") return;
  const region = typeof b.region === "string" ? b.region : c.awsRegion;
  if (typeof region !== "string" || isToken(region) || !REGION_PATTERN.test(region)) return;
  const partition = partitionOfRegion(region);
  const where = b.region ? `the bucket's region ${quote(b.region)}` : `awsRegion ${quote(region)}, the bucket's region by default`;
  if (typeof b.roleArn === "string" && IAM_ROLE_ARN_PATTERN.test(b.roleArn) && b.roleArn.split(":")[1] !== partition) {
    issue(
      ctx,
      "combination/backend-partition",
      ["backend", "roleArn"],
      `${quote(b.roleArn)} is in partition ${b.roleArn.split(":")[1]}, but ${where} is in ${partition}; use a role of the bucket's partition, or set backend.region to the bucket's region`,
    );
  }
  if (typeof b.kmsKeyId === "string" && b.kmsKeyId.startsWith("arn:")) {
    const [, keyPartition, , keyRegion] = b.kmsKeyId.split(":");
    if (keyPartition !== partition || keyRegion !== region) {
      issue(
        ctx,
        "combination/backend-partition",
        ["backend", "kmsKeyId"],
        `${quote(b.kmsKeyId)} is a key in ${keyRegion} (${keyPartition}), but ${where}; S3 encrypts with a key of the bucket's own region`,
      );
    }
  }
  if (b.kmsKeyId !== undefined && b.encrypt === false) {
    issue(ctx, "combination/backend-kms-unencrypted", ["backend", "kmsKeyId"], 'is set, but "encrypt" is false; remove kmsKeyId, or set "encrypt": true to encrypt the state with that key');
  }
}
