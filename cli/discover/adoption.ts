/**
 * What is already in place for an environment before its stack creates anything: Datadog's
 * integration of the account (made by hand, by Datadog's CloudFormation, or by an apply that
 * stopped after Datadog created it but before Terraform saved it) and an IAM role with the
 * configured name. Recorded as the environment's `import` settings, the first plan imports
 * them instead of creating them, so Datadog's 409 "Account already exists" and IAM's
 * EntityAlreadyExists are never met.
 *
 * Read-only: Datadog's GET /api/v2/integration/aws/accounts?aws_account_id=... with the
 * environment's keys, then, where Datadog holds an integration (or the stack leaves Datadog to
 * others), IAM's GetRole / ListAttachedRolePolicies with the environment's credentials
 * (awsProfile, awsAssumeRoleArn), as the doctor reads them. What cannot be read
 * (keys not set, a role that cannot be assumed) is said, never guessed.
 */
import { GetRoleCommand, paginateListAttachedRolePolicies, type IAMClient } from "@aws-sdk/client-iam";
import type { EnvironmentConfig } from "../../lib/config/load-config";
import { CodedError } from "../../lib/errors";
import { SECURITY_AUDIT_POLICY_NAME } from "../../lib/facts/permissions";
import { isPermissionsPolicyOf } from "../../lib/constructs/names";
import { findDatadogSite } from "../../lib/facts/sites";
import { iamClientFor } from "../doctor/aws";
import { datadogAccess, readDatadogView } from "../doctor/datadog";

/** What `import` records: the two objects a stack would otherwise create and collide with. */
export interface RecordedImport {
  readonly datadogAccountConfigId?: string;
  readonly iamRole?: string;
}

export interface Adoption {
  readonly environment: string;
  readonly accountId: string;
  /** Datadog's config ID of the account's integration: a string when found, null when Datadog has none, undefined when not checked. */
  readonly datadogAccountConfigId?: string | null;
  /** The role's exact name when IAM has it, null when not, undefined when not checked. */
  readonly iamRole?: string | null;
  /** What could not be checked, and why. */
  readonly unchecked: readonly { readonly what: "Datadog integration" | "IAM role"; readonly why: string }[];
  /** What the user should know about what is in place (hand-made policies, another role name Datadog holds). */
  readonly notes: readonly string[];
}

/** Why something could not be read, with its code, without the environment's name (so accounts with one cause are listed together). */
function reasonOf(e: unknown): string {
  if (e instanceof CodedError && e.issues.length) return `[${e.issues[0].code}] ${e.issues[0].message}`;
  return String((e as Error)?.message ?? e).split("\n")[0];
}

/** Looks up what is in place for one environment. Never throws for what it cannot read: that goes to `unchecked`. */
export async function findExisting(environment: EnvironmentConfig, env: NodeJS.ProcessEnv = process.env): Promise<Adoption> {
  const { name, config } = environment;
  const unchecked: { what: "Datadog integration" | "IAM role"; why: string }[] = [];
  const notes: string[] = [];
  let datadogAccountConfigId: string | null | undefined;
  let heldRoleName: string | undefined;
  if (config.manageDatadogIntegration) {
    const site = findDatadogSite(config.datadogSite)!;
    const missing = [config.datadogApiKeyEnv, config.datadogAppKeyEnv].filter((v) => !env[v]);
    if (missing.length) {
      const which = `${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} not set`;
      unchecked.push({ what: "Datadog integration", why: `${which}; export the Datadog API and application keys of ${site.site} and run again` });
    } else {
      try {
        const access = datadogAccess(name, { apiUrl: site.apiUrl, site: site.site, datadogApiKeyEnv: config.datadogApiKeyEnv, datadogAppKeyEnv: config.datadogAppKeyEnv }, env);
        const view = await readDatadogView(access, config.awsAccountId);
        datadogAccountConfigId = view.account?.id ?? null;
        heldRoleName = view.account?.attributes.auth_config?.role_name;
      } catch (e) {
        unchecked.push({ what: "Datadog integration", why: reasonOf(e) });
      }
    }
  }

  // The role is looked up where Datadog holds an integration (made by hand or by Datadog's
  // CloudFormation, the role comes with it) or where the stack leaves Datadog to others: an
  // organization of 1,000 new accounts costs one Datadog call each, not an AssumeRole each.
  let iamRole: string | null | undefined;
  if (config.auth.type === "role" && (datadogAccountConfigId || !config.manageDatadogIntegration)) {
    const wanted = config.auth.roleName;
    let iam: IAMClient | undefined;
    try {
      iam = (await iamClientFor(name, config, env)).iam;
      const role = await getRole(iam, wanted);
      if (role === undefined) iamRole = null;
      else if (role !== wanted) {
        // IAM ignores case; an import under the configured name would adopt it and then rename nothing, but Datadog would assume the wrong name.
        iamRole = null;
        notes.push(`IAM has the role as ${JSON.stringify(role)}, not ${JSON.stringify(wanted)}: set auth.roleName to ${JSON.stringify(role)} exactly to adopt it`);
      } else {
        iamRole = role;
        const foreign = await attachedPolicyNames(iam, role);
        if (foreign.length) {
          notes.push(
            `role ${role} has ${foreign.length} managed polic${foreign.length === 1 ? "y" : "ies"} attached that the stack does not manage (${foreign.join(", ")}): Terraform leaves them attached; detach them once the stack's policies are applied, they count toward IAM's managed policies per role`,
          );
        }
      }
    } catch (e) {
      unchecked.push({ what: "IAM role", why: reasonOf(e) });
    } finally {
      iam?.destroy();
    }
  }
  if (datadogAccountConfigId && heldRoleName !== undefined && config.auth.type === "role" && heldRoleName !== config.auth.roleName) {
    notes.push(`Datadog's integration assumes role ${JSON.stringify(heldRoleName)}; the first apply points it at ${JSON.stringify(config.auth.roleName)} (auth.roleName)`);
  }
  return { environment: name, accountId: config.awsAccountId, datadogAccountConfigId, iamRole, unchecked, notes };
}

/** The role's name as IAM holds it, or undefined when there is none. */
async function getRole(iam: IAMClient, name: string): Promise<string | undefined> {
  try {
    return (await iam.send(new GetRoleCommand({ RoleName: name }))).Role?.RoleName;
  } catch (e) {
    if (["NoSuchEntityException", "NoSuchEntity"].includes((e as { name?: string }).name ?? "")) return undefined;
    throw e;
  }
}

/** Managed policies attached to the role that the stack does not attach (its own are `<role>-permissions-<n>`, and SecurityAudit). */
async function attachedPolicyNames(iam: IAMClient, role: string): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListAttachedRolePolicies({ client: iam }, { RoleName: role })) {
    for (const p of page.AttachedPolicies ?? []) if (p.PolicyName && !isPermissionsPolicyOf(role, p.PolicyName) && p.PolicyName !== SECURITY_AUDIT_POLICY_NAME) names.push(p.PolicyName);
  }
  return names.sort();
}

/**
 * The import settings after a check: what was found replaces what was recorded, what was
 * not checked keeps what an earlier run recorded. Keys in a fixed order, so an unchanged
 * result writes the same bytes.
 */
export function recordedImport(previous: RecordedImport | undefined, found: Adoption): RecordedImport | undefined {
  const pick = <T>(checked: T | null | undefined, before: T | undefined): T | undefined => (checked === undefined ? before : (checked ?? undefined));
  const datadogAccountConfigId = pick(found.datadogAccountConfigId, previous?.datadogAccountConfigId);
  const iamRole = pick(found.iamRole, previous?.iamRole);
  if (datadogAccountConfigId === undefined && iamRole === undefined) return undefined;
  return { ...(datadogAccountConfigId ? { datadogAccountConfigId } : {}), ...(iamRole ? { iamRole } : {}) };
}

/** Runs `work` over `items`, at most `limit` at once, results in order. */
export async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
