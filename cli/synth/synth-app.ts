/**
 * The app: a config file in, one synthesized stack per environment out.
 *
 * Output is staged in a sibling folder and published (output-folder.ts) only after every
 * stack synthesized, so an invalid config or a failed synth leaves the output folder
 * exactly as it was, and what cdktf deploy left there (.terraform, lock files) is kept.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { CONFIG_ENV_VAR, DEFAULT_CONFIG_FILE, EnvironmentConfig, loadConfig } from "../../lib/config/load-config";
import { DEFAULT_OUTDIR } from "../../lib/config/contract";
import { checkEnvironmentNames, type Command, EXIT_OK, runCommand } from "../runner";
import { DatadogAwsStack } from "../../lib/stack/environment-stack";
import { formatStackHcl, HCL_ENV_VAR, hclRequested } from "./hcl-output";
import { policiesOnResolve } from "./deployer-policies";
import { publish, RemovedStack } from "./output-folder";
import { describeForeignFolder, describeRemovedStack, outputFolderProblem } from "./output-folder-messages";
import { keepUnselectedStacks } from "./stack-selection";
import { runByCdktfCli } from "./cdktf-cli";
import { stateAtOldDefaultPath } from "./old-state-path";

/** Environment variables, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

export const OUTDIR_ENV_VAR = "CDKTF_OUTDIR";
/** The file beside each stack holding its deployer's IAM policy. */
export const DEPLOYER_POLICY_FILE = "deployer-policy.json";

/** Adds one stack per environment to an app. */
export function addEnvironmentStacks(app: App, environments: readonly EnvironmentConfig[], outdir: string): DatadogAwsStack[] {
  // A loop, not map(): cdktf records the whole call stack for every token it makes, and each frame costs (docs/performance.md).
  const stacks: DatadogAwsStack[] = [];
  for (const env of environments) stacks.push(new DatadogAwsStack(app, env.name, { environment: env.config, stackDir: path.relative(process.cwd(), path.join(outdir, "stacks", env.name)) }));
  return stacks;
}

/** What to synthesize, as `npm run synth`'s arguments say; each defaults to what the environment variables say. */
export interface SynthOptions {
  /** The config file (default: DATADOG_AWS_CONFIG, else datadog-aws.config.json). */
  readonly configFile?: string;
  /** HCL (cdk.tf) instead of JSON (default: SYNTH_HCL_OUTPUT). */
  readonly hcl?: boolean;
  /** Only these environments' stacks are written; the output folder's other stacks stay as they are (default: every environment). */
  readonly environments?: readonly string[];
}

export interface SynthResult {
  readonly configFile: string;
  readonly outdir: string;
  /** The stacks written. */
  readonly stacks: readonly string[];
  /** The config's other environments, whose stacks were left as they were (only when environments were named). */
  readonly unchanged: readonly string[];
  /** Stacks the output folder had that the config no longer has. */
  readonly removed: readonly RemovedStack[];
  /** Folders under stacks/ that synth did not write, left alone. */
  readonly foreign: readonly string[];
  /** What the config's organization section has to say: discovered environments replaced by hand-written ones, or no longer enrolled. */
  readonly notices: readonly string[];
}

/** Synthesizes every environment of the config file. Rejects with a ConfigError for bad input. */
export async function synthesizeConfig(env: Environment = process.env, options: SynthOptions = {}): Promise<SynthResult> {
  const configFile = options.configFile || env[CONFIG_ENV_VAR] || DEFAULT_CONFIG_FILE;
  const outdir = path.resolve(env[OUTDIR_ENV_VAR] || DEFAULT_OUTDIR);
  const hcl = options.hcl || hclRequested(env);
  const { environments, notices } = loadConfig(configFile);
  const names = environments.map((e) => e.name);
  if (options.environments) checkEnvironmentNames("npm run synth", configFile, options.environments, names);
  const selected = options.environments ? names.filter((n) => options.environments?.includes(n)) : names;
  const oldState = stateAtOldDefaultPath(configFile, environments, outdir);
  if (oldState) throw oldState;

  // The stacks are built from the event loop, not under whatever called this (for the app,
  // the module loader still loading main.js): cdktf records the whole call stack for every
  // token it makes, some 12,000 at 500 environments, and formats it at a cost per frame.
  await Promise.resolve();
  const cdktfCli = runByCdktfCli(env);
  const staging = `${outdir}.staging-${process.pid}`;
  // cdktf's App and its stacks read the variable themselves, and disagree on "1": they are
  // given the one spelling both read, for this synth only.
  const hclBefore = process.env[HCL_ENV_VAR];
  process.env[HCL_ENV_VAR] = String(hcl);
  try {
    fs.mkdirSync(path.dirname(outdir), { recursive: true });
    fs.rmSync(staging, { recursive: true, force: true });
    const app = new App({ outdir: staging, hclOutput: hcl });
    // Plain App.synth(): why no shortcut past it is taken is in docs/performance.md ("Synthesis shortcuts").
    const stacks = addEnvironmentStacks(app, environments, outdir).filter((s) => selected.includes(s.node.id));
    // Beside each stack, the IAM policy whoever applies it needs (docs/security.md, "The deployer's policy"),
    // from the JSON cdktf resolves for cdk.tf.json.
    const policies = policiesOnResolve(stacks);
    app.synth();
    for (const stack of stacks) {
      const folder = path.join(staging, "stacks", stack.node.id);
      // HCL output: the stack resolved once more as JSON (resolving is the costly part of a synth), for its policy and terraform block.
      const tf = hcl ? (stack.toTerraform() as { terraform?: Record<string, unknown> }) : undefined;
      fs.writeFileSync(path.join(folder, DEPLOYER_POLICY_FILE), `${JSON.stringify(policies.get(stack.node.id), null, 2)}\n`);
      const hclFile = path.join(folder, "cdk.tf");
      if (tf) fs.writeFileSync(hclFile, await formatStackHcl(fs.readFileSync(hclFile, "utf8"), tf.terraform ?? {}));
    }
    const unchanged = names.filter((n) => !selected.includes(n));
    if (unchanged.length) keepUnselectedStacks(staging, outdir, unchanged);
    const { removed, foreign } = publish(staging, outdir, names, { configFile, cdktfCli });
    return { configFile, outdir, stacks: selected, unchanged, removed, foreign, notices };
  } catch (e) {
    throw outputFolderProblem(e, outdir, cdktfCli) ?? e;
  } finally {
    if (hclBefore === undefined) delete process.env[HCL_ENV_VAR];
    else process.env[HCL_ENV_VAR] = hclBefore;
    // existsSync first: under a path that is not a folder, rmSync fails (ENOTDIR) and would hide the real error.
    if (fs.existsSync(staging)) fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** `npm run synth`'s arguments; the cdktf CLI runs the same app without any. */
export const SYNTH_USAGE = `Usage: npm run synth -- [<environment>...] [--hcl] [--config <file>]
  <environment>    synthesize only these environments; the output folder's other stacks are left as they are
  --hcl            write HCL (cdk.tf) instead of JSON (cdk.tf.json), as SYNTH_HCL_OUTPUT=true does
  --config <file>  the config file (default: ${CONFIG_ENV_VAR}, else ${DEFAULT_CONFIG_FILE})
  -h, --help       print this and exit
The output folder is ${OUTDIR_ENV_VAR}, default ${DEFAULT_OUTDIR}.`;

/** `npm run synth` for the runner: messages for people, exit code for machines (runner.ts). */
export const SYNTH_COMMAND: Command = {
  command: "npm run synth",
  name: "Synth",
  usage: SYNTH_USAGE,
  readsConfig: true,
  options: { hcl: { type: "boolean" } },
  positionals: { min: 0, max: Infinity },
  run: async (args, env) => {
    const result = await synthesizeConfig(env, {
      configFile: args.configFile,
      hcl: args.options.hcl === true,
      environments: args.positionals.length ? args.positionals : undefined,
    });
    const relative = path.relative(process.cwd(), result.outdir);
    const where = relative.startsWith("..") ? result.outdir : relative || ".";
    // stdout: it is not an error (the cdktf CLI labels everything on stderr [ERROR]).
    process.stdout.write(`Synthesized ${result.stacks.length} stack(s) from ${result.configFile} into ${where}/stacks: ${result.stacks.join(", ")}\n`);
    if (result.unchanged.length) process.stdout.write(`Left as they were (not named): ${result.unchanged.join(", ")}\n`);
    for (const stack of result.removed) process.stderr.write(`${describeRemovedStack(stack, result.configFile, process.cwd())}\n`);
    for (const name of result.foreign) process.stderr.write(`${describeForeignFolder(result.outdir, name, process.cwd())}\n`);
    for (const notice of result.notices) process.stderr.write(`${notice}\n`);
    return EXIT_OK;
  },
};

/** Runs the app as a command (main.ts; the cdktf CLI runs it without arguments). */
export function main(env: Environment = process.env, argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  return runCommand(SYNTH_COMMAND, argv, env);
}
