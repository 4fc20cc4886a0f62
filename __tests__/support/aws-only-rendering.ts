// The AWS side alone of an environment or a config file, so what the Datadog provider cannot run for can still be proven on AWS, and every policy is literal JSON at synth time.
import { resolveConfig } from "../../lib/config/load-config";
import type { ResolvedEnvironment } from "../../lib/config/schema";
import type { ConfiguredStack } from "./configured-stacks";
import { synthConfig, TerraformJson } from "./synth";

type Json = Record<string, any>;

/** The fixed External ID an AWS-only rendering trusts (Datadog would generate one). */
export const TEST_EXTERNAL_ID = "0123456789abcdef0123456789abcdef";

/**
 * The AWS-only rendering of an environment: the same environment with
 * manageDatadogIntegration false, pinned permissions and no Datadog key settings. With
 * role auth it trusts its own External ID if it has one (split duty), else the fixed
 * TEST_EXTERNAL_ID (Datadog would generate one): the same AWS side, with the External ID a
 * literal. What can be proven of an environment's AWS side where the Datadog provider
 * cannot run. Fields are changed in the environment's own settings, which win over defaults.
 */
export function awsOnlyRendering(own: Json, resolved: ResolvedEnvironment): Json {
  const { datadogApiKeyEnv: _api, datadogAppKeyEnv: _app, ...rest } = own;
  const rendering: Json = { ...rest, manageDatadogIntegration: false, permissions: "pinned" };
  if (resolved.auth.type === "role") rendering.externalId = resolved.externalId ?? TEST_EXTERNAL_ID;
  if (rendering.import) {
    // There is no Datadog side to import into.
    const { datadogAccountConfigId: _id, ...imports } = rendering.import as Json;
    rendering.import = imports;
  }
  return rendering;
}

/** Defaults without what an AWS-only rendering cannot have (Datadog keys, a Datadog import). */
export function awsOnlyDefaults(raw: Json): Json {
  const { datadogApiKeyEnv: _api, datadogAppKeyEnv: _app, ...defaults } = (raw.defaults ?? {}) as Json;
  if (defaults.import) {
    const { datadogAccountConfigId: _id, ...imports } = defaults.import as Json;
    defaults.import = imports;
  }
  return defaults;
}

/** The AWS-only rendering of one environment of a config file, synthesized. */
export function awsOnlyRenderingOf(c: ConfiguredStack): TerraformJson {
  if (!c.raw || !c.env) throw new Error(`${c.label} has no config to render`);
  const own = (c.raw.environments as Record<string, Json>)[c.name];
  return synthConfig({ defaults: awsOnlyDefaults(c.raw), environments: { [c.name]: awsOnlyRendering(own, c.env) } })[c.name];
}

/** A whole config file rendered AWS-only: its defaults and every environment (see awsOnlyRendering). Pure JSON in, JSON out. */
export function awsOnlyConfig(raw: unknown): Json {
  const file = raw as Json;
  const resolved = new Map(resolveConfig(raw, "aws-only.config.json").map((e) => [e.name, e.config]));
  const environments = Object.fromEntries(Object.entries(file.environments as Record<string, Json>).map(([name, own]) => [name, awsOnlyRendering(own, resolved.get(name)!)]));
  return { ...file, ...(file.defaults ? { defaults: awsOnlyDefaults(file) } : {}), environments };
}
