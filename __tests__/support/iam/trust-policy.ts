// The role's trust policy lets only Datadog's account, with the External ID, assume it: structure checked and AssumeRole simulated (the confused-deputy protection).
import { countProof } from "../proof-counters";
import { asList, type IamPartition, parsePolicy, POLICY_VERSION, Problems, quote } from "./policy-documents";
import { type Outcome, simulate } from "./simulator";

/** An account no Datadog site uses, standing for "anyone else". */
export const STRANGER_ACCOUNT_ID = "999988887777";

export interface TrustPolicyExpectation {
  readonly partition: IamPartition;
  /** The Datadog AWS account that alone may assume the role. */
  readonly trustedAccountId: string;
  /** The External ID Datadog presents. */
  readonly externalId: string;
  /** ARN of the role the trust policy belongs to (the resource of the simulated AssumeRole). */
  readonly roleArn: string;
  /**
   * More accounts that must be refused even with the right External ID (other Datadog
   * sites' accounts, say). The role's own account and STRANGER_ACCOUNT_ID are always tried.
   */
  readonly otherAccountIds?: readonly string[];
}

export interface TrustPolicyReport {
  readonly simulations: number;
  /** Requests simulated, each with its outcome: "Allowed" for the one that must pass. */
  readonly cases: readonly { readonly description: string; readonly outcome: Outcome }[];
}

/** Principals and actions a trust policy may name: exactly one account root and sts:AssumeRole. */
export function trustPolicyStructureProblems(trustPolicyJson: string, e: TrustPolicyExpectation): string[] {
  const problems: string[] = [];
  const { doc, statements } = parsePolicy(trustPolicyJson, "trust policy");
  const root = `arn:${e.partition}:iam::${e.trustedAccountId}:root`;
  if (doc.Version !== POLICY_VERSION) problems.push(`Version is ${quote(doc.Version)}, not ${quote(POLICY_VERSION)} (older versions do not evaluate policy variables)`);
  if (!e.roleArn.startsWith(`arn:${e.partition}:iam::`)) problems.push(`the role ARN ${quote(e.roleArn)} is not in partition ${e.partition}`);
  const allows = statements.filter((s) => s.Effect === "Allow");
  if (allows.length === 0) problems.push("no statement allows anything: Datadog could not assume the role");
  statements.forEach((s, i) => {
    const where = `statement ${i}${s.Sid ? ` (${s.Sid})` : ""}`;
    if (s.Effect !== "Allow" && s.Effect !== "Deny") problems.push(`${where}: Effect ${quote(s.Effect)} is neither Allow nor Deny`);
    if (s.Effect !== "Allow") return;
    if (s.NotPrincipal !== undefined) problems.push(`${where}: NotPrincipal with Allow trusts everyone not listed`);
    if (s.NotAction !== undefined) problems.push(`${where}: NotAction with Allow allows every other STS action`);
    const principal = s.Principal;
    if (typeof principal !== "object" || principal === null || Array.isArray(principal)) {
      problems.push(`${where}: Principal ${quote(principal)} must be { "AWS": ${quote(root)} }`);
    } else {
      for (const [kind, value] of Object.entries(principal)) {
        const values = asList(value);
        if (kind !== "AWS") problems.push(`${where}: trusts ${kind} principals ${quote(value)}; only Datadog's account root may be trusted`);
        else for (const v of values) if (v !== root) problems.push(`${where}: trusts ${quote(v)}; only ${quote(root)} may be trusted`);
        if (kind === "AWS" && values.length === 0) problems.push(`${where}: names no AWS principal`);
      }
    }
    const actions = asList(s.Action);
    if (actions.length !== 1 || actions[0] !== "sts:AssumeRole") problems.push(`${where}: allows ${quote(s.Action)}; only "sts:AssumeRole" is needed`);
    const externalIds = asList(s.Condition?.StringEquals?.["sts:ExternalId"]);
    if (externalIds.length !== 1 || externalIds[0] !== e.externalId) {
      problems.push(`${where}: does not require exactly the External ID ${quote(e.externalId)} with StringEquals (Condition is ${quote(s.Condition)})`);
    }
  });
  return problems;
}

/**
 * Simulates AssumeRole and other STS calls against the trust policy. The caller's own
 * identity policy allows every STS action, so any refusal comes from the trust policy.
 */
export async function simulateTrustPolicy(trustPolicyJson: string, e: TrustPolicyExpectation): Promise<{ problems: string[]; report: TrustPolicyReport }> {
  const { doc } = parsePolicy(trustPolicyJson, "trust policy");
  const roleAccount = e.roleArn.split(":")[4];
  const callerPolicy = { name: "caller-may-call-sts", policy: { Version: POLICY_VERSION, Statement: [{ Effect: "Allow", Action: "sts:*", Resource: "*" }] } };
  const datadogRole = `arn:${e.partition}:iam::${e.trustedAccountId}:role/DatadogIntegrationCaller`;
  const datadogSession = `arn:${e.partition}:sts::${e.trustedAccountId}:assumed-role/DatadogIntegrationCaller/datadog-session`;
  const id = e.externalId;
  const flipped = id === id.toUpperCase() ? id.toLowerCase() : id.toUpperCase();
  const wrongIds = [...new Set(["wrong-external-id", `${id}x`, id.slice(0, -1), flipped, ` ${id}`])].filter((w) => w !== id && w.length > 0);
  const others = [...new Set([roleAccount, STRANGER_ACCOUNT_ID, ...(e.otherAccountIds ?? [])])].filter((a) => a !== e.trustedAccountId);

  type Case = { description: string; principal: string; action: string; context: Record<string, string>; expect: "Allowed" | "denied" };
  const withId = { "sts:ExternalId": id };
  const cases: Case[] = [
    { description: "Datadog's role with the External ID", principal: datadogRole, action: "sts:AssumeRole", context: withId, expect: "Allowed" },
    { description: "a session of Datadog's role with the External ID", principal: datadogSession, action: "sts:AssumeRole", context: withId, expect: "Allowed" },
    { description: "Datadog's role without an External ID", principal: datadogRole, action: "sts:AssumeRole", context: {}, expect: "denied" },
    ...wrongIds.map(
      (w): Case => ({ description: `Datadog's role with the wrong External ID ${quote(w)}`, principal: datadogRole, action: "sts:AssumeRole", context: { "sts:ExternalId": w }, expect: "denied" }),
    ),
    ...others.map(
      (a): Case => ({
        description: `account ${a} (not Datadog's) with the right External ID`,
        principal: `arn:${e.partition}:iam::${a}:role/SomeRole`,
        action: "sts:AssumeRole",
        context: withId,
        expect: "denied",
      }),
    ),
    { description: "the EC2 service with the right External ID", principal: "ec2.amazonaws.com", action: "sts:AssumeRole", context: withId, expect: "denied" },
    ...["sts:TagSession", "sts:SetSourceIdentity", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"].map(
      (action): Case => ({ description: `Datadog's role calling ${action}`, principal: datadogRole, action, context: action.startsWith("sts:AssumeRoleWith") ? {} : withId, expect: "denied" }),
    ),
  ];

  const problems: string[] = [];
  const results: { description: string; outcome: Outcome }[] = [];
  for (const c of cases) {
    let outcome: Outcome;
    try {
      outcome = await simulate({
        request: { principal: c.principal, action: c.action, resource: { resource: e.roleArn, accountId: roleAccount }, contextVariables: c.context },
        identityPolicies: [callerPolicy],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: doc,
      });
    } catch (err) {
      problems.push(`${c.description}: ${(err as Error).message}`);
      continue;
    }
    results.push({ description: c.description, outcome });
    if (c.expect === "Allowed" && outcome !== "Allowed") problems.push(`${c.description}: ${outcome}, but Datadog must be able to assume the role`);
    if (c.expect === "denied" && outcome === "Allowed") problems.push(`${c.description}: Allowed (${c.action} on ${e.roleArn}), but it must be refused`);
  }
  countProof("iamSimulations", cases.length);
  return { problems, report: { simulations: cases.length, cases: results } };
}

/**
 * The role's trust policy lets exactly Datadog's account, with exactly the External ID,
 * call sts:AssumeRole, and nothing else: the confused-deputy protection.
 */
export async function assertTrustPolicy(trustPolicyJson: string, e: TrustPolicyExpectation): Promise<TrustPolicyReport> {
  const problems = new Problems();
  trustPolicyStructureProblems(trustPolicyJson, e).forEach((p) => problems.add(p));
  const { problems: simulated, report } = await simulateTrustPolicy(trustPolicyJson, e);
  simulated.forEach((p) => problems.add(p));
  problems.throwIfAny(`trust policy of ${e.roleArn} (expecting ${e.trustedAccountId} with External ID ${quote(e.externalId)})`);
  return report;
}
