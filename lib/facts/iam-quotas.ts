/**
 * IAM quotas that decide how Datadog's permissions are split into policies.
 *
 * Source: AWS IAM User Guide, "IAM and AWS STS quotas",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (checked
 * 2026-11); whitespace does not count toward the policy size quotas.
 */
export const IAM_QUOTAS = {
  /** Characters in a customer managed policy document, whitespace excluded. */
  managedPolicyChars: 6144,
  /** Characters of all inline policies of one role together, whitespace excluded. */
  roleInlinePolicyChars: 10240,
  /** Characters of all inline policies of one user together, whitespace excluded. */
  userInlinePolicyChars: 2048,
  /** Managed policies attached to one role or user (default quota). */
  managedPoliciesPerPrincipal: 10,
  /** The most AWS raises that quota to on request (Service Quotas, "Managed policies per role" / "per user"). */
  managedPoliciesPerPrincipalMax: 20,
  /** Role and user names. */
  principalNameMaxLength: 64,
  /** Customer managed policy names. */
  policyNameMaxLength: 128,
  /** Role path / user path. */
  pathMaxLength: 512,
} as const;

/** Characters IAM allows in role and user names. */
export const IAM_NAME_PATTERN = /^[\w+=,.@-]+$/;

/** Size of a policy document as IAM counts it: JSON without whitespace outside strings. */
export function iamPolicySize(document: string | object): number {
  const json = typeof document === "string" ? JSON.stringify(JSON.parse(document)) : JSON.stringify(document);
  return json.length;
}
