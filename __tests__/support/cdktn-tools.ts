// What the cdktn proofs need (the npm cache provision-cdktn.sh fills, a Node 22 binary) and how they install and build a cdktn app offline with them.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { type NodeLine, findNodeLine } from "./node-lines";
import { skipBanner } from "./proof-guards";
import { PROJECT_ROOT } from "./shipped-configs";
import { readToolsJson } from "./tools-cache";

/** cdktn needs Node >= 22.11 (its bindings' engines); the apps are built and run on this line. */
export const CDKTN_NODE_VERSION = "22.23.5";

export interface CdktnTools {
  readonly npmCache: string;
  /** The folder holding the package.json and lock file the cache was filled from. */
  readonly seed: string;
  readonly node: NodeLine;
}

function findCdktnTools(): CdktnTools | string {
  const cdktn = readToolsJson()?.cdktn;
  const node = findNodeLine(CDKTN_NODE_VERSION);
  if (!cdktn?.npmCache || !cdktn.seed || !existsSync(cdktn.npmCache)) return `no cdktn npm cache: ${cdktn?.error ?? "run `bash scripts/test-tools/provision.sh` (npm test does)"}`;
  if (!("path" in node)) return `no Node ${CDKTN_NODE_VERSION}: ${node.unavailable}`;
  return { npmCache: cdktn.npmCache, seed: cdktn.seed, node };
}

/**
 * The cdktn tools, or undefined after declaring a failing test (REQUIRE_CDKTN=1, which
 * .ci/run sets) or a banner and a skipped one.
 */
export function cdktnTools(title: string): CdktnTools | undefined {
  const found = findCdktnTools();
  if (typeof found !== "string") return found;
  if (process.env.REQUIRE_CDKTN === "1") {
    test(`${title}: cdktn and Node ${CDKTN_NODE_VERSION} are available (REQUIRE_CDKTN=1)`, () => {
      throw new Error(found);
    });
  } else {
    skipBanner(title, found, "REQUIRE_CDKTN");
    test.skip(title, () => undefined);
  }
  return undefined;
}

/** Runs `command` (a node script) with the cdktn Node line in `cwd`; throws with its output on a non-zero exit. */
export function runOnNode(tools: CdktnTools, cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  // A variable set to undefined is left out of the child's environment.
  const r = spawnSync(tools.node.path, args, { cwd, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env }, timeout: 600_000 });
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} in ${cwd} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

/** npm (this machine's npm, run by the cdktn Node line), offline, from the provisioned cache only. */
export function npmOffline(tools: CdktnTools, cwd: string, args: string[]): string {
  const npmCli = path.join(path.dirname(realpathSync(whichNpm())), "npm-cli.js");
  return runOnNode(tools, cwd, [npmCli, ...args, "--offline", "--cache", tools.npmCache, "--no-audit", "--no-fund"]);
}

function whichNpm(): string {
  const found = spawnSync("sh", ["-c", "command -v npm"], { encoding: "utf8" }).stdout.trim();
  if (!found) throw new Error("no npm on PATH");
  return found;
}

/** tsc of TypeScript 5 (the `typescript5` alias), the compiler most apps build with. */
export const TSC5 = path.join(PROJECT_ROOT, "node_modules", "typescript5", "bin", "tsc");

/** `file:` specs of this project's installed copies of `names`: what the provisioned cache does not hold, offline. */
export function localPackages(names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, `file:${path.join(PROJECT_ROOT, "node_modules", n)}`]));
}

/** Writes the compiler options `cdktf init --template=typescript` writes (cdktn's template is the same), with an output folder. */
export function writeTemplateTsconfig(app: string, files: string[]): void {
  const template = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "node_modules", "@cdktf", "cli-core", "templates", "typescript", "tsconfig.json"), "utf8"));
  writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...template.compilerOptions, incremental: false, outDir: "dist" }, files }));
}

/**
 * The offline stand-in for a migrated app's `npm install`: its cdktn packages come from the
 * provisioned cache at the seed's locked versions (the seed's lock file is copied in), every
 * other dependency from this project's node_modules (`file:`), as the cdktf proofs link them.
 */
export function installMigratedApp(tools: CdktnTools, app: string): void {
  const file = path.join(app, "package.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, string> | undefined>;
  const cached = new Set(Object.keys(JSON.parse(readFileSync(path.join(tools.seed, "package.json"), "utf8")).dependencies));
  for (const kind of ["dependencies", "devDependencies"]) {
    const deps = manifest[kind] ?? {};
    for (const name of Object.keys(deps)) if (!cached.has(name)) deps[name] = `file:${path.join(PROJECT_ROOT, "node_modules", name)}`;
  }
  writeFileSync(file, JSON.stringify(manifest, null, 2));
  copyFileSync(path.join(tools.seed, "package-lock.json"), path.join(app, "package-lock.json"));
  // No scripts: the app's own `prepare` is the build the proof runs next, on its own.
  npmOffline(tools, app, ["install", "--ignore-scripts"]);
}
