/**
 * Messages for zod's built-in checks (wrong type, unknown key, value not in a list),
 * written for people editing a JSON file: what was given, what is allowed, how to fix it.
 */
import type { z } from "zod";

const quote = (value: unknown) => JSON.stringify(value);

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

/** Distance between two keys, to suggest the key a typo meant. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      prev = next;
    }
  }
  return row[b.length];
}

export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * The name from `list` a person most likely meant by `value`: the same name in other case,
 * the name with a forgotten "AWS/" prefix, or the nearest by edit distance.
 */
export function likelyMeant(value: string, list: readonly string[]): string | undefined {
  const lower = value.toLowerCase();
  return (
    list.find((n) => n.toLowerCase() === lower) ??
    list.find((n) => n.toLowerCase() === `aws/${lower}`) ??
    closest(value, list)
  );
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

/** zod error map: returns undefined for issues that already carry our own message. */
export function describeIssue(iss: z.core.$ZodRawIssue): string | undefined {
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
      return `${typeName(iss.input)} is not allowed here; see the README's config reference for the forms this field takes`;
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
}

/** zod's issues, one per problem: an unknown-keys issue becomes one issue per key, at that key. */
export function flattenIssues(error: z.ZodError): PlacedIssue[] {
  return error.issues.flatMap((i) => {
    const path = i.path as PropertyKey[];
    if (i.code !== "unrecognized_keys") return [{ path, message: i.message }];
    const messages = i.message.split("\n");
    return i.keys.map((key, k) => ({ path: [...path, key], message: messages[k] ?? messages[0] }));
  });
}
