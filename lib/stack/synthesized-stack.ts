/**
 * Reading a synthesized stack (cdk.tf.json) for its deployer policy: where each AWS
 * provider creates resources (partition and allowed accounts), the IAM names, paths and
 * ARN patterns of its resources, and whether they are tagged. What cannot be known before
 * plan time is collected as a problem, never guessed.
 */
import { withAnyPermissionsPolicyNumber } from "../constructs/names";
import { Partition, partitionOfRegion } from "../facts/partitions";

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

/** Where the AWS provider a resource uses creates it. */
export interface Place {
  readonly partition: Partition;
  /** The provider's region (regional ARNs, e.g. a delivery stream's, name it). */
  readonly region: string;
  readonly accounts: readonly string[];
}

export type Json = Record<string, unknown>;

export const INTERPOLATION = /\$\{[^}]*\}/g;
/** The values, each once, sorted (statement actions and resources). */
export const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort();

/** A stack's resources of one type as `{ address, name, r }` (name: the Terraform name). */
export const entriesOf = (stack: SynthesizedStack) => (type: string) =>
  Object.entries((stack.resource?.[type] ?? {}) as Record<string, Json>).map(([name, r]) => ({ address: `${type}.${name}`, name, r }));

export const isLiteral = (v: unknown): v is string => typeof v === "string" && !v.includes("${");

/** `${aws_iam_role.datadog_role.name}` → ["aws_iam_role", "datadog_role", "name"]; also with `[count.index]`. */
export function reference(value: unknown): { type: string; name: string; attribute: string } | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.([a-z_]+)\}$/.exec(value);
  return m ? { type: m[1], name: m[2], attribute: m[3] } : undefined;
}

export class Problems {
  readonly list: string[] = [];
  add(problem: string): void {
    this.list.push(problem);
  }
}

/** The AWS providers of the stack, by the name resources refer to them with ("aws", "aws.prod"). */
export function providerPlaces(stack: SynthesizedStack, problems: Problems): Map<string, Place> {
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
    if (isLiteral(region)) places.set(key, { partition: partitionOfRegion(region), region, accounts: accounts as string[] });
  }
  return places;
}

/**
 * A literal IAM name, or a pattern when parts are known only at plan time (each becomes
 * `*`), e.g. the live mode's `<role>-permissions-${count.index + 1}`. The construct's
 * permission policies (`<principal>-permissions-<n>`) become `<principal>-permissions-*`,
 * so a later permission list that needs one policy more stays within the policy.
 */
export function namePattern(resource: Json, where: string, problems: Problems): string | undefined {
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

export function pathOf(resource: Json, where: string, problems: Problems): string {
  const path = resource.path;
  if (path === undefined) return "/";
  if (!isLiteral(path)) {
    problems.add(`${where}: path ${JSON.stringify(path)} is known only at plan time`);
    return "/";
  }
  return path;
}

export const arn = (place: Place, account: string, kind: string, path: string, name: string) => `arn:${place.partition}:iam::${account}:${kind}${path}${name}`;

/** Whether a resource's `tags` is set to something: a non-empty map, or a reference. */
export function hasTags(tags: unknown): boolean {
  return typeof tags === "string" || (typeof tags === "object" && tags !== null && Object.keys(tags).length > 0);
}

/** Whether the AWS provider `resource` uses tags everything it creates (`default_tags`). */
export function defaultTagged(stack: SynthesizedStack, resource: Json): boolean {
  const name = typeof resource.provider === "string" ? resource.provider.replace(/^\$\{(.*)\}$/, "$1") : "aws";
  const blocks = stack.provider?.aws;
  const block = ((Array.isArray(blocks) ? blocks : blocks ? [blocks] : []) as Json[]).find((b) => (typeof b.alias === "string" ? `aws.${b.alias}` : "aws") === name);
  const defaults = block?.default_tags;
  return [defaults].flat().some((d) => typeof d === "object" && d !== null && hasTags((d as Json).tags));
}
