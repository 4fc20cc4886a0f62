/**
 * The doctor's checks: pure functions from what the config says (`DoctorSubject`), what AWS
 * holds (`AwsView`) and what Datadog holds (`DatadogView`) to findings. Each finding is one
 * known cause of "Datadog is not authorized to perform sts:AssumeRole" or of missing data,
 * and says what is wrong, where, and how to fix it. Nothing here calls AWS or Datadog
 * (see aws.ts and datadog.ts for the reading).
 */
import type { ResolvedEnvironment } from "../../lib/config/schema";
import { accountRootArn, managedPolicyArn, partitionOfRegion, type Partition } from "../../lib/facts/partitions";
import { RESOURCE_COLLECTION_PERMISSIONS, SECURITY_AUDIT_POLICY_NAME, STANDARD_PERMISSIONS } from "../../lib/facts/permissions";
import { awsIntegrationPageUrl, DATADOG_SITES, findDatadogSite, type DatadogSite } from "../../lib/facts/sites";
import { ARRIVAL_EXPECTED_MS, duration } from "./arrival";
import {
  externalIdMatches,
  GrantedActions,
  isAccountRoot,
  patternCovers,
  principalAccount,
  principalPartition,
  requiredExternalIds,
  statementsOf,
  type PlacedStatement,
  type Statement,
} from "./policy";

// ---------------------------------------------------------------------------------------
// What the checks look at
// ---------------------------------------------------------------------------------------

/** An environment of the config, as far as the doctor needs it. */
export interface DoctorSubject {
  /** The environment's name (the stack's). */
  readonly environment: string;
  /** The config file it comes from, for fixes that edit it. */
  readonly configFile: string;
  readonly accountId: string;
  readonly partition: Partition;
  readonly site: DatadogSite;
  readonly auth: ResolvedEnvironment["auth"];
  readonly cspm: boolean;
  readonly resourceCollection: boolean;
  readonly metricsEnabled: boolean;
  readonly permissions: "pinned" | "live";
  readonly manageDatadogIntegration: boolean;
  /** Split duty: the External ID copied from the tile. */
  readonly externalId?: string;
}

export function subjectOf(environment: string, config: ResolvedEnvironment, configFile: string): DoctorSubject {
  return {
    environment,
    configFile,
    accountId: config.awsAccountId,
    partition: partitionOfRegion(config.awsRegion),
    site: findDatadogSite(config.datadogSite)!,
    auth: config.auth,
    cspm: config.cspm,
    resourceCollection: config.resourceCollection,
    metricsEnabled: config.metrics.enabled,
    permissions: config.permissions ?? (config.manageDatadogIntegration ? "live" : "pinned"),
    manageDatadogIntegration: config.manageDatadogIntegration,
    externalId: config.externalId,
  };
}

/** A policy that applies to the role or user, with its document. */
export interface PolicyView {
  /** As people name it: the managed policy's name, or the inline policy's. */
  readonly name: string;
  /** Managed policies only. */
  readonly arn?: string;
  readonly kind: "managed" | "inline";
  /** For a user: the group it comes through. */
  readonly group?: string;
  /** The document (URL-encoded JSON as IAM returns it, or parsed). */
  readonly document: unknown;
}

/** The role (or user) as IAM holds it. */
export interface AwsPrincipalView {
  readonly kind: "role" | "user";
  /** The name IAM holds, exact case. */
  readonly name: string;
  readonly arn: string;
  /** Roles: the trust policy (AssumeRolePolicyDocument). */
  readonly trustPolicy?: unknown;
  /** Every identity policy that applies: attached managed, inline, and (users) their groups'. */
  readonly policies: readonly PolicyView[];
  readonly permissionsBoundary?: PolicyView;
  /** Users: their access keys. */
  readonly accessKeys?: readonly { readonly id: string; readonly status: string }[];
}

export interface AwsView {
  /** Who the doctor read AWS as. */
  readonly callerArn: string;
  /** The configured role or user; undefined when IAM has none of that name. */
  readonly principal?: AwsPrincipalView;
  /** When it is missing: roles (users) whose names differ from the configured one only by case, or equal the name Datadog holds. */
  readonly similarNames: readonly string[];
}

/** An AWS account integration as Datadog's API returns it (`data[]` of GET /api/v2/integration/aws/accounts). */
export interface DatadogAccount {
  readonly id: string;
  readonly attributes: {
    readonly aws_account_id?: string;
    readonly aws_partition?: string;
    readonly auth_config?: { readonly role_name?: string; readonly external_id?: string; readonly access_key_id?: string };
    readonly metrics_config?: { readonly enabled?: boolean };
    readonly resources_config?: { readonly cloud_security_posture_management_collection?: boolean; readonly extended_collection?: boolean };
    readonly [key: string]: unknown;
  };
}

export interface DatadogView {
  /** The API the integration was read from. */
  readonly apiUrl: string;
  /** The integration of the environment's AWS account, if Datadog has one. */
  readonly account?: DatadogAccount;
  /**
   * Why Datadog was not read at all (split duty without Datadog keys); the Datadog-side
   * checks are then listed as not checked, and `account` says nothing.
   */
  readonly notRead?: string;
  /** Whether metrics from the account reached Datadog (read when the integration exists and collects metrics). */
  readonly metrics?: MetricsArrival;
  /** Why the metrics could not be read (the application key lacks metrics_read). */
  readonly metricsNotRead?: string;
}

/** What Datadog answered about metrics tagged `aws_account:<id>` (GET /api/v1/metrics). */
export interface MetricsArrival {
  /** From when metrics counted: the integration's creation, or the last hour for an older one. */
  readonly from: Date;
  /** The integration's creation, as Datadog reports it (created_at). */
  readonly createdAt?: Date;
  /** Names of the metrics that arrived since `from`. */
  readonly metrics: readonly string[];
  /** When Datadog was last asked. */
  readonly checkedAt: Date;
  /** With --wait: how long the doctor waited, and how often it asked. */
  readonly waitedMs?: number;
  readonly polls?: number;
}

/** The permissions the role or user must have: Datadog's lists as the environment takes them. */
export interface RequiredPermissions {
  /** Where the list comes from, for people: `Datadog's pinned lists standard + resource-collection (2026-03-10)`. */
  readonly source: string;
  readonly actions: readonly string[];
}

/** Datadog's pinned lists for an environment (standard, plus resource collection when on). */
export function pinnedRequirements(subject: Pick<DoctorSubject, "resourceCollection">): RequiredPermissions {
  const lists = subject.resourceCollection ? [STANDARD_PERMISSIONS, RESOURCE_COLLECTION_PERMISSIONS] : [STANDARD_PERMISSIONS];
  return {
    source: `Datadog's pinned lists (${lists.map((l) => l.name).join(" + ")}, ${lists[0].date})`,
    actions: [...new Set(lists.flatMap((l) => l.actions))].sort(),
  };
}

// ---------------------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------------------

export interface Finding {
  /** Stable name of the cause, e.g. `external-id-mismatch`. */
  readonly code: string;
  /** What is wrong and what it causes. */
  readonly problem: string;
  /** Where: the AWS resource, the Datadog integration or the config field. */
  readonly where: string;
  /** Values that show it (masked IDs, missing actions). */
  readonly details: readonly string[];
  /** How to fix it: commands or config edits, the usual one first. */
  readonly fix: readonly string[];
}

export interface Diagnosis {
  readonly findings: readonly Finding[];
  /** What was checked and found in order, one line each. */
  readonly passed: readonly string[];
  /** What could not be checked, and why (e.g. no role to read a trust policy from). */
  readonly skipped: readonly string[];
}

/**
 * An ID shown so it can be recognized, not copied: all but its last 4 characters masked
 * (2 for IDs of 8 or fewer characters). External IDs are not secrets, but a report full
 * of them is hard to read.
 */
export function mask(id: string): string {
  const shown = id.length > 8 ? 4 : Math.min(2, Math.max(0, id.length - 1));
  return `${"*".repeat(Math.min(8, id.length - shown))}${id.slice(id.length - shown)}`;
}

const quote = (s: string) => JSON.stringify(s);

/** Findings and summary lines accumulate here as the checks run. */
class Collector {
  readonly findings: Finding[] = [];
  readonly passed: string[] = [];
  readonly skipped: string[] = [];
  problem(f: Omit<Finding, "details"> & { details?: readonly string[] }): void {
    this.findings.push({ details: [], ...f });
  }
}

/** Helpers that name things the same way in every finding. */
class Words {
  constructor(readonly s: DoctorSubject) {}
  get deploy(): string {
    return `npx cdktf deploy ${this.s.environment}`;
  }
  field(path: string): string {
    return `environments.${this.s.environment}.${path} in ${this.s.configFile}`;
  }
  get principalKind(): "role" | "user" {
    return this.s.auth.type === "role" ? "role" : "user";
  }
  get principalName(): string {
    return this.s.auth.type === "role" ? this.s.auth.roleName : this.s.auth.userName;
  }
  iam(p: AwsPrincipalView | undefined): string {
    return p ? `IAM ${p.kind} ${p.name} (${p.arn})` : `IAM ${this.principalKind} ${this.principalName} in AWS account ${this.s.accountId} (${this.s.partition})`;
  }
  datadog(account: DatadogAccount | undefined): string {
    return `the Datadog AWS integration of account ${this.s.accountId} on ${this.s.site.site}${account ? ` (config ID ${account.id})` : ""}`;
  }
  get tile(): string {
    return `Datadog's AWS integration page (${awsIntegrationPageUrl(this.s.site)}), account ${this.s.accountId}`;
  }
}

/** Datadog's AWS accounts that a principal account ID belongs to, for saying whose account a trust policy names. */
function datadogAccountOwner(accountId: string): string | undefined {
  const uses: string[] = [];
  for (const site of DATADOG_SITES) {
    for (const [partition, id] of Object.entries(site.trustAccountByPartition)) {
      if (id === accountId) uses.push(`${site.site} (${partition})`);
    }
  }
  return uses.length ? `Datadog's AWS account for ${uses.join(", ")}` : undefined;
}

// ---------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------

/** Runs every check; those that need something missing (no role, no integration) are listed as skipped. */
export function diagnose(subject: DoctorSubject, aws: AwsView, datadog: DatadogView, required: RequiredPermissions): Diagnosis {
  const c = new Collector();
  const w = new Words(subject);
  checkPrincipalExists(c, w, aws, datadog);
  if (datadog.notRead !== undefined) {
    c.skipped.push(
      `the Datadog side (whether the integration exists, its state, the ${subject.auth.type === "role" ? "role name and External ID" : "access key"} it holds, whether metrics arrive): ${datadog.notRead}`,
    );
  } else checkIntegration(c, w, datadog);
  const principal = aws.principal;
  if (principal?.kind === "role") checkTrust(c, w, principal, datadog);
  else if (!principal && subject.auth.type === "role") c.skipped.push("the trust policy and the External ID: there is no role to read them from");
  if (datadog.notRead !== undefined) {
    // listed above with the rest of the Datadog side
  } else if (principal && datadog.account) checkDatadogAuth(c, w, principal, datadog.account);
  else if (!datadog.account) c.skipped.push(`the ${subject.auth.type === "role" ? "role name and External ID" : "access key"} Datadog holds: Datadog has no integration for the account`);
  else c.skipped.push(`the ${subject.auth.type === "role" ? "role name" : "access key"} Datadog holds: there is no ${subject.auth.type === "role" ? "role" : "user"} to compare it with`);
  if (principal) {
    checkPermissions(c, w, principal, required);
    checkSecurityAudit(c, w, principal, datadog.account);
  } else {
    c.skipped.push(`permissions and SecurityAudit: there is no ${w.principalKind} to read them from`);
  }
  checkMetricsArrival(c, w, datadog);
  // Causes of the AssumeRole error first, then causes of missing data.
  const rank = (f: Finding) => {
    const i = FINDING_ORDER.indexOf(f.code);
    return i < 0 ? FINDING_ORDER.length : i;
  };
  return { findings: [...c.findings].sort((a, b) => rank(a) - rank(b)), passed: c.passed, skipped: c.skipped };
}

/** The order findings are reported in: what stops Datadog from reaching the account, then what stops data. */
export const FINDING_ORDER: readonly string[] = [
  "role-missing",
  "user-missing",
  "config-role-name-case",
  "config-user-name-case",
  "integration-missing",
  "integration-auth-type",
  "integration-partition",
  "trust-unreadable",
  "trust-no-datadog-account",
  "trust-wrong-account",
  "external-id-mismatch",
  "role-name-case",
  "role-name-mismatch",
  "access-key-unknown",
  "access-key-inactive",
  "trust-no-external-id",
  "trust-too-broad",
  "integration-disabled",
  "permissions-missing",
  "permissions-boundary",
  "security-audit-missing",
  "resource-collection-permissions",
  "metrics-not-arriving",
];

function checkPrincipalExists(c: Collector, w: Words, aws: AwsView, datadog: DatadogView): void {
  const s = w.s;
  if (aws.principal) {
    c.passed.push(`${w.iam(aws.principal)} exists`);
    if (aws.principal.name !== w.principalName) {
      // IAM found it under another case (IAM names are unique ignoring case).
      c.problem({
        code: `config-${w.principalKind}-name-case`,
        problem: `the ${w.principalKind} is named ${quote(aws.principal.name)} in IAM, but the config names it ${quote(w.principalName)}: IAM ignores the case of names, Datadog and Terraform do not`,
        where: `${w.iam(aws.principal)}; ${w.field(`auth.${w.principalKind}Name`)}`,
        fix: [`set ${w.field(`auth.${w.principalKind}Name`)} to ${quote(aws.principal.name)} exactly, then ${w.deploy}`],
      });
    }
    return;
  }
  const kind = w.principalKind;
  const name = w.principalName;
  const heldByDatadog = kind === "role" ? datadog.account?.attributes.auth_config?.role_name : undefined;
  const similar = aws.similarNames.filter((n) => n !== name);
  const details = similar.map(
    (n) => `${kind} ${quote(n)} exists in the account${n === heldByDatadog ? " (the name Datadog holds)" : n.toLowerCase() === name.toLowerCase() ? " (the same name in another case)" : ""}`,
  );
  const fix = [
    `${w.deploy} creates it (Terraform notices the ${kind} is gone and creates it again)`,
    ...similar
      .slice(0, 1)
      .map(
        (n) =>
          `or, if ${quote(n)} is the ${kind} Datadog should use, set ${w.field(`auth.${kind}Name`)} to ${quote(n)} exactly and adopt it with "import": { "${kind === "role" ? "iamRole" : "iamUser"}": ${quote(n)} } (README, "Adopt an integration made by hand"), then ${w.deploy}`,
      ),
  ];
  c.problem({
    code: `${kind}-missing`,
    problem:
      kind === "role"
        ? `there is no IAM role named ${quote(name)}, so Datadog's AssumeRole fails ("Datadog is not authorized to perform sts:AssumeRole")`
        : `there is no IAM user named ${quote(name)}, so the access key Datadog holds belongs to no user of the account`,
    where: `${w.iam(undefined)}${s.auth.type === "role" ? ` (${w.field("auth.roleName")})` : ` (${w.field("auth.userName")})`}`,
    details,
    fix,
  });
}

function checkIntegration(c: Collector, w: Words, datadog: DatadogView): void {
  const s = w.s;
  const account = datadog.account;
  if (!account) {
    c.problem({
      code: "integration-missing",
      problem: `Datadog has no AWS integration for account ${s.accountId}, so it collects nothing from it`,
      where: `${w.datadog(undefined)} (read from ${datadog.apiUrl})`,
      fix: s.manageDatadogIntegration
        ? [
            `${w.deploy} creates it (if Terraform's state still lists one, the plan notices it is gone and creates it again; Datadog generates a new External ID and the trust policy takes it)`,
            `if the account is integrated in another Datadog organization or site, use that organization's keys and set ${w.field("datadogSite")} to its site`,
          ]
        : [
            `a Datadog admin adds it on ${w.tile}: Role Delegation > Manually, AWS account ID ${s.accountId} (no dashes), ${s.auth.type === "role" ? `role name ${quote(s.auth.roleName)} exactly (the datadog_tile_role_name output), and an External ID that goes into ${w.field("externalId")} before ${w.deploy}` : `the access key of user ${quote(s.auth.userName)}`}`,
          ],
    });
    return;
  }
  const a = account.attributes;
  const problems = c.findings.length;
  if (a.aws_partition && a.aws_partition !== s.partition) {
    c.problem({
      code: "integration-partition",
      problem: `Datadog holds account ${s.accountId} as partition ${a.aws_partition}, but the environment's awsRegion puts it in ${s.partition}: Datadog calls the wrong AWS partition`,
      where: `${w.datadog(account)}, aws_partition; ${w.field("awsRegion")}`,
      fix: s.manageDatadogIntegration
        ? [`${w.deploy} sets the partition Datadog holds to ${s.partition}; if ${s.partition} is wrong, set ${w.field("awsRegion")} to a region of the account's partition first`]
        : [`on ${w.tile}, remove the account and add it again in partition ${s.partition}`],
    });
  }
  const auth = a.auth_config ?? {};
  const holds = auth.role_name !== undefined ? "role" : auth.access_key_id !== undefined ? "accessKeys" : undefined;
  if (holds && holds !== s.auth.type) {
    c.problem({
      code: "integration-auth-type",
      problem: `Datadog reaches account ${s.accountId} with ${holds === "role" ? `role ${quote(auth.role_name!)}` : `an access key (${mask(auth.access_key_id!)})`}, but the environment uses ${s.auth.type === "role" ? "role delegation" : "access keys"}; Datadog cannot switch between the two in place`,
      where: `${w.datadog(account)}, auth_config; ${w.field("auth.type")}`,
      fix: [
        `delete the integration in Datadog (on ${w.tile}, or \`curl -X DELETE "${s.site.apiUrl}/api/v2/integration/aws/accounts/${account.id}" -H "DD-API-KEY: $DD_API_KEY" -H "DD-APPLICATION-KEY: $DD_APP_KEY"\`), then ${w.deploy}${s.manageDatadogIntegration ? "" : " and have a Datadog admin add it again"}`,
        `or, if ${holds === "role" ? "role delegation" : "access keys"} is what you want, set ${w.field("auth")} accordingly`,
      ],
    });
  }
  const metricsOn = a.metrics_config?.enabled !== false;
  if (!metricsOn && (s.metricsEnabled || !s.manageDatadogIntegration)) {
    c.problem({
      code: "integration-disabled",
      problem: `metric collection is off in Datadog (metrics_config.enabled is false), so no CloudWatch metrics arrive from account ${s.accountId}`,
      where: `${w.datadog(account)}, metrics_config.enabled`,
      fix: s.manageDatadogIntegration ? [`${w.deploy} turns it on again (${w.field("metrics.enabled")} is true)`] : [`turn metric collection on at ${w.tile} (Metric Collection tab)`],
    });
  }
  if (a.resources_config?.extended_collection === true && !s.resourceCollection && !s.manageDatadogIntegration) {
    c.problem({
      code: "resource-collection-permissions",
      problem: `Datadog collects resources from account ${s.accountId} (extended_collection on), but the environment leaves resourceCollection off, so the ${w.principalKind} lacks Datadog's resource-collection permissions and resource data is missing`,
      where: `${w.datadog(account)}, resources_config.extended_collection; ${w.field("resourceCollection")}`,
      fix: [`set ${w.field("resourceCollection")} to true, then ${w.deploy}`, `or turn resource collection off at ${w.tile}`],
    });
  }
  if (c.findings.length === problems) {
    c.passed.push(`${w.datadog(account)} exists; metric collection ${metricsOn ? "on" : "off, as the config says"}`);
  }
}

/** Action patterns of a statement that let the principal assume the role (or do more), for a report. */
function assumeActions(s: Statement): string[] {
  if (s.actions) return s.actions.filter((a) => patternCovers(a, "sts:AssumeRole") || /^sts:|^\*$/i.test(a));
  return [`NotAction ${JSON.stringify(s.notActions)}`];
}

function grantsAssumeRole(s: Statement): boolean {
  if (s.effect !== "Allow") return false;
  if (s.actions) return s.actions.some((a) => patternCovers(a, "sts:AssumeRole"));
  return !(s.notActions ?? []).some((n) => patternCovers(n, "sts:AssumeRole"));
}

function checkTrust(c: Collector, w: Words, role: AwsPrincipalView, datadog: DatadogView): void {
  const s = w.s;
  const trustAccount = s.site.trustAccountByPartition[s.partition];
  const where = `${w.iam(role)}, trust policy`;
  let statements: Statement[];
  try {
    statements = statementsOf(role.trustPolicy);
  } catch (e) {
    c.problem({ code: "trust-unreadable", problem: `the trust policy cannot be read (${(e as Error).message})`, where, fix: [`${w.deploy} writes it again`] });
    return;
  }
  if (!trustAccount) {
    c.problem({
      code: "trust-no-datadog-account",
      problem: `Datadog site ${s.site.site} offers no role delegation for ${s.partition} accounts, so no trust policy can work`,
      where: w.field("datadogSite"),
      fix: [`use one of the sites with role delegation for ${s.partition}, or access keys (README, "Partitions and sites")`],
    });
    return;
  }
  const expected = accountRootArn(s.partition, trustAccount);
  const allows = statements.filter((st) => st.effect === "Allow");
  const isDatadog = (p: string) => isAccountRoot(p, trustAccount, s.partition);
  const datadogStatements = allows.filter((st) => !st.notPrincipal && grantsAssumeRole(st) && st.awsPrincipals.some(isDatadog));
  const before = c.findings.length;

  if (datadogStatements.length === 0) {
    const trusted = [...new Set(allows.filter(grantsAssumeRole).flatMap((st) => [...st.awsPrincipals, ...st.otherPrincipals]))];
    const named = trusted.map((p) => {
      const account = principalAccount(p);
      const owner = account ? datadogAccountOwner(account) : undefined;
      const partition = principalPartition(p);
      const notes = [owner, partition && partition !== s.partition ? `partition ${partition}` : undefined, account === trustAccount && !isDatadog(p) ? "not the account root" : undefined].filter(
        Boolean,
      );
      return `${p}${notes.length ? ` (${notes.join("; ")})` : ""}`;
    });
    c.problem({
      code: "trust-wrong-account",
      problem: `the trust policy does not let Datadog's AWS account for ${s.site.site} (${s.site.label}, partition ${s.partition}) assume the role, so Datadog's AssumeRole is refused ("Datadog is not authorized to perform sts:AssumeRole")`,
      where,
      details: [`must trust: ${expected}`, `trusts: ${named.length ? named.join(", ") : "no one (no Allow of sts:AssumeRole)"}`],
      fix: [
        `${w.deploy} writes the trust policy for datadogSite ${quote(s.site.site)} (only ${expected}, with the External ID Datadog holds)`,
        `if ${s.site.site} is not your Datadog organization's site (the address you log in at), set ${w.field("datadogSite")} to it first`,
      ],
    });
  } else {
    const withoutId = datadogStatements.filter((st) => !requiredExternalIds(st));
    if (withoutId.length === datadogStatements.length) {
      c.problem({
        code: "trust-no-external-id",
        problem: `the trust policy lets Datadog's account assume the role without an sts:ExternalId condition, so any Datadog customer could point Datadog at this role (the confused deputy problem)`,
        where: `${where}, statement ${withoutId[0].sid ? quote(withoutId[0].sid) : `trusting ${expected}`}`,
        details: [`must have: Condition { "StringEquals": { "sts:ExternalId": <the ID Datadog holds> } }`],
        fix: [`${w.deploy} writes the trust policy with the External ID Datadog holds`],
      });
    }
  }

  // Anything else the trust policy allows: other principals, other actions, NotPrincipal
  // (without a statement for Datadog, trust-wrong-account already lists whom it trusts).
  const extra: string[] = [];
  for (const st of datadogStatements.length ? allows : []) {
    const label = st.sid ? `statement ${quote(st.sid)}` : "a statement";
    if (st.notPrincipal) {
      extra.push(`${label} uses NotPrincipal (everyone but ${[...st.awsPrincipals, ...st.otherPrincipals].join(", ")})`);
      continue;
    }
    for (const p of [...st.awsPrincipals, ...st.otherPrincipals].filter((p) => !isDatadog(p))) {
      const actions = assumeActions(st);
      extra.push(`${label} lets ${p === "*" ? "anyone (*)" : p} do ${actions.length ? actions.join(", ") : (st.actions ?? []).join(", ")}`);
    }
    if (st.awsPrincipals.some(isDatadog)) {
      const other = (st.actions ?? []).filter((a) => a.toLowerCase() !== "sts:assumerole");
      if (other.length || st.notActions) extra.push(`${label} lets ${expected} do ${st.notActions ? `everything but ${JSON.stringify(st.notActions)}` : other.join(", ")}, not only sts:AssumeRole`);
    }
  }
  if (extra.length) {
    c.problem({
      code: "trust-too-broad",
      problem: `the trust policy allows more than Datadog's account assuming the role with the External ID`,
      where,
      details: extra,
      fix: [`${w.deploy} replaces the trust policy with the one statement the stack writes (only ${expected}, only sts:AssumeRole, only with the External ID)`],
    });
  }

  // The External ID in the trust policy against the one Datadog holds.
  const held = datadog.account?.attributes.auth_config?.external_id;
  const conditions = datadogStatements.map(requiredExternalIds).filter((x): x is NonNullable<typeof x> => x !== undefined);
  const inTrust = conditions.flatMap((x) => x.values);
  // Split duty without Datadog's keys: the config's externalId (copied from the tile) is the
  // best known value of the ID Datadog holds.
  const fromConfig = datadog.notRead !== undefined ? s.externalId : undefined;
  if (fromConfig !== undefined && conditions.length > 0) {
    if (!conditions.some((x) => x.values.some((v) => externalIdMatches(x.operator, v, fromConfig)))) {
      c.problem({
        code: "external-id-mismatch",
        problem: `the External ID the trust policy requires is not the config's externalId (the one copied from the Datadog tile), so AWS refuses Datadog's AssumeRole ("Datadog is not authorized to perform sts:AssumeRole")`,
        where: `${where}, condition ${conditions[0].operator} sts:ExternalId`,
        details: [`trust policy requires: ${inTrust.map(mask).join(", ")}`, `the config's externalId: ${mask(fromConfig)} (${w.field("externalId")})`],
        fix: [
          `${w.deploy} writes the config's External ID into the trust policy`,
          `if the tile shows another External ID than the config's, copy that one into ${w.field("externalId")} first (ask the Datadog admin)`,
        ],
      });
    }
  } else if (held !== undefined && conditions.length > 0) {
    const ok = conditions.some((x) => x.values.some((v) => externalIdMatches(x.operator, v, held)));
    if (!ok) {
      const fix =
        !s.manageDatadogIntegration && s.externalId !== undefined && s.externalId !== held
          ? [
              `Datadog holds another External ID than ${w.field("externalId")} (${mask(s.externalId)}): the tile was closed or a new ID generated. Copy the ID shown on ${w.tile} (ending in ${held.slice(-4)}) into ${w.field("externalId")}, then ${w.deploy}`,
              "an External ID no account uses expires after 48 hours; if it did, generate a new one in the tile and do the same",
            ]
          : [
              `${w.deploy} writes the External ID Datadog holds into the trust policy${s.manageDatadogIntegration ? " (the stack reads it from the integration)" : ""}; an edit of the role by hand is undone`,
            ];
      c.problem({
        code: "external-id-mismatch",
        problem: `the External ID the trust policy requires is not the one Datadog holds, so AWS refuses Datadog's AssumeRole ("Datadog is not authorized to perform sts:AssumeRole")`,
        where: `${where}, condition ${conditions[0].operator} sts:ExternalId`,
        details: [`trust policy requires: ${inTrust.map(mask).join(", ")}`, `Datadog holds:         ${mask(held)} (${w.datadog(datadog.account)})`],
        fix,
      });
    }
  } else if (held === undefined && datadog.account?.attributes.auth_config?.role_name !== undefined) {
    c.skipped.push("the External ID: Datadog returned none for the integration");
  } else if (held !== undefined && datadogStatements.length === 0) {
    c.skipped.push("the External ID: no statement of the trust policy lets Datadog's account assume the role");
  }
  if (c.findings.length === before) {
    const id =
      held !== undefined
        ? `, with sts:ExternalId ${mask(held)}, the ID Datadog holds`
        : fromConfig !== undefined && inTrust.length
          ? `, with sts:ExternalId ${mask(fromConfig)}, the config's externalId`
          : inTrust.length
            ? `, with sts:ExternalId ${inTrust.map(mask).join(", ")}`
            : "";
    c.passed.push(`trust policy: only ${expected} (Datadog, ${s.site.site}) may assume the role${id}`);
  }
}

function checkDatadogAuth(c: Collector, w: Words, principal: AwsPrincipalView, account: DatadogAccount): void {
  const s = w.s;
  const auth = account.attributes.auth_config ?? {};
  if (principal.kind === "role" && auth.role_name !== undefined) {
    const held = auth.role_name;
    if (held === principal.name) {
      c.passed.push(`role name Datadog holds: ${quote(held)}, exactly the role's`);
      return;
    }
    const caseOnly = held.toLowerCase() === principal.name.toLowerCase();
    c.problem({
      code: caseOnly ? "role-name-case" : "role-name-mismatch",
      problem: caseOnly
        ? `Datadog assumes role ${quote(held)}, but the role is ${quote(principal.name)}: they differ only by case, and Datadog's role name is case-sensitive, so its AssumeRole fails ("Datadog is not authorized to perform sts:AssumeRole")`
        : `Datadog assumes role ${quote(held)}, but this environment's role is ${quote(principal.name)}, so Datadog does not use the role the stack manages`,
      where: `${w.datadog(account)}, auth_config.role_name; ${w.iam(principal)}`,
      fix: s.manageDatadogIntegration
        ? [
            `${w.deploy} sets the role name Datadog holds to ${quote(principal.name)}`,
            ...(caseOnly ? [] : [`or, if ${quote(held)} is the role to use, set ${w.field("auth.roleName")} to ${quote(held)} exactly, then ${w.deploy}`]),
          ]
        : [`on ${w.tile}, set the role name to ${quote(principal.name)} exactly (the datadog_tile_role_name output of ${w.deploy})`],
    });
    return;
  }
  if (principal.kind === "user" && auth.access_key_id !== undefined) {
    const keyId = auth.access_key_id;
    const key = (principal.accessKeys ?? []).find((k) => k.id === keyId);
    const theirs = (principal.accessKeys ?? []).map((k) => `${k.id} (${k.status})`);
    const rotate =
      s.auth.type === "accessKeys" && s.auth.accessKey === "variables"
        ? `create a key for the user (\`aws iam create-access-key --user-name ${principal.name}\`), export TF_VAR_datadog_aws_access_key_id and TF_VAR_datadog_aws_secret_access_key with it, then ${w.deploy}`
        : `${w.deploy} gives Datadog the key Terraform made for the user (to make a new one: \`cd cdktf.out/stacks/${s.environment} && terraform apply -replace=aws_iam_access_key.datadog_access_key\`)`;
    if (key && key.status === "Active") {
      c.passed.push(`access key Datadog holds: ${keyId}, an active key of user ${principal.name}`);
      return;
    }
    if (key) {
      c.problem({
        code: "access-key-inactive",
        problem: `the access key Datadog holds (${keyId}) is inactive, so every call Datadog makes with it is refused and no data arrives`,
        where: `${w.iam(principal)}, access key ${keyId}; ${w.datadog(account)}, auth_config.access_key_id`,
        fix: [`\`aws iam update-access-key --user-name ${principal.name} --access-key-id ${keyId} --status Active\``, `or, if it was deactivated on purpose, rotate: ${rotate}`],
      });
      return;
    }
    c.problem({
      code: "access-key-unknown",
      problem: `the access key Datadog holds (${keyId}) is not a key of user ${principal.name}, so Datadog's calls are refused or act as someone else`,
      where: `${w.datadog(account)}, auth_config.access_key_id; ${w.iam(principal)}`,
      details: [`the user's keys: ${theirs.length ? theirs.join(", ") : "none"}`],
      fix: [rotate],
    });
  }
}

function checkPermissions(c: Collector, w: Words, principal: AwsPrincipalView, required: RequiredPermissions): void {
  const placed: PlacedStatement[] = [];
  const unreadable: string[] = [];
  const label = (p: PolicyView) => `${p.kind === "inline" ? "inline policy" : "policy"} ${p.name}${p.group ? ` (through group ${p.group})` : ""}`;
  for (const p of principal.policies) {
    try {
      for (const statement of statementsOf(p.document)) placed.push({ statement, policy: label(p) });
    } catch {
      unreadable.push(label(p));
    }
  }
  const granted = new GrantedActions(placed);
  const missing = required.actions.filter((a) => !granted.grants(a));
  const denied = new Map<string, string[]>();
  for (const a of missing) {
    const by = granted.deniedBy(a);
    if (by) denied.set(by, [...(denied.get(by) ?? []), a]);
  }
  const where = `${w.iam(principal)}, its ${principal.policies.length} ${principal.kind === "user" ? "attached, inline and group " : "attached and inline "}polic${principal.policies.length === 1 ? "y" : "ies"}`;
  if (missing.length) {
    c.problem({
      code: "permissions-missing",
      problem: `${missing.length} of the ${required.actions.length} actions in ${required.source} ${missing.length === 1 ? "is" : "are"} not granted to the ${principal.kind}, so Datadog cannot collect what needs ${missing.length === 1 ? "it" : "them"}`,
      where,
      details: [
        ...groupByService(missing).map((line) => `missing ${line}`),
        ...[...denied].map(([policy, actions]) => `denied by ${policy}: ${actions.length} of them`),
        ...unreadable.map((p) => `${p}: its document could not be read`),
      ],
      fix: [
        `${w.deploy} restores Datadog's permission policies and their attachments (${w.s.permissions === "live" ? "with Datadog's current lists, read at plan time" : `the pinned lists; set ${w.field("permissions")} to "live" to follow Datadog's current lists`})`,
        ...(denied.size ? ["and remove the Deny statements named above"] : []),
      ],
    });
  } else {
    c.passed.push(`permissions: all ${required.actions.length} actions of ${required.source} are granted by ${principal.policies.length} polic${principal.policies.length === 1 ? "y" : "ies"}`);
  }
  const boundary = principal.permissionsBoundary;
  if (boundary) {
    let statements: PlacedStatement[] = [];
    try {
      statements = statementsOf(boundary.document).map((statement) => ({ statement, policy: `permissions boundary ${boundary.name}` }));
    } catch {
      // an unreadable boundary: reported as blocking everything below
    }
    const allowed = new GrantedActions(statements);
    const blocked = required.actions.filter((a) => !allowed.grants(a));
    if (blocked.length) {
      c.problem({
        code: "permissions-boundary",
        problem: `the ${principal.kind}'s permissions boundary does not allow ${blocked.length} of Datadog's actions, so they are refused whatever the policies grant`,
        where: `${w.iam(principal)}, permissions boundary ${boundary.arn ?? boundary.name}`,
        details: groupByService(blocked).map((line) => `not allowed ${line}`),
        fix: [`allow them in the boundary policy, or remove the boundary: \`aws iam delete-${principal.kind}-permissions-boundary --${principal.kind}-name ${principal.name}\``],
      });
    }
  }
}

/** `ec2: DescribeInstances, DescribeVolumes` lines, one per service, for long lists of actions. */
export function groupByService(actions: readonly string[]): string[] {
  const byService = new Map<string, string[]>();
  for (const a of actions) {
    const [service, name = ""] = a.split(":");
    byService.set(service, [...(byService.get(service) ?? []), name]);
  }
  return [...byService].map(([service, names]) => `${service}: ${names.join(", ")}`);
}

function checkSecurityAudit(c: Collector, w: Words, principal: AwsPrincipalView, account: DatadogAccount | undefined): void {
  const s = w.s;
  const arn = managedPolicyArn(s.partition, SECURITY_AUDIT_POLICY_NAME);
  // The stack attaches it whenever resource collection is on, as Datadog's templates do (lib/facts/README.md).
  const inConfig = s.resourceCollection || s.cspm;
  const cspmInDatadog = account?.attributes.resources_config?.cloud_security_posture_management_collection === true;
  const inDatadog = cspmInDatadog || account?.attributes.resources_config?.extended_collection === true;
  const attached = principal.policies.some((p) => p.kind === "managed" && p.arn === arn);
  if (!inConfig && !inDatadog) {
    c.passed.push(`SecurityAudit: not needed (resource collection and CSPM are off in the config and in Datadog)${attached ? "; it is attached anyway" : ""}`);
    return;
  }
  if (attached) {
    c.passed.push(`SecurityAudit (${arn}) is attached, as ${s.cspm || cspmInDatadog ? "resource collection and CSPM need" : "resource collection needs"}`);
    return;
  }
  const feature = s.cspm ? "CSPM" : "resource collection";
  const why = inConfig
    ? inDatadog
      ? `${feature} is on in the config and in Datadog`
      : `${feature} is on in the config (${w.field(s.cspm ? "cspm" : "resourceCollection")})`
    : cspmInDatadog
      ? "CSPM is on in Datadog (resources_config.cloud_security_posture_management_collection)"
      : "resource collection is on in Datadog (resources_config.extended_collection)";
  const turnOn = cspmInDatadog
    ? `set ${w.field("cspm")} to true (resourceCollection must be on), then ${w.deploy}: it attaches SecurityAudit`
    : `set ${w.field("resourceCollection")} to true, then ${w.deploy}: it attaches SecurityAudit`;
  const attach = `\`aws iam attach-${principal.kind}-policy --${principal.kind}-name ${principal.name} --policy-arn ${arn}\``;
  c.problem({
    code: "security-audit-missing",
    problem: `${why}, but the AWS managed policy SecurityAudit is not attached, so Datadog's resource collection and security findings for account ${s.accountId} are incomplete`,
    where: `${w.iam(principal)}, attached policies`,
    fix: inConfig
      ? [`${w.deploy} attaches it`, `or right away: ${attach}`]
      : s.manageDatadogIntegration
        ? [turnOn, `or leave it off: ${w.deploy} turns it off in Datadog, as the config says`]
        : [turnOn, `or turn it off at ${w.tile}`],
  });
}

/**
 * Whether metrics from the account arrived (Datadog's guide: "wait up to 10 minutes"). None
 * within 10 minutes of the integration's creation is not yet a problem; none after it is,
 * and the finding says where to look next: the problems found above, the integration's
 * state as Datadog holds it, and the errors Datadog shows on its tile.
 */
function checkMetricsArrival(c: Collector, w: Words, datadog: DatadogView): void {
  const s = w.s;
  const arrival = datadog.metrics;
  const account = datadog.account;
  if (!account || datadog.notRead !== undefined) return;
  const tag = `aws_account:${s.accountId}`;
  if (datadog.metricsNotRead !== undefined) {
    c.skipped.push(`metrics arriving: ${datadog.metricsNotRead}`);
    return;
  }
  if (!arrival) {
    c.skipped.push(`metrics arriving: metric collection is off in Datadog`);
    return;
  }
  const since =
    arrival.createdAt && arrival.createdAt.getTime() === arrival.from.getTime()
      ? `since the integration was created (${arrival.from.toISOString()})`
      : `in the last hour (since ${arrival.from.toISOString()})`;
  const waited = arrival.waitedMs !== undefined ? `, after waiting ${duration(arrival.waitedMs)} (${arrival.polls} looks)` : "";
  if (arrival.metrics.length) {
    const shown = arrival.metrics.slice(0, 3).join(", ");
    c.passed.push(`metrics arriving: ${arrival.metrics.length} metric${arrival.metrics.length === 1 ? "" : "s"} tagged ${tag} reached Datadog ${since}${waited}, e.g. ${shown}`);
    return;
  }
  const age = arrival.createdAt ? arrival.checkedAt.getTime() - arrival.createdAt.getTime() : Number.POSITIVE_INFINITY;
  if (age < ARRIVAL_EXPECTED_MS) {
    c.skipped.push(
      `metrics arriving: none tagged ${tag} yet${waited}; the integration is ${duration(age)} old and data can take ${duration(ARRIVAL_EXPECTED_MS)} to arrive: run again with --wait ${duration(ARRIVAL_EXPECTED_MS - age + 60_000)}`,
    );
    return;
  }
  const a = account.attributes;
  const others = c.findings.map((f) => f.code);
  const regions = a.aws_regions as { include_all?: boolean; include_only?: string[] } | undefined;
  const filters = (a.metrics_config as { namespace_filters?: { include_only?: string[]; exclude_only?: string[] } } | undefined)?.namespace_filters;
  c.problem({
    code: "metrics-not-arriving",
    problem: `no metrics tagged ${tag} reached Datadog ${since}${waited}, so the AWS overview dashboard stays empty for account ${s.accountId}`,
    where: `Datadog's metrics (GET /api/v1/metrics?tag_filter=${tag}); ${w.datadog(account)}`,
    details: [
      `the integration as Datadog holds it: metric collection ${a.metrics_config?.enabled === false ? "off" : "on"}; regions ${regions?.include_only ? regions.include_only.join(", ") : "all"}; namespaces ${filters?.include_only ? `only ${filters.include_only.join(", ")}` : filters?.exclude_only ? `all but ${filters.exclude_only.join(", ")}` : "Datadog's default"}; created ${arrival.createdAt?.toISOString() ?? "(not reported)"}`,
      others.length ? `problems found above: ${others.join(", ")}` : `the role's trust policy and permissions were checked without a problem (above)`,
    ],
    fix: [
      ...(others.length ? [`fix the problems above first (${others.join(", ")}): each can stop or limit what Datadog collects`] : []),
      `look at the errors Datadog reports on ${w.tile} (Datadog's API does not return them): an AssumeRole or permission error there names what AWS refused`,
      `check that the account has resources CloudWatch reports on in the regions and namespaces above: an account with nothing to measure sends no metrics`,
      `then run this doctor again with --wait 10m to watch for the first metrics`,
    ],
  });
}
