/**
 * What every cross-field check shares: how a problem is raised, and the values it checks.
 *
 * The checks run even when some fields failed their own checks (so one run reports every
 * problem), hence every field is treated as possibly missing or of the wrong type.
 */
import type { z } from "zod";
import type { ErrorCode } from "../../errors";
import { partitionOfRegion, REGION_PATTERN } from "../../facts/partitions";
import type { integrationShape } from "../fields/integration";
import type { stackShape } from "../fields/stack";
import { isToken } from "../fields/rules";

export type Ctx = z.RefinementCtx;
/** The integration's settings as a check sees them (see above: any field may be missing or wrong). */
export type IntegrationValue = z.output<z.ZodObject<typeof integrationShape>>;
/** An environment's settings as a check sees them. */
export type EnvironmentValue = IntegrationValue & z.output<z.ZodObject<typeof stackShape>>;
/** One named check of one rule. */
export type Check<T> = (c: T, ctx: Ctx) => void;

/** A cross-field problem, with its code (lib/errors.ts) for flattenIssues to read. */
export function issue(ctx: Ctx, code: ErrorCode, path: (string | number)[], message: string) {
  ctx.addIssue({ code: "custom", path, message, params: { code } });
}

/** A list field's items, or none when it is not a list. */
export const list = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : []);

/** The partition of awsRegion, when it is a region code known at synth time. */
export function partitionOf(c: { awsRegion?: unknown }) {
  const regionKnown = typeof c.awsRegion === "string" && !isToken(c.awsRegion) && REGION_PATTERN.test(c.awsRegion);
  return regionKnown ? partitionOfRegion(c.awsRegion as string) : undefined;
}

/** `auth`, or an empty object when it is not one. */
export const authOf = (c: IntegrationValue) => (typeof c.auth === "object" && c.auth !== null ? c.auth : {}) as Partial<IntegrationValue["auth"]>;

/** `metrics`, or an empty object. */
export const metricsOf = (c: IntegrationValue) => (c.metrics ?? {}) as Partial<IntegrationValue["metrics"]>;
