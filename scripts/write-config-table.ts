/**
 * Writes the config reference tables (docs/config-reference.md) from the zod schemas in lib/config/schema.ts,
 * the source the JSON Schema is generated from too: every key with its type, default and
 * description, between `<!-- config-table:<name>:start -->` and `<!-- config-table:<name>:end -->`,
 * leaving the rest of the file as it is. `npm run schema` runs it after write-schema; a unit
 * test (__tests__/unit/config-table.test.ts) fails when the file is stale.
 *
 * A key's default is the schema's `default`; a key whose default depends on other keys says
 * so in its description as a sentence starting "Default:", which moves to the default column.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { environmentShape } from "../lib/config/schema";
import { organizationShape } from "../lib/config/fields/organization";

export const CONFIG_REFERENCE_FILE = "docs/config-reference.md";

type JsonSchema = { [key: string]: unknown } & {
  type?: string;
  description?: string;
  default?: unknown;
  const?: unknown;
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
};

/** The tables, by the name in their markers: an environment's keys (and `defaults`'), and the `organization` section's. */
const TABLES: Readonly<Record<string, { heading: string; shape: z.ZodRawShape }>> = {
  environment: { heading: "key", shape: environmentShape },
  organization: { heading: "`organization` key", shape: organizationShape },
};

const jsonSchemaOf = (shape: z.ZodRawShape) => z.toJSONSchema(z.strictObject(shape), { io: "input", unrepresentable: "any", target: "draft-7" }) as JsonSchema;

/** A JSON value as the README writes one: `{ "type": "role" }`, `[]`, `"all"`. */
export function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${literal(v)}`);
    return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
  }
  return JSON.stringify(value);
}

const code = (value: unknown) => `\`${literal(value)}\``;

/** Markdown table cells hold no line breaks and no bare `|`; `<name>` placeholders stay visible. */
const cell = (text: string) =>
  text
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\s*\n\s*/g, " ");

/** The JSON type of a schema, as a reader writes it in the config file. */
function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return code(schema.const);
  if (schema.enum) return schema.enum.map(code).join(" | ");
  const union = schema.oneOf ?? schema.anyOf;
  if (union) return union.map(typeOf).join(" | ");
  if (schema.type === "array") return schema.items?.type === "object" ? "object[]" : `${typeOf(schema.items ?? {})}[]`;
  if (schema.type === "integer" && schema.minimum !== undefined && schema.maximum !== undefined) return `integer, ${schema.minimum} to ${schema.maximum}`;
  return schema.type ?? "any";
}

/** A description split into what the key means and the "Default: ..." sentence, if it has one. */
export function splitDefault(description: string): { meaning: string; byDefault?: string } {
  const match = /(?:^|\s)Default: (.*?)(?:\.(?=\s|$)|$)/.exec(description);
  if (!match) return { meaning: description };
  return { meaning: `${description.slice(0, match.index)}${description.slice(match.index + match[0].length)}`.trim(), byDefault: match[1] };
}

interface Row {
  readonly key: string;
  readonly type: string;
  readonly byDefault: string;
  readonly meaning: string;
}

/** One row for a key, then one for each key of the object it holds (of each kind, for `type`-tagged unions). */
function rowsOf(key: string, schema: JsonSchema, required: boolean, only?: string): Row[] {
  const { meaning, byDefault } = splitDefault(schema.description ?? "");
  const items = schema.type === "array" ? schema.items : undefined;
  const itemMeaning = items?.description && items.description !== schema.description ? `Each: ${items.description}` : "";
  const union = schema.oneOf ?? schema.anyOf ?? [];
  const kinds = union.filter((branch) => branch.properties?.type?.const !== undefined);
  const nested = kinds.length === 0 && schema.type === "object" && schema.properties ? schema.properties : undefined;
  const row: Row = {
    key: `\`${key}\`${only ? ` (${only})` : ""}`,
    type: kinds.length > 0 ? `object: ${kinds.map((k) => `{ "type": ${JSON.stringify(k.properties?.type?.const)}, ... }`).join(" | ")}` : typeOf(schema),
    byDefault: schema.default !== undefined ? code(schema.default) : byDefault !== undefined ? byDefault : required ? "required" : "—",
    meaning: [
      meaning,
      kinds
        .filter((k) => k.description)
        .map((k) => `${code(k.properties?.type?.const)}: ${k.description}`)
        .join(" "),
      itemMeaning,
    ]
      .filter(Boolean)
      .join(" "),
  };
  const children = kinds.flatMap((kind) =>
    Object.entries(kind.properties ?? {})
      .filter(([name]) => name !== "type")
      .flatMap(([name, child]) => rowsOf(`${key}.${name}`, child, (kind.required ?? []).includes(name), `type ${code(kind.properties?.type?.const)}`)),
  );
  const members = Object.entries(nested ?? {}).flatMap(([name, child]) => rowsOf(`${key}.${name}`, child, (schema.required ?? []).includes(name), only));
  // An object with nothing to say of itself (metrics, logs) is only its keys.
  const own = nested && !schema.description ? [] : [row];
  return [...own, ...children, ...members];
}

/** One table between the markers (without them). */
export function renderConfigTable(name: string): string {
  const table = TABLES[name];
  if (!table) throw new Error(`no config table named ${JSON.stringify(name)} (scripts/write-config-table.ts knows ${Object.keys(TABLES).join(", ")})`);
  const schema = jsonSchemaOf(table.shape);
  const rows = Object.entries(schema.properties ?? {}).flatMap(([key, field]) => rowsOf(key, field, (schema.required ?? []).includes(key)));
  return [
    `<!-- Generated from lib/config/schema.ts by scripts/write-config-table.ts (npm run schema); do not edit by hand. -->`,
    "",
    `| ${table.heading} | type | default | meaning |`,
    "|---|---|---|---|",
    ...rows.map((r) => `| ${r.key} | ${cell(r.type)} | ${cell(r.byDefault)} | ${cell(r.meaning)} |`),
  ].join("\n");
}

const markers = (name: string) => ({ start: `<!-- config-table:${name}:start -->`, end: `<!-- config-table:${name}:end -->` });

/** `readme` with every config table between its markers replaced by the current one. Throws if a table's markers are missing. */
export function withConfigTables(readme: string): string {
  let text = readme;
  for (const name of Object.keys(TABLES)) {
    const { start, end } = markers(name);
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${CONFIG_REFERENCE_FILE} has no ${start} ... ${end} section`);
    text = `${text.slice(0, from + start.length)}\n${renderConfigTable(name)}\n${text.slice(to)}`;
  }
  return text;
}

if (require.main === module) {
  const before = readFileSync(CONFIG_REFERENCE_FILE, "utf8");
  const after = withConfigTables(before);
  if (after !== before) writeFileSync(CONFIG_REFERENCE_FILE, after);
  process.stderr.write(after === before ? `${CONFIG_REFERENCE_FILE}'s config tables are current\n` : `Wrote the config tables into ${CONFIG_REFERENCE_FILE}\n`);
}
