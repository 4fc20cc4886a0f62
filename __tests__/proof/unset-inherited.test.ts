/**
 * `null` in an environment means "not set here": it unsets a value the environment would
 * inherit from `defaults`, and the field's default (if it has one) applies as if neither had
 * set it. A key that has no default cannot be unset, and `defaults` inherit nothing, so a
 * null in either place is a clear error. The published JSON Schema agrees.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import { resolveConfig } from "../../lib/config/load-config";
import { configFileJsonSchema } from "../../lib/config/json-schema";
import { problemsOf, synthConfig } from "../support/synth";
import { run, userEnv, buildProject } from "../support/cli";

const ACCOUNT = "123456789012";
const validate = new Ajv({ allErrors: true }).compile(configFileJsonSchema());
const resolved = (raw: unknown) => resolveConfig(raw, "test.config.json").map((e) => e.config);
const one = (env: Record<string, unknown>, defaults?: Record<string, unknown>) => ({ ...(defaults ? { defaults } : {}), environments: { prod: { awsAccountId: ACCOUNT, ...env } } });

/** The case: a session name for the environments that assume a role, one that uses a profile. */
const SESSION_NAME_CONFIG = {
  defaults: { awsAssumeRoleSessionName: "datadog-pipeline" },
  environments: {
    prod: { awsAccountId: ACCOUNT, awsAssumeRoleArn: `arn:aws:iam::${ACCOUNT}:role/TerraformDeploy` },
    legacy: { awsAccountId: "210987654321", awsProfile: "legacy-admin", awsAssumeRoleSessionName: null },
  },
};

describe("compliant: null unsets what an environment inherits", () => {
  test("an environment using a profile unsets the inherited assume-role session name", () => {
    const [prod, legacy] = resolved(SESSION_NAME_CONFIG);
    expect(prod.awsAssumeRoleSessionName).toBe("datadog-pipeline");
    expect(legacy).not.toHaveProperty("awsAssumeRoleSessionName");
    const stacks = synthConfig(SESSION_NAME_CONFIG);
    expect(stacks.legacy.provider?.aws[0].profile).toBe("legacy-admin");
    expect(stacks.legacy.provider?.aws[0].assume_role).toBeUndefined();
    expect(stacks.prod.provider?.aws[0].assume_role[0].session_name).toBe("datadog-pipeline");
    expect(validate(SESSION_NAME_CONFIG)).toBe(true);
  });

  // Each default, unset with null, leaves the environment as if neither had set it: the
  // field's own default applies (or none, for keys without one).
  test.each<[string, Record<string, unknown>]>([
    ["awsRegion", { awsRegion: "eu-west-1" }],
    ["datadogSite", { datadogSite: "datadoghq.eu" }],
    ["auth", { auth: { type: "role", roleName: "DatadogRoleForProd" } }],
    ["regions", { regions: ["us-east-1", "us-west-2"] }],
    ["tags", { tags: ["team:platform"] }],
    ["metrics", { metrics: { hostTags: ["datadog:monitored"], automute: false } }],
    ["resourceCollection", { resourceCollection: false }],
    ["cspm", { cspm: true }],
    ["permissions (a default computed from other keys)", { permissions: "pinned" }],
    ["logs", { logs: { sources: ["s3"] } }],
    ["xrayServices", { xrayServices: "all" }],
    ["import", { import: { iamRole: "DatadogIntegrationRole" } }],
    ["backend", { backend: { type: "s3", bucket: "acme-terraform-state", region: "eu-west-1" } }],
    ["awsAssumeRoleSessionName", { awsAssumeRoleSessionName: "datadog-pipeline" }],
    ["awsProfile", { awsProfile: "member-prod" }],
    ["datadogApiKeyEnv", { datadogApiKeyEnv: "TF_VAR_dd_api_key" }],
  ])("%s", (key, defaults) => {
    const field = Object.keys(defaults)[0];
    const unset = one({ [field]: null }, defaults);
    expect(resolved(unset)).toEqual(resolved(one({})));
    if (key !== "datadogSite") expect({ valid: validate(unset), errors: validate.errors }).toEqual({ valid: true, errors: null });
  });

  test.each<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]>([
    [
      "a bucket's region, back to the environment's awsRegion",
      { backend: { type: "s3", bucket: "acme-terraform-state", region: "eu-west-1" } },
      { backend: { region: null } },
      { backend: { type: "s3", bucket: "acme-terraform-state" } },
    ],
    [
      "one list of metrics, keeping the rest",
      { metrics: { hostTags: ["datadog:monitored"], lambdaTags: ["datadog:monitored"] } },
      { metrics: { hostTags: null } },
      { metrics: { lambdaTags: ["datadog:monitored"] } },
    ],
    ["the role name, back to DatadogIntegrationRole", { auth: { type: "role", roleName: "Custom" } }, { auth: { roleName: null } }, { auth: { type: "role" } }],
    [
      "a log source list, keeping the forwarders",
      { logs: { lambdaForwarderArns: [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:F`], sources: ["s3"] } },
      { logs: { sources: null } },
      { logs: { lambdaForwarderArns: [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:F`] } },
    ],
  ])("nested: %s", (_name, defaults, env, equivalent) => {
    expect(resolved(one(env, defaults))).toEqual(resolved(one(equivalent)));
    expect(validate(one(env, defaults))).toBe(true);
  });

  test("null with nothing inherited is simply not set", () => {
    expect(resolved(one({ awsProfile: null, tags: null, backend: { type: "local", path: null } }))).toEqual(resolved(one({})));
    expect(validate(one({ awsProfile: null, tags: null, backend: { type: "local", path: null } }))).toBe(true);
  });
});

describe("non-compliant: null where nothing can be unset", () => {
  test.each<[string, unknown, string, RegExp]>([
    ["the account ID", one({ awsAccountId: null }), "environments.prod.awsAccountId", /^is null, but every environment needs its own account ID .*give the 12 digits/],
    [
      "auth.type, with nothing inherited",
      one({ auth: { type: null, roleName: "R" } }),
      "environments.prod.auth.type",
      /^is null, but auth\.type has no default, so it cannot be unset .*give "role" or "accessKeys"/,
    ],
    ["auth.type, even when defaults have one", one({ auth: { type: null } }, { auth: { type: "role" } }), "environments.prod.auth.type", /cannot be unset/],
    [
      "backend.bucket of an s3 backend",
      one({ backend: { bucket: null } }, { backend: { type: "s3", bucket: "acme-terraform-state" } }),
      "environments.prod.backend.bucket",
      /^is null, but backend\.bucket has no default.*give it a value, or leave the key out to inherit it/,
    ],
    ["a key in defaults", one({}, { awsProfile: null }), "defaults.awsProfile", /^is null; null means "not set here" in an environment.*remove the key from defaults$/],
    ["a nested key in defaults", one({}, { metrics: { hostTags: null } }), "defaults.metrics.hostTags", /remove the key from defaults$/],
  ])("%s", (_name, config, where, words) => {
    const problems = problemsOf(config);
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${where.replace(/\./g, "\\.")}: `))]);
    expect(problems[0].slice(where.length + 2)).toMatch(words);
    expect(validate(config)).toBe(false);
  });

  test("an unknown key set to null is still an unknown key", () => {
    expect(problemsOf(one({ regoins: null }))).toEqual([expect.stringMatching(/^environments\.prod\.regoins: unknown key; did you mean "regions"\?/)]);
    expect(validate(one({ regoins: null }))).toBe(false);
  });

  test("null inside a list is a value of the wrong type, not an unset", () => {
    expect(problemsOf(one({ tags: ["team:platform", null] }))).toEqual([expect.stringMatching(/^environments\.prod\.tags\[1\]: expected a string .*, got null$/)]);
    expect(validate(one({ tags: ["team:platform", null] }))).toBe(false);
  });

  test("defaults are checked once, not again in every environment", () => {
    const problems = problemsOf({ defaults: { awsProfile: null }, environments: { a: { awsAccountId: ACCOUNT }, b: { awsAccountId: "210987654321" } } });
    expect(problems).toEqual([expect.stringMatching(/^defaults\.awsProfile: is null/)]);
  });
});

describe("through the real CLI", () => {
  let dir: string;
  beforeAll(async () => {
    await buildProject();
    dir = mkdtempSync(path.join(tmpdir(), "unset-inherited-"));
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("compliant: a profile environment unsets the inherited session name; both stacks are written", async () => {
    const config = path.join(dir, "datadog-aws.config.json");
    const out = path.join(dir, "out");
    writeFileSync(config, JSON.stringify(SESSION_NAME_CONFIG, null, 2));
    const r = await run(process.execPath, ["dist/main.js"], userEnv({ DATADOG_AWS_CONFIG: config, CDKTF_OUTDIR: out }));
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.not.stringContaining("awsAssumeRoleSessionName") });
    const stack = (name: string) => JSON.parse(readFileSync(path.join(out, "stacks", name, "cdk.tf.json"), "utf8"));
    expect(stack("legacy").provider.aws[0]).toMatchObject({ profile: "legacy-admin" });
    expect(stack("legacy").provider.aws[0].assume_role).toBeUndefined();
    expect(stack("prod").provider.aws[0].assume_role[0].session_name).toBe("datadog-pipeline");
  });
});
