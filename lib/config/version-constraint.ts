/**
 * Terraform version constraints (`">= 4.16.0, < 5.0.0"`, `"~> 4.19"`, `"4.19.0"`) as far as
 * the provider ranges need them: parse one, and ask whether it admits some version below,
 * or at or above, a given release. A constraint is the intersection of its comma-separated
 * terms (Terraform's rule). Versions are numeric, one to three parts, missing parts zero;
 * `~> X.Y.Z` admits X.Y.Z up to X.(Y+1).0 excluded, `~> X.Y` and `~> X` up to (X+1).0.0
 * excluded. Pre-release versions (`4.0.0-rc.1`) are refused: Terraform selects one only by
 * an exact pin, and no feature of ours depends on one.
 */

/** A release as major, minor, patch. */
export type Version = readonly [number, number, number];

type Operator = "=" | "!=" | ">" | ">=" | "<" | "<=" | "~>";

interface Term {
  readonly op: Operator;
  readonly version: Version;
  /** How many parts were written (for `~>`). */
  readonly parts: number;
}

/** A parsed constraint: its terms, all of which a version must meet. */
export interface VersionConstraint {
  readonly text: string;
  readonly terms: readonly Term[];
}

const TERM = /^(=|!=|>=|<=|>|<|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/;

/** "4.16.0" as a Version; undefined when it is not one. */
export function parseVersion(text: string): Version | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export const formatVersion = (v: Version) => v.join(".");

/** Negative, zero or positive as a is below, equal to or above b. */
export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** The constraint, or a message saying what is wrong with it. */
export function parseVersionConstraint(text: string): VersionConstraint | string {
  const pieces = text.split(",").map((p) => p.trim());
  if (text.trim() === "") return 'is empty; write a Terraform version constraint such as ">= 4.16.0, < 5.0.0", or leave the field out';
  const terms: Term[] = [];
  for (const piece of pieces) {
    if (/-/.test(piece)) return `${JSON.stringify(piece)} names a pre-release version; give released versions only, e.g. ">= 4.16.0, < 5.0.0"`;
    const m = TERM.exec(piece);
    if (!m) return `${JSON.stringify(piece)} is not a version constraint; write terms such as ">= 4.16.0", "< 5.0.0", "~> 4.19" or "4.19.0", separated by commas`;
    const parts = m[4] !== undefined ? 3 : m[3] !== undefined ? 2 : 1;
    terms.push({ op: (m[1] ?? "=") as Operator, version: [Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)], parts });
  }
  return { text, terms };
}

/** The version right after v: no release lies between them. */
const next = (v: Version): Version => [v[0], v[1], v[2] + 1];

/** `~>`'s excluded upper bound. */
function pessimisticCeiling(t: Term): Version {
  return t.parts === 3 ? [t.version[0], t.version[1] + 1, 0] : [t.version[0] + 1, 0, 0];
}

function admits(t: Term, v: Version): boolean {
  const c = compareVersions(v, t.version);
  switch (t.op) {
    case "=":
      return c === 0;
    case "!=":
      return c !== 0;
    case ">":
      return c > 0;
    case ">=":
      return c >= 0;
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    case "~>":
      return c >= 0 && compareVersions(v, pessimisticCeiling(t)) < 0;
  }
}

/** True when the constraint admits the version. */
export function constraintAdmits(constraint: VersionConstraint, v: Version): boolean {
  return constraint.terms.every((t) => admits(t, v));
}

/**
 * The lowest version at or above `from` the constraint admits, or undefined. Walks from the
 * highest lower bound past excluded versions (`!=` excludes single versions, so the walk is
 * short), then checks the upper bounds.
 */
export function lowestAdmitted(constraint: VersionConstraint, from: Version = [0, 0, 0]): Version | undefined {
  let v = from;
  for (const t of constraint.terms) {
    const low = t.op === ">" ? next(t.version) : t.op === ">=" || t.op === "=" || t.op === "~>" ? t.version : undefined;
    if (low && compareVersions(low, v) > 0) v = low;
  }
  for (let steps = 0; steps <= constraint.terms.length; steps++) {
    if (constraintAdmits(constraint, v)) return v;
    // Only a `!=` can refuse v while some later version is admitted; any other term refuses every later version too.
    if (!constraint.terms.some((t) => t.op === "!=" && compareVersions(t.version, v) === 0)) return undefined;
    v = next(v);
  }
  return undefined;
}

/** True when the constraint admits some version below `version`. */
export function admitsBelow(constraint: VersionConstraint, version: Version): boolean {
  const lowest = lowestAdmitted(constraint);
  return lowest !== undefined && compareVersions(lowest, version) < 0;
}

/** True when the constraint admits `version` or some later one. */
export function admitsAtLeast(constraint: VersionConstraint, version: Version): boolean {
  return lowestAdmitted(constraint, version) !== undefined;
}
