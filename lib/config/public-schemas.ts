/**
 * The config schemas as the package exports them: typed without zod, so that a consumer's
 * compiler never reads zod's declarations (see resolved.ts). At run time they are the zod
 * schemas of schema.ts.
 */
import type { ResolvedEnvironment, ResolvedIntegration } from "./resolved";
import * as schemas from "./schema";

/** A schema: checks a value and applies the defaults. */
export interface ConfigSchema<T> {
  /**
   * The value with defaults applied; throws when it breaks a rule. resolveConfig and the
   * construct report the same rules as a ConfigError with codes, which reads better.
   */
  parse(value: unknown): T;
  /** As parse, without throwing. */
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: Error };
}

/** The integration's settings (the construct's props less the providers). */
export const integrationSchema: ConfigSchema<ResolvedIntegration> = schemas.integrationSchema;
/** One environment of the config file: the integration's settings and its stack's. */
export const environmentSchema: ConfigSchema<ResolvedEnvironment> = schemas.environmentSchema;
