/**
 * Every way to run the app writes the same Terraform:
 * - `npm run synth` (tsc -b, then the compiled JavaScript),
 * - `npx cdktf synth` (the cdktf CLI running cdktf.json's app command),
 * - `npx tsx main.ts` (a TypeScript runner, no build step),
 * and that output is byte for byte what plain `App.synth()` writes (the app stages it,
 * publishes it and formats HCL around that call).
 *
 * Also: `npm run synth` rebuilds after a .ts file changes, and a type error stops it with a
 * non-zero exit. All of this runs in a temporary copy of the project (linking its
 * node_modules), never in the real tree.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import { loadConfigFile } from "../../lib/config/load-config";
import { addEnvironmentStacks, DEPLOYER_POLICY_FILE, synthesizeConfig } from "../../cli/synth/synth-app";
import { CONFIG_RECORD_FILE } from "../../cli/synth/output-folder";
import { PROVIDER_CONSTRAINTS } from "../../lib/constructs/provider-requirements";
import { generateConfig } from "../../scripts/fixtures/generated-config";
import { CONFIG_FILES } from "../support/shipped-configs";

const ROOT = path.resolve(__dirname, "..", "..");
const COPIED = ["main.ts", "lib", "cli", "package.json", "tsconfig.json", "cdktf.json", "datadog-aws.config.json"];

interface RunResult {
  readonly code: number | null;
  readonly output: string;
}

function run(command: string, args: readonly string[], cwd: string, env: Record<string, string>): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      // The CLI's own chatter: no version check, no Terraform CLI config of the machine's.
      env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: terraformrc, CI: "1", FORCE_COLOR: "0", DEBUG: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (output += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** Every file under an output folder, by relative path. */
function filesOf(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) files.set(path.relative(dir, path.join(e.parentPath, e.name)), fs.readFileSync(path.join(e.parentPath, e.name), "utf8"));
  }
  return files;
}

/** Parsed cdk.tf.json of every stack, by stack name. */
function stacksOf(outdir: string): Record<string, unknown> {
  const stacksDir = path.join(outdir, "stacks");
  return Object.fromEntries(fs.readdirSync(stacksDir).map((name) => [name, JSON.parse(fs.readFileSync(path.join(stacksDir, name, "cdk.tf.json"), "utf8"))]));
}

let tmp: string;
let project: string;
let terraformrc: string;
const EXAMPLE_STACKS = loadConfigFile(path.join(ROOT, "datadog-aws.config.json"))
  .map((e) => e.name)
  .sort();

/** A fresh copy of the project (linking its node_modules) in the run's temp folder. */
function copyProject(name: string): string {
  const copy = path.join(tmp, name);
  fs.mkdirSync(copy);
  for (const entry of COPIED) fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
  return copy;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "datadog-aws-run-modes-"));
  terraformrc = path.join(tmp, "terraformrc");
  fs.writeFileSync(terraformrc, "");
  // Shared by the tests that only read it; a test that edits sources takes its own copy.
  project = copyProject("project");
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("the example config, run three ways", () => {
  // Output folders at the same depth: local state paths are relative to the stack's folder.
  // Each way runs once, when a test first needs it, so every test can run alone (-t).
  const ways = {
    npm: () => run("npm", ["run", "--silent", "synth"], project, { CDKTF_OUTDIR: "out-npm" }),
    cdktf: () => run("npx", ["cdktf", "synth", "--output", "out-cdktf"], project, {}),
    tsx: () => run("npx", ["tsx", "main.ts"], project, { CDKTF_OUTDIR: "out-tsx" }),
  } as const;
  type Way = keyof typeof ways;
  const runs = new Map<Way, Promise<{ result: RunResult; stacks: Record<string, unknown> }>>();
  const synthesizedBy = (way: Way) => {
    let r = runs.get(way);
    if (!r) {
      r = ways[way]().then((result) => ({ result, stacks: result.code === 0 ? stacksOf(path.join(project, `out-${way}`)) : {} }));
      runs.set(way, r);
    }
    return r;
  };

  test("npm run synth", async () => {
    const { result, stacks } = await synthesizedBy("npm");
    expect(result).toMatchObject({ code: 0 });
    expect(Object.keys(stacks).sort()).toEqual(EXAMPLE_STACKS);
  });

  test("npx cdktf synth (cdktf.json's app command)", async () => {
    const { result, stacks } = await synthesizedBy("cdktf");
    expect(result).toMatchObject({ code: 0 });
    // The success line is not shown as an error (the CLI labels an app's stderr [ERROR]).
    expect(result.output).not.toContain("[ERROR]");
    expect(Object.keys(stacks).sort()).toEqual(EXAMPLE_STACKS);
  });

  test("npx tsx main.ts (TypeScript run directly)", async () => {
    const { result, stacks } = await synthesizedBy("tsx");
    expect(result).toMatchObject({ code: 0 });
    expect(Object.keys(stacks).sort()).toEqual(EXAMPLE_STACKS);
  });

  test("all three write the same cdk.tf.json for every stack (nothing removed before comparing)", async () => {
    const [npm, cdktf, tsx] = await Promise.all((["npm", "cdktf", "tsx"] as const).map(async (way) => (await synthesizedBy(way)).stacks));
    expect(Object.keys(npm).sort()).toEqual(EXAMPLE_STACKS);
    expect(cdktf).toEqual(npm);
    expect(tsx).toEqual(npm);
  });
});

describe("the app writes exactly what App.synth() writes", () => {
  const configs: [string, string][] = [...CONFIG_FILES.map((f): [string, string] => [f, path.join(ROOT, f)]), ["40 generated environments (the benchmark's mix)", "generated"]];

  test.each(configs)("%s", async (_, file) => {
    const dir = fs.mkdtempSync(path.join(tmp, "same-bytes-"));
    let config = file;
    if (file === "generated") {
      config = path.join(dir, "generated.config.json");
      fs.writeFileSync(config, JSON.stringify(generateConfig(40)));
    }
    const outdir = path.join(dir, "app");
    await synthesizeConfig({ DATADOG_AWS_CONFIG: config, CDKTF_OUTDIR: outdir });
    // Reference: the same stacks (state paths computed for the same outdir), through App.synth().
    const reference = new App({ outdir: path.join(dir, "reference") });
    addEnvironmentStacks(reference, loadConfigFile(config), outdir);
    reference.synth();
    const written = filesOf(outdir);
    expect(written.size).toBeGreaterThan(1);
    // The app also writes each stack's deployer policy (output-folder.test.ts checks it);
    // everything cdktf writes is byte for byte App.synth()'s.
    const policies = [...written.keys()].filter((f) => path.basename(f) === DEPLOYER_POLICY_FILE);
    expect(policies.length).toBe(loadConfigFile(config).length);
    for (const f of policies) written.delete(f);
    // And the config file it came from (output-folder.ts), beside cdktf's manifest.
    expect(JSON.parse(written.get(CONFIG_RECORD_FILE) ?? "{}")).toEqual({ configFile: path.relative(outdir, config) });
    written.delete(CONFIG_RECORD_FILE);
    expect(written).toEqual(filesOf(path.join(dir, "reference")));
  });
});

describe("npm run synth builds what it runs", () => {
  // Each test edits its own copy of the project, built once before the edit.
  const providerVersions = (copy: string) => path.join(copy, "lib", "constructs", "provider-requirements.ts");
  const builtCopy = async (name: string) => {
    const copy = copyProject(name);
    const first = await run("npm", ["run", "--silent", "synth"], copy, { CDKTF_OUTDIR: "out-first" });
    expect(first).toMatchObject({ code: 0 });
    return copy;
  };

  test("a .ts edit shows in the next synth", async () => {
    const copy = await builtCopy("edit");
    const source = fs.readFileSync(providerVersions(copy), "utf8");
    const literal = JSON.stringify(PROVIDER_CONSTRAINTS.aws.version);
    expect(source).toContain(literal);
    fs.writeFileSync(providerVersions(copy), source.replaceAll(literal, JSON.stringify(">= 5.0, < 7.0, != 5.99.0")));
    const after = await run("npm", ["run", "--silent", "synth"], copy, { CDKTF_OUTDIR: "out-edit" });
    expect(after).toMatchObject({ code: 0 });
    const stacks = stacksOf(path.join(copy, "out-edit")) as Record<string, { terraform: { required_providers: { aws: { version: string } } } }>;
    for (const name of EXAMPLE_STACKS) expect(stacks[name].terraform.required_providers.aws.version).toBe(">= 5.0, < 7.0, != 5.99.0");
  });

  test("a type error fails it with a non-zero exit and the compiler's message", async () => {
    const copy = await builtCopy("type-error");
    fs.appendFileSync(providerVersions(copy), '\nexport const NOT_A_NUMBER: number = "forty-two";\n');
    const r = await run("npm", ["run", "--silent", "synth"], copy, { CDKTF_OUTDIR: "out-type-error" });
    expect(r.code).not.toBe(0);
    expect(r.output.replace(/\u001b\[[0-9;]*m/g, "")).toMatch(/provider-requirements\.ts.*error TS2322/);
    expect(fs.existsSync(path.join(copy, "out-type-error"))).toBe(false);
  });
});
