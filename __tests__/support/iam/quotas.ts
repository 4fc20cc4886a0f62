// IAM's quotas (sizes, counts, names) on what is attached to one role or user, written out from AWS's docs so a wrong product fact cannot agree with itself.
import { parsePolicy, Problems, quote } from "./policy-documents";

/**
 * AWS IAM quotas (IAM User Guide, "IAM and AWS STS quotas",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html; whitespace
 * does not count toward the policy size quotas). Written out independently of
 * lib/facts/iam-quotas.ts.
 */
export const AWS_IAM_QUOTAS = {
  managedPolicyChars: 6144,
  roleInlinePolicyChars: 10240,
  userInlinePolicyChars: 2048,
  managedPoliciesPerPrincipal: 10,
  principalNameMaxLength: 64,
  policyNameMaxLength: 128,
  /** Role trust policy length (default quota; AWS can raise it to 4,096). */
  roleTrustPolicyChars: 2048,
} as const;

/** Role, user and policy names: IAM's character set. */
export const IAM_NAME_CHARS = /^[\w+=,.@-]+$/;

/** Characters of a policy as IAM counts them: everything but whitespace outside strings. */
export function iamPolicyChars(json: string): number {
  let n = 0;
  let inString = false;
  let escaped = false;
  for (const ch of json) {
    if (inString) {
      n++;
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
    } else if (!/\s/.test(ch)) {
      n++;
      if (ch === '"') inString = true;
    }
  }
  return n;
}

/** What is attached to one IAM role or user, as rendered. */
export interface PrincipalPolicies {
  readonly kind: "role" | "user";
  readonly name: string;
  /** Customer managed policies attached to the principal, with their rendered documents. */
  readonly managedPolicies: readonly { readonly name: string; readonly document: string }[];
  /** ARNs of AWS managed policies attached (SecurityAudit, say). */
  readonly awsManagedPolicyArns: readonly string[];
  readonly inlinePolicies: readonly { readonly name: string; readonly document: string }[];
  /** The role's trust policy, when known as JSON. */
  readonly trustPolicy?: string;
}

export interface QuotaReport {
  readonly managedPolicyCount: number;
  readonly largestManagedPolicyChars: number;
  readonly inlinePolicyChars: number;
  readonly trustPolicyChars?: number;
}

/**
 * IAM's quotas hold for the principal: names, policy sizes, managed policies per
 * principal, and inline policies (none unless `allowInlinePolicies`).
 */
export function assertQuotas(p: PrincipalPolicies, options: { allowInlinePolicies?: boolean } = {}): QuotaReport {
  const q = AWS_IAM_QUOTAS;
  const problems = new Problems();
  const checkName = (what: string, name: string, max: number) => {
    if (name.length === 0 || name.length > max) problems.add(`${what} ${quote(name)} is ${name.length} characters; IAM allows 1 to ${max}`);
    if (!IAM_NAME_CHARS.test(name)) problems.add(`${what} ${quote(name)} has characters IAM does not allow (only letters, digits and + = , . @ _ -)`);
  };
  checkName(`${p.kind} name`, p.name, q.principalNameMaxLength);
  const policyNames = new Set<string>();
  let largest = 0;
  for (const m of p.managedPolicies) {
    checkName("policy name", m.name, q.policyNameMaxLength);
    if (policyNames.has(m.name)) problems.add(`policy name ${quote(m.name)} is used twice; IAM policy names are unique per account`);
    policyNames.add(m.name);
    parsePolicy(m.document, `policy ${m.name}`);
    const chars = iamPolicyChars(m.document);
    largest = Math.max(largest, chars);
    if (chars > q.managedPolicyChars) problems.add(`managed policy ${quote(m.name)} is ${chars} characters without whitespace; IAM allows ${q.managedPolicyChars}`);
  }
  const managedPolicyCount = p.managedPolicies.length + p.awsManagedPolicyArns.length;
  if (managedPolicyCount > q.managedPoliciesPerPrincipal) {
    problems.add(
      `${managedPolicyCount} managed policies attached to ${p.kind} ${p.name} (${p.managedPolicies.length} own, ${p.awsManagedPolicyArns.length} AWS managed); IAM allows ${q.managedPoliciesPerPrincipal}`,
    );
  }
  const inlineLimit = p.kind === "role" ? q.roleInlinePolicyChars : q.userInlinePolicyChars;
  const inlinePolicyChars = p.inlinePolicies.reduce((n, i) => n + iamPolicyChars(i.document), 0);
  if (inlinePolicyChars > inlineLimit) problems.add(`inline policies of ${p.kind} ${p.name} total ${inlinePolicyChars} characters; IAM allows ${inlineLimit}`);
  if (!options.allowInlinePolicies && p.inlinePolicies.length > 0) {
    problems.add(`${p.kind} ${p.name} has inline policies (${p.inlinePolicies.map((i) => i.name).join(", ")}); Datadog's permissions belong in managed policies`);
  }
  let trustPolicyChars: number | undefined;
  if (p.trustPolicy !== undefined) {
    if (p.kind !== "role") problems.add(`a ${p.kind} has no trust policy`);
    trustPolicyChars = iamPolicyChars(p.trustPolicy);
    if (trustPolicyChars > q.roleTrustPolicyChars) problems.add(`trust policy of ${p.name} is ${trustPolicyChars} characters; IAM allows ${q.roleTrustPolicyChars} by default`);
  }
  problems.throwIfAny(`IAM quotas of ${p.kind} ${p.name}`);
  return { managedPolicyCount, largestManagedPolicyChars: largest, inlinePolicyChars, trustPolicyChars };
}
