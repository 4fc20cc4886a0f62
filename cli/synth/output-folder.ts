/**
 * Publishing a synth into the output folder so that what is on disk matches the config,
 * while touching only what an earlier synth of this project wrote.
 *
 * - The record of what synth wrote is the manifest.json it left in the output folder: the
 *   stack folders it names are synth's, and in them the files synth writes (SYNTH_FILES).
 *   Beside it, synthesized-from.json names the config file they came from.
 *   A folder under stacks/ that the manifest does not name was put there by someone else:
 *   it is left alone and named in a warning (or, when the cdktf CLI runs the app, which
 *   would delete it, synth refuses: output/foreign-folder). Synth never writes into such
 *   a folder over files it did not write.
 * - Files are moved in one atomic rename each, a folder the output folder lacks in one rename
 *   for all it holds (undoable-moves.ts); whatever they replace or remove is set aside first
 *   and put back if any step fails, so a failure leaves the folder as it was.
 * - A stack folder keeps what `terraform init` or `cdktf deploy` left there (.terraform,
 *   lock files) but not a file an earlier synth wrote that this one did not: the other
 *   format's file (a JSON synth after an HCL one would leave both, and Terraform then fails
 *   on duplicate resources) and the HCL synth's metadata.json.
 * - A stack the config no longer has is taken out of stacks/, so a pipeline looping over
 *   the folders cannot deploy it. If its folder holds Terraform state or files synth did
 *   not write, it is moved to removed-stacks/ instead of being deleted; either way the
 *   user is told how to destroy what it deployed (output-folder-messages.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { outputConfigSwitched, outputForeignFolders } from "../../lib/errors";
import { move, moveInto, remove, Step } from "./undoable-moves";

/** The files synth writes in a stack folder (the configuration in one of two formats, HCL's metadata, the deployer policy). */
export const SYNTH_FILES = ["cdk.tf.json", "cdk.tf", "metadata.json", "deployer-policy.json"];
/** What `terraform init` leaves in a stack folder and makes again: nothing lost when it is deleted (state aside). */
const TERRAFORM_WORKING_FILES = /^(\.terraform\.lock\.hcl$|\.terraform[/\\])/;
export const REMOVED_STACKS_DIR = "removed-stacks";
/** cdktf's record of the stacks it wrote, which synth reads as its own. */
export const MANIFEST_FILE = "manifest.json";
/** Beside cdktf's manifest (left byte for byte as cdktf writes it): which config file the output was synthesized from. */
export const CONFIG_RECORD_FILE = "synthesized-from.json";

export interface RemovedStack {
  readonly name: string;
  /** Where its folder went (when it held state or others' files), else undefined: deleted. */
  readonly keptAt?: string;
  /** The state files that made it kept, relative to the stack folder. */
  readonly state: readonly string[];
  /** The files synth did not write that made it kept, relative to the stack folder. */
  readonly others: readonly string[];
}

export interface PublishOptions {
  /** The config file synthesized, as the user named it; recorded in the manifest. */
  readonly configFile: string;
  /** The cdktf CLI runs the app, and deletes after it every stacks/ folder the new manifest does not name (cdktf-cli.ts). */
  readonly cdktfCli: boolean;
}

export interface PublishResult {
  /** Stacks the output folder had that the config no longer has. */
  readonly removed: readonly RemovedStack[];
  /** Folders under stacks/ that no synth of this project wrote, left alone. */
  readonly foreign: readonly string[];
}

/** What the manifest an earlier synth left says it wrote. */
interface SynthRecord {
  readonly stacks: ReadonlySet<string>;
  /** The config file it was synthesized from, absolute; undefined when not recorded (older versions). */
  readonly configFile?: string;
}

/** A JSON file's content, or undefined when it is missing or not JSON. */
function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function readRecord(outdir: string): SynthRecord {
  // No manifest (or not one cdktf wrote): nothing in the folder is known to be synth's.
  const stacks = readJson(path.join(outdir, MANIFEST_FILE))?.stacks;
  const configFile = readJson(path.join(outdir, CONFIG_RECORD_FILE))?.configFile;
  return {
    stacks: new Set(typeof stacks === "object" && stacks !== null ? Object.keys(stacks) : []),
    configFile: typeof configFile === "string" ? path.resolve(outdir, configFile) : undefined,
  };
}

/** Records the config file beside the manifest, relative to the output folder so the output is the same on every machine. */
function recordConfigFile(staging: string, outdir: string, configFile: string): void {
  const relative = path.relative(outdir, path.resolve(configFile)).split(path.sep).join("/");
  fs.writeFileSync(path.join(staging, CONFIG_RECORD_FILE), `${JSON.stringify({ configFile: relative }, null, 2)}\n`);
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/**
 * Terraform state in a stack folder: a local state file (or its backup) anywhere in it,
 * or the backend and workspace state `terraform init` keeps in .terraform/.
 */
function stateFilesIn(dir: string): string[] {
  return filesUnder(dir)
    .filter((f) => /\.tfstate(\.backup)?$/.test(f) || (f.startsWith(`.terraform${path.sep}`) && /terraform\.tfstate$/.test(f)))
    .sort();
}

/** Files in a stack folder that neither synth nor `terraform init` wrote (state aside): someone's own work. */
function othersFilesIn(dir: string, state: readonly string[]): string[] {
  return filesUnder(dir)
    .filter((f) => !SYNTH_FILES.includes(f) && !TERRAFORM_WORKING_FILES.test(f) && !state.includes(f))
    .sort();
}

/** A free name under removed-stacks/ for a stack folder kept there. */
function keptPlace(outdir: string, name: string): string {
  const base = path.join(outdir, REMOVED_STACKS_DIR, name);
  if (!fs.existsSync(base)) return base;
  for (let n = 2; ; n++) if (!fs.existsSync(`${base}-${n}`)) return `${base}-${n}`;
}

function foldersIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/**
 * Moves the synth in `staging` into `outdir` (see the file comment). Returns the stacks
 * that went away and the folders left alone. All or nothing: on any failure, everything
 * done is undone; a refusal (ConfigError) comes before anything is touched.
 */
export function publish(staging: string, outdir: string, stackNames: readonly string[], options: PublishOptions): PublishResult {
  const record = readRecord(outdir);
  const stacksDir = path.join(outdir, "stacks");
  const existing = foldersIn(stacksDir);
  const foreign = existing.filter((n) => !record.stacks.has(n) && !stackNames.includes(n));
  // A folder of the config's name that synth did not write, holding files synth would replace.
  const overwritten = existing.filter((n) => !record.stacks.has(n) && stackNames.includes(n) && SYNTH_FILES.some((f) => fs.existsSync(path.join(stacksDir, n, f))));
  if (overwritten.length || (options.cdktfCli && foreign.length)) throw outputForeignFolders(stacksDir, overwritten, options.cdktfCli ? foreign : []);
  const gone = existing.filter((n) => record.stacks.has(n) && !stackNames.includes(n));
  if (options.cdktfCli && gone.length && record.configFile && record.configFile !== path.resolve(options.configFile)) {
    throw outputConfigSwitched(outdir, record.configFile, options.configFile, gone);
  }
  recordConfigFile(staging, outdir, options.configFile);

  const steps: Step[] = [];
  const removed: RemovedStack[] = [];
  try {
    for (const name of stackNames.filter((n) => record.stacks.has(n))) {
      // Only the files this synth wrote: the other format's, or HCL's metadata.json, go.
      for (const file of SYNTH_FILES.filter((f) => !fs.existsSync(path.join(staging, "stacks", name, f)))) {
        const stale = path.join(stacksDir, name, file);
        if (fs.existsSync(stale)) steps.push(remove(stale));
      }
    }
    for (const name of gone) {
      const folder = path.join(stacksDir, name);
      const state = stateFilesIn(folder);
      const others = othersFilesIn(folder, state);
      if (state.length || others.length) {
        const place = keptPlace(outdir, name);
        steps.push(move(folder, place));
        removed.push({ name, keptAt: place, state, others });
      } else {
        steps.push(remove(folder));
        removed.push({ name, state, others });
      }
    }
    moveInto(staging, outdir, steps);
  } catch (e) {
    for (const step of steps.reverse()) step.undo();
    throw e;
  }
  for (const step of steps) step.commit?.();
  // The CLI removes these folders itself once the app exits, and fails when they are gone.
  if (options.cdktfCli) for (const stack of removed) fs.mkdirSync(path.join(stacksDir, stack.name), { recursive: true });
  return { removed, foreign };
}
