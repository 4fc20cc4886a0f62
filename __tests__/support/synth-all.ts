// Synthesizes every shipped config (JSON and HCL) and the programmatic example of an app folder with a given node binary, and reads the output back byte for byte, so two Node lines or two CDK flavours can be compared.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { CONFIG_FILES } from "./shipped-configs";

interface Run {
  readonly args: string[];
  readonly env: Record<string, string>;
  readonly outdir: string;
}

function runNode(node: string, cwd: string, run: Run): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1", ...run.env, CDKTF_OUTDIR: run.outdir };
  for (const name of ["DEBUG", "DATADOG_AWS_CONFIG", "SYNTH_HCL_OUTPUT"]) if (!(name in run.env)) delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn(node, run.args, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${node} ${run.args.join(" ")} (${JSON.stringify(run.env)}) exited ${code}:\n${stderr}`))));
  });
}

/**
 * Runs `<appDir>/dist/main.js` for each shipped config, once for JSON and once with --hcl, and
 * `dist/examples/programmatic.js`, with `node`, writing under `outRoot/<name>[-hcl]`.
 * `configDir` is where the config files are read from (the app's own folder by default).
 */
export async function synthEveryShippedConfig(node: string, appDir: string, outRoot: string, configDir = appDir): Promise<void> {
  const runs: Run[] = [];
  for (const config of CONFIG_FILES) {
    const name = path.basename(config, ".json");
    const env = { DATADOG_AWS_CONFIG: path.join(configDir, config) };
    runs.push({ args: ["dist/main.js"], env, outdir: path.join(outRoot, name) });
    runs.push({ args: ["dist/main.js", "--hcl"], env, outdir: path.join(outRoot, `${name}-hcl`) });
  }
  runs.push({ args: ["dist/examples/programmatic.js"], env: {}, outdir: path.join(outRoot, "programmatic") });
  // Two at a time: the machine has two cores.
  for (let i = 0; i < runs.length; i += 2) await Promise.all(runs.slice(i, i + 2).map((r) => runNode(node, appDir, r)));
}

/** Every file under `dir`, by path relative to it, with its bytes as text. */
export function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else files[rel] = readFileSync(path.join(dir, rel), "latin1");
    }
  };
  walk("");
  return files;
}
