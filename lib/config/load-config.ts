/**
 * Reads the config file into one resolved config per environment, or fails with every
 * problem at once, each naming the environment (or `defaults`) and the field.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { printParseErrorCode, visit, type JSONPath, type ParseErrorCode, type ParseOptions } from "jsonc-parser";
import type { z } from "zod";
import { ConfigError, configFileNotFound, configFileNotJson, configFileUnreadable, DuplicateKey, duplicateConfigKeys, invalidConfig, JsonSyntaxProblem } from "../errors";
import { configFileSchema, defaultsSchema, environmentSchema, environmentShape, ResolvedEnvironment } from "./schema";
import { describeIssue, flattenIssues, formatPath } from "./messages";
import { stackNameProblem } from "./rules";

export const CONFIG_ENV_VAR = "DATADOG_AWS_CONFIG";
export const DEFAULT_CONFIG_FILE = "datadog-aws.config.json";

/** One environment of a config file, validated, defaults applied. */
export interface EnvironmentConfig {
  /** The key under `environments`: the stack's name. */
  readonly name: string;
  /** Its settings, defaults merged in and resolved. */
  readonly config: ResolvedEnvironment;
}

type Json = Record<string, unknown>;
const isPlainObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Defaults under the environment's own values: objects merge key by key, lists and scalars are replaced. */
export function mergeDefaults(defaults: Json, own: Json): Json {
  const out: Json = { ...defaults };
  for (const [key, value] of Object.entries(own)) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? mergeDefaults(out[key] as Json, value) : value;
  }
  return out;
}

function has(obj: unknown, path: readonly PropertyKey[]): boolean {
  let cur: unknown = obj;
  for (const key of path) {
    if (typeof cur !== "object" || cur === null || !Object.hasOwn(cur, key)) return false;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return true;
}

const at = (where: string, message: string) => `${where}: ${message}`;

// ---------------------------------------------------------------------------------------
// null: "not set here"
// ---------------------------------------------------------------------------------------

type Shape = Readonly<Record<string, z.core.$ZodType>>;

/** The object shapes a field's value may take, looking through defaults, optional and unions. */
function shapesOf(schema: z.core.$ZodType): Shape[] {
  const def = schema._zod.def as { type: string; shape?: Shape; innerType?: z.core.$ZodType; options?: readonly z.core.$ZodType[] };
  if (def.type === "object" && def.shape) return [def.shape];
  if (def.innerType) return shapesOf(def.innerType);
  if (def.options) return def.options.flatMap(shapesOf);
  return [];
}

interface NullKey {
  readonly path: string[];
  /** The key has no default and is not optional, so it cannot be unset. */
  readonly required: boolean;
  /** The values a required key takes when it is a fixed choice (auth.type: "role", "accessKeys"). */
  readonly choices: readonly unknown[];
}

/**
 * Keys of known fields set to `null`, at any depth of nested objects (not inside lists,
 * which are replaced whole). Unknown keys are left to the schema, which names them.
 */
function nullKeys(value: Json, shapes: readonly Shape[], under: string[] = []): NullKey[] {
  const found: NullKey[] = [];
  for (const [key, v] of Object.entries(value)) {
    const fields = shapes.flatMap((shape) => (Object.hasOwn(shape, key) ? [shape[key]] : []));
    if (fields.length === 0) continue;
    if (v === null) {
      const required = fields.every((f) => f._zod.optin === undefined);
      const choices = fields.flatMap((f) => (f._zod.def.type === "literal" ? [...(f._zod.def as unknown as { values: unknown[] }).values] : []));
      found.push({ path: [...under, key], required, choices });
    } else if (isPlainObject(v)) {
      found.push(...nullKeys(v, fields.flatMap(shapesOf), [...under, key]));
    }
  }
  return found;
}

/** A copy of `obj` without the key at `path`. */
function without(obj: Json, [key, ...rest]: readonly string[]): Json {
  if (rest.length === 0) {
    const copy = { ...obj };
    delete copy[key];
    return copy;
  }
  const child = obj[key];
  return isPlainObject(child) ? { ...obj, [key]: without(child, rest) } : obj;
}

const ENVIRONMENT_SHAPES: readonly Shape[] = [environmentShape];

function requiredNullMessage({ path, choices }: NullKey): string {
  if (path.length === 1 && path[0] === "awsAccountId") {
    return 'is null, but every environment needs its own account ID (it has no default, so it cannot be unset); give the 12 digits, e.g. "123456789012"';
  }
  const value = choices.length > 0 ? `give ${choices.map((c) => JSON.stringify(c)).join(" or ")}` : "give it a value";
  return `is null, but ${formatPath(path)} has no default, so it cannot be unset (null unsets only optional keys); ${value}, or leave the key out to inherit it from defaults`;
}

const NULL_IN_DEFAULTS =
  "is null; null means \"not set here\" in an environment, to unset a value it inherits, but nothing is inherited into defaults: remove the key from defaults";

/** Validates parsed JSON. Throws a ConfigError listing every problem. */
export function resolveConfig(raw: unknown, file: string): EnvironmentConfig[] {
  const problems: string[] = [];
  const top = configFileSchema.safeParse(raw, { error: describeIssue });
  if (!top.success) {
    throw invalidConfig(file, flattenIssues(top.error).map((i) => at(formatPath(i.path) || "(top level)", i.message)));
  }
  const givenDefaults = (top.data.defaults ?? {}) as Json;
  const environments = top.data.environments as Record<string, Json>;
  const names = Object.keys(environments);
  if (names.length === 0) {
    throw invalidConfig(file, ['environments: is empty; add at least one, e.g. "prod": { "awsAccountId": "123456789012" }']);
  }

  if ("awsAccountId" in givenDefaults) {
    problems.push(at("defaults.awsAccountId", "an account ID cannot be a default (each environment is its own account); move it into each environment"));
  }
  // null unsets an inherited value; defaults inherit nothing, so a null there is a mistake.
  const nullDefaults = nullKeys(without(givenDefaults, ["awsAccountId"]), ENVIRONMENT_SHAPES);
  for (const n of nullDefaults) problems.push(at(formatPath(["defaults", ...n.path]), NULL_IN_DEFAULTS));
  const defaults = nullDefaults.reduce((d, n) => without(d, n.path), givenDefaults);
  const defaultsResult = defaultsSchema.safeParse(Object.fromEntries(Object.entries(defaults).filter(([k]) => k !== "awsAccountId")), { error: describeIssue });
  const reported = new Set<string>();
  const report = (line: string) => {
    if (!reported.has(line)) {
      reported.add(line);
      problems.push(line);
    }
  };
  if (!defaultsResult.success) {
    for (const i of flattenIssues(defaultsResult.error)) report(at(formatPath(["defaults", ...i.path]), i.message));
  }

  const resolved: EnvironmentConfig[] = [];
  // Problems with a value an environment inherits from defaults: reported once at
  // defaults when every environment inheriting it has the problem, else per environment.
  const inherited = new Map<string, { field: PropertyKey; where: string; message: string; envs: string[] }>();
  const inheritors = (key: PropertyKey) => names.filter((n) => !has(environments[n], [key]));
  for (const name of names) {
    const nameProblem = stackNameProblem(name);
    if (nameProblem) {
      report(at(`environments.${name}`, nameProblem));
      continue;
    }
    const own = environments[name];
    // null: "not set here". An optional key set to null is removed after merging (so the
    // schema applies its default, if it has one); a required one is reported and, for the
    // rest of the checks, treated as left out.
    const nulls = nullKeys(own, ENVIRONMENT_SHAPES);
    const requiredNulls = nulls.filter((n) => n.required);
    for (const n of requiredNulls) report(at(formatPath(["environments", name, ...n.path]), requiredNullMessage(n)));
    const merged = mergeDefaults(defaults, requiredNulls.reduce((o, n) => without(o, n.path), own));
    const result = environmentSchema.safeParse(
      nulls.filter((n) => !n.required).reduce((m, n) => without(m, n.path), merged),
      { error: describeIssue },
    );
    if (result.success) {
      resolved.push({ name, config: result.data });
      continue;
    }
    const reportedNull = (i: z.core.$ZodIssue) => requiredNulls.some((n) => formatPath(n.path) === formatPath(i.path as PropertyKey[]));
    for (const i of flattenIssues({ issues: result.error.issues.filter((i) => !reportedNull(i)) })) {
      if (i.path.length > 0 && !has(own, i.path.slice(0, 1)) && has(defaults, i.path.slice(0, 1))) {
        const where = formatPath(i.path);
        const key = `${where}\n${i.message}`;
        const entry = inherited.get(key) ?? { field: i.path[0], where, message: i.message, envs: [] };
        entry.envs.push(name);
        inherited.set(key, entry);
      } else {
        report(at(formatPath(["environments", name, ...i.path]), i.message));
      }
    }
  }
  for (const { field, where, message, envs } of inherited.values()) {
    if (envs.length === inheritors(field).length) report(at(`defaults.${where}`, message));
    else for (const env of envs) report(at(`environments.${env}.${where}`, `${message} (the value is inherited from defaults; override it here, or set it to null to unset it)`));
  }
  problems.push(...crossEnvironmentProblems(resolved));
  if (problems.length > 0) throw invalidConfig(file, problems);
  return resolved;
}

/** Where each environment keeps its state; two environments must never share one. */
export function stateLocation(env: EnvironmentConfig): string {
  const b = env.config.backend;
  if (b.type === "s3") return `s3://${b.bucket}/${b.key ?? defaultStateKey(env.name)}`;
  return `local:${path.normalize(b.path ?? defaultLocalStatePath(env.name))}`;
}

export const defaultStateKey = (name: string) => `datadog-aws/${name}/terraform.tfstate`;
export const defaultLocalStatePath = (name: string) => `terraform.${name}.tfstate`;

function crossEnvironmentProblems(envs: readonly EnvironmentConfig[]): string[] {
  const problems: string[] = [];
  const owner = new Map<string, string>();
  for (const env of envs) {
    const location = stateLocation(env);
    const first = owner.get(location);
    if (first) {
      problems.push(
        at(
          `environments.${env.name}.backend`,
          `keeps its state at ${location}, the same place as environment "${first}"; one would overwrite the other's state. ` +
            (env.config.backend.type === "s3"
              ? `Give each its own "key", or leave "key" out to get ${defaultStateKey("<environment>")}`
              : `Give each its own "path", or leave "path" out to get ${defaultLocalStatePath("<environment>")}`),
        ),
      );
    } else owner.set(location, env.name);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------
// Reading the file: strict JSON, every syntax error placed, duplicate keys found
// ---------------------------------------------------------------------------------------

/** jsonc-parser held to plain JSON: no comments, no trailing commas, no empty file. */
const STRICT_JSON: ParseOptions = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/** 1-based line and column of `offset`, counting line breaks as JSON does (\n, \r\n, \r). */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** A character as a person can recognize it in a message, invisible ones by code point. */
function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const point = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (ch === '"') return "a double quote";
  if (code === 9) return `a tab (${point})`;
  if (code < 0x20 || code === 0x7f) return `the control character ${point}`;
  if (/\s/u.test(ch) || code === 0x200b || code === 0xfeff) return `an invisible space (${point})`;
  return JSON.stringify(ch);
}

const BARE_WORD = /^[A-Za-z_$][\w$]*/;

/**
 * What is wrong at a jsonc-parser error, where and how to fix it. Errors inside a string
 * are reported by jsonc-parser at the string's opening quote; they are placed here at the
 * offending character.
 */
function describeSyntaxError(text: string, code: ParseErrorCode, offset: number, length: number): JsonSyntaxProblem {
  const place = (where: number, found: string, fix: string): JsonSyntaxProblem => ({ ...lineColumn(text, where), found, fix });
  const ch = text.slice(offset, offset + 1);
  const before = text.slice(0, offset).replace(/[ \t\r\n]+$/, "");
  const atEnd = text.slice(offset).trim() === "";
  const token = text.slice(offset, offset + length);
  switch (printParseErrorCode(code)) {
    case "PropertyNameExpected":
    case "ValueExpected":
      if (before.endsWith(",") && (ch === "}" || ch === "]")) {
        return place(before.length - 1, `a comma after the last item, before "${ch}"`, "remove the comma (trailing commas are not allowed in JSON)");
      }
      if (text.trim() === "") return place(offset, "the file is empty", 'write the config as one JSON object, e.g. { "environments": { "prod": { "awsAccountId": "123456789012" } } }');
      if (atEnd) return place(offset, "the file ends where a value is expected", "complete the value and close every { and [");
      return printParseErrorCode(code) === "PropertyNameExpected"
        ? place(offset, `${describeChar(ch)} where a key is expected`, 'write keys in double quotes, e.g. "awsAccountId"')
        : place(offset, `${describeChar(ch)} where a value is expected`, 'give a value: a string in double quotes, a number, true, false, null, a list [...] or an object {...}');
    case "InvalidSymbol": {
      const word = BARE_WORD.exec(text.slice(offset))?.[0];
      if (ch === "'") return place(offset, "a single quote", "JSON takes double quotes around keys and strings");
      if (ch === "-") return place(offset, 'a "-" without a number after it', "write the number right after the minus sign, or put the value in double quotes if it is a string");
      if (word) return place(offset, `the bare word ${JSON.stringify(word)}`, "put strings and keys in double quotes; the only bare words JSON knows are true, false and null");
      if (/[\s\u200b\ufeff]/u.test(ch)) return place(offset, describeChar(ch), "delete it: between values JSON allows only spaces, tabs and line breaks (such characters often come with text pasted from a web page)");
      return place(offset, `unexpected ${describeChar(ch)}`, "remove it, or put the value in double quotes if it is a string");
    }
    case "InvalidCommentToken":
    case "UnexpectedEndOfComment":
      return place(offset, "a comment", "remove it (JSON has no comments)");
    case "ColonExpected":
      return place(offset, `${atEnd ? "the end of the file" : describeChar(ch)} where ":" is expected after a key`, 'write the key and its value as "key": value');
    case "CommaExpected": {
      const leadingZero = /-?0$/.exec(before);
      if (leadingZero && /\d/.test(ch) && !/[\d.eE]$/.test(before.slice(0, -leadingZero[0].length))) {
        return place(leadingZero.index, "a number with a leading zero", 'JSON numbers cannot start with 0; write IDs as strings in double quotes, e.g. "012345678901"');
      }
      return place(offset, `no comma before ${describeChar(ch)}`, "separate items with a comma");
    }
    case "CloseBraceExpected":
    case "CloseBracketExpected": {
      const close = printParseErrorCode(code) === "CloseBraceExpected" ? "}" : "]";
      if (atEnd) return place(offset, `the end of the file before a "${close}"`, `close every open ${close === "}" ? "{" : "["} with "${close}"`);
      return place(offset, `${describeChar(ch)} where "," or "${close}" is expected`, `separate items with a comma and close with "${close}"`);
    }
    case "EndOfFileExpected":
      return place(offset, "more text after the end of the top-level object", "a config file holds one JSON object; remove the rest or move it inside");
    case "UnexpectedEndOfString":
      return place(offset, "a string that is not closed before the end of its line", "add the closing double quote");
    case "UnexpectedEndOfNumber":
    case "InvalidNumberFormat":
      return place(offset, `the unfinished number ${JSON.stringify(token)}`, 'complete it (numbers look like 1, 1.5 or 1e3), or put the value in double quotes if it is a string');
    case "InvalidUnicode": {
      return place(offset + Math.max(0, token.search(/\\u(?![0-9a-fA-F]{4})/)), "a \\u escape without four hex digits", "write \\u followed by exactly four hex digits, e.g. \\u00e9");
    }
    case "InvalidEscapeCharacter": {
      const bad = /\\[^"\\/bfnrtu]/.exec(token.slice(1));
      return place(offset + 1 + (bad?.index ?? 0), `the escape ${bad ? JSON.stringify(bad[0]) : "sequence"}`, 'after a backslash JSON allows only " \\ / b f n r t u; write a backslash itself as \\\\');
    }
    case "InvalidCharacter": {
      const where = offset + 1 + Math.max(0, token.slice(1).search(/[\u0000-\u001f]/));
      return place(where, `${describeChar(text.slice(where, where + 1))} inside a string`, "write it as an escape: \\t for a tab, \\n for a line break");
    }
    default:
      return place(offset, printParseErrorCode(code), "fix the JSON syntax there");
  }
}

export interface ParsedConfigText {
  /** The value, exactly as JSON.parse gives it. */
  readonly value: unknown;
  /** Keys written more than once in one object, in the order they first appear. */
  readonly duplicates: readonly DuplicateKey[];
}

/**
 * Parses a config file's text as strict JSON. A byte order mark is accepted (editors on
 * Windows may write one). Throws a ConfigError naming the line and column of the first
 * syntax error. Duplicate keys are returned, not thrown, so they can be reported together
 * with every other problem of the config.
 *
 * jsonc-parser decides whether the text is JSON and where it is not, and reports every key
 * with its position; JSON.parse then builds the value, so the value is exactly what JSON
 * gives (jsonc-parser's own value would set "__proto__" as a prototype instead of a key).
 * The two agree on which texts are JSON: __tests__/config-file-parsing.test.ts compares them.
 */
export function parseConfigText(text: string, file: string): ParsedConfigText {
  const json = text.replace(/^\uFEFF/, "");
  let syntax: JsonSyntaxProblem | undefined;
  // The objects being read, innermost last, each with its keys' lines and first offset.
  const open: { path: JSONPath; keys: Map<string, { lines: number[]; first: number }> }[] = [];
  const duplicates: (DuplicateKey & { first: number })[] = [];
  visit(
    json,
    {
      onError(code, offset, length) {
        syntax ??= describeSyntaxError(json, code, offset, length);
      },
      onObjectBegin(_offset, _length, _line, _character, pathSupplier) {
        open.push({ path: pathSupplier(), keys: new Map() });
      },
      onObjectProperty(property, offset, _length, line) {
        const keys = open[open.length - 1].keys;
        const seen = keys.get(property);
        if (seen) seen.lines.push(line + 1);
        else keys.set(property, { lines: [line + 1], first: offset });
      },
      onObjectEnd() {
        const object = open.pop();
        for (const [key, { lines, first }] of object?.keys ?? []) {
          if (lines.length > 1) duplicates.push({ path: formatPath([...object!.path, key]), key, lines, first });
        }
      },
    },
    STRICT_JSON,
  );
  if (syntax) throw configFileNotJson(file, syntax);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    // Never seen: jsonc-parser accepted a text JSON.parse refuses. Report V8's words, placed.
    const message = (e as Error).message;
    const offset = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    throw configFileNotJson(file, { ...lineColumn(json, offset), found: message, fix: "fix the JSON syntax there" });
  }
  return { value, duplicates: duplicates.sort((a, b) => a.first - b.first).map(({ path, key, lines }) => ({ path, key, lines })) };
}

/** Reads and validates a config file. Throws a ConfigError for anything wrong with it. */
export function loadConfigFile(file: string): EnvironmentConfig[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ENOENT") throw configFileNotFound(file, CONFIG_ENV_VAR);
    throw configFileUnreadable(file, err.message);
  }
  const { value, duplicates } = parseConfigText(text, file);
  let environments: EnvironmentConfig[];
  try {
    environments = resolveConfig(value, file);
  } catch (e) {
    if (duplicates.length > 0 && e instanceof ConfigError) throw duplicateConfigKeys(file, duplicates, e.problems);
    throw e;
  }
  if (duplicates.length > 0) throw duplicateConfigKeys(file, duplicates);
  return environments;
}
