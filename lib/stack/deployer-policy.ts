/**
 * The IAM policy of whoever runs `terraform apply` for a stack: create, read, update,
 * delete and import of the stack's IAM role or user, its permission policies, their
 * attachments and its access key, scoped to exactly those ARNs, plus the account guard's
 * sts:GetCallerIdentity.
 *
 * Everything comes from the synthesized stack (its `aws_iam_*` resources and the AWS
 * providers they use), not from the config, so a stack a library user built with the
 * construct gets its policy too. A stack with AWS resources or data sources this policy
 * does not cover, or names and accounts that are known only at plan time, is refused:
 * the policy never silently falls short, and never widens to `*`.
 *
 * The actions are the calls the AWS provider (5.x) makes for these resources, as
 * `__tests__/proof/deployer-policy.test.ts` records them from moto while applying, re-planning,
 * changing and destroying stacks as a principal holding only this policy:
 * - role: CreateRole; GetRole, ListRolePolicies, ListAttachedRolePolicies (read, import);
 *   UpdateAssumeRolePolicy, UpdateRoleDescription, UpdateRole (max session duration);
 *   ListInstanceProfilesForRole, DeleteRole (destroy);
 * - user: CreateUser; GetUser, ListAttachedUserPolicies; ListGroupsForUser, DeleteUser;
 * - access key: CreateAccessKey; ListAccessKeys (read); UpdateAccessKey (status drift);
 *   DeleteAccessKey;
 * - policy: CreatePolicy; GetPolicy, GetPolicyVersion; ListPolicyVersions,
 *   CreatePolicyVersion, DeletePolicyVersion (a changed document); DeletePolicy;
 * - attachments: Attach/DetachRolePolicy or Attach/DetachUserPolicy, whose resource is the
 *   role or user; which policy may be attached is the `iam:PolicyARN` condition;
 * - tags, only on what the stack tags (its `tags`, as the construct's list tag on each
 *   policy, or the provider's `default_tags`): TagRole/UntagRole, TagUser/UntagUser,
 *   TagPolicy/UntagPolicy. IAM also asks for these to create a resource with tags.
 */
import { deployerPolicyUnwritable } from "../errors";
import { Partition, partitionOfRegion } from "../facts/partitions";
import { withAnyPermissionsPolicyNumber } from "../constructs/names";

/** The synthesized Terraform JSON of one stack (cdk.tf.json), parsed. */
export interface SynthesizedStack {
  /** Resources, by type and name. */
  readonly resource?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Data sources, by type and name. */
  readonly data?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Provider configurations, by provider name (each a list, aliases included). */
  readonly provider?: Readonly<Record<string, unknown>>;
  /** Every other top-level block (terraform, output, variable, import, moved...). */
  readonly [key: string]: unknown;
}

/** One statement of the deployer's policy. */
export interface DeployerPolicyStatement {
  /** What the statement is for. */
  readonly Sid: string;
  /** Always Allow: the policy grants, it never denies. */
  readonly Effect: "Allow";
  /** The IAM actions granted. */
  readonly Action: readonly string[];
  /** The ARNs they are granted on (only `sts:GetCallerIdentity` has `*`). */
  readonly Resource: readonly string[];
  /** Further limits, e.g. which policies may be attached (`iam:PolicyARN`). */
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** The deployer's IAM policy document. */
export interface DeployerPolicyDocument {
  /** The IAM policy language version. */
  readonly Version: "2012-10-17";
  /** The statements, in the order of DEPLOYER_POLICY_SIDS. */
  readonly Statement: readonly DeployerPolicyStatement[];
}

/** Sids of the statements a deployer policy can have, in the order they appear. */
export const DEPLOYER_POLICY_SIDS = [
  "ReadCallerIdentityForAccountGuard",
  "ReadIntegrationRole",
  "WriteIntegrationRole",
  "AttachPoliciesToIntegrationRole",
  "ReadIntegrationUser",
  "WriteIntegrationUser",
  "AttachPoliciesToIntegrationUser",
  "ReadIntegrationUserAccessKeys",
  "WriteIntegrationUserAccessKeys",
  "ReadIntegrationPolicies",
  "WriteIntegrationPolicies",
  "TagIntegrationRole",
  "TagIntegrationUser",
  "TagIntegrationPolicies",
] as const;

/** The Sid of one of the deployer policy's statements. */
export type DeployerPolicySid = (typeof DEPLOYER_POLICY_SIDS)[number];

/** The resource types the policy covers; any other `aws_*` resource or data source is refused. */
const COVERED_TYPES = ["aws_iam_role", "aws_iam_user", "aws_iam_access_key", "aws_iam_policy", "aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment"] as const;

const ACTIONS = {
  accountGuard: ["sts:GetCallerIdentity"],
  readRole: ["iam:GetRole", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole", "iam:ListRolePolicies"],
  writeRole: ["iam:CreateRole", "iam:DeleteRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription"],
  attachToRole: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
  readUser: ["iam:GetUser", "iam:ListAttachedUserPolicies", "iam:ListGroupsForUser"],
  writeUser: ["iam:CreateUser", "iam:DeleteUser"],
  attachToUser: ["iam:AttachUserPolicy", "iam:DetachUserPolicy"],
  readAccessKeys: ["iam:ListAccessKeys"],
  writeAccessKeys: ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:UpdateAccessKey"],
  readPolicies: ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions"],
  writePolicies: ["iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion"],
  tagRole: ["iam:TagRole", "iam:UntagRole"],
  tagUser: ["iam:TagUser", "iam:UntagUser"],
  tagPolicy: ["iam:TagPolicy", "iam:UntagPolicy"],
} as const;

/** Where the AWS provider a resource uses creates it. */
interface Place {
  readonly partition: Partition;
  readonly accounts: readonly string[];
}

type Json = Record<string, unknown>;

const INTERPOLATION = /\$\{[^}]*\}/g;
const isLiteral = (v: unknown): v is string => typeof v === "string" && !v.includes("${");

/** `${aws_iam_role.datadog_role.name}` → ["aws_iam_role", "datadog_role", "name"]; also with `[count.index]`. */
function reference(value: unknown): { type: string; name: string; attribute: string } | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.([a-z_]+)\}$/.exec(value);
  return m ? { type: m[1], name: m[2], attribute: m[3] } : undefined;
}

class Problems {
  readonly list: string[] = [];
  add(problem: string): void {
    this.list.push(problem);
  }
}

/** The AWS providers of the stack, by the name resources refer to them with ("aws", "aws.prod"). */
function providerPlaces(stack: SynthesizedStack, problems: Problems): Map<string, Place> {
  const places = new Map<string, Place>();
  const blocks = stack.provider?.aws;
  for (const block of (Array.isArray(blocks) ? blocks : blocks ? [blocks] : []) as Json[]) {
    const key = typeof block.alias === "string" ? `aws.${block.alias}` : "aws";
    const where = `provider ${key}`;
    const region = block.region;
    const accounts = block.allowed_account_ids;
    if (!isLiteral(region)) {
      problems.add(`${where}: region ${region === undefined ? "is not set" : `${JSON.stringify(region)} is known only at plan time`}; the policy's ARNs need the partition, which the region decides`);
    }
    if (!Array.isArray(accounts) || accounts.length === 0 || !accounts.every(isLiteral)) {
      problems.add(
        `${where}: allowed_account_ids ${accounts === undefined ? "is not set" : `${JSON.stringify(accounts)} is not a list of literal account IDs`}; the policy's ARNs name the account, so give the provider allowedAccountIds: [<account ID>]`,
      );
      continue;
    }
    if (isLiteral(region)) places.set(key, { partition: partitionOfRegion(region), accounts: accounts as string[] });
  }
  return places;
}

/**
 * A literal IAM name, or a pattern when parts are known only at plan time (each becomes
 * `*`), e.g. the live mode's `<role>-permissions-${count.index + 1}`. The construct's
 * permission policies (`<principal>-permissions-<n>`) become `<principal>-permissions-*`,
 * so a later permission list that needs one policy more stays within the policy.
 */
function namePattern(resource: Json, where: string, problems: Problems): string | undefined {
  const name = resource.name;
  const prefix = resource.name_prefix;
  let pattern: string;
  if (typeof name === "string") pattern = name.replace(INTERPOLATION, "*");
  else if (typeof prefix === "string") pattern = `${prefix.replace(INTERPOLATION, "*")}*`;
  else {
    problems.add(`${where}: has no name; Terraform would generate one, which the policy cannot name in advance`);
    return undefined;
  }
  if (pattern.replace(/\*/g, "") === "") {
    problems.add(`${where}: its name ${JSON.stringify(name ?? prefix)} is known only at plan time`);
    return undefined;
  }
  return withAnyPermissionsPolicyNumber(pattern);
}

function pathOf(resource: Json, where: string, problems: Problems): string {
  const path = resource.path;
  if (path === undefined) return "/";
  if (!isLiteral(path)) {
    problems.add(`${where}: path ${JSON.stringify(path)} is known only at plan time`);
    return "/";
  }
  return path;
}

const arn = (place: Place, account: string, kind: string, path: string, name: string) => `arn:${place.partition}:iam::${account}:${kind}${path}${name}`;

const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort();

/**
 * The IAM policy the principal running `terraform apply` for `stack` needs (see the
 * module's documentation), derived from the stack itself.
 * @throws ConfigError listing every part of the stack the policy cannot cover or scope
 */
export function deployerPolicy(stack: SynthesizedStack): DeployerPolicyDocument {
  const problems = new Problems();
  const places = providerPlaces(stack, problems);
  const resources = stack.resource ?? {};

  for (const [type, byName] of Object.entries(resources)) {
    if (type.startsWith("aws_") && !(COVERED_TYPES as readonly string[]).includes(type)) {
      problems.add(`resource ${type} (${Object.keys(byName).join(", ")}): not covered by the deployer policy, which covers ${COVERED_TYPES.join(", ")}`);
    }
  }
  for (const [type, byName] of Object.entries(stack.data ?? {})) {
    if (type.startsWith("aws_")) problems.add(`data source ${type} (${Object.keys(byName).join(", ")}): not covered by the deployer policy`);
  }

  const placeOf = (resource: Json, where: string): Place | undefined => {
    const provider = typeof resource.provider === "string" ? resource.provider.replace(/^\$\{(.*)\}$/, "$1") : "aws";
    const place = places.get(provider);
    if (!place && !problems.list.some((p) => p.startsWith(`provider ${provider}:`))) problems.add(`${where}: uses the AWS provider ${provider}, which the stack does not configure`);
    return place;
  };
  const entries = (type: string) => Object.entries((resources[type] ?? {}) as Record<string, Json>).map(([name, r]) => ({ address: `${type}.${name}`, name, r }));

  // Where each role, user and policy of the stack lives (ARN patterns, one per allowed account).
  const arnsOf = (type: "aws_iam_role" | "aws_iam_user" | "aws_iam_policy", kind: string) => {
    const out = new Map<string, string[]>();
    for (const { address, name, r } of entries(type)) {
      const place = placeOf(r, address);
      const pattern = namePattern(r, address, problems);
      const path = pathOf(r, address, problems);
      // Known by name even when it cannot be placed (that problem is listed once, here).
      out.set(name, place && pattern ? place.accounts.map((a) => arn(place, a, kind, path, pattern)) : []);
    }
    return out;
  };
  const roles = arnsOf("aws_iam_role", "role");
  const users = arnsOf("aws_iam_user", "user");
  const policies = arnsOf("aws_iam_policy", "policy");

  /** ARNs of the role or user an attachment or key names: a reference to one of the stack's, or a literal name. */
  const principalArns = (value: unknown, type: "aws_iam_role" | "aws_iam_user", own: Map<string, string[]>, resource: Json, where: string): string[] => {
    const ref = reference(value);
    if (ref && ref.type === type && own.has(ref.name)) return own.get(ref.name)!;
    if (isLiteral(value)) {
      const place = placeOf(resource, where);
      return place ? place.accounts.map((a) => arn(place, a, type === "aws_iam_role" ? "role" : "user", "/", value)) : [];
    }
    problems.add(`${where}: ${type === "aws_iam_role" ? "role" : "user"} ${JSON.stringify(value)} is neither a name nor a reference to a ${type} of the stack`);
    return [];
  };
  /** The policy ARNs an attachment attaches: its literal ARN, or the ARN pattern of the stack's policy it refers to. */
  const attachedArns = (value: unknown, where: string): string[] => {
    const ref = reference(value);
    if (ref && ref.type === "aws_iam_policy" && ref.attribute === "arn" && policies.has(ref.name)) return policies.get(ref.name)!;
    if (isLiteral(value)) return [value];
    problems.add(`${where}: policy_arn ${JSON.stringify(value)} is neither an ARN nor a reference to an aws_iam_policy of the stack`);
    return [];
  };

  const roleAttachments = entries("aws_iam_role_policy_attachment").map(({ address, r }) => ({
    principal: principalArns(r.role, "aws_iam_role", roles, r, address),
    policies: attachedArns(r.policy_arn, address),
  }));
  const userAttachments = entries("aws_iam_user_policy_attachment").map(({ address, r }) => ({
    principal: principalArns(r.user, "aws_iam_user", users, r, address),
    policies: attachedArns(r.policy_arn, address),
  }));
  const keyUsers = entries("aws_iam_access_key").flatMap(({ address, r }) => principalArns(r.user, "aws_iam_user", users, r, address));

  if (problems.list.length > 0) {
    throw deployerPolicyUnwritable(problems.list);
  }

  // Write on the stack's own roles and users only; reads also on one an attachment or key names by literal name.
  const ownRoles = sortedUnique([...roles.values()].flat());
  const ownUsers = sortedUnique([...users.values()].flat());
  const readRoles = sortedUnique([...ownRoles, ...roleAttachments.flatMap((a) => a.principal)]);
  const readUsers = sortedUnique([...ownUsers, ...userAttachments.flatMap((a) => a.principal), ...keyUsers]);
  const policyArns = sortedUnique([...policies.values()].flat());

  const statements: DeployerPolicyStatement[] = [];
  const add = (Sid: DeployerPolicySid, actions: readonly string[], resource: readonly string[], condition?: DeployerPolicyStatement["Condition"]) => {
    if (resource.length === 0 || actions.length === 0) return;
    statements.push({ Sid, Effect: "Allow", Action: sortedUnique(actions), Resource: resource, ...(condition ? { Condition: condition } : {}) });
  };
  const attachCondition = (attachments: { policies: string[] }[]) => ({ ArnLike: { "iam:PolicyARN": sortedUnique(attachments.flatMap((a) => a.policies)) } });

  add("ReadCallerIdentityForAccountGuard", ACTIONS.accountGuard, ["*"]);
  add("ReadIntegrationRole", ACTIONS.readRole, readRoles);
  add("WriteIntegrationRole", ACTIONS.writeRole, ownRoles);
  add("AttachPoliciesToIntegrationRole", ACTIONS.attachToRole, sortedUnique(roleAttachments.flatMap((a) => a.principal)), attachCondition(roleAttachments));
  add("ReadIntegrationUser", ACTIONS.readUser, readUsers);
  add("WriteIntegrationUser", ACTIONS.writeUser, ownUsers);
  add("AttachPoliciesToIntegrationUser", ACTIONS.attachToUser, sortedUnique(userAttachments.flatMap((a) => a.principal)), attachCondition(userAttachments));
  add("ReadIntegrationUserAccessKeys", ACTIONS.readAccessKeys, sortedUnique(keyUsers));
  add("WriteIntegrationUserAccessKeys", ACTIONS.writeAccessKeys, sortedUnique(keyUsers));
  add("ReadIntegrationPolicies", ACTIONS.readPolicies, policyArns);
  add("WriteIntegrationPolicies", ACTIONS.writePolicies, policyArns);

  // Tags: the resource's own `tags` (the construct tags its policies), or its provider's `default_tags`.
  const tagged = (type: "aws_iam_role" | "aws_iam_user" | "aws_iam_policy", own: Map<string, string[]>) =>
    sortedUnique(entries(type).flatMap(({ name, r }) => (hasTags(r.tags) || defaultTagged(stack, r) ? (own.get(name) ?? []) : [])));
  add("TagIntegrationRole", ACTIONS.tagRole, tagged("aws_iam_role", roles));
  add("TagIntegrationUser", ACTIONS.tagUser, tagged("aws_iam_user", users));
  add("TagIntegrationPolicies", ACTIONS.tagPolicy, tagged("aws_iam_policy", policies));

  return { Version: "2012-10-17", Statement: statements };
}

function hasTags(tags: unknown): boolean {
  return typeof tags === "string" || (typeof tags === "object" && tags !== null && Object.keys(tags).length > 0);
}

function defaultTagged(stack: SynthesizedStack, resource: Json): boolean {
  const name = typeof resource.provider === "string" ? resource.provider.replace(/^\$\{(.*)\}$/, "$1") : "aws";
  const blocks = stack.provider?.aws;
  const block = ((Array.isArray(blocks) ? blocks : blocks ? [blocks] : []) as Json[]).find((b) => (typeof b.alias === "string" ? `aws.${b.alias}` : "aws") === name);
  const defaults = block?.default_tags;
  return [defaults].flat().some((d) => typeof d === "object" && d !== null && hasTags((d as Json).tags));
}
