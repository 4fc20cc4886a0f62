/**
 * The published JSON Schema (datadog-aws.config.schema.json, what editors check while you
 * type) and the tool judge a config the same way wherever JSON Schema can say it: every
 * config the tool accepts, the schema accepts (no false errors in the editor), and the
 * mistakes JSON Schema can express, both refuse. Checked with Ajv, a standard validator.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import { schemaAgreement } from "../support/schema-agreement";
import { MATRIX } from "../support/matrix-config";
import { resolveConfig } from "../../lib/config/load-config";
import { SCHEMA_FILE } from "../../scripts/write-schema";
import { awsOnlyDefaults, awsOnlyRendering } from "../support/aws-only-rendering";
import { CONFIG_FILES } from "../support/shipped-configs";
import { run, userEnv, buildProject } from "../support/cli";

type Json = Record<string, any>;

const ROOT = path.join(__dirname, "..", "..");
const { schemaErrors, toolAccepts } = schemaAgreement();
const resolved = (config: unknown) => resolveConfig(config, "test.config.json").map((e) => [e.name, e.config]);
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const fileConfig = (file: string): Json => JSON.parse(readFileSync(path.join(ROOT, file), "utf8"));

const ACCOUNT = "123456789012";
const one = (env: Json, defaults?: Json) => ({ ...(defaults ? { defaults } : {}), environments: { prod: { awsAccountId: ACCOUNT, ...env } } });

/** Valid configs the unit and lifecycle tests synthesize, written as the config file would hold them. */
const SYNTHESIZED: [string, Json][] = [
  ["the least config", one({})],
  ["a role to assume", one({ awsAssumeRoleArn: `arn:aws:iam::${ACCOUNT}:role/TerraformDeploy`, awsAssumeRoleSessionName: "datadog-pipeline", awsAssumeRoleExternalId: "deploy-2026" })],
  ["a profile", one({ awsProfile: "member-prod" })],
  ["Datadog keys through TF_VAR_", one({ datadogApiKeyEnv: "TF_VAR_dd_api_key_eu", datadogAppKeyEnv: "TF_VAR_dd_app_key_eu" })],
  ["adopting a role", one({ import: { datadogAccountConfigId: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", iamRole: "DatadogIntegrationRole" } })],
  ["China with access-key variables, adopting a user", one({ awsRegion: "cn-north-1", auth: { type: "accessKeys", userName: "datadog", accessKey: "variables" }, import: { iamUser: "datadog" } })],
  ["GovCloud access keys, split duty", one({ awsRegion: "us-gov-west-1", datadogSite: "ddog-gov.com", auth: { type: "accessKeys" }, manageDatadogIntegration: false })],
  ["split duty with a named role", one({ manageDatadogIntegration: false, externalId: "abcdef0123456789abcdef0123456789", auth: { type: "role", roleName: "Datadog-Role" } })],
  ["metrics off, excluding a namespace", one({ metrics: { enabled: false, namespaces: { excludeOnly: ["AWS/SQS"] } } })],
  ["X-Ray and CSPM, pinned", one({ xrayServices: "all", cspm: true, permissions: "pinned" })],
  ["an s3 backend with locking", one({ backend: { type: "s3", bucket: "acme-terraform-state", key: "dd/prod.tfstate", region: "eu-west-1", useLockfile: true, encrypt: true } })],
  ["a local backend path", one({ backend: { type: "local", path: "state/prod.tfstate" } })],
  [
    "newer namespaces and log sources",
    one({ metrics: { namespaces: { includeOnly: ["AWS/EC2", "AWS/Newly/Launched"] }, newNamespaces: ["AWS/Newly/Launched"] }, logs: { sources: ["s3", "vpc-flow"], newSources: ["vpc-flow"] } }),
  ],
  ["a region newer than AWS's list, through newRegions", one({ awsRegion: "eu-south-9", regions: ["eu-south-9", "us-east-1"], newRegions: ["eu-south-9"] })],
  ["the lifecycle matrix", MATRIX],
  // The cases: an environment overriding part of an object from defaults.
  [
    "part of an s3 backend",
    {
      defaults: { backend: { type: "s3", bucket: "acme-terraform-state", region: "us-east-1" } },
      environments: { prod: { awsAccountId: ACCOUNT, backend: { bucket: "acme-eu-state", region: "eu-west-1" } } },
    },
  ],
  [
    "part of access-key auth",
    {
      defaults: { auth: { type: "accessKeys", accessKey: "variables" } },
      environments: { gov: { awsAccountId: ACCOUNT, awsRegion: "us-gov-west-1", datadogSite: "ddog-gov.com", auth: { userName: "DatadogGovUser" } } },
    },
  ],
  [
    "part of metrics",
    { defaults: { metrics: { hostTags: ["datadog:monitored"], automute: false } }, environments: { prod: { awsAccountId: ACCOUNT, metrics: { lambdaTags: ["datadog:monitored"] } } } },
  ],
  ["part of logs", { defaults: { logs: { lambdaForwarderArns: [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:F`] } }, environments: { prod: { awsAccountId: ACCOUNT, logs: { sources: ["s3"] } } } }],
  ["defaults that leave out whole fields", { defaults: { tags: ["team:platform"] }, environments: { prod: { awsAccountId: ACCOUNT } } }],
  ["a null unsetting a default", { defaults: { awsAssumeRoleSessionName: "pipeline" }, environments: { prod: { awsAccountId: ACCOUNT, awsProfile: "p", awsAssumeRoleSessionName: null } } }],
];

/**
 * The same environment written another way: for each object it sets (auth, backend,
 * metrics, ...), one key moved into defaults and the rest kept, and the other way round.
 * The tool resolves each to the same environment; the schema must accept each.
 */
function splitVariants(label: string, config: Json): [string, Json, Json, string][] {
  const variants: [string, Json, Json, string][] = [];
  const defaults = (config.defaults ?? {}) as Json;
  for (const [name, own] of Object.entries(config.environments as Record<string, Json>)) {
    for (const [field, value] of Object.entries(own)) {
      if (!isObject(value)) continue;
      for (const key of Object.keys(value)) {
        const single = { [key]: value[key] };
        const rest = Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
        for (const [toDefaults, kept, how] of [
          [single, rest, `${field}.${key} from defaults`],
          [rest, single, `only ${field}.${key} in the environment`],
        ] as const) {
          const variant = {
            defaults: { ...defaults, [field]: { ...(isObject(defaults[field]) ? defaults[field] : {}), ...toDefaults } },
            environments: { [name]: { ...own, [field]: kept } },
          };
          const original = { ...(config.defaults ? { defaults } : {}), environments: { [name]: own } };
          variants.push([`${label} › ${name}: ${how}`, variant, original, field]);
        }
      }
    }
  }
  return variants;
}

/** Each config file's environments and their AWS-only renderings (what the IAM proofs synthesize). */
const FROM_FILES: [string, Json][] = CONFIG_FILES.flatMap((file) => {
  const raw = fileConfig(file);
  const renderings = resolveConfig(raw, file).map(({ name, config }): [string, Json] => [
    `${file} › ${name}, AWS-only rendering`,
    { defaults: awsOnlyDefaults(raw), environments: { [name]: awsOnlyRendering(raw.environments[name], config) } },
  ]);
  return [[file, raw], ...renderings];
});

describe("compliant: every config the tool accepts, the published schema accepts", () => {
  test.each([...FROM_FILES, ...SYNTHESIZED])("%s", (_label, config) => {
    expect(toolAccepts(config)).toBe(true);
    expect(schemaErrors(config)).toEqual([]);
  });

  const variants = [...FROM_FILES, ...SYNTHESIZED].flatMap(([label, config]) => splitVariants(label, config));
  test("there are split variants of every nested object the configs set", () => {
    expect(variants.length).toBeGreaterThan(100);
    expect([...new Set(variants.map(([, , , field]) => field))].sort()).toEqual(["auth", "backend", "import", "logs", "metrics"]);
  });

  // A variant whose defaults lose a key their object needs (auth.type, backend.bucket) is
  // refused by the tool, and then by the schema too: objects in defaults are complete.
  test.each(variants)("%s", (_label, variant, original) => {
    if (toolAccepts(variant)) {
      expect(resolved(variant)).toEqual(resolved(original));
      expect(schemaErrors(variant)).toEqual([]);
    } else {
      expect(schemaErrors(variant)).not.toEqual([]);
    }
  });

  test("most split variants are valid configs", () => {
    expect(variants.filter(([, variant]) => toolAccepts(variant)).length).toBeGreaterThan(variants.length * 0.6);
  });
});

/** Mistakes JSON Schema can express: the schema and the tool both refuse each. */
const MISTAKES: [string, Json][] = [
  ["an unknown key in an environment", one({ regoins: "all" })],
  ["an unknown key nested in metrics", one({ metrics: { hostTag: ["a:b"] } })],
  ["an unknown key at the top", { default: {}, environments: { prod: { awsAccountId: ACCOUNT } } }],
  ["an unknown key in defaults", one({}, { tag: ["team:platform"] })],
  ["an unknown key in a partial override", one({ backend: { bucket: "acme-terraform-state", regoin: "eu-west-1" } }, { backend: { type: "s3", bucket: "acme-state" } })],
  ["keys of two auth types in one object", one({ auth: { roleName: "R", userName: "U" } }, { auth: { type: "role" } })],
  ["a wrong type", one({ resourceCollection: "yes" })],
  ["a wrong type in defaults", one({}, { cspm: "true" })],
  ["the account ID as a number", one({ awsAccountId: 123456789012 })],
  ["a bad enum value: a site", one({ datadogSite: "datadoghq.us" })],
  ["a bad enum value: permissions", one({ permissions: "always" })],
  ["a bad discriminator: auth type", one({ auth: { type: "keys" } })],
  ["a bad pattern: an account ID with dashes", one({ awsAccountId: "1234-5678-9012" })],
  ["a bad pattern: a region", one({ awsRegion: "EU-West-1" })],
  ["a bad pattern: a tag", one({ tags: ["env prod"] })],
  ["a bad pattern: an environment name", { environments: { "prod env": { awsAccountId: ACCOUNT } } }],
  ["an empty list of regions", one({ regions: [] })],
  ["no account ID", { environments: { prod: {} } }],
  ["an account ID in defaults", { defaults: { awsAccountId: ACCOUNT }, environments: { prod: { awsAccountId: ACCOUNT } } }],
  ["no environments", { environments: {} }],
  ["a backend without type and nothing in defaults to give it", one({ backend: { bucket: "acme-terraform-state" } })],
  ["an s3 backend without bucket and nothing in defaults to give it", one({ backend: { type: "s3" } })],
  ["auth without type and nothing in defaults to give it", one({ auth: { roleName: "R" } })],
  ["a tag filter without tags (lists are not merged)", one({ metrics: { tagFilters: [{ namespace: "AWS/RDS" }] } })],
  ["null for the account ID", one({ awsAccountId: null })],
  ["null in defaults", one({}, { awsProfile: null })],
  ["null for auth.type", one({ auth: { type: null } }, { auth: { type: "role" } })],
  ["an object in defaults without its required keys", { defaults: { auth: { roleName: "DatadogRoleEverywhere" } }, environments: { prod: { awsAccountId: ACCOUNT, auth: { type: "role" } } } }],
];

describe("non-compliant: mistakes JSON Schema can express, both refuse", () => {
  test.each(MISTAKES)("%s", (_label, config) => {
    expect(toolAccepts(config)).toBe(false);
    expect(schemaErrors(config)).not.toEqual([]);
  });
});

test("compliant: null resets datadogSite for both, and a site nobody has is refused by both", () => {
  expect(toolAccepts(one({ datadogSite: null }))).toBe(true);
  expect(schemaErrors(one({ datadogSite: null }))).toEqual([]);
  expect(toolAccepts(one({ datadogSite: "datadoghq.us" }))).toBe(false);
  expect(schemaErrors(one({ datadogSite: "datadoghq.us" }))).not.toEqual([]);
});

describe("through the real commands", () => {
  let dir: string;
  beforeAll(async () => {
    await buildProject();
    dir = mkdtempSync(path.join(tmpdir(), "json-schema-agreement-"));
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("compliant: a partial backend override synthesizes, and the schema `npm run schema` writes accepts it", async () => {
    const config = {
      $schema: "./datadog-aws.config.schema.json",
      defaults: { backend: { type: "s3", bucket: "acme-terraform-state", region: "us-east-1" }, auth: { type: "role", roleName: "DatadogIntegrationRole" } },
      environments: {
        prod: { awsAccountId: ACCOUNT },
        eu: { awsAccountId: "210987654321", awsRegion: "eu-west-1", backend: { bucket: "acme-eu-state", region: "eu-west-1" }, auth: { roleName: "DatadogEuRole" } },
      },
    };
    const file = path.join(dir, "datadog-aws.config.json");
    writeFileSync(file, JSON.stringify(config, null, 2));
    // What `npm run schema` runs after building, writing into the current folder.
    const written = spawnSync(process.execPath, [path.join(ROOT, "dist", "scripts", "write-schema.js")], { cwd: dir, encoding: "utf8" });
    expect({ status: written.status, stderr: written.stderr }).toEqual({ status: 0, stderr: `Wrote ${SCHEMA_FILE}\n` });
    const schema = JSON.parse(readFileSync(path.join(dir, SCHEMA_FILE), "utf8"));
    const check = new Ajv({ allErrors: true }).compile(schema);
    expect({ valid: check(config), errors: check.errors }).toEqual({ valid: true, errors: null });

    const r = await run(process.execPath, ["dist/main.js"], userEnv({ DATADOG_AWS_CONFIG: file, CDKTF_OUTDIR: path.join(dir, "out") }));
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.not.stringContaining("problem") });
    const eu = JSON.parse(readFileSync(path.join(dir, "out", "stacks", "eu", "cdk.tf.json"), "utf8"));
    expect(eu.terraform.backend.s3).toMatchObject({ bucket: "acme-eu-state", region: "eu-west-1", key: "datadog-aws/eu/terraform.tfstate" });
    expect(eu.resource.aws_iam_role.datadog_role.name).toBe("DatadogEuRole");
  });
});
