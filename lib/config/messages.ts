/**
 * Messages for zod's built-in checks (wrong type, unknown key, value not in a list),
 * written for people editing a JSON file: what was given, what is allowed, how to fix it.
 */
import type { z } from "zod";
import type { ErrorCode, Problem } from "../errors";
import { quote } from "./json-value";

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (value === undefined) return "nothing";
  return `${typeof value} ${quote(value)}`;
}

const EXPECTED: Record<string, string> = {
  string: 'a string in double quotes, e.g. "value"',
  boolean: "true or false (without quotes)",
  array: 'a list, e.g. ["a", "b"]',
  object: "an object { ... }",
  number: "a number",
  record: 'an object, e.g. { "prod": { "awsAccountId": "123456789012" } }',
};

/**
 * Typing distance between two names, ignoring case: the optimal string alignment form of
 * the Damerau–Levenshtein distance, where inserting, deleting or replacing a character, or
 * swapping two neighbouring ones ("cpsm" for "cspm"), is one edit. (Plain Levenshtein counts
 * a swap as two, so a swap in a short name was never suggested.) Each substring is edited
 * at most once, which is what a typo is; the unrestricted distance would also let "ca"
 * become "abc" in two edits, a case no person types.
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  // Three rows of the usual dynamic-programming table: a swap looks two rows back.
  let before = new Array<number>(t.length + 1).fill(0);
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) current[j] = Math.min(current[j], before[j - 2] + 1);
    }
    before = previous;
    previous = current;
  }
  return previous[t.length];
}

const commonPrefixLength = (a: string, b: string) => {
  let n = 0;
  while (n < a.length && n < b.length && a[n].toLowerCase() === b[n].toLowerCase()) n++;
  return n;
};

/**
 * How far `candidate` is from what a person who wrote `word` meant, in edits.
 *
 * Usually the typing distance. But for dotted names (Datadog sites) with the same number of
 * labels that differ in one label only, where that label was replaced rather than mistyped
 * (not one character lines up: "us" for "eu" or "com"), the person did not slip on a key,
 * they remembered the wrong word. The characters of a word they did not mean say nothing
 * about the word they did, so every such candidate scores the same, the number of characters
 * they wrote in that label, and the order of the list decides (see `closest`). A real typo in
 * the label ("ue" for "eu", "co" for "com") keeps its smaller typing distance and wins.
 */
function suggestionDistance(word: string, candidate: string): number {
  const distance = editDistance(word, candidate);
  const written = word.split(".");
  const meant = candidate.split(".");
  if (written.length < 2 || written.length !== meant.length) return distance;
  const differing = written.map((_, i) => i).filter((i) => written[i].toLowerCase() !== meant[i].toLowerCase());
  if (differing.length !== 1) return distance;
  const [w, m] = [written[differing[0]], meant[differing[0]]];
  const replaced = editDistance(w, m) >= Math.max(w.length, m.length);
  return replaced ? Math.min(distance, w.length) : distance;
}

/**
 * The candidate `word` most likely meant, or undefined when none is close enough (more
 * than about a third of the word would have to change).
 *
 * Ranked by `suggestionDistance`, then by the longer common start (people get the start of a
 * name right more often than its end), then by the order of `candidates`: lists are written
 * with the usual choice first (the default site first, then the other sites), so on a true
 * tie the more common choice wins ("datadoghq.us" → "datadoghq.com", not "datadoghq.eu").
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3)) + 1;
  let best: { candidate: string; distance: number; prefix: number } | undefined;
  for (const candidate of candidates) {
    const distance = suggestionDistance(word, candidate);
    if (distance >= limit) continue;
    const prefix = commonPrefixLength(word, candidate);
    if (!best || distance < best.distance || (distance === best.distance && prefix > best.prefix)) best = { candidate, distance, prefix };
  }
  return best?.candidate;
}

/**
 * The name from `list` a person most likely meant by `value`: the same name in other case,
 * the name with a forgotten "AWS/" prefix, or the nearest by edit distance.
 */
export function likelyMeant(value: string, list: readonly string[]): string | undefined {
  const lower = value.toLowerCase();
  return list.find((n) => n.toLowerCase() === lower) ?? list.find((n) => n.toLowerCase() === `aws/${lower}`) ?? closest(value, list);
}

function allowedKeys(inst: unknown): string[] {
  const shape = (inst as { _zod?: { def?: { shape?: Record<string, unknown> } } })?._zod?.def?.shape;
  return shape ? Object.keys(shape) : [];
}

function discriminatorValues(inst: unknown, discriminator: string): unknown[] {
  type Def = { _zod: { def: { options?: Def[]; shape?: Record<string, Def>; values?: unknown[] } } };
  const options = (inst as Def | undefined)?._zod.def.options ?? [];
  return options.flatMap((o) => o._zod.def.shape?.[discriminator]?._zod.def.values ?? []);
}

/**
 * Error codes travel on zod issues as `params.code`: custom issues (the rules and the
 * cross-field checks) are raised with it, and zod's own issues get it stamped here, by the
 * error map, as their message is written (zod copies the issue's own keys after asking
 * the map for its message). `flattenIssues` reads it back.
 */
function stamp(iss: z.core.$ZodRawIssue, code: ErrorCode): void {
  const issue = iss as { params?: Record<string, unknown> };
  issue.params = { ...issue.params, code };
}

/** An error function for one zod check (`.regex(..., { error })`) whose issues carry `code`. */
export function withCode(code: ErrorCode, describe: (iss: z.core.$ZodRawIssue) => string): (iss: z.core.$ZodRawIssue) => string {
  return (iss) => {
    stamp(iss, code);
    return describe(iss);
  };
}

/** zod error map: the message and code of zod's built-in checks; undefined leaves zod's own message. */
export function describeIssue(iss: z.core.$ZodRawIssue): string | undefined {
  const message = describeBuiltIn(iss);
  if ((iss as { params?: { code?: unknown } }).params?.code === undefined) stamp(iss, message === undefined ? "value/invalid" : codeOfBuiltIn(iss));
  return message;
}

function codeOfBuiltIn(iss: z.core.$ZodRawIssue): ErrorCode {
  switch (iss.code) {
    case "invalid_type":
      return iss.input === undefined ? "value/required" : "value/wrong-type";
    case "unrecognized_keys":
      return "value/unknown-key";
    case "invalid_value":
      return "value/not-allowed";
    case "invalid_union":
      return (iss as { discriminator?: string }).discriminator && iss.note === "No matching discriminator" ? "value/unknown-variant" : "value/wrong-form";
    case "too_small":
      return "value/empty";
    default:
      return "value/invalid";
  }
}

function describeBuiltIn(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case "invalid_type":
      if (iss.input === undefined) return `is required but missing; add it (${EXPECTED[iss.expected] ?? iss.expected})`;
      if (iss.expected === "string" && typeof iss.input === "number") {
        return `is the number ${iss.input}; write it as a string in double quotes, e.g. "${iss.input}" (numbers lose leading zeros)`;
      }
      return `expected ${EXPECTED[iss.expected] ?? iss.expected}, got ${typeName(iss.input)}`;
    case "unrecognized_keys": {
      const allowed = allowedKeys(iss.inst);
      return iss.keys
        .map((key) => {
          const guess = closest(key, allowed);
          const hint = guess ? `did you mean ${quote(guess)}?` : `allowed keys here: ${allowed.join(", ")}`;
          return `unknown key; ${hint} (unknown keys are errors so that a typo is never silently ignored)`;
        })
        .join("\n");
    }
    case "invalid_value": {
      const values = iss.values.map((v) => quote(v));
      const guess = typeof iss.input === "string" ? closest(iss.input, iss.values.map(String)) : undefined;
      return `${quote(iss.input)} is not allowed; use ${values.length === 1 ? values[0] : `one of ${values.join(", ")}`}${guess ? ` (did you mean ${quote(guess)}?)` : ""}`;
    }
    case "invalid_union": {
      const discriminator = (iss as { discriminator?: string }).discriminator;
      if (discriminator && iss.note === "No matching discriminator") {
        const input = (iss.input as Record<string, unknown> | undefined)?.[discriminator];
        const options = discriminatorValues(iss.inst, discriminator);
        return `${discriminator} ${input === undefined ? "is missing" : `${quote(input)} is not known`}; use ${options.map(quote).join(" or ")}`;
      }
      return `${typeName(iss.input)} is not allowed here; see docs/config-reference.md for the forms this field takes`;
    }
    case "too_small":
      if (iss.origin === "array") return `the list is empty; give at least ${iss.minimum} item${iss.minimum === 1 ? "" : "s"} or remove the field`;
      if (iss.origin === "string") return "is empty; give a value or remove the field";
      return undefined;
    default:
      return undefined;
  }
}

/** "environments.prod.metrics.tagFilters[0].namespace" */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === "number") return `${out}[${key}]`;
    const name = String(key);
    if (!/^[A-Za-z_$][\w$-]*$/.test(name)) return `${out}[${JSON.stringify(name)}]`;
    return out ? `${out}.${name}` : name;
  }, "");
}

export interface PlacedIssue {
  readonly path: PropertyKey[];
  readonly message: string;
  readonly code: ErrorCode;
}

/** The code an issue carries (see `stamp`); `value/invalid` for one raised without. */
export function codeOf(issue: z.core.$ZodIssue): ErrorCode {
  const code = (issue as { params?: { code?: ErrorCode } }).params?.code;
  return code ?? "value/invalid";
}

/** zod's issues, one per problem: an unknown-keys issue becomes one issue per key, at that key. */
export function flattenIssues(error: { readonly issues: readonly z.core.$ZodIssue[] }): PlacedIssue[] {
  return error.issues.flatMap((i) => {
    const path = i.path as PropertyKey[];
    const code = codeOf(i);
    if (i.code !== "unrecognized_keys") return [{ path, message: i.message, code }];
    const messages = i.message.split("\n");
    return i.keys.map((key, k) => ({ path: [...path, key], message: messages[k] ?? messages[0], code }));
  });
}

/** Placed issues as the problems of a ConfigError, each at its path (`root` for the issue of the whole value). */
export function toProblems(issues: readonly PlacedIssue[], root: string): Problem[] {
  return issues.map((i) => ({ code: i.code, path: formatPath(i.path) || root, message: i.message }));
}
