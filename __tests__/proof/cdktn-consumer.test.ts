/**
 * The construct in a CDK Terrain (cdktn 0.24) app, as a team moving off cdktf gets it:
 * `npm run pack:cdktn` of a clean checkout (the committed tree) makes the datadog-aws-cdktn
 * tarball; a new app on Node 22 installs it offline with cdktn, @cdktn/provider-aws 25.7.0,
 * @cdktn/provider-datadog 16.1.0 and constructs 10.7.2 (cdktn's peer range) from the npm
 * cache provision.sh filled; a type-checked build (also without skipLibCheck) and synth;
 * `terraform validate` with the real providers; and the same resources as the same app on
 * cdktf. The library's own sources also type-check against the cdktn bindings.
 *
 * The AWS provider: @cdktn/provider-aws 25.7.0 is generated from hashicorp/aws 6.66.0, which
 * this machine cannot have offline (its filesystem mirror holds 5.100.0, the Go module proxy
 * cannot build the provider): the stacks are validated with 5.100.0, which the library's
 * constraint (">= 5.0, < 7.0") admits, as for the cdktf app. The Datadog provider is 4.19.0,
 * the version @cdktn/provider-datadog 16.1.0 is generated from.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CDKTN_CONSTRUCTS_VERSION, CDKTN_RENAMES, cdktfSpecifiers, renameSpecifiers } from "../../scripts/cdktn/renames";
import { CDKTN_CONSUMER_APP, cdktfReferenceStacks, readStacks, validateWithRealProviders } from "../support/consumer-app";
import { cdktnTools, localPackages, npmOffline, runOnNode, TSC5, writeTemplateTsconfig } from "../support/cdktn-tools";
import { availableDatadogProviders, proofToolsReady } from "../support/proof-guards";
import { awsProviderSet, datadogProviderSet, ProviderSet } from "../support/provider-sets";
import { PROJECT_ROOT } from "../support/shipped-configs";
import type { TerraformJson } from "../support/synth";
import { releaseProviderSetups } from "../support/terraform-providers";

const run = (cwd: string, command: string, args: string[]) => {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

const tools = cdktnTools("the construct in a cdktn app");
if (tools && proofToolsReady("the construct in a cdktn app")) {
  const work = mkdtempSync(path.join(tmpdir(), "cdktn-consumer-"));
  const src = path.join(work, "src");
  const app = path.join(work, "app");
  let tarball = "";
  let manifest: { name: string; peerDependencies: Record<string, string>; dependencies: Record<string, string> };
  let strictLibCheck = "";
  let stacks: Record<string, TerraformJson> = {};
  let cdktfStacks: Record<string, TerraformJson> = {};

  beforeAll(() => {
    // A clean checkout: the committed tree, built and packed by the package's own script.
    mkdirSync(src);
    execFileSync("sh", ["-c", `git -C "${PROJECT_ROOT}" archive HEAD | tar -x -C "${src}"`]);
    symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(src, "node_modules"));
    const packs = path.join(work, "packs");
    mkdirSync(packs);
    run(src, "npm", ["run", "--silent", "pack:cdktn", "--", "--silent", "--pack-destination", packs]);
    tarball = path.join(packs, readdirSync(packs)[0]);
    manifest = JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }));

    // The app: cdktn and its bindings from the provisioned cache, the package's own
    // dependencies from this project's node_modules (the cache holds only cdktn's).
    mkdirSync(app);
    const cdktn = Object.fromEntries(
      Object.values(CDKTN_RENAMES)
        .filter((r) => r.name !== "cdktn-cli")
        .map((r) => [r.name, r.version]),
    );
    const dependencies = {
      [manifest.name]: `file:${tarball}`,
      ...cdktn,
      constructs: CDKTN_CONSTRUCTS_VERSION,
      ...localPackages(Object.keys(manifest.dependencies)),
      ...localPackages(["@types/node"]),
    };
    writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "cdktn-consumer-app", private: true, dependencies }));
    npmOffline(tools, app, ["install"]);
    writeFileSync(path.join(app, "main.ts"), CDKTN_CONSUMER_APP);
    writeTemplateTsconfig(app, ["main.ts"]);
    runOnNode(tools, app, [TSC5, "-p", "."]);
    writeFileSync(path.join(app, "tsconfig.strict.json"), JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { skipLibCheck: false, noEmit: true } }));
    const strict = spawnSync(tools.node.path, [TSC5, "-p", "tsconfig.strict.json"], { cwd: app, encoding: "utf8" });
    strictLibCheck = `${strict.stdout}${strict.stderr}`;
    runOnNode(tools, app, ["dist/main.js"]);
    stacks = readStacks(app);
    cdktfStacks = cdktfReferenceStacks(path.join(work, "cdktf-app"), src, run);
  }, 600_000);
  afterAll(async () => {
    await releaseProviderSetups();
    rmSync(work, { recursive: true, force: true });
  });

  test("the tarball is the library with cdktn's module names: no cdktf package is required or declared", () => {
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n");
    expect(files).toEqual(expect.arrayContaining(["package/dist/lib/index.js", "package/dist/lib/index.d.ts", "package/LICENSE", "package/README.md"]));
    const code = files.filter((f) => /\.(js|d\.ts)$/.test(f)).map((f) => execFileSync("tar", ["-xzOf", tarball, f], { encoding: "utf8" }));
    expect(code.flatMap(cdktfSpecifiers)).toEqual([]);
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(["@cdktn/provider-aws", "@cdktn/provider-datadog", "cdktn", "constructs"]);
  });

  test("the installed app has cdktn and its bindings once, and no cdktf package at all", () => {
    const installed = (dir: string) => readdirSync(path.join(app, "node_modules", dir));
    expect(installed("@cdktn").sort()).toEqual(["provider-aws", "provider-datadog"]);
    expect(installed(".").filter((n) => n === "cdktf" || n === "cdktn")).toEqual(["cdktn"]);
    expect(installed(".")).not.toContain("@cdktf");
    expect(readdirSync(path.join(app, "node_modules", "datadog-aws-cdktn"))).not.toContain("node_modules");
  });

  test("the app's declarations compile without skipLibCheck on Node 22", () => {
    expect(strictLibCheck).toBe("");
  });

  test("the library's sources type-check against cdktn and its bindings (imports renamed as the upgrade guide says)", () => {
    const lib = path.join(app, "lib-src");
    cpSync(path.join(src, "lib"), lib, { recursive: true });
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith(".ts")) writeFileSync(p, renameSpecifiers(readFileSync(p, "utf8")));
      }
    };
    walk(lib);
    const base = JSON.parse(readFileSync(path.join(src, "tsconfig.json"), "utf8")).compilerOptions;
    const options = { ...base, rootDir: ".", noEmit: true, incremental: false, skipLibCheck: false, types: ["node"] };
    delete options.tsBuildInfoFile;
    delete options.outDir;
    writeFileSync(path.join(app, "tsconfig.lib.json"), JSON.stringify({ compilerOptions: options, include: ["lib-src/**/*.ts", "lib-src/**/*.json"] }));
    expect(spawnSync(tools.node.path, [TSC5, "-p", "tsconfig.lib.json"], { cwd: app, encoding: "utf8" }).stdout).toBe("");
  }, 180_000);

  test("the Datadog and AWS resources, data sources, outputs and providers are the cdktf app's; only cdktn's version stamp differs", () => {
    expect(Object.keys(stacks).sort()).toEqual(Object.keys(cdktfStacks).sort());
    for (const [name, stack] of Object.entries(stacks)) {
      const reference = cdktfStacks[name];
      expect(Object.keys(stack.resource ?? {}).length).toBeGreaterThan(0);
      const { "//": stamp, terraform, ...rest } = stack as TerraformJson & { "//": { metadata: { version: string } } };
      const { "//": referenceStamp, terraform: referenceTerraform, ...referenceRest } = reference as typeof stack & { "//": { metadata: { version: string } } };
      expect(rest).toEqual(referenceRest);
      // The synthesizing library's version: cdktn's, where cdktf wrote its own.
      expect(stamp.metadata.version).toBe(CDKTN_RENAMES.cdktf.version);
      expect({ ...stamp, metadata: { ...stamp.metadata, version: "" } }).toEqual({ ...referenceStamp, metadata: { ...referenceStamp.metadata, version: "" } });
      // A stack without a backend gets cdktf's local one, whose path is the app's own folder.
      const local = (t: typeof terraform, dir: string) => JSON.parse(JSON.stringify(t).split(dir).join("<app>"));
      expect(local(terraform, app)).toEqual(local(referenceTerraform, path.join(work, "cdktf-app")));
    }
  });

  // The managed stack needs the Datadog provider 4.19.0 (the one @cdktn/provider-datadog 16.1.0 is generated from).
  const datadog = availableDatadogProviders("the construct in a cdktn app").find((d) => d.version === "4.19.0");
  const validations: [string, ProviderSet | undefined][] = [
    ["two-accounts", awsProviderSet()],
    ["managed", datadog ? datadogProviderSet(datadog) : undefined],
  ];
  for (const [name, providers] of validations) {
    const declare = providers ? test : test.skip;
    const title = `terraform validate of the cdktn app's ${name} stack with the real providers${providers ? "" : " (skipped: no Datadog provider 4.19.0 here)"}`;
    declare(title, () => validateWithRealProviders(stacks[name], providers!), 180_000);
  }
}
