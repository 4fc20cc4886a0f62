/**
 * One source of truth for defaults: the schema applies them, and the construct's props
 * document them with `@default`. The props' types are checked against the schema at
 * compile time (integration-config.ts); this checks the documented literal defaults
 * against what the schema really fills in, so a default changed in one place fails here.
 * (`@default - prose` entries describe a computed default and are left to review.)
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
// TypeScript's compiler API, to read the props' JSDoc (the project compiles with the native compiler, which has none).
import * as ts from "typescript5";
import { integrationSchema } from "../../lib/config/schema";

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
const RESOLVED: Record<string, Record<string, unknown>> = {
  DatadogAwsIntegrationConfig: withRole,
  RoleAuthConfig: withRole.auth,
  AccessKeysAuthConfig: withKeys.auth,
  MetricsConfig: withRole.metrics,
  LogsConfig: withRole.logs,
};

const documented = documentedDefaults();

test("the props file documents literal defaults (the reader finds them)", () => {
  expect(documented).toEqual(expect.arrayContaining([{ iface: "DatadogAwsIntegrationConfig", prop: "awsRegion", value: expect.any(String) }]));
});

test.each(documented.map((d) => [`${d.iface}.${d.prop}`, d] as const))("%s: the documented @default is what the schema fills in", (_, { iface, prop, value }) => {
  expect(RESOLVED[iface]).toBeDefined();
  expect(RESOLVED[iface][prop]).toEqual(value);
});
