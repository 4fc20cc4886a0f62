/**
 * Test helpers: synthesize configs the way the app does and read the Terraform JSON.
 */
import { App, Testing } from "cdktf";
import { resolveConfig } from "../../lib/config/load-config";
import { DatadogAwsStack } from "../../lib/stack/environment-stack";

/** Synthesized Terraform JSON of one stack (cdk.tf.json), parsed. */
export type TerraformJson = {
  resource?: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  output?: Record<string, { value: unknown; sensitive?: boolean; description?: string }>;
  provider?: Record<string, any[]>;
  terraform?: Record<string, any>;
  variable?: Record<string, any>;
  locals?: Record<string, string>;
  import?: { to: string; id: string }[];
  [key: string]: unknown;
};

/** A minimal valid config file with one environment, merged with `env`. */
export function configWith(env: Record<string, unknown>, defaults?: Record<string, unknown>, name = "test"): Record<string, unknown> {
  return { ...(defaults ? { defaults } : {}), environments: { [name]: { awsAccountId: "123456789012", ...env } } };
}

/** Synthesizes every environment of a raw (parsed JSON) config; runs cdktf validations too. */
export function synthConfig(raw: unknown): Record<string, TerraformJson> {
  const envs = resolveConfig(raw, "test.config.json");
  const app = Testing.app();
  const out: Record<string, TerraformJson> = {};
  for (const env of envs) {
    const stack = new DatadogAwsStack(app, env.name, { environment: env.config, stackDir: `cdktf.out/stacks/${env.name}` });
    out[env.name] = JSON.parse(Testing.synth(stack, true));
  }
  return out;
}

/** Synthesizes a single-environment config and returns its stack. */
export function synthOne(env: Record<string, unknown>, defaults?: Record<string, unknown>): TerraformJson {
  return synthConfig(configWith(env, defaults)).test;
}

/** Resources of one type in a stack, by logical id. */
export function resourcesOf(stack: TerraformJson, type: string): Record<string, any> {
  return stack.resource?.[type] ?? {};
}

/** Messages of the ConfigError a config raises (fails the test if it raises none). */
export function problemsOf(raw: unknown): string[] {
  try {
    resolveConfig(raw, "test.config.json");
  } catch (e) {
    const problems = (e as { problems?: string[] }).problems;
    if (problems) return problems;
    throw e;
  }
  throw new Error("expected the config to be rejected, but it was accepted");
}

export { App };
