/**
 * What the cdktf CLI does around the app, which the app has to allow for when the CLI runs
 * it (`npx cdktf synth`, `diff`, `deploy`; cdktf.json's "app").
 *
 * Read in @cdktf/cli-core 0.21 (src/lib/synth-stack.ts, `SynthStack.synth`):
 * - before the app runs, it lists the folders under `<outdir>/stacks/`; after the app
 *   exits 0, it reads the new manifest.json and removes each listed folder the manifest
 *   does not name, with `fs.rmSync(folder, { recursive: true })`: no `force`, so a folder
 *   that is gone by then (the app moved or removed it) fails the whole command with
 *   `ENOENT ... lstat`, and a folder synth never wrote is deleted with the rest;
 * - it runs the app with `CDKTF_OUTDIR` set to its own output folder (`--output`, else
 *   cdktf.json's "output", else cdktf.out), whatever the user's shell had;
 * - it sets `CDKTF_CONTEXT_JSON` to a context holding `cdktfRelativeModules`, which no
 *   other caller sets: that is how the app knows the CLI runs it.
 */
import { CONTEXT_ENV } from "cdktf";

/** True when the cdktf CLI runs the app (see above). */
export function runByCdktfCli(env: Readonly<Record<string, string | undefined>>): boolean {
  const context = env[CONTEXT_ENV];
  if (!context) return false;
  try {
    const parsed = JSON.parse(context) as Record<string, unknown> | null;
    return typeof parsed === "object" && parsed !== null && "cdktfRelativeModules" in parsed;
  } catch {
    return false;
  }
}
