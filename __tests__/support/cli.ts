/**
 * Running the project's commands as a user does: child processes in the project folder.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command in the project folder; never rejects on a non-zero exit. */
export function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The environment a user's shell would give: none of the app's own variables, no DEBUG. */
export function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["DEBUG", "DATADOG_AWS_CONFIG", "CDKTF_OUTDIR"]) delete env[name];
  return { ...env, ...extra };
}

/**
 * Compiles the project (`npx tsc -b`, a no-op when nothing changed) so the commands a test
 * runs are the sources as they are, also when the test file runs alone; throws with tsc's
 * output when it fails.
 */
export async function buildProject(env: NodeJS.ProcessEnv = userEnv({})): Promise<void> {
  const build = await run("npx", ["tsc", "-b"], env);
  if (build.code !== 0) throw new Error(`npx tsc -b failed:\n${build.stdout}${build.stderr}`);
}
