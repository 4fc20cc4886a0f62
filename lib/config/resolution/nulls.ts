/**
 * null in a config file means "not set here": an environment unsets what it would inherit
 * from defaults. Which keys are null, whether they may be, and what to say when not.
 */
import type { z } from "zod";
import { isPlainObject } from "../json-value";
import { formatPath } from "../messages";
import { environmentShape } from "../schema";
import type { Json } from "./values";

type Shape = Readonly<Record<string, z.core.$ZodType>>;

/** The object shapes a field's value may take, looking through defaults, optional and unions. */
function shapesOf(schema: z.core.$ZodType): Shape[] {
  const def = schema._zod.def as { type: string; shape?: Shape; innerType?: z.core.$ZodType; options?: readonly z.core.$ZodType[] };
  if (def.type === "object" && def.shape) return [def.shape];
  if (def.innerType) return shapesOf(def.innerType);
  if (def.options) return def.options.flatMap(shapesOf);
  return [];
}

export interface NullKey {
  readonly path: string[];
  /** The key has no default and is not optional, so it cannot be unset. */
  readonly required: boolean;
  /** The values a required key takes when it is a fixed choice (auth.type: "role", "accessKeys"). */
  readonly choices: readonly unknown[];
}

/**
 * Keys of known fields set to `null`, at any depth of nested objects (not inside lists,
 * which are replaced whole). Unknown keys are left to the schema, which names them.
 */
export function nullKeys(value: Json, shapes: readonly Shape[], under: string[] = []): NullKey[] {
  // Most settings hold no null: then nothing is looked up in the schema's shapes (~35 ms at 500 environments).
  if (!holdsNull(value)) return [];
  const found: NullKey[] = [];
  for (const [key, v] of Object.entries(value)) {
    const fields = shapes.flatMap((shape) => (Object.hasOwn(shape, key) ? [shape[key]] : []));
    if (fields.length === 0) continue;
    if (v === null) {
      const required = fields.every((f) => f._zod.optin === undefined);
      const choices = fields.flatMap((f) => (f._zod.def.type === "literal" ? [...(f._zod.def as unknown as { values: unknown[] }).values] : []));
      found.push({ path: [...under, key], required, choices });
    } else if (isPlainObject(v)) {
      found.push(...nullKeys(v, fields.flatMap(shapesOf), [...under, key]));
    }
  }
  return found;
}

/** Whether a value is null at any depth of nested objects (lists are not looked into, as by nullKeys). */
function holdsNull(value: Json): boolean {
  for (const v of Object.values(value)) if (v === null || (isPlainObject(v) && holdsNull(v))) return true;
  return false;
}

/** The shapes an environment's (and defaults') keys are looked up in. */
export const ENVIRONMENT_SHAPES: readonly Shape[] = [environmentShape];

export function requiredNullMessage({ path, choices }: NullKey): string {
  if (path.length === 1 && path[0] === "awsAccountId") {
    return 'is null, but every environment needs its own account ID (it has no default, so it cannot be unset); give the 12 digits, e.g. "123456789012"';
  }
  const value = choices.length > 0 ? `give ${choices.map((c) => JSON.stringify(c)).join(" or ")}` : "give it a value";
  return `is null, but ${formatPath(path)} has no default, so it cannot be unset (null unsets only optional keys); ${value}, or leave the key out to inherit it from defaults`;
}

export const NULL_IN_DEFAULTS = 'is null; null means "not set here" in an environment, to unset a value it inherits, but nothing is inherited into defaults: remove the key from defaults';
