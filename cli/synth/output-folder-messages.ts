/**
 * What a user reads about the output folder after or instead of a synth: a stack that went
 * away (and how to destroy it), a folder synth left alone, and a file-system failure they
 * can fix, as a coded error (output/folder-unusable).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError, outputFolderUnusable } from "../../lib/errors";
import { MANIFEST_FILE, RemovedStack } from "./output-folder";

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
