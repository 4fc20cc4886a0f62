// Lists every stack this project ships an example of, synthesized, so the proofs walk them all without anyone remembering to add one.
/**
 * Every stack this project ships an example of: each environment of the shipped config
 * and of examples/*.config.json, and the programmatic example. The proofs walk this list,
 * so a new example is proven without anyone remembering to add it.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Testing } from "cdktf";
import { resolveConfig } from "../../lib/config/load-config";
import type { ResolvedEnvironment, ResolvedIntegration } from "../../lib/config/schema";
import { resolveIntegrationConfig } from "../../lib/constructs/integration-config";
import { buildProgrammaticExample, programmaticIntegrationProps } from "../../examples/programmatic";
import { CONFIG_FILES } from "./shipped-configs";
import { synthConfig, TerraformJson } from "./synth";
import { partitionOfStack } from "./terraform-stack-inputs";

type Json = Record<string, any>;

const ROOT = path.resolve(__dirname, "../..");

export interface ConfiguredStack {
  /** "examples/x.config.json › prod", or "examples/programmatic.ts". */
  readonly label: string;
  /** The config file's raw JSON (undefined for the programmatic example). */
  readonly raw?: Json;
  /** The resolved environment (undefined for the programmatic example). */
  readonly env?: ResolvedEnvironment;
  /** The integration's settings, defaults applied (from the config, or the example's props). */
  readonly integration: ResolvedIntegration;
  readonly name: string;
  readonly stack: TerraformJson;
  readonly accountId: string;
  readonly managesDatadog: boolean;
}

/** Every environment of a config (parsed JSON), synthesized; `source` names it in labels. */
export function stacksOfConfig(source: string, raw: Json): ConfiguredStack[] {
  const envs = resolveConfig(raw, source);
  const stacks = synthConfig(raw);
  return envs.map(
    (e): ConfiguredStack => ({
      label: `${source} › ${e.name}`,
      raw,
      env: e.config,
      integration: e.config,
      name: e.name,
      stack: stacks[e.name],
      accountId: e.config.awsAccountId,
      managesDatadog: e.config.manageDatadogIntegration,
    }),
  );
}

export function configuredStacks(): ConfiguredStack[] {
  const fromFiles = CONFIG_FILES.flatMap((file) => stacksOfConfig(file, JSON.parse(readFileSync(path.join(ROOT, file), "utf8")) as Json));
  const programmatic = JSON.parse(Testing.synth(buildProgrammaticExample(Testing.app()), true)) as TerraformJson;
  return [
    ...fromFiles,
    {
      label: "examples/programmatic.ts",
      name: "observability",
      integration: resolveIntegrationConfig(programmaticIntegrationProps, "examples/programmatic.ts"),
      stack: programmatic,
      accountId: (programmatic.provider!.aws[0].allowed_account_ids as string[])[0],
      managesDatadog: !!programmatic.resource?.datadog_integration_aws_account,
    },
  ];
}

/** The examples' stacks (examples/*.config.json, examples/programmatic.ts) whose AWS provider is in `partition`. */
export function examplesInPartition(partition: "aws" | "aws-us-gov" | "aws-cn"): ConfiguredStack[] {
  return configuredStacks().filter((c) => c.label.startsWith("examples/") && partitionOfStack(c.stack) === partition);
}
