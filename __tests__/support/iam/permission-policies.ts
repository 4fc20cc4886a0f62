// Datadog's permission policies grant exactly the expected actions and change only reviewed ones, checked against AWS's catalogue and simulated on a sample.
import { countProof } from "../proof-counters";
import { type ActionInfo, actionInfo, actionPattern, actionsOfService, expandActions, isPermissionsManagement, isWriteLevel, resourceFor } from "./action-catalogue";
import { asList, type IamPartition, parsePolicy, POLICY_VERSION, Problems, quote } from "./policy-documents";
import { type Outcome, simulate } from "./simulator";

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

/** How many actions a check simulates from a list, by default (spread evenly over it). */
export const DEFAULT_SIMULATION_SAMPLE = 120;

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
   * `Infinity`: every granted action. @default DEFAULT_SIMULATION_SAMPLE
   */
  readonly allowedSample?: number;
  /** Non-granted actions per granted service to simulate as refused, riskiest first. @default 1 */
  readonly deniedSamplePerService?: number;
  /** Of `mustDeny`, how many to simulate (spread evenly); every one is checked against the catalogue. @default DEFAULT_SIMULATION_SAMPLE */
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
  const writeActions = infos
    .filter(isWriteLevel)
    .map((a) => a.action)
    .sort();
  const pmActions = infos
    .filter(isPermissionsManagement)
    .map((a) => a.action)
    .sort();
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
    for (const pattern of asList(doc.Statement)
      .flatMap((st: any) => asList(st.Action))
      .filter((a): a is string => typeof a === "string")) {
      const first = sortedGranted.find((a) => actionPattern(pattern).test(a));
      if (first) allowSample.add(first);
    }
  }
  spread(sortedGranted, e.allowedSample ?? DEFAULT_SIMULATION_SAMPLE).forEach((a) => allowSample.add(a));
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
  spread([...mustDeny.actions.keys()].sort(), e.mustDenySample ?? DEFAULT_SIMULATION_SAMPLE).forEach((a) => denySample.add(a));
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
