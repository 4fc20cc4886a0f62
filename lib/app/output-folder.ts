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
 * - Files are moved in one atomic rename each (a folder the output folder lacks, in one
 *   rename for all it holds); whatever they replace or remove is set aside first and put
 *   back if any step fails, so a failure leaves the folder as it was.
 * - A stack folder keeps what `terraform init` or `cdktf deploy` left there (.terraform,
 *   lock files) but not a file an earlier synth wrote that this one did not: the other
 *   format's file (a JSON synth after an HCL one would leave both, and Terraform then fails
 *   on duplicate resources) and the HCL synth's metadata.json.
 * - A stack the config no longer has is taken out of stacks/, so a pipeline looping over
 *   the folders cannot deploy it. If its folder holds Terraform state or files synth did
 *   not write, it is moved to removed-stacks/ instead of being deleted; either way the
 *   user is told how to destroy what it deployed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError, outputConfigSwitched, outputForeignFolders, outputFolderUnusable } from "../errors";

/** The files synth writes in a stack folder (the configuration in one of two formats, HCL's metadata, the deployer policy). */
export const SYNTH_FILES = ["cdk.tf.json", "cdk.tf", "metadata.json", "deployer-policy.json"];
/** What `terraform init` leaves in a stack folder and makes again: nothing lost when it is deleted (state aside). */
const TERRAFORM_WORKING_FILES = /^(\.terraform\.lock\.hcl$|\.terraform[/\\])/;
export const REMOVED_STACKS_DIR = "removed-stacks";
const MANIFEST_FILE = "manifest.json";
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

interface Step {
  readonly undo: () => void;
  readonly commit?: () => void;
}

/** Moves `from` to `to`, setting aside whatever was at `to`; undo puts both back. */
function move(from: string, to: string): Step {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const backup = fs.existsSync(to) ? `${to}.replaced-${process.pid}` : undefined;
  if (backup) fs.renameSync(to, backup);
  try {
    fs.renameSync(from, to);
  } catch (e) {
    if (backup) fs.renameSync(backup, to);
    throw e;
  }
  return {
    undo: () => {
      fs.renameSync(to, from);
      if (backup) fs.renameSync(backup, to);
    },
    commit: backup ? () => fs.rmSync(backup, { recursive: true, force: true }) : undefined,
  };
}

/**
 * Moves `from` to `to`. Where nothing is at `to` yet (a first synth, a new stack), the
 * whole folder moves in one rename; into a folder that exists, entry by entry, so what
 * else it holds (.terraform, lock files, state) stays. The result is the same either way.
 */
function moveInto(from: string, to: string, steps: Step[]): void {
  if (fs.lstatSync(to, { throwIfNoEntry: false }) && fs.lstatSync(from).isDirectory()) {
    for (const entry of fs.readdirSync(from)) moveInto(path.join(from, entry), path.join(to, entry), steps);
  } else {
    steps.push(move(from, to));
  }
}

/** Sets `target` aside (to be deleted when everything succeeded); undo puts it back. */
function remove(target: string): Step {
  const aside = `${target}.removed-${process.pid}`;
  fs.renameSync(target, aside);
  return { undo: () => fs.renameSync(aside, target), commit: () => fs.rmSync(aside, { recursive: true, force: true }) };
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

/** What a user reads about a stack that went away: where it is and how to destroy what it deployed. */
export function describeRemovedStack(stack: RemovedStack, configFile: string, cwd: string): string {
  const relative = stack.keptAt ? path.relative(cwd, stack.keptAt) : undefined;
  const where = relative === undefined ? undefined : relative.startsWith("..") ? stack.keptAt : relative;
  const destroy = `If it was deployed, destroy it: put "${stack.name}" back in ${configFile}, synthesize, run \`npx cdktf destroy ${stack.name}\`, then remove it again`;
  if (!where) return `Stack "${stack.name}" is no longer in ${configFile}; its folder was removed from stacks/. ${destroy}.`;
  const holds = [stack.state.length ? `Terraform state (${stack.state.join(", ")})` : undefined, stack.others.length ? `files synth did not write (${stack.others.join(", ")})` : undefined]
    .filter(Boolean)
    .join(" and ");
  return `Stack "${stack.name}" is no longer in ${configFile}; its folder holds ${holds}, so it was moved to ${where} instead of deleted. ${destroy} (or run \`terraform destroy\` in ${where}). Delete ${where} once nothing it deployed is left.`;
}

/** What a user reads about a folder under stacks/ that synth left alone because it did not write it. */
export function describeForeignFolder(outdir: string, name: string, cwd: string): string {
  const relative = path.relative(cwd, path.join(outdir, "stacks", name));
  const where = relative.startsWith("..") ? path.join(outdir, "stacks", name) : relative;
  return `Warning: ${where} was not written by synth (the ${MANIFEST_FILE} it left does not name it), so it was left alone; a pipeline that runs every folder of stacks/ would run it too. Move it out of ${path.dirname(where)} if it is not a stack. [output/foreign-folder]`;
}

/** The first part of `target`'s path that exists and is not a folder, if any. */
function fileInPath(target: string): string | undefined {
  for (let p = target; ; p = path.dirname(p)) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(p);
    } catch {
      // ENOENT, or ENOTDIR below a file: look further up.
    }
    if (stat) return stat.isDirectory() ? undefined : p;
    if (path.dirname(p) === p) return undefined;
  }
}

/**
 * A file-system failure while writing the output that the user can fix (no permission, a
 * read-only or full disk, a file where a folder must be), as a coded error naming the
 * folder, what is wrong and how to fix it (output/folder-unusable); undefined otherwise.
 * Synth writes into a sibling of the output folder first (`<outdir>.staging-<pid>`) and
 * moves its files in, so the folder holding the output folder must be writable too.
 */
export function outputFolderProblem(error: unknown, outdir: string, cdktfCli: boolean): ConfigError | undefined {
  const e = error as NodeJS.ErrnoException;
  if (error instanceof ConfigError || typeof e?.code !== "string" || !e.syscall) return undefined;
  const elsewhere = cdktfCli ? "give the cdktf CLI another folder with --output <folder>" : "point CDKTF_OUTDIR at another folder";
  // Where it failed: a rename's destination, else the path the call was given.
  const at = (e as NodeJS.ErrnoException & { dest?: string }).dest ?? e.path ?? outdir;
  if (e.code === "ENOTDIR" || e.code === "EEXIST") {
    // The output folder, a folder above it, or a folder synth writes in it (stacks/<name>), is a file.
    const file = fileInPath(at);
    return file ? outputFolderUnusable(outdir, `${file} is a file, not a folder`, `move that file away, or ${elsewhere}`) : undefined;
  }
  const parent = path.dirname(outdir);
  switch (e.code) {
    case "EACCES":
    case "EPERM":
      return outputFolderUnusable(
        outdir,
        `permission denied writing ${at} (synth writes its output into a folder beside this one, in ${parent}, then moves it in, so both ${outdir} and ${parent} must be writable)`,
        `make them writable for this user, or ${elsewhere}`,
      );
    case "EROFS":
      return outputFolderUnusable(outdir, `${at} is on a read-only file system`, elsewhere);
    case "ENOSPC":
    case "EDQUOT":
      return outputFolderUnusable(outdir, `no space left writing ${at}`, `free some space, or ${elsewhere}`);
    default:
      // Not a problem of the folder a user can be told how to fix: an unexpected error.
      return undefined;
  }
}
