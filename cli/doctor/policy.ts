/**
 * Reading IAM policy documents the way IAM evaluates them, as far as the doctor needs:
 * which actions a set of policies grants (wildcards included: `ec2:Describe*` grants
 * `ec2:DescribeInstances`), and who a trust policy lets assume the role.
 *
 * Pure functions over parsed JSON; nothing here calls AWS.
 */
import { isPlainObject } from "../../lib/config/json-value";

/** One statement, normalized: lists for the fields IAM allows as a string or a list. */
export interface Statement {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  /** `Action`, or undefined when the statement uses `NotAction`. */
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  /** `Resource` patterns; undefined with `NotResource` (or neither, as in a trust policy). */
  readonly resources?: readonly string[];
  /** The `AWS` principals (`"*"` for `Principal: "*"`), for trust policies. */
  readonly awsPrincipals: readonly string[];
  /** Other principal kinds (`Service:ec2.amazonaws.com`, `Federated:...`). */
  readonly otherPrincipals: readonly string[];
  /** True when the statement uses `NotPrincipal`. */
  readonly notPrincipal: boolean;
  /** Condition operator → key (lower case) → values. */
  readonly condition: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

const list = (v: unknown): string[] => (v === undefined || v === null ? [] : (Array.isArray(v) ? v : [v]).map((x) => String(x)));

/**
 * A policy document as IAM returns it (URL-encoded JSON from GetRole, GetPolicyVersion,
 * GetRolePolicy), or already parsed. Throws when it is not a JSON object.
 */
export function parsePolicyDocument(document: unknown): Record<string, unknown> {
  let value = document;
  if (typeof value === "string") {
    let text = value;
    if (!text.trimStart().startsWith("{")) {
      try {
        text = decodeURIComponent(text);
      } catch {
        // not URL-encoded: parsed as it is
      }
    }
    value = JSON.parse(text);
  }
  if (!isPlainObject(value)) throw new Error("a policy document must be a JSON object");
  return value;
}

/** The statements of a document, normalized. */
export function statementsOf(document: unknown): Statement[] {
  const doc = parsePolicyDocument(document);
  const raw = doc.Statement;
  const statements = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(isPlainObject);
  return statements.map((s): Statement => {
    const principal = s.Principal ?? s.NotPrincipal;
    const awsPrincipals: string[] = [];
    const otherPrincipals: string[] = [];
    if (principal === "*") awsPrincipals.push("*");
    else if (isPlainObject(principal)) {
      for (const [kind, values] of Object.entries(principal)) {
        for (const v of list(values)) (kind === "AWS" ? awsPrincipals : otherPrincipals).push(kind === "AWS" ? v : `${kind}:${v}`);
      }
    }
    const condition: Record<string, Record<string, string[]>> = {};
    if (isPlainObject(s.Condition)) {
      for (const [operator, keys] of Object.entries(s.Condition)) {
        if (!isPlainObject(keys)) continue;
        condition[operator] = Object.fromEntries(Object.entries(keys).map(([k, v]) => [k.toLowerCase(), list(v)]));
      }
    }
    return {
      sid: typeof s.Sid === "string" ? s.Sid : undefined,
      effect: s.Effect === "Deny" ? "Deny" : "Allow",
      actions: s.Action !== undefined ? list(s.Action) : undefined,
      notActions: s.NotAction !== undefined ? list(s.NotAction) : undefined,
      resources: s.Resource !== undefined ? list(s.Resource) : undefined,
      awsPrincipals,
      otherPrincipals,
      notPrincipal: s.NotPrincipal !== undefined,
      condition,
    };
  });
}

/**
 * True when every action `required` names is also named by `granted`. Both are IAM
 * action patterns: case-insensitive, `*` any run of characters, `?` one character. A
 * wildcard in `required` (Datadog's lists have `backup:List*`) is covered only by a
 * wildcard at least as wide: `*` covers anything, `?` covers one character that is not
 * a `*`.
 */
export function patternCovers(granted: string, required: string): boolean {
  const g = granted.toLowerCase();
  const r = required.toLowerCase();
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (r.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === g.length) result = j === r.length;
    else if (g[i] === "*") result = go(i + 1, j) || (j < r.length && go(i, j + 1));
    else if (j === r.length || r[j] === "*") result = false;
    else if (r[j] === "?") result = g[i] === "?" && go(i + 1, j + 1);
    else result = (g[i] === "?" || g[i] === r[j]) && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** True when some action matches both patterns (for NotAction and Deny). */
export function patternsOverlap(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (y.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === x.length && j === y.length) result = true;
    else if (i < x.length && x[i] === "*") result = go(i + 1, j) || (j < y.length && go(i, j + 1));
    else if (j < y.length && y[j] === "*") result = go(i, j + 1) || (i < x.length && go(i + 1, j));
    else if (i === x.length || j === y.length) result = false;
    else result = (x[i] === "?" || y[j] === "?" || x[i] === y[j]) && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** `*`, or an ARN pattern that matches every resource (`arn:*:*:*:*:*`, `arn:aws:*:*:*:*`). */
function coversEveryResource(resources: readonly string[] | undefined): boolean {
  if (resources === undefined) return true; // NotResource: everything but some
  return resources.some((r) => r === "*" || /^arn:(\*|aws[a-z-]*):\*(:\*){0,3}$/.test(r));
}

/** Service part of an action pattern, or undefined when it holds a wildcard. */
function serviceOf(pattern: string): string | undefined {
  const service = pattern.toLowerCase().split(":")[0];
  return /[*?]/.test(service) || !pattern.includes(":") ? undefined : service;
}

/** A policy statement's place, to say where a grant or a denial comes from. */
export interface PlacedStatement {
  readonly statement: Statement;
  /** The policy it is in, as people name it. */
  readonly policy: string;
}

/**
 * What a set of identity policies allows, for asking about many actions quickly (Datadog's
 * lists have some 800; the AWS managed SecurityAudit alone some 1,500 patterns): literal
 * actions in a set, patterns bucketed by service.
 *
 * Allow statements count when they apply to every resource (Datadog's calls need `*`);
 * their conditions are not evaluated (a conditional Allow counts as a grant). Deny
 * statements without conditions that apply to every resource take away what they overlap.
 */
export class GrantedActions {
  private readonly literal = new Set<string>();
  private readonly byService = new Map<string, string[]>();
  private readonly anyService: string[] = [];
  private readonly notActionAllows: (readonly string[])[] = [];
  private readonly denies: { patterns: readonly string[]; notAction: boolean; policy: string }[] = [];

  constructor(statements: readonly PlacedStatement[]) {
    for (const { statement: s, policy } of statements) {
      if (s.effect === "Deny") {
        if (Object.keys(s.condition).length === 0 && coversEveryResource(s.resources)) {
          if (s.actions) this.denies.push({ patterns: s.actions, notAction: false, policy });
          else if (s.notActions) this.denies.push({ patterns: s.notActions, notAction: true, policy });
        }
        continue;
      }
      if (!coversEveryResource(s.resources)) continue;
      if (s.notActions) {
        this.notActionAllows.push(s.notActions);
        continue;
      }
      for (const a of s.actions ?? []) {
        if (!/[*?]/.test(a)) this.literal.add(a.toLowerCase());
        const service = serviceOf(a);
        if (service === undefined) this.anyService.push(a);
        else this.byService.set(service, [...(this.byService.get(service) ?? []), a]);
      }
    }
  }

  /** True when some Allow grants every action the pattern names (ignoring Deny). */
  private allowed(action: string): boolean {
    if (!/[*?]/.test(action) && this.literal.has(action.toLowerCase())) return true;
    const service = serviceOf(action);
    const candidates = [...(service === undefined ? [...this.byService.values()].flat() : (this.byService.get(service) ?? [])), ...this.anyService];
    if (candidates.some((g) => patternCovers(g, action))) return true;
    return this.notActionAllows.some((excluded) => !excluded.some((n) => patternsOverlap(n, action)));
  }

  /** The policy whose unconditional Deny takes (part of) this action away, if any. */
  deniedBy(action: string): string | undefined {
    for (const d of this.denies) {
      const hit = d.notAction ? !d.patterns.some((n) => patternCovers(n, action)) : d.patterns.some((p) => patternsOverlap(p, action));
      if (hit) return d.policy;
    }
    return undefined;
  }

  /** True when the action (or every action the pattern names) is allowed and not denied. */
  grants(action: string): boolean {
    return this.allowed(action) && this.deniedBy(action) === undefined;
  }
}

/** Account ID of an `AWS` principal: `123456789012`, `arn:aws:iam::123456789012:root` or a role/user ARN in it. */
export function principalAccount(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  return /^arn:[a-z-]+:iam::(\d{12}):/.exec(principal)?.[1];
}

/** Partition of a principal ARN (undefined for a bare account ID, which IAM reads as the role's own partition). */
export function principalPartition(principal: string): string | undefined {
  return /^arn:([a-z-]+):/.exec(principal)?.[1];
}

/** True when the principal is exactly the account's root (`123456789012` or `arn:<partition>:iam::123456789012:root`). */
export function isAccountRoot(principal: string, accountId: string, partition: string): boolean {
  return principal === accountId || principal === `arn:${partition}:iam::${accountId}:root`;
}

/** The values a statement requires `sts:ExternalId` to have (StringEquals / StringLike), or undefined when it does not require one. */
export function requiredExternalIds(statement: Statement): { operator: string; values: readonly string[] } | undefined {
  for (const operator of ["StringEquals", "StringLike"]) {
    const values = statement.condition[operator]?.["sts:externalid"];
    if (values && values.length > 0) return { operator, values };
  }
  return undefined;
}

/** True when an External ID satisfies a StringEquals (exact) or StringLike (wildcards) condition value. */
export function externalIdMatches(operator: string, value: string, externalId: string): boolean {
  if (operator === "StringEquals") return value === externalId;
  // StringLike is case-sensitive, with * and ?.
  const pattern = new RegExp(
    `^${value
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "s",
  );
  return pattern.test(externalId);
}
