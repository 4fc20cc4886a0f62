/**
 * Provider installation for test runs: one real `terraform init` per distinct provider set,
 * from filesystem mirrors only (no registry, no network), reused by every run.
 */
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { runCommand, tail, terraformEnv } from "./terraform-process";

/** A filesystem mirror (unpacked layout) and the providers Terraform may take from it. */
export interface ProviderMirror {
  readonly path: string;
  /** Provider address patterns, e.g. "registry.terraform.io/hashicorp/*". @default every provider */
  readonly include?: readonly string[];
}

/**
 * What a run copies instead of running `terraform init` itself: the `.terraform` dir
 * (backend settings, provider symlinks) and lock file of a real init, and the CLI config.
 */
export interface ProviderSetup {
  readonly dir: string;
  readonly cliConfig: string;
}

/** The backend every run uses (override file); identical everywhere, so one init fits all. */
export const RUN_BACKEND = { local: { path: "terraform.tfstate" } };
export const DEV_OVERRIDE_WARNING = "Provider development overrides are in effect";

/** Terraform's name for this machine's platform, as used in mirror paths (`linux_amd64`). */
export function terraformPlatform(): string {
  const arch = ({ x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" } as Record<string, string>)[process.arch] ?? process.arch;
  return `${process.platform}_${arch}`;
}

const setups = new Map<string, Promise<ProviderSetup>>();
let setupRoot: string | undefined;

/** Removes the shared init dirs (after a suite). */
export async function releaseProviderSetups(): Promise<void> {
  const root = setupRoot;
  setups.clear();
  setupRoot = undefined;
  if (root) await rm(root, { recursive: true, force: true });
}

function mirrorsConfig(mirrors: readonly ProviderMirror[]): string {
  return mirrors.map((m) => `  filesystem_mirror {\n    path = ${JSON.stringify(m.path)}\n${m.include ? `    include = ${JSON.stringify(m.include)}\n` : ""}  }\n`).join("");
}

/**
 * Runs `terraform init` once for a stack's required_providers against the mirrors only:
 * this proves the stack's version constraints resolve to a provider there and records
 * its checksum in the lock file.
 *
 * Runs then use that exact provider binary through `dev_overrides` (Terraform's CLI
 * config). Without it, every terraform command re-hashes the 675 MB AWS provider against
 * the lock file: about 0.5 s of CPU per command, a third of a stack's validate + plan +
 * show (measured on 2 cores). Terraform prints a warning about the override, which the
 * harnesses drop from validate's diagnostics (and only that one).
 */
export function providerSetup(terraform: string, requiredProviders: Record<string, unknown>, mirrors: readonly ProviderMirror[]): Promise<ProviderSetup> {
  const key = JSON.stringify([requiredProviders, mirrors]);
  let setup = setups.get(key);
  if (!setup) {
    setup = (async () => {
      setupRoot ??= await mkdtemp(path.join(os.tmpdir(), "datadog-aws-tf-providers-"));
      const dir = await mkdtemp(path.join(setupRoot, "init-"));
      await writeFile(path.join(dir, "terraform.tfrc"), `disable_checkpoint = true\nprovider_installation {\n${mirrorsConfig(mirrors)}}\n`);
      await writeFile(path.join(dir, "main.tf.json"), JSON.stringify({ terraform: { required_providers: requiredProviders, backend: RUN_BACKEND } }));
      const init = await runCommand(terraform, ["init", "-input=false", "-no-color"], dir, terraformEnv(dir, {}));
      if (init.exitCode !== 0) {
        throw new Error(`terraform init (providers ${JSON.stringify(requiredProviders)}, from the mirrors ${mirrors.map((m) => m.path).join(", ")} only) failed:\n${tail(init.stderr || init.stdout)}`);
      }
      // Unpacked mirror packages can be used in place; packed (zip) ones cannot.
      // (No lock file when the config needs no provider.)
      const lockFile = path.join(dir, ".terraform.lock.hcl");
      const lock = existsSync(lockFile) ? await readFile(lockFile, "utf8") : "";
      const overrides = [...lock.matchAll(/provider "([^"]+)" \{\s*version\s*=\s*"([^"]+)"/g)].flatMap(([, source, version]) => {
        const found = mirrors.map((m) => path.join(m.path, source, version, terraformPlatform())).find((d) => existsSync(d));
        return found ? [[source, found]] : [];
      });
      const devOverrides = overrides.length ? `  dev_overrides {\n${overrides.map(([source, d]) => `    ${JSON.stringify(source)} = ${JSON.stringify(d)}\n`).join("")}  }\n` : "";
      return { dir, cliConfig: `disable_checkpoint = true\nprovider_installation {\n${devOverrides}${mirrorsConfig(mirrors)}}\n` };
    })();
    setups.set(key, setup);
  }
  return setup;
}

/**
 * Writes a run's files into `dir` (JSON values are written as JSON, strings as they are)
 * and installs the provider setup there instead of running `terraform init`: its CLI
 * config, `.terraform` dir and lock file.
 */
export async function layOutRun(dir: string, setup: ProviderSetup, files: Record<string, unknown>): Promise<void> {
  await Promise.all([
    ...Object.entries(files).map(([name, content]) => writeFile(path.join(dir, name), typeof content === "string" ? content : JSON.stringify(content, null, 2))),
    writeFile(path.join(dir, "terraform.tfrc"), setup.cliConfig),
    cp(path.join(setup.dir, ".terraform"), path.join(dir, ".terraform"), { recursive: true, verbatimSymlinks: true }),
    ...(existsSync(path.join(setup.dir, ".terraform.lock.hcl")) ? [cp(path.join(setup.dir, ".terraform.lock.hcl"), path.join(dir, ".terraform.lock.hcl"))] : []),
  ]);
}
