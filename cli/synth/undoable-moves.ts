/**
 * File moves that can be undone: the output folder is changed by a list of these steps,
 * undone in reverse when one fails, and committed (what they set aside deleted) only when
 * all succeeded, so a failed synth leaves the folder as it was.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** One change to the output folder: `undo` puts things back; `commit` deletes what it set aside. */
export interface Step {
  readonly undo: () => void;
  readonly commit?: () => void;
}

/** Moves `from` to `to`, setting aside whatever was at `to`; undo puts both back. */
export function move(from: string, to: string): Step {
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
export function moveInto(from: string, to: string, steps: Step[]): void {
  if (fs.lstatSync(to, { throwIfNoEntry: false }) && fs.lstatSync(from).isDirectory()) {
    for (const entry of fs.readdirSync(from)) moveInto(path.join(from, entry), path.join(to, entry), steps);
  } else {
    steps.push(move(from, to));
  }
}

/** Sets `target` aside (to be deleted when everything succeeded); undo puts it back. */
export function remove(target: string): Step {
  const aside = `${target}.removed-${process.pid}`;
  fs.renameSync(target, aside);
  return { undo: () => fs.renameSync(aside, target), commit: () => fs.rmSync(aside, { recursive: true, force: true }) };
}
