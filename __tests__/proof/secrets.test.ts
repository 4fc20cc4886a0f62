/**
 * Secrets never reach the synthesized output or the console. `npm run --silent synth` runs
 * as a child process on the project's config and on every examples/*.config.json (plus a
 * config covering the remaining secret paths) with every credential variable a user's shell
 * or CI may hold set to a recognizable unique value; then every file of the output folder
 * and everything printed is scanned for those values. The synthesized Terraform JSON is
 * also checked for how secrets are wired: only references, sensitive variables and outputs.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { countProof } from "../support/proof-counters";
import { ROOT, run, userEnv, buildProject } from "../support/cli";
import { CONFIG_FILES } from "../support/shipped-configs";

const RUN_ID = randomBytes(8).toString("hex");

/** Credentials a shell or CI may hold while synthesizing; none may leak. */
const SECRET_VARS = [
  "DD_API_KEY",
  "DD_APP_KEY",
  "DATADOG_API_KEY",
  "DATADOG_APP_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "TF_VAR_datadog_aws_access_key_id",
  "TF_VAR_datadog_aws_secret_access_key",
  "TF_VAR_dd_api_key",
  "TF_VAR_dd_app_key",
] as const;

/** e.g. DD_API_KEY=ddapikey-SENTINEL-<run id>-0 */
const SENTINELS: Record<string, string> = Object.fromEntries(
  SECRET_VARS.map((name, i) => [
    name,
    `${name
      .replace(/^TF_VAR_/, "tfvar")
      .replace(/_/g, "")
      .toLowerCase()}-SENTINEL-${RUN_ID}-${i}`,
  ]),
);

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return userEnv({ ...SENTINELS, ...extra });
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/** Where any sentinel (or its run id, or its base64 form) appears: "<place>: <variable>". */
function leaks(place: string, content: Buffer | string): string[] {
  const buf = typeof content === "string" ? Buffer.from(content) : content;
  const found: string[] = [];
  for (const [name, value] of Object.entries(SENTINELS)) {
    if (buf.includes(value) || buf.includes(Buffer.from(value).toString("base64"))) found.push(`${place}: ${name}`);
  }
  if (found.length === 0 && buf.includes(RUN_ID)) found.push(`${place}: part of a sentinel`);
  return found;
}

// ---------------------------------------------------------------------------------------
// Terraform JSON checks
// ---------------------------------------------------------------------------------------

type Json = Record<string, any>;

/** A whole-string Terraform reference such as "${var.x}" or "${aws_iam_access_key.k.secret}". */
const REFERENCE = /^\$\{[^${}]+\}$/;
const ACCESS_KEY_SECRET_REF = /^\$\{aws_iam_access_key\.[\w-]+\.secret\}$/;
const SECRET_VARIABLE = "datadog_aws_secret_access_key";

/** Names of the fields that hold a credential, wherever they appear in the JSON. */
const SECRET_FIELDS = new Set(["secret_access_key", "secret_key", "access_key", "api_key", "app_key", "token", "password", "session_token"]);

function sensitiveVariables(stack: Json): Set<string> {
  return new Set(
    Object.entries(stack.variable ?? {})
      .filter(([, v]) => (v as Json).sensitive === true)
      .map(([name]) => name),
  );
}

/** Every [json path, value] whose key is a credential field. */
function secretFields(node: unknown, at = "$"): [string, unknown][] {
  if (Array.isArray(node)) return node.flatMap((v, i) => secretFields(v, `${at}[${i}]`));
  if (typeof node !== "object" || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) => [...(SECRET_FIELDS.has(k) ? [[`${at}.${k}`, v] as [string, unknown]] : []), ...secretFields(v, `${at}.${k}`)]);
}

/** Does a value reference a secret: an access key's secret or a sensitive variable? */
function carriesSecret(value: unknown, sensitive: Set<string>): boolean {
  const text = JSON.stringify(value);
  if (/aws_iam_access_key\.[\w-]+\.(secret|ses_smtp_password_v4|encrypted_secret)\b/.test(text)) return true;
  return [...sensitive].some((name) => new RegExp(`\\bvar\\.${name}\\b`).test(text));
}

/** What the checks saw across all runs, so the test proves it checked something. */
const seen = { keysFromAccessKey: 0, keysFromVariables: 0, secretOutputs: 0, datadogProviders: 0, providerKeyVariables: 0, stacks: 0 };

function checkStack(name: string, stack: Json): void {
  seen.stacks++;
  const sensitive = sensitiveVariables(stack);

  // The Datadog side gets the secret access key only as a reference.
  for (const [id, integration] of Object.entries<Json>(stack.resource?.datadog_integration_aws_account ?? {})) {
    const keys = integration.auth_config?.aws_auth_config_keys;
    if (!keys) continue;
    const where = `${name}: datadog_integration_aws_account.${id}.auth_config.aws_auth_config_keys`;
    expect({ where, secret: keys.secret_access_key }).toEqual({ where, secret: expect.stringMatching(/^\$\{(aws_iam_access_key\.[\w-]+\.secret|var\.datadog_aws_secret_access_key)\}$/) });
    expect({ where, id: keys.access_key_id }).toEqual({ where, id: expect.stringMatching(REFERENCE) });
    if (ACCESS_KEY_SECRET_REF.test(keys.secret_access_key)) seen.keysFromAccessKey++;
    else seen.keysFromVariables++;
  }

  // The variable holding an existing secret is sensitive.
  if (stack.variable?.[SECRET_VARIABLE]) {
    expect({ name, variable: SECRET_VARIABLE, sensitive: stack.variable[SECRET_VARIABLE].sensitive }).toEqual({ name, variable: SECRET_VARIABLE, sensitive: true });
    expect(stack.variable[SECRET_VARIABLE].default).toBeUndefined();
  }
  // No variable carries a default that could be a key.
  for (const [v, def] of Object.entries<Json>(stack.variable ?? {})) expect({ name, variable: v, default: def.default }).toEqual({ name, variable: v, default: undefined });

  // Every output that carries a secret is sensitive.
  for (const [o, output] of Object.entries<Json>(stack.output ?? {})) {
    if (carriesSecret(output.value, sensitive) || /secret/i.test(o)) {
      expect({ name, output: o, sensitive: output.sensitive }).toEqual({ name, output: o, sensitive: true });
      seen.secretOutputs++;
    }
  }

  // The Datadog provider holds no key literal: absent (DD_API_KEY / DD_APP_KEY) or a sensitive variable.
  for (const provider of (stack.provider?.datadog ?? []) as Json[]) {
    seen.datadogProviders++;
    for (const field of ["api_key", "app_key"]) {
      const value = provider[field];
      if (value === undefined) continue;
      const ref = /^\$\{var\.([\w-]+)\}$/.exec(String(value));
      expect({ name, field, value, variable: ref?.[1] }).toEqual({ name, field, value, variable: expect.any(String) });
      expect({ name, field, sensitive: sensitive.has(ref![1]) }).toEqual({ name, field, sensitive: true });
      seen.providerKeyVariables++;
    }
  }
  // The AWS provider takes no static credentials.
  for (const provider of (stack.provider?.aws ?? []) as Json[]) {
    for (const field of ["access_key", "secret_key", "token"]) expect({ name, field, value: provider[field] }).toEqual({ name, field, value: undefined });
  }

  // Wherever a credential field appears, it is a reference, never a literal.
  for (const [at, value] of secretFields(stack)) {
    expect({ name, at, value }).toEqual({ name, at, value: expect.stringMatching(REFERENCE) });
  }
}

// ---------------------------------------------------------------------------------------
// The runs
// ---------------------------------------------------------------------------------------

/** The secret paths the shipped examples leave out: split duty with access keys, TF_VAR_ Datadog keys. */
const EXTRA_CONFIG = {
  defaults: { permissions: "pinned" },
  environments: {
    "gov-keys-split": {
      awsAccountId: "123456789012",
      awsRegion: "us-gov-west-1",
      datadogSite: "ddog-gov.com",
      auth: { type: "accessKeys", accessKey: "create" },
      manageDatadogIntegration: false,
    },
    "china-variables-split": {
      awsAccountId: "234567890123",
      awsRegion: "cn-north-1",
      auth: { type: "accessKeys", accessKey: "variables" },
      manageDatadogIntegration: false,
      resourceCollection: false,
    },
    "china-variables": {
      awsAccountId: "345678901234",
      awsRegion: "cn-northwest-1",
      auth: { type: "accessKeys", accessKey: "variables" },
      datadogApiKeyEnv: "TF_VAR_dd_api_key",
      datadogAppKeyEnv: "TF_VAR_dd_app_key",
    },
    "tfvar-keys": {
      awsAccountId: "456789012345",
      datadogApiKeyEnv: "TF_VAR_dd_api_key",
      datadogAppKeyEnv: "TF_VAR_dd_app_key",
      awsAssumeRoleArn: "arn:aws:iam::456789012345:role/TerraformDeploy",
      awsAssumeRoleExternalId: "deploy-external-id",
    },
  },
};

let workDir: string;
let extraConfig: string;

const shippedConfigs = CONFIG_FILES;

beforeAll(async () => {
  await buildProject(childEnv({}));
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-"));
  extraConfig = path.join(workDir, "secret-paths.config.json");
  fs.writeFileSync(extraConfig, JSON.stringify(EXTRA_CONFIG, null, 2));
}, 120_000);

afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

test("the scan finds a planted sentinel (the scanner itself works)", () => {
  const value = SENTINELS.DD_API_KEY;
  expect(leaks("plain", `{"api_key": "${value}"}`)).toEqual(["plain: DD_API_KEY"]);
  expect(leaks("base64", Buffer.from(`x ${Buffer.from(value).toString("base64")} y`))).toEqual(["base64: DD_API_KEY"]);
  expect(leaks("partial", `key-${RUN_ID}`)).toEqual(["partial: part of a sentinel"]);
  expect(leaks("clean", "nothing here")).toEqual([]);
  expect(carriesSecret("${aws_iam_access_key.datadog_access_key.secret}", new Set())).toBe(true);
  expect(carriesSecret("${var.k}", new Set(["k"]))).toBe(true);
  expect(carriesSecret("${aws_iam_access_key.datadog_access_key.id}", new Set(["k"]))).toBe(false);
});

describe.each([...shippedConfigs, "<secret paths>"])("synth of %s", (config) => {
  test("writes and prints no secret, and wires secrets only as references, sensitive variables and outputs", async () => {
    const file = config === "<secret paths>" ? extraConfig : path.join(ROOT, config);
    const outdir = path.join(workDir, config.replace(/[^\w.-]+/g, "_"));
    const r = await run("npm", ["run", "--silent", "synth"], childEnv({ DATADOG_AWS_CONFIG: file, CDKTF_OUTDIR: outdir }));
    countProof("secretScans");
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 0, stdout: expect.stringContaining("Synthesized") });

    const files = filesUnder(outdir);
    const environments = Object.keys(JSON.parse(fs.readFileSync(file, "utf8")).environments);
    expect(files.map((f) => path.relative(outdir, f)).sort()).toEqual(expect.arrayContaining(environments.map((e) => path.join("stacks", e, "cdk.tf.json"))));

    const found = [...leaks("stdout", r.stdout), ...leaks("stderr", r.stderr), ...files.flatMap((f) => leaks(path.relative(outdir, f), fs.readFileSync(f)))];
    expect(found).toEqual([]);

    for (const env of environments) checkStack(env, JSON.parse(fs.readFileSync(path.join(outdir, "stacks", env, "cdk.tf.json"), "utf8")));
  });
});

test("a failing synth prints no secret either, with or without DEBUG", async () => {
  const bad = path.join(workDir, "bad.config.json");
  fs.writeFileSync(bad, JSON.stringify({ environments: { prod: { awsAccountId: "1234-5678-9012", datadogApiKeyEnv: "TF_VAR_dd_api_key ", auth: { type: "accessKeys" } } } }));
  for (const debug of [{}, { DEBUG: "1" }] as Record<string, string>[]) {
    const r = await run("npm", ["run", "--silent", "synth"], childEnv({ DATADOG_AWS_CONFIG: bad, CDKTF_OUTDIR: path.join(workDir, "bad-out"), ...debug }));
    countProof("secretScans");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("environments.prod.awsAccountId");
    expect([...leaks("stdout", r.stdout), ...leaks("stderr", r.stderr)]).toEqual([]);
  }
  expect(fs.existsSync(path.join(workDir, "bad-out"))).toBe(false);
});

test("the runs covered every way a secret is wired", () => {
  // Guards against the checks above passing because nothing was there to check.
  expect(seen.stacks).toBeGreaterThanOrEqual(shippedConfigs.length + Object.keys(EXTRA_CONFIG.environments).length);
  expect(seen.keysFromAccessKey).toBeGreaterThanOrEqual(1); // examples/govcloud-and-china: gov-keys
  expect(seen.keysFromVariables).toBeGreaterThanOrEqual(2); // china, china-variables
  expect(seen.secretOutputs).toBeGreaterThanOrEqual(2); // the split-duty tile secret outputs
  expect(seen.datadogProviders).toBeGreaterThanOrEqual(1);
  expect(seen.providerKeyVariables).toBeGreaterThanOrEqual(4); // tfvar-keys and china-variables: api_key and app_key
});
