/**
 * The config reference tables (docs/config-reference.md) are generated from the schema (scripts/write-config-table.ts,
 * run by `npm run schema`): the committed file holds what the generator writes, and the
 * defaults it states are the ones the tool applies.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { resolveConfig } from "../../lib/config/load-config";
import { CONFIG_REFERENCE_FILE, renderConfigTable, withConfigTables } from "../../scripts/write-config-table";

const ROOT = path.join(__dirname, "..", "..");
const reference = readFileSync(path.join(ROOT, CONFIG_REFERENCE_FILE), "utf8");

test(`${CONFIG_REFERENCE_FILE}'s config tables are what \`npm run schema\` generates`, () => {
  const expected = withConfigTables(reference);
  if (expected !== reference) {
    const lines = reference.split("\n");
    const at = expected.split("\n").findIndex((line, i) => line !== lines[i]);
    throw new Error(`${CONFIG_REFERENCE_FILE}'s config tables are stale (first difference at line ${at + 1}): run npm run schema and commit it`);
  }
});

/** Default cell of each row of a generated table, by key as the table writes it ("auth.roleName"). */
function defaultsByKey(table: string): Map<string, string> {
  const rows = table.split("\n").filter((line) => line.startsWith("| `"));
  return new Map(
    rows.map((row) => {
      const [key, , byDefault] = row.slice(2).split(" | ");
      return [key.replace(/^`([^`]+)`.*$/, "$1"), byDefault];
    }),
  );
}

/** Every leaf of a resolved environment by dotted path; lists and scalars are leaves. */
function leaves(value: unknown, prefix = ""): [string, unknown][] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, inner]) => leaves(inner, prefix ? `${prefix}.${key}` : key));
}

test.each([
  ["the least config", { awsAccountId: "123456789012" }],
  [
    "GovCloud access keys with an S3 backend",
    { awsAccountId: "123456789012", awsRegion: "us-gov-west-1", datadogSite: "ddog-gov.com", auth: { type: "accessKeys" }, backend: { type: "s3", bucket: "acme-state" } },
  ],
])("every default the tool fills in for %s is the one the table states", (_label, environment) => {
  const table = defaultsByKey(renderConfigTable("environment"));
  const [resolved] = resolveConfig({ environments: { prod: environment } }, "test.config.json");
  const given = new Set(leaves(environment).map(([key]) => key));
  const filledIn = leaves(resolved.config).filter(([key]) => !given.has(key) && !key.endsWith(".type"));
  expect(filledIn.length).toBeGreaterThan(15);
  for (const [key, value] of filledIn) {
    expect({ key, default: table.get(key) }).toEqual({ key, default: `\`${JSON.stringify(value)}\`` });
  }
});

test("the table has a row for each key an environment may set, nested ones included", () => {
  const table = defaultsByKey(renderConfigTable("environment"));
  for (const key of ["awsAccountId", "auth.roleName", "auth.accessKey", "metrics.namespaces.includeOnly", "logs.newSources", "backend.kmsKeyId", "import.iamUser", "awsAssumeRoleSessionName"]) {
    expect(table.has(key)).toBe(true);
  }
  expect(table.get("awsAccountId")).toBe("required");
  expect(defaultsByKey(renderConfigTable("organization")).get("output")).toContain("datadog-aws.accounts.json");
});

test("a file without the markers is an error that names them", () => {
  expect(() => withConfigTables("# no tables here\n")).toThrow("<!-- config-table:environment:start -->");
});
