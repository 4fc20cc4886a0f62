/**
 * One source of truth for each setting's description and default: the schema
 * (lib/config/fields/) applies the defaults, and scripts/write-props-docs.ts writes the
 * construct's props comments from it. The props' types are checked against the schema at
 * compile time (integration-config.ts); this checks that the committed comments are what
 * the generator writes (so editing one side alone fails here), and that the documented
 * literal defaults are what the schema really fills in.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
// TypeScript's compiler API, to read the props' JSDoc (the project compiles with the native compiler, which has none).
import * as ts from "typescript5";
import { integrationSchema } from "../../lib/config/schema";
import { withPropsDocs } from "../../scripts/write-props-docs";

const FILE = path.resolve(__dirname, "../../lib/constructs/integration-config.ts");

/** Every `@default <literal>` of the props file, by interface and property. */
function documentedDefaults(): { iface: string; prop: string; value: unknown }[] {
  const source = ts.createSourceFile(FILE, readFileSync(FILE, "utf8"), ts.ScriptTarget.Latest, true);
  const found: { iface: string; prop: string; value: unknown }[] = [];
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    for (const member of node.members) {
      if (!ts.isPropertySignature(member)) continue;
      for (const tag of ts.getJSDocTags(member)) {
        const text = ts.getTextOfJSDocComment(tag.comment)?.trim();
        if (tag.tagName.text !== "default" || !text || text.startsWith("-")) continue;
        found.push({ iface: node.name.text, prop: member.name.getText(source), value: JSON.parse(text) });
      }
    }
  });
  return found;
}

/** What the schema fills in, per interface, for the least config that reaches it. */
const withRole = integrationSchema.parse({ awsAccountId: "123456789012" });
const withKeys = integrationSchema.parse({ awsAccountId: "123456789012", awsRegion: "us-gov-west-1", auth: { type: "accessKeys" } });
const withLogDelivery = integrationSchema.parse({ awsAccountId: "123456789012", firehoseApiKey: { source: "variable" }, logDelivery: { accountLevel: {} } });
const withMetricStreams = integrationSchema.parse({ awsAccountId: "123456789012", firehoseApiKey: { source: "variable" }, metricStreams: {} });
const withCosts = integrationSchema.parse({ awsAccountId: "123456789012", costs: { bucket: { name: "billing-cur" } } });
const RESOLVED: Record<string, Record<string, unknown>> = {
  CostBucketConfig: withCosts.costs!.bucket,
  CostExportConfig: withCosts.costs!.export,
  DatadogAwsIntegrationConfig: withRole,
  RoleAuthConfig: withRole.auth,
  AccessKeysAuthConfig: withKeys.auth,
  MetricsConfig: withRole.metrics,
  LogsConfig: withRole.logs,
  LogDeliveryConfig: withLogDelivery.logDelivery!,
  LogDeliveryAccountLevelConfig: withLogDelivery.logDelivery!.accountLevel!,
  MetricStreamsConfig: withMetricStreams.metricStreams!,
};

const documented = documentedDefaults();

test("the props file documents literal defaults (the reader finds them)", () => {
  expect(documented).toEqual(expect.arrayContaining([{ iface: "DatadogAwsIntegrationConfig", prop: "awsRegion", value: expect.any(String) }]));
});

test.each(documented.map((d) => [`${d.iface}.${d.prop}`, d] as const))("%s: the documented @default is what the schema fills in", (_, { iface, prop, value }) => {
  expect(RESOLVED[iface]).toBeDefined();
  expect(RESOLVED[iface][prop]).toEqual(value);
});

test("the props' setting comments are what `npm run schema` writes from the schema", () => {
  const committed = readFileSync(FILE, "utf8");
  const generated = withPropsDocs(committed);
  if (generated !== committed) {
    const lines = committed.split("\n");
    const at = generated.split("\n").findIndex((line, i) => line !== lines[i]);
    throw new Error(`lib/constructs/integration-config.ts's setting comments are stale (first difference at line ${at + 1}): run npm run schema and commit it`);
  }
});

test("xrayServices, whose two hand-written defaults once disagreed, documents the schema's", () => {
  const source = readFileSync(FILE, "utf8");
  expect(source).toMatch(/X-Ray traces Datadog collects[\s\S]*?@default - none \(no X-Ray traces\)/);
});
