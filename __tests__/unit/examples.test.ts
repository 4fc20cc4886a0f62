/**
 * The shipped config, every file in examples/, and the published JSON Schema.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Testing } from "cdktf";
import { loadConfigFile } from "../../lib/config/load-config";
import { DatadogAwsStack } from "../../lib/stack/environment-stack";
import { buildProgrammaticExample } from "../../examples/programmatic";
import { renderSchema, SCHEMA_FILE } from "../../scripts/write-schema";
import { DATADOG_SITE_NAMES } from "../../lib/facts/sites";
import { CONFIG_FILES } from "../support/shipped-configs";

const ROOT = path.join(__dirname, "..", "..");
const CONFIGS = CONFIG_FILES;

describe.each(CONFIGS)("%s", (file) => {
  const envs = loadConfigFile(path.join(ROOT, file));

  test("points editors at the JSON Schema", () => {
    const raw = JSON.parse(readFileSync(path.join(ROOT, file), "utf8"));
    expect(path.resolve(path.dirname(path.join(ROOT, file)), raw.$schema)).toBe(path.join(ROOT, SCHEMA_FILE));
  });

  test.each(envs.map((e) => [e.name, e] as const))("environment %s synthesizes with validations", (name, env) => {
    const stack = new DatadogAwsStack(Testing.app(), name, { environment: env.config });
    const json = JSON.parse(Testing.synth(stack, true));
    expect(Object.keys(json.resource)).toEqual(expect.arrayContaining([env.config.auth.type === "role" ? "aws_iam_role" : "aws_iam_user"]));
  });
});

test("the shipped config has at least two environments, GovCloud and China examples exist", () => {
  expect(loadConfigFile(path.join(ROOT, "datadog-aws.config.json")).length).toBeGreaterThanOrEqual(2);
  const partitions = CONFIGS.flatMap((f) => loadConfigFile(path.join(ROOT, f)).map((e) => `${e.config.awsRegion.split("-")[0]}:${e.config.auth.type}`));
  expect(partitions).toEqual(expect.arrayContaining(["us:role", "cn:accessKeys"]));
  expect(CONFIGS.flatMap((f) => loadConfigFile(path.join(ROOT, f))).some((e) => e.config.awsRegion.startsWith("us-gov-") && e.config.auth.type === "accessKeys")).toBe(true);
});

test("the programmatic example synthesizes one integration with validations", () => {
  const stack = buildProgrammaticExample(Testing.app());
  const json = JSON.parse(Testing.synth(stack, true));
  expect(json.resource.aws_iam_role.datadog_role.name).toBe("DatadogIntegrationRole");
  expect(json.provider.datadog[0].api_url).toBe("https://api.datadoghq.eu");
  expect(json.terraform.backend.s3.bucket).toBe("example-terraform-state");
  // Built from the construct alone, with the bindings' own providers: still our ranges, not their exact pins.
  expect(json.terraform.required_providers).toEqual({
    aws: { source: "hashicorp/aws", version: ">= 5.0, < 7.0" },
    datadog: { source: "DataDog/datadog", version: ">= 3.82.0, < 5.0.0" },
  });
});

test("the committed JSON Schema is what `npm run schema` generates", () => {
  expect(readFileSync(path.join(ROOT, SCHEMA_FILE), "utf8")).toBe(renderSchema());
});

test("the JSON Schema forbids unknown keys and knows every site", () => {
  const schema = JSON.parse(renderSchema());
  const env = schema.properties.environments.additionalProperties;
  expect(env.additionalProperties).toBe(false);
  expect(env.required).toEqual(["awsAccountId"]);
  // Editors offer exactly the sites of the facts table (and null, which resets an inherited site).
  const site = env.properties.datadogSite;
  expect([...site.anyOf.find((b: { enum?: string[] }) => b.enum).enum].sort()).toEqual([...DATADOG_SITE_NAMES].sort());
  expect(site.anyOf).toContainEqual({ type: "null" });
  expect(schema.additionalProperties).toBe(false);
});
