/**
 * The output folder through `npx cdktf synth`, which runs the app and then removes, on its
 * own, every folder of stacks/ that the new manifest does not name (cli/synth/cdktf-cli.ts):
 * removing an environment succeeds on the first run, a folder synth never wrote is never
 * deleted, and a second config cannot replace the stacks of the first (the CLI ignores
 * CDKTF_OUTDIR). Each case runs the real CLI from the project folder, into a temporary
 * output folder (--output).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { buildProject, run, userEnv } from "../support/cli";

let dir: string;
beforeAll(() => buildProject(), 120_000);
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "cdktf-cli-output-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const out = () => path.join(dir, "out");
const environments = (names: string[]) =>
  Object.fromEntries(names.map((n, i) => [n, { awsAccountId: String(100000000000 + i), manageDatadogIntegration: false, externalId: "0123456789abcdef0123456789abcdef" }]));
/** Writes `names` into the config file `file` (one file edited between runs, as a user does). */
const config = (names: string[], file = "config.json") => {
  writeFileSync(path.join(dir, file), JSON.stringify({ environments: environments(names) }));
  return path.join(dir, file);
};
const cdktfSynth = async (configFile: string, extra: Record<string, string> = {}) => {
  const terraformrc = path.join(dir, "terraformrc");
  writeFileSync(terraformrc, "");
  const r = await run(
    "npx",
    ["cdktf", "synth", "--output", out()],
    userEnv({ DATADOG_AWS_CONFIG: configFile, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: terraformrc, CI: "1", FORCE_COLOR: "0", ...extra }),
  );
  return { code: r.code, output: r.stdout + r.stderr };
};
const stacks = () => readdirSync(path.join(out(), "stacks")).sort();

test("an environment removed from the config: the first run succeeds, names it, and keeps a folder holding state", async () => {
  expect((await cdktfSynth(config(["prod", "legacy", "old"]))).code).toBe(0);
  writeFileSync(path.join(out(), "stacks", "legacy", "terraform.tfstate"), '{"resources":["kept"]}');
  const r = await cdktfSynth(config(["prod"]));
  expect({ code: r.code, enoent: r.output.includes("ENOENT") }).toEqual({ code: 0, enoent: false });
  expect(stacks()).toEqual(["prod"]);
  expect(r.output).toContain('Stack "old" is no longer in');
  expect(r.output).toContain('Stack "legacy" is no longer in');
  expect(readFileSync(path.join(out(), "removed-stacks", "legacy", "terraform.tfstate"), "utf8")).toBe('{"resources":["kept"]}');
}, 120_000);

test("a folder synth never wrote under stacks/ is refused, not deleted by the CLI", async () => {
  const file = config(["prod"]);
  expect((await cdktfSynth(file)).code).toBe(0);
  const handmade = path.join(out(), "stacks", "handmade");
  mkdirSync(handmade);
  writeFileSync(path.join(handmade, "main.tf"), "# mine");
  const r = await cdktfSynth(file);
  expect(r.code).not.toBe(0);
  expect(r.output).toMatch(/stacks\/handmade: was not written by synth .*the cdktf CLI deletes every folder of stacks\/ .*\[output\/foreign-folder\]/);
  expect(readFileSync(path.join(handmade, "main.tf"), "utf8")).toBe("# mine");
  expect(stacks()).toEqual(["handmade", "prod"]);
}, 120_000);

test("another config file cannot replace the stacks of the first: the CLI ignores CDKTF_OUTDIR", async () => {
  expect((await cdktfSynth(config(["prod", "staging"], "team.json"))).code).toBe(0);
  const elsewhere = path.join(dir, "elsewhere");
  const r = await cdktfSynth(config(["sandbox"], "other.json"), { CDKTF_OUTDIR: elsewhere });
  expect(r.code).not.toBe(0);
  expect(r.output).toMatch(/holds the stacks of .*team\.json \(prod, staging\), which .*other\.json does not have.*\[output\/other-config\]/);
  expect(stacks()).toEqual(["prod", "staging"]);
  expect(existsSync(elsewhere)).toBe(false);
}, 120_000);
