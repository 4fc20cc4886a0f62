/**
 * Arguments through the real commands, as a user types them after `npm run <command> --`:
 * each one is honoured or refused with the usage, a code and a non-zero exit, and a refused
 * command writes nothing. Once, `npm run synth -- --hcl`, `-- --config x.json`, `-- --help`
 * and `-- prod` all exited 0 writing JSON for the default config, and SYNTH_HCL_OUTPUT=1
 * crashed while "yes" and "TRUE" silently gave JSON.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildProject, ROOT, run, RunResult, userEnv } from "../support/cli";

let dir: string;
let config: string;

beforeAll(async () => {
  await buildProject();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "command-arguments-"));
  // The shipped config (prod, staging, sandbox), copied so that a test may edit it.
  config = path.join(dir, "team.config.json");
  fs.copyFileSync(path.join(ROOT, "datadog-aws.config.json"), config);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A fresh output folder's path (not created). */
let outdirs = 0;
const freshOutdir = () => path.join(dir, `out-${++outdirs}`);

const npm = (command: string, args: readonly string[], extra: Record<string, string> = {}): Promise<RunResult> =>
  run("npm", ["run", "--silent", command, "--", ...args], userEnv({ DATADOG_AWS_CONFIG: config, ...extra }));
const synth = (outdir: string, args: readonly string[], extra: Record<string, string> = {}) => npm("synth", args, { CDKTF_OUTDIR: outdir, ...extra });

/** Every file under `folder`, relative, with its content. */
function filesOf(folder: string): Record<string, string> {
  if (!fs.existsSync(folder)) return {};
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out[path.relative(folder, path.join(entry.parentPath, entry.name))] = fs.readFileSync(path.join(entry.parentPath, entry.name), "utf8");
  }
  return out;
}
const stackFiles = (outdir: string) =>
  Object.keys(filesOf(outdir))
    .filter((f) => /^stacks\/[^/]+\/cdk\.tf(\.json)?$/.test(f))
    .sort();
const codesOf = (text: string) => [...text.matchAll(/ \[([a-z-]+\/[a-z-]+)\]$/gm)].map((m) => m[1]);

describe("npm run synth", () => {
  test("--help prints the usage, exit 0, and synthesizes nothing", async () => {
    const outdir = freshOutdir();
    const r = await synth(outdir, ["--help"]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/^Usage: npm run synth -- \[<environment>\.\.\.\] \[--hcl\] \[--config <file>\]$/m);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test("--hcl writes HCL (cdk.tf) for every stack", async () => {
    const outdir = freshOutdir();
    const r = await synth(outdir, ["--hcl"]);
    expect(r.code).toBe(0);
    expect(stackFiles(outdir)).toEqual(["stacks/prod/cdk.tf", "stacks/sandbox/cdk.tf", "stacks/staging/cdk.tf"]);
    expect(fs.readFileSync(path.join(outdir, "stacks", "prod", "cdk.tf"), "utf8")).toMatch(/^resource "aws_iam_role" /m);
  });

  test("--config <file> synthesizes that file's environments, not DATADOG_AWS_CONFIG's", async () => {
    const outdir = freshOutdir();
    const other = path.join(dir, "other.config.json");
    fs.writeFileSync(other, JSON.stringify({ environments: { analytics: { awsAccountId: "444455556666" } } }));
    const r = await synth(outdir, ["--config", other]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(r.stdout).toContain(`Synthesized 1 stack(s) from ${other} into`);
    expect(stackFiles(outdir)).toEqual(["stacks/analytics/cdk.tf.json"]);
  });

  test("one environment by name: only its stack is written; the others' stay exactly as they were", async () => {
    const outdir = freshOutdir();
    expect((await synth(outdir, [])).code).toBe(0);
    const before = filesOf(outdir);
    // A change to every environment: only the named one may show it.
    const edited = path.join(dir, "edited.config.json");
    const json = JSON.parse(fs.readFileSync(config, "utf8"));
    for (const env of Object.values<{ tags?: string[] }>(json.environments)) env.tags = [...(env.tags ?? json.defaults.tags), "cost-center:1234"];
    fs.writeFileSync(edited, JSON.stringify(json));

    const r = await synth(outdir, ["staging", "--config", edited]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(r.stdout).toContain("stacks: staging\nLeft as they were (not named): prod, sandbox\n");
    const after = filesOf(outdir);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const name of ["prod", "sandbox"]) {
      expect(after[`stacks/${name}/cdk.tf.json`]).toBe(before[`stacks/${name}/cdk.tf.json`]);
      expect(after[`stacks/${name}/deployer-policy.json`]).toBe(before[`stacks/${name}/deployer-policy.json`]);
    }
    expect(before["stacks/staging/cdk.tf.json"]).not.toContain("cost-center:1234");
    expect(after["stacks/staging/cdk.tf.json"]).toContain("cost-center:1234");
    // cdktf's manifest still names every stack, so `cdktf deploy <any>` finds it.
    expect(Object.keys(JSON.parse(after["manifest.json"]).stacks).sort()).toEqual(["prod", "sandbox", "staging"]);
  });

  test("one environment as HCL beside JSON stacks: each stack keeps its format, and the manifest says which", async () => {
    const outdir = freshOutdir();
    expect((await synth(outdir, [])).code).toBe(0);
    expect((await synth(outdir, ["prod", "--hcl"])).code).toBe(0);
    expect(stackFiles(outdir)).toEqual(["stacks/prod/cdk.tf", "stacks/sandbox/cdk.tf.json", "stacks/staging/cdk.tf.json"]);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
    expect(Object.fromEntries(Object.entries(manifest.stacks).map(([n, s]) => [n, (s as { synthesizedStackPath: string }).synthesizedStackPath]))).toEqual({
      prod: "stacks/prod/cdk.tf",
      sandbox: "stacks/sandbox/cdk.tf.json",
      staging: "stacks/staging/cdk.tf.json",
    });
  });

  test("an environment the config does not have: refused with the closest name, nothing written", async () => {
    const outdir = freshOutdir();
    const r = await synth(outdir, ["prdo"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${config}: has no environment "prdo"; did you mean "prod"? its environments: "prod", "staging", "sandbox" [command/unknown-environment]`);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test.each([
    [["--hlc"], 'unknown option "--hlc" (did you mean "--hcl"?)'],
    [["--dry-run"], 'unknown option "--dry-run"'],
    [["--config"], "--config needs a value"],
    [["--hcl=yes"], "--hcl takes no value"],
  ])("%j: refused with the usage and exit 2; nothing written", async (args, words) => {
    const outdir = freshOutdir();
    const r = await synth(outdir, args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Cannot run npm run synth:\n  - ${words}`);
    expect(codesOf(r.stderr)).toEqual(["command/usage"]);
    expect(r.stderr).toContain("Usage: npm run synth --");
    expect(r.stdout).toBe("");
    expect(fs.existsSync(outdir)).toBe(false);
  });
});

describe("SYNTH_HCL_OUTPUT", () => {
  test.each(["1", "true"])("%s: HCL in cdk.tf, as cdktf's CLI reads it", async (value) => {
    const outdir = freshOutdir();
    const r = await synth(outdir, [], { SYNTH_HCL_OUTPUT: value });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(stackFiles(outdir)).toEqual(["stacks/prod/cdk.tf", "stacks/sandbox/cdk.tf", "stacks/staging/cdk.tf"]);
  });

  test.each(["0", "false", ""])("%j: JSON in cdk.tf.json", async (value) => {
    const outdir = freshOutdir();
    const r = await synth(outdir, [], { SYNTH_HCL_OUTPUT: value });
    expect(r.code).toBe(0);
    expect(stackFiles(outdir)).toEqual(["stacks/prod/cdk.tf.json", "stacks/sandbox/cdk.tf.json", "stacks/staging/cdk.tf.json"]);
  });

  test.each(["yes", "TRUE", "on"])("%s: refused with its code (cdktf would silently read it as JSON); nothing written", async (value) => {
    const outdir = freshOutdir();
    const r = await synth(outdir, [], { SYNTH_HCL_OUTPUT: value });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`SYNTH_HCL_OUTPUT: ${JSON.stringify(value)} is neither HCL ("true", "1") nor JSON ("false", "0")`);
    expect(codesOf(r.stderr)).toEqual(["output/hcl-variable"]);
    expect(fs.existsSync(outdir)).toBe(false);
  });
});

describe("the other commands", () => {
  test.each([
    ["discover", "Usage: npm run discover -- [--dry-run] [--config <file>]"],
    ["doctor", "Usage: npm run doctor -- <environment> [--config <file>]"],
    ["permissions", "Usage: npm run permissions -- check|update"],
  ])("npm run %s -- --help: the usage, exit 0", async (command, usage) => {
    const r = await npm(command, ["--help"]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(r.stdout.startsWith(usage)).toBe(true);
  });

  test.each([
    ["discover", ["--dryrun"], 'unknown option "--dryrun" (did you mean "--dry-run"?)', "command/usage"],
    ["discover", ["prod"], 'it takes no arguments, but was given "prod"', "command/usage"],
    ["doctor", ["prod", "--verbose"], 'unknown option "--verbose"', "doctor/usage"],
    ["permissions", ["check", "--sites", "datadoghq.eu"], 'unknown option "--sites" (did you mean "--site"?)', "command/usage"],
    ["permissions", ["check", "--site", "datadoghq.con"], '--site "datadoghq.con" is not a Datadog site (did you mean "datadoghq.com"?)', "command/usage"],
  ])("npm run %s -- %j: refused with the usage, its code and exit 2", async (command, args, words, code) => {
    const r = await npm(command, args, { DATADOG_API_URL: "http://127.0.0.1:9", AWS_ENDPOINT_URL: "http://127.0.0.1:9" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Cannot run npm run ${command}:\n  - ${words}`);
    expect(codesOf(r.stderr)).toEqual([code]);
    expect(r.stderr).toContain(`Usage: npm run ${command} --`);
  });

  test("npm run doctor -- <environment> --config <file>: reads that file, not DATADOG_AWS_CONFIG", async () => {
    const other = path.join(dir, "doctor.config.json");
    fs.writeFileSync(other, JSON.stringify({ environments: { analytics: { awsAccountId: "444455556666" } } }));
    const r = await npm("doctor", ["prod", "--config", other]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${other} has no environment "prod"; its environments: "analytics" [doctor/unknown-environment]`);
  });
});
