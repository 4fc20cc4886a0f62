/**
 * The app: a config file in, one synthesized stack per environment out.
 *
 * Output is staged in a sibling folder and moved into place file by file only after
 * every stack synthesized, so an invalid config or a failed synth leaves the output
 * folder exactly as it was, and what cdktf deploy left there (.terraform, lock files)
 * is kept.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { CONFIG_ENV_VAR, DEFAULT_CONFIG_FILE, EnvironmentConfig, loadConfigFile } from "../config/load-config";
import { ConfigError, outputFolderUnusable } from "../errors";
import { DatadogAwsStack } from "./environment-stack";
import { synthIndependentStacks, withoutTokenCreationTraces } from "./fast-synth";
import { repairHclFile } from "./hcl-repair";

export const OUTDIR_ENV_VAR = "CDKTF_OUTDIR";
export const DEFAULT_OUTDIR = "cdktf.out";

/** Adds one stack per environment to an app. */
export function addEnvironmentStacks(app: App, environments: readonly EnvironmentConfig[], outdir: string): DatadogAwsStack[] {
  return environments.map(
    (env) => new DatadogAwsStack(app, env.name, { environment: env.config, stackDir: path.relative(process.cwd(), path.join(outdir, "stacks", env.name)) }),
  );
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/**
 * Moves every file of `staging` into `outdir`, one atomic rename each. Files it replaces
 * are set aside first and put back if any move fails, so a failure leaves the folder as
 * it was.
 */
function publish(staging: string, outdir: string): void {
  const placed: { target: string; backup?: string }[] = [];
  try {
    for (const file of filesUnder(staging)) {
      const target = path.join(outdir, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      let backup: string | undefined;
      if (fs.existsSync(target)) {
        backup = `${target}.replaced-${process.pid}`;
        fs.renameSync(target, backup);
      }
      placed.push({ target, backup });
      fs.renameSync(path.join(staging, file), target);
    }
  } catch (e) {
    for (const { target, backup } of placed.reverse()) {
      if (backup) {
        fs.rmSync(target, { recursive: true, force: true });
        fs.renameSync(backup, target);
      } else fs.rmSync(target, { force: true });
    }
    throw e;
  }
  for (const { backup } of placed) if (backup) fs.rmSync(backup, { recursive: true, force: true });
}

export interface SynthResult {
  readonly configFile: string;
  readonly outdir: string;
  readonly stacks: readonly string[];
}

/** Synthesizes every environment of the config file. Throws ConfigError for bad input. */
export function synthesizeConfig(env: NodeJS.ProcessEnv = process.env): SynthResult {
  const configFile = env[CONFIG_ENV_VAR] || DEFAULT_CONFIG_FILE;
  const outdir = path.resolve(env[OUTDIR_ENV_VAR] || DEFAULT_OUTDIR);
  const environments = loadConfigFile(configFile);

  const staging = `${outdir}.staging-${process.pid}`;
  try {
    fs.mkdirSync(path.dirname(outdir), { recursive: true });
    fs.rmSync(staging, { recursive: true, force: true });
  } catch (e) {
    throw outputFolderUnusable(outdir, OUTDIR_ENV_VAR, (e as Error).message);
  }
  try {
    const app = new App({ outdir: staging });
    // Same output as app.synth(), faster: see fast-synth.ts.
    withoutTokenCreationTraces(env, () => {
      const stacks = addEnvironmentStacks(app, environments, outdir);
      synthIndependentStacks(app);
      for (const stack of stacks) {
        const terraform = (stack.toTerraform() as { terraform?: Record<string, unknown> }).terraform ?? {};
        repairHclFile(path.join(staging, "stacks", stack.node.id, "cdk.tf"), terraform);
      }
    });
    publish(staging, outdir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return { configFile, outdir, stacks: environments.map((e) => e.name) };
}

/** Runs the app as a command: messages for people, exit code for machines. */
export function main(env: NodeJS.ProcessEnv = process.env): number {
  try {
    const result = synthesizeConfig(env);
    const relative = path.relative(process.cwd(), result.outdir);
    const where = relative.startsWith("..") ? result.outdir : relative || ".";
    process.stderr.write(`Synthesized ${result.stacks.length} stack(s) from ${result.configFile} into ${where}/stacks: ${result.stacks.join(", ")}\n`);
    return 0;
  } catch (e) {
    const error = e as Error;
    // Bad input is the user's to fix and its message says how: never a stack trace.
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    process.stderr.write(`Synth failed: ${error.message}\n`);
    process.stderr.write(env.DEBUG && error.stack ? `${error.stack}\n` : "Set DEBUG=1 for the stack trace.\n");
    return 1;
  }
}
