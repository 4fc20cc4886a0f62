/**
 * Publishing a synth into the output folder so that what is on disk always matches the
 * config: every stack of the config, each in one format, and nothing else under stacks/.
 *
 * - Files are moved in one atomic rename each; whatever they replace or remove is set
 *   aside first and put back if any step fails, so a failure leaves the folder as it was.
 * - A stack folder keeps what `terraform init` or `cdktf deploy` left there (.terraform,
 *   lock files) but not the other format's file: a JSON synth after an HCL one (or the
 *   reverse) would leave both, and Terraform then fails on duplicate resources.
 * - A stack the config no longer has is taken out of stacks/, so a pipeline looping over
 *   the folders cannot deploy it. If its folder holds Terraform state, it is moved to
 *   removed-stacks/ instead of being deleted; either way the user is told how to destroy
 *   what it deployed.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The two files a stack folder can hold its configuration in. */
const STACK_FILES = ["cdk.tf.json", "cdk.tf"];
export const REMOVED_STACKS_DIR = "removed-stacks";

export interface RemovedStack {
  readonly name: string;
  /** Where its folder went (when it held state), else undefined: deleted. */
  readonly keptAt?: string;
  /** The state files that made it kept, relative to the stack folder. */
  readonly state: readonly string[];
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
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

/**
 * Moves the synth in `staging` into `outdir` (see the file comment). Returns the stacks
 * that went away. All or nothing: on any failure, everything done is undone.
 */
export function publish(staging: string, outdir: string, stackNames: readonly string[]): RemovedStack[] {
  const steps: Step[] = [];
  const removed: RemovedStack[] = [];
  try {
    const stacksDir = path.join(outdir, "stacks");
    for (const name of stackNames) {
      // One format per folder: the one this synth wrote.
      const written = STACK_FILES.filter((f) => fs.existsSync(path.join(staging, "stacks", name, f)));
      for (const other of STACK_FILES.filter((f) => !written.includes(f))) {
        const stale = path.join(stacksDir, name, other);
        if (fs.existsSync(stale)) steps.push(remove(stale));
      }
    }
    const existing = fs.existsSync(stacksDir)
      ? fs
          .readdirSync(stacksDir, { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => e.name)
      : [];
    for (const name of existing.filter((n) => !stackNames.includes(n))) {
      const folder = path.join(stacksDir, name);
      const state = stateFilesIn(folder);
      if (state.length) {
        const place = keptPlace(outdir, name);
        steps.push(move(folder, place));
        removed.push({ name, keptAt: place, state });
      } else {
        steps.push(remove(folder));
        removed.push({ name, state });
      }
    }
    for (const file of filesUnder(staging)) steps.push(move(path.join(staging, file), path.join(outdir, file)));
  } catch (e) {
    for (const step of steps.reverse()) step.undo();
    throw e;
  }
  for (const step of steps) step.commit?.();
  return removed;
}

/** What a user reads about a stack that went away: where it is and how to destroy what it deployed. */
export function describeRemovedStack(stack: RemovedStack, configFile: string, cwd: string): string {
  const relative = stack.keptAt ? path.relative(cwd, stack.keptAt) : undefined;
  const where = relative === undefined ? undefined : relative.startsWith("..") ? stack.keptAt : relative;
  const destroy = `If it was deployed, destroy it: put "${stack.name}" back in ${configFile}, synthesize, run \`npx cdktf destroy ${stack.name}\`, then remove it again`;
  return where
    ? `Stack "${stack.name}" is no longer in ${configFile}; its folder holds Terraform state (${stack.state.join(", ")}), so it was moved to ${where} instead of deleted. ${destroy} (or run \`terraform destroy\` in ${where}). Delete ${where} once nothing it deployed is left.`
    : `Stack "${stack.name}" is no longer in ${configFile}; its folder was removed from stacks/. ${destroy}.`;
}
