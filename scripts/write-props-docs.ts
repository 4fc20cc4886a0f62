/**
 * Writes the API docs of the construct's settings (the JSDoc of the props interfaces in
 * lib/constructs/integration-config.ts) from the zod schemas, where each setting's
 * description and default are written once (lib/config/fields/). The README's tables and
 * the JSON Schema come from the same place, so the three cannot disagree. `npm run schema`
 * runs it; a unit test (__tests__/unit/props-defaults.test.ts) fails when the file is stale.
 *
 * Only the comments of settings are rewritten; the types (checked against the schema at
 * compile time), the interfaces' own comments and the construct-only props (the providers)
 * stay as written.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
// TypeScript's compiler API, to find the props' comments (the project compiles with the native compiler, which has none).
import * as ts from "typescript5";
import { z } from "zod";
import { integrationShape } from "../lib/config/fields/integration";
import { literal, splitDefault } from "./write-config-table";

export const PROPS_FILE = path.join("lib", "constructs", "integration-config.ts");

type JsonSchema = { description?: string; default?: unknown; properties?: Record<string, JsonSchema>; oneOf?: JsonSchema[]; anyOf?: JsonSchema[]; const?: unknown };

/** The JSON Schema (input side) of each props interface's settings, by interface name. */
function settingsByInterface(): Record<string, Record<string, JsonSchema>> {
  const root = z.toJSONSchema(z.strictObject(integrationShape), { io: "input", unrepresentable: "any", target: "draft-7" }) as JsonSchema;
  const props = root.properties ?? {};
  const authKind = (type: string) => (props.auth.oneOf ?? props.auth.anyOf ?? []).find((b) => b.properties?.type?.const === type)?.properties ?? {};
  return {
    DatadogAwsIntegrationConfig: props,
    RoleAuthConfig: authKind("role"),
    AccessKeysAuthConfig: authKind("accessKeys"),
    MetricsConfig: props.metrics.properties ?? {},
    LogsConfig: props.logs.properties ?? {},
    ImportConfig: props.import.properties ?? {},
    LogDeliveryConfig: props.logDelivery.properties ?? {},
    LogDeliveryAccountLevelConfig: props.logDelivery.properties?.accountLevel?.properties ?? {},
    MetricStreamsConfig: props.metricStreams.properties ?? {},
    SecretsManagerApiKeyConfig: (props.firehoseApiKey.oneOf ?? props.firehoseApiKey.anyOf ?? []).find((b) => b.properties?.source?.const === "secretsManager")?.properties ?? {},
    CostsConfig: props.costs.properties ?? {},
    CostBucketConfig: props.costs.properties?.bucket.properties ?? {},
    CostExportConfig: props.costs.properties?.export.properties ?? {},
  };
}

/** Text TSDoc reads literally: braces, @, < and > would start tags. */
const tsdocText = (text: string) => text.replace(/[{}@<>\\]/g, (c) => `\\${c}`);

/** Words of `text` in lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The comment of one setting: its meaning, then `@default`: the schema's value (an object's
 * as code, since TSDoc reads braces as tags), else its "Default:" sentence, else none.
 */
function commentOf(schema: JsonSchema, indent: string): string | undefined {
  if (!schema.description) return undefined;
  const { meaning, byDefault } = splitDefault(schema.description);
  const value = schema.default;
  const tag =
    value === undefined
      ? byDefault === undefined
        ? undefined
        : `@default - ${tsdocText(byDefault)}`
      : typeof value === "object" && value !== null && !Array.isArray(value)
        ? `@default - \`${literal(value)}\``
        : `@default ${JSON.stringify(value)}`;
  const lines = [...wrap(tsdocText(meaning), 96), ...(tag ? [tag] : [])];
  return [`/**`, ...lines.map((l) => ` * ${l}`), ` */`].join(`\n${indent}`);
}

/** The props file with every setting's comment as the schema says. */
export function withPropsDocs(source: string): string {
  const settings = settingsByInterface();
  const file = ts.createSourceFile(PROPS_FILE, source, ts.ScriptTarget.Latest, true);
  const edits: { start: number; end: number; text: string }[] = [];
  file.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || !settings[node.name.text]) return;
    for (const member of node.members) {
      const name = member.name?.getText(file);
      const schema = name === undefined ? undefined : settings[node.name.text][name];
      if (!schema || !ts.isPropertySignature(member)) continue;
      const indent = " ".repeat(file.getLineAndCharacterOfPosition(member.getStart(file)).character);
      const comment = commentOf(schema, indent);
      if (!comment) continue;
      const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
      if (docs.length > 0) edits.push({ start: docs[0].getStart(file), end: docs[docs.length - 1].end, text: comment });
      else edits.push({ start: member.getStart(file), end: member.getStart(file), text: `${comment}\n${indent}` });
    }
  });
  return edits.sort((a, b) => b.start - a.start).reduce((text, e) => `${text.slice(0, e.start)}${e.text}${text.slice(e.end)}`, source);
}

if (require.main === module) {
  const before = readFileSync(PROPS_FILE, "utf8");
  const after = withPropsDocs(before);
  if (after !== before) writeFileSync(PROPS_FILE, after);
  process.stderr.write(after === before ? `${PROPS_FILE}'s setting docs are current\n` : `Wrote the setting docs into ${PROPS_FILE}\n`);
}
