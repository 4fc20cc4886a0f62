/**
 * The package as another team's cdktf app gets it: `npm pack` of a clean checkout (the
 * committed tree, built by `prepack`), a new app in a temp folder that installs the
 * tarball with its peers (scripts allowed, as a consumer's npm runs them), a type-checked
 * build (also with `skipLibCheck: false`), synth, and `terraform validate` of what it
 * wrote with the real providers, two accounts in one stack included.
 *
 * Offline: the peers and the package's own dependencies are installed from this
 * project's node_modules (npm links `file:` folders), the tarball itself is unpacked
 * by npm as a real copy. The app is built with TypeScript 5 (the `typescript5` alias),
 * the compiler most consumers use, and the compiler options of cdktf's own app template.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { awsProviderSet, datadogProviderSet, ProviderSet } from "../support/provider-sets";
import { CONSUMER_APP, validateWithRealProviders } from "../support/consumer-app";
import { availableDatadogProviders, proofToolsReady } from "../support/proof-guards";
import { releaseProviderSetups } from "../support/terraform-providers";
import type { TerraformJson } from "../support/synth";

const ROOT = path.join(__dirname, "..", "..");

const run = (cwd: string, command: string, args: string[]) => {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

if (proofToolsReady("consumer package")) {
  const work = mkdtempSync(path.join(tmpdir(), "consumer-"));
  const app = path.join(work, "app");
  let tarball = "";
  let packedScripts: Record<string, string> = {};
  let packedManifest: { dependencies?: Record<string, string>; bin?: unknown } = {};
  let loadedByImport: string[] = [];
  let installOutput = "";
  let strictLibCheck = "";
  const stacks: Record<string, TerraformJson> = {};

  beforeAll(() => {
    // A clean checkout: the committed tree, built by the package's own `prepack`.
    const src = path.join(work, "src");
    mkdirSync(src);
    execFileSync("sh", ["-c", `git -C "${ROOT}" archive HEAD | tar -x -C "${src}"`]);
    symlinkSync(path.join(ROOT, "node_modules"), path.join(src, "node_modules"));
    const packs = path.join(work, "packs");
    mkdirSync(packs);
    run(src, "npm", ["pack", "--silent", "--pack-destination", packs]);
    tarball = path.join(packs, readdirSync(packs)[0]);

    const manifest = JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }));
    packedScripts = manifest.scripts ?? {};
    packedManifest = manifest;
    const needed = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})];
    mkdirSync(app);
    writeFileSync(
      path.join(app, "package.json"),
      JSON.stringify({
        name: "consumer-app",
        private: true,
        dependencies: { [manifest.name]: `file:${tarball}`, ...Object.fromEntries(needed.map((n) => [n, `file:${path.join(ROOT, "node_modules", n)}`])) },
      }),
    );
    // Scripts allowed: npm 11 lists every install script of a dependency awaiting approval.
    const install = spawnSync("npm", ["install", "--offline", "--no-audit", "--no-fund"], { cwd: app, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
    if (install.status !== 0) throw new Error(`npm install failed (${install.status}):\n${install.stdout}\n${install.stderr}`);
    installOutput = `${install.stdout}${install.stderr}`;
    writeFileSync(path.join(app, "main.ts"), CONSUMER_APP);
    // The compiler options \`cdktf init --template=typescript\` writes, with an output folder.
    const template = JSON.parse(readFileSync(path.join(ROOT, "node_modules", "@cdktf", "cli-core", "templates", "typescript", "tsconfig.json"), "utf8"));
    writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...template.compilerOptions, incremental: false, outDir: "dist" }, files: ["main.ts"] }));
    run(app, process.execPath, [path.join(ROOT, "node_modules", "typescript5", "bin", "tsc"), "-p", "."]);
    // The same app with the declarations of every package checked, as a team without skipLibCheck builds it.
    writeFileSync(path.join(app, "tsconfig.strict.json"), JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { skipLibCheck: false, noEmit: true } }));
    const strict = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "typescript5", "bin", "tsc"), "-p", "tsconfig.strict.json"], { cwd: app, encoding: "utf8" });
    strictLibCheck = `${strict.stdout}${strict.stderr}`;
    run(app, process.execPath, ["dist/main.js"]);
    // Every file Node loads for `import ... from "datadog-aws-cdktf"`, as the app's own code would.
    loadedByImport = JSON.parse(run(app, process.execPath, ["-e", 'require("datadog-aws-cdktf"); process.stdout.write(JSON.stringify(Object.keys(require.cache)))']));
    for (const name of readdirSync(path.join(app, "cdktf.out", "stacks"))) {
      stacks[name] = JSON.parse(readFileSync(path.join(app, "cdktf.out", "stacks", name, "cdk.tf.json"), "utf8"));
    }
  }, 240_000);
  afterAll(async () => {
    await releaseProviderSetups();
    rmSync(work, { recursive: true, force: true });
  });

  test("the tarball holds the library, its docs and licence, nothing else of the repository", () => {
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n");
    expect(files).toEqual(expect.arrayContaining(["package/dist/lib/index.js", "package/dist/lib/index.d.ts", "package/LICENSE", "package/CHANGELOG.md", "package/README.md"]));
    expect(files.filter((f) => !/^package\/(dist\/lib\/|LICENSE$|CHANGELOG\.md$|README\.md$|package\.json$|datadog-aws\.config\.schema\.json$)/.test(f))).toEqual([]);
  });

  test("the commands are not in the package: no cli/, no bin, and the AWS SDK and HCL formatter they use are not its dependencies", () => {
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n");
    expect(files.filter((f) => f.startsWith("package/dist/cli/"))).toEqual([]);
    expect(packedManifest.bin).toBeUndefined();
    expect(Object.keys(packedManifest.dependencies ?? {}).filter((name) => /^@aws-sdk\/|^@smithy\/|^@cdktf\/hcl-tools$/.test(name))).toEqual([]);
    expect(existsSync(path.join(app, "node_modules", "@aws-sdk"))).toBe(false);
  });

  test("importing the package loads its library and its dependencies only: no command, no AWS SDK", () => {
    const ownRoot = path.join(app, "node_modules", "datadog-aws-cdktf");
    const own = loadedByImport.filter((f) => f.startsWith(ownRoot + path.sep)).map((f) => path.relative(ownRoot, f));
    expect(own).toContain(path.join("dist", "lib", "index.js"));
    expect(own.filter((f) => !f.startsWith(path.join("dist", "lib") + path.sep))).toEqual([]);
    expect(loadedByImport.filter((f) => /[\\/](@aws-sdk|@smithy|hcl-tools)[\\/]|[\\/]dist[\\/](cli|lib[\\/]doctor)[\\/]/.test(f))).toEqual([]);
  });

  test("the packed package.json has no script a consumer's install would run or list; npm installs it without a warning about scripts", () => {
    expect(Object.keys(packedScripts).filter((name) => /^(pre|post)?(install|prepare|pack)$/.test(name))).toEqual([]);
    expect(installOutput).not.toMatch(/install-scripts|datadog-aws-cdktf@[^ ]+ \(/);
  });

  test("the public declarations compile without skipLibCheck: they do not pull in zod's", () => {
    expect(strictLibCheck).toBe("");
  });

  test("the installed tree has one copy of cdktf, constructs and each provider package", () => {
    for (const peer of ["cdktf", "constructs", "@cdktf/provider-aws", "@cdktf/provider-datadog"]) {
      expect(existsSync(path.join(app, "node_modules", "datadog-aws-cdktf", "node_modules", peer))).toBe(false);
    }
  });

  test("stacks get the library's provider ranges and Terraform version, not the bindings' pins", () => {
    for (const stack of Object.values(stacks)) {
      expect(stack.terraform!.required_version).toBe(">= 1.5.0");
      expect(stack.terraform!.required_providers.aws.version).toBe(">= 5.0, < 7.0");
    }
    expect(stacks.managed.terraform!.required_providers.datadog.version).toBe(">= 3.82.0, < 5.0.0");
    expect(stacks["two-accounts"].terraform!.backend.s3.use_lockfile).toBe(true);
  });

  // The managed stack needs the Datadog provider: skipped (and said so) where it cannot be had.
  const datadog = availableDatadogProviders("consumer package").at(0);
  const validations: [string, ProviderSet | undefined][] = [
    ["two-accounts", awsProviderSet()],
    ["managed", datadog ? datadogProviderSet(datadog) : undefined],
  ];
  for (const [name, providers] of validations) {
    const declare = providers ? test : test.skip;
    declare(`terraform validate of the ${name} stack with the real providers${providers ? "" : " (skipped: no Datadog provider here)"}`, () => validateWithRealProviders(stacks[name], providers!));
  }
}
