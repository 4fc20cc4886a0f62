/**
 * What is on disk after `npm run synth` matches the config: exactly its stacks, each in one
 * format; a stack that went away is named with how to destroy it, and a folder holding
 * Terraform state is moved aside, never deleted. Through the real command.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { run, userEnv } from "../support/cli";
import { deployerPolicy } from "../../lib/stack/deployer-policy";

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "output-folder-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const config = (names: string[]) => {
  const file = path.join(dir, `config-${names.join("-")}.json`);
  const environments = Object.fromEntries(names.map((n, i) => [n, { awsAccountId: String(100000000000 + i), manageDatadogIntegration: false, externalId: "0123456789abcdef0123456789abcdef" }]));
  writeFileSync(file, JSON.stringify({ environments }));
  return file;
};
const synth = (file: string, extra: Record<string, string> = {}) => run(process.execPath, ["dist/main.js"], userEnv({ DATADOG_AWS_CONFIG: file, CDKTF_OUTDIR: path.join(dir, "out"), ...extra }));
const stacks = () => readdirSync(path.join(dir, "out", "stacks")).sort();
const filesOf = (stack: string) =>
  readdirSync(path.join(dir, "out", "stacks", stack), { recursive: true })
    .map(String)
    .sort();

test("an environment removed from the config leaves stacks/, and the user is told how to destroy it", async () => {
  expect((await synth(config(["prod", "legacy"]))).code).toBe(0);
  const r = await synth(config(["prod"]));
  expect(r.code).toBe(0);
  expect(stacks()).toEqual(["prod"]);
  expect(r.stderr).toContain('Stack "legacy" is no longer in');
  expect(r.stderr).toContain("npx cdktf destroy legacy");
  expect(existsSync(path.join(dir, "out", "removed-stacks"))).toBe(false);
});

test("pointing DATADOG_AWS_CONFIG at another file leaves only that file's stacks", async () => {
  await synth(config(["a", "b"]));
  const r = await synth(config(["c"]));
  expect(stacks()).toEqual(["c"]);
  expect(r.stderr).toMatch(/Stack "a" is no longer in .*\nStack "b" is no longer in/);
});

test("a removed stack whose folder holds Terraform state is moved to removed-stacks/, intact", async () => {
  await synth(config(["prod", "legacy"]));
  const legacy = path.join(dir, "out", "stacks", "legacy");
  mkdirSync(path.join(legacy, ".terraform"));
  writeFileSync(path.join(legacy, ".terraform", "terraform.tfstate"), '{"backend":{}}');
  writeFileSync(path.join(legacy, "terraform.tfstate"), '{"resources":["kept"]}');
  const r = await synth(config(["prod"]));
  expect(r.code).toBe(0);
  expect(stacks()).toEqual(["prod"]);
  const kept = path.join(dir, "out", "removed-stacks", "legacy");
  expect(readFileSync(path.join(kept, "terraform.tfstate"), "utf8")).toBe('{"resources":["kept"]}');
  expect(readFileSync(path.join(kept, ".terraform", "terraform.tfstate"), "utf8")).toBe('{"backend":{}}');
  expect(r.stderr).toContain("holds Terraform state (.terraform/terraform.tfstate, terraform.tfstate), so it was moved to");
  expect(r.stderr).toContain("instead of deleted");
});

test.each([
  ["JSON after HCL", "true", "", "cdk.tf.json", "cdk.tf"],
  ["HCL after JSON", "", "true", "cdk.tf", "cdk.tf.json"],
])("%s: each stack folder holds one format, and what terraform init left stays", async (_name, first, second, kept, gone) => {
  const file = config(["prod"]);
  await synth(file, { SYNTH_HCL_OUTPUT: first });
  const prod = path.join(dir, "out", "stacks", "prod");
  mkdirSync(path.join(prod, ".terraform"));
  writeFileSync(path.join(prod, ".terraform.lock.hcl"), "# lock");
  expect((await synth(file, { SYNTH_HCL_OUTPUT: second })).code).toBe(0);
  expect(filesOf("prod")).toContain(kept);
  expect(filesOf("prod")).not.toContain(gone);
  expect(filesOf("prod")).toEqual(expect.arrayContaining([".terraform", ".terraform.lock.hcl"]));
});

test("a config that fails changes nothing, removed stacks included", async () => {
  await synth(config(["prod", "legacy"]));
  const bad = path.join(dir, "bad.json");
  writeFileSync(bad, JSON.stringify({ environments: { prod: { awsAccountId: "1234" } } }));
  const r = await synth(bad);
  expect(r.code).toBe(2);
  expect(stacks()).toEqual(["legacy", "prod"]);
});

test("the programmatic example writes to its own folder, never into the app's cdktf.out", async () => {
  const example = path.join(dir, "project");
  mkdirSync(example);
  // Run from a project folder holding the app's output, as a user would.
  mkdirSync(path.join(example, "cdktf.out"));
  writeFileSync(path.join(example, "cdktf.out", "manifest.json"), "the app's manifest");
  const { spawnSync } = await import("node:child_process");
  const r = spawnSync(process.execPath, [path.join(__dirname, "..", "..", "dist", "examples", "programmatic.js")], { cwd: example, env: userEnv({}), encoding: "utf8" });
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
  expect(readFileSync(path.join(example, "cdktf.out", "manifest.json"), "utf8")).toBe("the app's manifest");
  expect(readdirSync(path.join(example, "examples", "cdktf.out", "stacks"))).toEqual(["observability"]);
});

test("every stack folder holds its deployer's policy, derived from the stack written beside it", async () => {
  const file = path.join(dir, "mixed.json");
  writeFileSync(
    file,
    JSON.stringify({
      environments: {
        role: { awsAccountId: "100000000001", cspm: true, permissions: "pinned" },
        keys: { awsAccountId: "100000000002", awsRegion: "us-gov-west-1", datadogSite: "ddog-gov.com", auth: { type: "accessKeys" } },
      },
    }),
  );
  expect((await synth(file)).code).toBe(0);
  for (const name of ["keys", "role"]) {
    const folder = path.join(dir, "out", "stacks", name);
    const written = JSON.parse(readFileSync(path.join(folder, "deployer-policy.json"), "utf8"));
    expect(written).toEqual(deployerPolicy(JSON.parse(readFileSync(path.join(folder, "cdk.tf.json"), "utf8"))));
    expect(JSON.stringify(written)).toContain(name === "role" ? ":role/DatadogIntegrationRole" : "arn:aws-us-gov:iam::100000000002:user/DatadogIntegrationUser");
  }
});

describe("synth removes or moves only what an earlier synth wrote (its manifest.json is the record)", () => {
  test("a hand-written folder under stacks/ is left alone, named in a warning", async () => {
    const file = config(["prod"]);
    await synth(file);
    const handmade = path.join(dir, "out", "stacks", "handmade");
    mkdirSync(handmade);
    writeFileSync(path.join(handmade, "main.tf"), 'resource "null_resource" "mine" {}\n');
    const r = await synth(file);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(handmade, "main.tf"), "utf8")).toBe('resource "null_resource" "mine" {}\n');
    expect(r.stderr).not.toContain('"handmade" is no longer in');
    expect(r.stderr).toMatch(/Warning: .*stacks\/handmade was not written by synth .*left alone.*\[output\/foreign-folder\]/);
  });

  test("without a manifest nothing under stacks/ is known to be synth's: nothing is removed or overwritten", async () => {
    await synth(config(["prod", "legacy"]));
    rmSync(path.join(dir, "out", "manifest.json"));
    const r = await synth(config(["prod"]));
    expect(r.code).toBe(2);
    expect(stacks()).toEqual(["legacy", "prod"]);
    expect(r.stderr).toContain("stacks/prod: was not written by synth");
  });

  test("a hand-written folder named like a stack of the config is refused, not overwritten", async () => {
    const file = config(["prod"]);
    mkdirSync(path.join(dir, "out", "stacks", "prod"), { recursive: true });
    writeFileSync(path.join(dir, "out", "stacks", "prod", "cdk.tf.json"), "{}");
    const r = await synth(file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/stacks\/prod: was not written by synth .*would overwrite its files .*\[output\/foreign-folder\]/);
    expect(readFileSync(path.join(dir, "out", "stacks", "prod", "cdk.tf.json"), "utf8")).toBe("{}");
  });

  test("a removed stack's folder holding files synth did not write is moved to removed-stacks/, not deleted", async () => {
    await synth(config(["prod", "legacy"]));
    writeFileSync(path.join(dir, "out", "stacks", "legacy", "override.tf"), "# mine");
    const r = await synth(config(["prod"]));
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, "out", "removed-stacks", "legacy", "override.tf"), "utf8")).toBe("# mine");
    expect(r.stderr).toContain("its folder holds files synth did not write (override.tf), so it was moved to");
  });

  test("metadata.json of an HCL synth goes when a JSON synth follows; a file of the user's stays", async () => {
    const file = config(["prod"]);
    await synth(file, { SYNTH_HCL_OUTPUT: "true" });
    expect(filesOf("prod")).toContain("metadata.json");
    writeFileSync(path.join(dir, "out", "stacks", "prod", "notes.md"), "mine");
    expect((await synth(file)).code).toBe(0);
    expect(filesOf("prod")).toEqual(["cdk.tf.json", "deployer-policy.json", "notes.md"]);
  });
});

describe("an output folder that cannot be used: output/folder-unusable with the path and the fix, nothing raw", () => {
  test.each([
    ["the output folder is a file", "out", "out"],
    ["a folder of its path is a file", "file", "file/out"],
  ])("%s", async (_name, file, outdirName) => {
    writeFileSync(path.join(dir, file), "");
    const outdir = path.join(dir, outdirName);
    const reason = `${file} is a file, not a folder`;
    const r = await synth(config(["prod"]), { CDKTF_OUTDIR: outdir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${outdir}: cannot be used as the output folder: ${path.join(dir, reason)}`);
    expect(r.stderr).toContain("point CDKTF_OUTDIR at another folder [output/folder-unusable]");
    expect(r.stderr).not.toMatch(/Synth failed|ENOTDIR|EEXIST/);
  });

  // Permissions do not stop root: as root, synth runs as the unprivileged user "nobody".
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  test.each([
    ["the folder holding it is not writable (synth writes beside the output folder)", "locked/out"],
    ["the output folder itself is not writable", "locked"],
  ])("%s", async (_name, outdirName) => {
    const { chmodSync } = await import("node:fs");
    const { spawnSync } = await import("node:child_process");
    const file = config(["prod"]);
    mkdirSync(path.join(dir, "locked"));
    // The test folder is open to the user synth runs as; only "locked" is not writable.
    chmodSync(dir, 0o777);
    chmodSync(file, 0o644);
    chmodSync(path.join(dir, "locked"), 0o555);
    const outdir = path.join(dir, outdirName);
    const r = spawnSync(process.execPath, ["dist/main.js"], { cwd: path.join(__dirname, "..", ".."), env: userEnv({ DATADOG_AWS_CONFIG: file, CDKTF_OUTDIR: outdir }), encoding: "utf8", ...asUser });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${outdir}: cannot be used as the output folder: permission denied writing`);
    expect(r.stderr).toContain(`synth writes its output into a folder beside this one, in ${path.dirname(outdir)}, then moves it in`);
    expect(r.stderr).toContain("[output/folder-unusable]");
    expect(r.stderr).not.toMatch(/Synth failed|EACCES/);
    expect(readdirSync(path.join(dir, "locked"))).toEqual([]);
  });
});
