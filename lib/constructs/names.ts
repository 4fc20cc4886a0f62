/**
 * The names an integration writes into Terraform: a contract. A changed address destroys
 * and recreates a live role, and the input variables and the tag are what pipelines and
 * people read. `__tests__/unit/addresses.test.ts` pins them.
 */

/**
 * Terraform names of what the construct creates; each resource's full name is
 * `<construct id>_<name>` (punctuation in the id becomes `_`), whatever its nesting.
 */
export const ADDRESSES = {
  integration: "integration",
  role: "role",
  user: "user",
  accessKey: "access_key",
  policy: (n: number) => `permissions_${n}`,
  roleAttachment: (n: number) => `permissions_${n}_attachment`,
  livePolicy: "permissions",
  liveAttachment: "permissions_attachment",
  livePermissionList: "permission_list",
  securityAudit: "security_audit",
  // Cloud Cost Management (costs): see private/costs.ts.
  costBucket: "cost_bucket",
  costBucketEncryption: "cost_bucket_encryption",
  costBucketPublicAccess: "cost_bucket_public_access",
  costBucketOwnership: "cost_bucket_ownership",
  costBucketPolicy: "cost_bucket_policy",
  costExport: "cost_export",
  costRead: "cost_read",
  ccmConfig: "ccm_config",
} as const;

/** Tag on each permissions policy saying which of Datadog's lists it holds (pinned and their dates, or live). */
export const PERMISSIONS_TAG = "datadog-permissions";

/** Input variable that carries an existing access key's ID (`accessKey: "variables"`). */
export const ACCESS_KEY_ID_VARIABLE = "datadog_aws_access_key_id";
/** Sensitive input variable that carries an existing access key's secret (`accessKey: "variables"`). */
export const SECRET_ACCESS_KEY_VARIABLE = "datadog_aws_secret_access_key";

/** What joins a principal's name and a number in the names of its permissions policies. */
const PERMISSIONS_POLICY_INFIX = "-permissions-";

/** Name of a principal's permissions policy number `n` (from 1): `<principal>-permissions-<n>`; in live mode `n` is a Terraform expression. */
export const permissionsPolicyName = (principal: string, n: number | string) => `${principal}${PERMISSIONS_POLICY_INFIX}${n}`;

/** True when `policyName` is one of `principal`'s permissions policies (any number). */
export function isPermissionsPolicyOf(principal: string, policyName: string): boolean {
  const prefix = `${principal}${PERMISSIONS_POLICY_INFIX}`;
  return policyName.startsWith(prefix) && /^\d+$/.test(policyName.slice(prefix.length));
}

/** A name with a permissions policy's number made `*` (`<principal>-permissions-*`), so a policy naming it covers every number; other names unchanged. */
export const withAnyPermissionsPolicyNumber = (name: string) => name.replace(new RegExp(`^(.+${PERMISSIONS_POLICY_INFIX})\\d+$`), "$1*");
