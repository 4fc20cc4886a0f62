/**
 * One environment resolved: its own settings merged over defaults, null unsetting what it
 * inherits, then checked against the environment schema.
 */
import type { z } from "zod";
import { describeIssue, flattenIssues, formatPath, type PlacedIssue } from "../messages";
import type { ResolvedEnvironment } from "../resolved";
import { environmentSchema } from "../schema";
import { markValidated } from "../validated";
import { ENVIRONMENT_SHAPES, nullKeys, requiredNullMessage } from "./nulls";
import { type Json, mergeDefaults, without } from "./values";

/** Where a value an environment sets is written, and how to name the environment in a problem. */
export interface Subject {
  /** The stack name (for organization.environment itself, a label). */
  readonly name: string;
  /** The path of its own settings: ["environments", "prod"], or ["organization", "environment"]. */
  readonly at: PropertyKey[];
  readonly own: Json;
  /** Said after a problem, e.g. which discovered account it is about. */
  readonly note?: (path: PropertyKey[]) => string;
}

/** An environment's own settings merged over defaults and checked; null unsets an inherited value. */
export function checkSubject({ own }: Subject, defaults: Json): { config?: ResolvedEnvironment; issues: PlacedIssue[] } {
  const nulls = nullKeys(own, ENVIRONMENT_SHAPES);
  const requiredNulls = nulls.filter((n) => n.required);
  const issues: PlacedIssue[] = requiredNulls.map((n) => ({ path: n.path, message: requiredNullMessage(n), code: "config/null-not-unsettable" as const }));
  // null: "not set here". An optional key set to null is removed after merging (so the
  // schema applies its default, if it has one); a required one is reported and, for the
  // rest of the checks, treated as left out.
  const merged = mergeDefaults(
    defaults,
    requiredNulls.reduce((o, n) => without(o, n.path), own),
  );
  const result = environmentSchema.safeParse(
    nulls.filter((n) => !n.required).reduce((m, n) => without(m, n.path), merged),
    { error: describeIssue },
  );
  if (result.success) {
    markValidated(result.data);
    return { config: result.data, issues };
  }
  const reportedNull = (i: z.core.$ZodIssue) => requiredNulls.some((n) => formatPath(n.path) === formatPath(i.path as PropertyKey[]));
  return { issues: [...issues, ...flattenIssues({ issues: result.error.issues.filter((i) => !reportedNull(i)) })] };
}
