/**
 * Plain operations on parsed JSON that resolving a config needs: merging an environment
 * over defaults, and reading, testing and removing a value at a path.
 */
import { isPlainObject } from "../json-value";

export type Json = Record<string, unknown>;

/** Defaults under the environment's own values: objects merge key by key, lists and scalars are replaced. */
export function mergeDefaults(defaults: Json, own: Json): Json {
  const out: Json = { ...defaults };
  for (const [key, value] of Object.entries(own)) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? mergeDefaults(out[key] as Json, value) : value;
  }
  return out;
}

/** True when `obj` has a value (even undefined or null) at `path`. */
export function has(obj: unknown, path: readonly PropertyKey[]): boolean {
  let cur: unknown = obj;
  for (const key of path) {
    if (typeof cur !== "object" || cur === null || !Object.hasOwn(cur, key)) return false;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return true;
}

/** A copy of `obj` without the key at `path`. */
export function without(obj: Json, [key, ...rest]: readonly string[]): Json {
  if (rest.length === 0) {
    const copy = { ...obj };
    delete copy[key];
    return copy;
  }
  const child = obj[key];
  return isPlainObject(child) ? { ...obj, [key]: without(child, rest) } : obj;
}

/** The value at `path` in `obj`, if any. */
export function valueAt(obj: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}
