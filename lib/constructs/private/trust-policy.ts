/**
 * The role's trust policy: only Datadog's account root of the site and partition may
 * assume the role, and only with the External ID. A pure function, so its document is
 * what tests and the IAM simulator judge.
 */
import { POLICY_VERSION } from "./policy-packing";
import { accountRootArn, Partition } from "../../facts/partitions";
import { DatadogSite } from "../../facts/sites";

/** The document, or undefined when the site offers no role delegation in the partition. */
export function trustPolicyDocument(site: DatadogSite, partition: Partition, externalId: string): Record<string, unknown> | undefined {
  const trustAccount = site.trustAccountByPartition[partition];
  if (!trustAccount) return undefined;
  return {
    Version: POLICY_VERSION,
    Statement: [
      {
        Sid: "DatadogAssumeRoleWithExternalId",
        Effect: "Allow",
        Principal: { AWS: accountRootArn(partition, trustAccount) },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": externalId } },
      },
    ],
  };
}
