/**
 * The config file's contract, as zod schemas: types, defaults, unknown keys, and the
 * rules that tie fields together. The published JSON Schema is generated from these
 * (json-schema.ts, `npm run schema`), and the construct validates its props with the same
 * schema, so the file, the editor and the TypeScript API judge a value the same way.
 *
 * What one setting accepts, with its description and default, is in fields/; the rules
 * between settings are in checks/.
 */
import { z } from "zod";
import type { ResolvedEnvironment, ResolvedIntegration } from "./resolved";
import { ENVIRONMENT_CHECKS, INTEGRATION_CHECKS, runChecks } from "./checks";
import { integrationShape } from "./fields/integration";
import { stackShape } from "./fields/stack";
import type { Same } from "./same-type";

/** Cross-field rules run even when a field failed, so one run reports every problem. */
const always = { when: (payload: { value: unknown }) => typeof payload.value === "object" && payload.value !== null };

/** The integration's settings as the construct takes them, with every rule the config file has. */
export const integrationSchema = z.strictObject(integrationShape).superRefine(runChecks(INTEGRATION_CHECKS), always);

/** Every key an environment (and `defaults`) may set. */
export const environmentShape = { ...integrationShape, ...stackShape };

/** One environment of the config file: the integration's settings and how Terraform reaches the account. */
export const environmentSchema = z.strictObject(environmentShape).superRefine(runChecks(ENVIRONMENT_CHECKS), always);

/** Everything but the account ID may come from `defaults`. */
export const defaultsSchema = z.strictObject({ ...integrationShape, ...stackShape }).partial();

export const configFileSchema = z.strictObject({
  $schema: z.string().optional().meta({ description: "Path or URL of this file's JSON Schema, for editors." }),
  defaults: z.record(z.string(), z.unknown()).optional().meta({ description: "Values every environment inherits; an environment's own value wins, lists are replaced, not concatenated." }),
  environments: z.record(z.string(), z.record(z.string(), z.unknown())).meta({ description: "One Terraform stack per key, named exactly after it." }),
  organization: z.unknown().optional().meta({
    description:
      "Every active account of an AWS Organization, one environment each: `npm run discover` writes them to the accounts file, which synth reads. With it, environments may be empty or left out.",
  }),
});

export type IntegrationInput = z.input<typeof integrationSchema>;
export type EnvironmentInput = z.input<typeof environmentSchema>;
export type { ResolvedEnvironment, ResolvedIntegration };

// Compile-time check: the written-out types (resolved.ts, zod-free for the public .d.ts) are
// exactly what the schemas produce. `tsc -b` fails here when one side changes alone.
const integrationOutputWrittenOut: Same<z.output<typeof integrationSchema>, ResolvedIntegration> = true;
const environmentOutputWrittenOut: Same<z.output<typeof environmentSchema>, ResolvedEnvironment> = true;
void integrationOutputWrittenOut;
void environmentOutputWrittenOut;

/** The integration's own fields of an environment, for the construct. */
export function integrationFieldsOf(env: ResolvedEnvironment): ResolvedIntegration {
  const keys = Object.keys(integrationShape) as (keyof typeof integrationShape)[];
  return Object.fromEntries(keys.filter((k) => env[k] !== undefined).map((k) => [k, env[k]])) as unknown as ResolvedIntegration;
}
