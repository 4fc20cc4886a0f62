/**
 * This repository's own app moved to CDK Terrain by the steps of docs/cdktn.md, run as
 * written: a clean checkout (the committed tree), `node dist/scripts/cdktn/migrate-app.js`
 * (package renames, imports, CLI), an offline install of cdktn 0.24 and its bindings, then on
 * Node 22: the whole repository builds (`tsc -b`: library, CLIs, examples, tests), its unit
 * project passes, every shipped config and the programmatic example synthesize to the same
 * Terraform as the cdktf app on the machine's Node, and `cdktn synth` (the CLI) writes what
 * the app writes. So the day cdktf stops installing, the page is known to work.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CDKTN_RENAMES, cdktfSpecifiers } from "../../scripts/cdktn/renames";
import { cdktnTools, installMigratedApp, runOnNode } from "../support/cdktn-tools";
import { buildProject } from "../support/cli";
import { PROJECT_ROOT } from "../support/shipped-configs";
import { readTree, synthEveryShippedConfig } from "../support/synth-all";

/** What the synthesizing CDK writes about itself: its version, and (manifest.json) its JSON layout. */
function withoutCdkStamp(file: string, text: string): unknown {
  const json = JSON.parse(text);
  // cdk.tf.json and HCL's metadata.json stamp it under "//", manifest.json at its top.
  if (!file.endsWith("manifest.json")) json["//"].metadata.version = "<cdk>";
  else json.version = "<cdk>";
  return json;
}

const tools = cdktnTools("this repository's app on cdktn");
if (tools) {
  const work = mkdtempSync(path.join(tmpdir(), "cdktn-own-app-"));
  // Both apps at the same depth under the same name, so paths relative to them read the same.
  const cdktnApp = path.join(work, "cdktn", "app");
  const cdktfApp = path.join(work, "cdktf", "app");
  let migrateOutput = "";

  beforeAll(async () => {
    await buildProject();
    mkdirSync(cdktnApp, { recursive: true });
    execFileSync("sh", ["-c", `git -C "${PROJECT_ROOT}" archive HEAD | tar -x -C "${cdktnApp}"`]);
    migrateOutput = execFileSync(process.execPath, [path.join(PROJECT_ROOT, "dist", "scripts", "cdktn", "migrate-app.js"), cdktnApp], { encoding: "utf8" });
    installMigratedApp(tools, cdktnApp);
    mkdirSync(path.dirname(cdktfApp));
    symlinkSync(PROJECT_ROOT, cdktfApp);
  }, 600_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test("the migration renames every cdktf package in package.json and every cdktf import", () => {
    expect(migrateOutput).toMatch(/package\.json and \d+ TypeScript files moved to cdktn/);
    const manifest = JSON.parse(readFileSync(path.join(cdktnApp, "package.json"), "utf8"));
    for (const kind of ["dependencies", "devDependencies", "peerDependencies"]) {
      for (const [from, to] of Object.entries(CDKTN_RENAMES)) {
        expect(Object.keys(manifest[kind] ?? {})).not.toContain(from);
        if (kind !== "dependencies" && from !== "cdktf-cli") expect(Object.keys(manifest[kind])).toContain(to.name);
      }
    }
    const sources = execFileSync("sh", ["-c", "git ls-files -z -- '*.ts' | xargs -0 cat"], { cwd: PROJECT_ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
    expect(cdktfSpecifiers(sources).length).toBeGreaterThan(0);
    const migrated = execFileSync("sh", ["-c", "find . -name node_modules -prune -o -name '*.ts' -print0 | xargs -0 cat"], { cwd: cdktnApp, encoding: "utf8", maxBuffer: 64 << 20 });
    expect(cdktfSpecifiers(migrated)).toEqual([]);
  });

  test("the whole repository builds with tsc -b on Node 22", () => {
    runOnNode(tools, cdktnApp, [path.join(cdktnApp, "node_modules", "typescript", "bin", "tsc"), "-b"]);
  }, 300_000);

  test("the unit project passes on cdktn, Jest run by Node 22", () => {
    const env: NodeJS.ProcessEnv = { CI: "true" };
    const output = runOnNode(tools, cdktnApp, [path.join(cdktnApp, "node_modules", "jest", "bin", "jest.js"), "--selectProjects", "unit", "--ci"], { ...env, JEST_WORKER_ID: undefined });
    expect(output).toMatch(/Tests:\s+(\d+ skipped, )?\d+ passed, \d+ total/);
  }, 300_000);

  test("every shipped config and the programmatic example synthesize to the cdktf app's Terraform; only the CDK's own stamp differs", async () => {
    await synthEveryShippedConfig(tools.node.path, cdktnApp, path.join(work, "cdktn", "out"));
    await synthEveryShippedConfig(process.execPath, cdktfApp, path.join(work, "cdktf", "out"));
    const cdktn = readTree(path.join(work, "cdktn", "out"));
    const cdktf = readTree(path.join(work, "cdktf", "out"));
    expect(Object.keys(cdktn).sort()).toEqual(Object.keys(cdktf).sort());
    const differing = Object.keys(cdktf).filter((f) => cdktn[f] !== cdktf[f]);
    // The Terraform itself (HCL and JSON configurations) is byte for byte the same but for
    // the "//" stamp naming the CDK version; what differs besides is cdktn's stamp and its
    // JSON layout of manifest.json (`[]` for an empty list) and of HCL's metadata.json.
    expect(differing.filter((f) => !/(^|\/)(cdk\.tf\.json|manifest\.json|metadata\.json)$/.test(f))).toEqual([]);
    for (const f of differing) expect(withoutCdkStamp(f, cdktn[f])).toEqual(withoutCdkStamp(f, cdktf[f]));
    expect(
      Object.keys(cdktf)
        .filter((f) => f.endsWith("cdk.tf"))
        .every((f) => cdktn[f] === cdktf[f]),
    ).toBe(true);
  }, 300_000);

  test("`cdktn synth` (the CLI, run by Node 22) writes what the app writes", async () => {
    const direct = path.join(work, "cdktn", "direct");
    await synthEveryShippedConfig(tools.node.path, cdktnApp, direct);
    const env = { PATH: `${path.dirname(tools.node.path)}${path.delimiter}${process.env.PATH}` };
    const r = spawnSync(path.join(cdktnApp, "node_modules", ".bin", "cdktn"), ["synth", "--app", "node dist/main.js", "--output", "cli.out"], {
      cwd: cdktnApp,
      encoding: "utf8",
      env: { ...process.env, ...env, CHECKPOINT_DISABLE: "1", DATADOG_AWS_CONFIG: "datadog-aws.config.json" },
    });
    if (r.status !== 0) throw new Error(`cdktn synth failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    const cli = readTree(path.join(cdktnApp, "cli.out", "stacks"));
    const app = readTree(path.join(direct, "datadog-aws.config", "stacks"));
    expect(Object.keys(cli).length).toBeGreaterThan(0);
    expect(cli).toEqual(app);
  }, 300_000);
}
