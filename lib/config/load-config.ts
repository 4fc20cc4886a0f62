/**
 * Reads the config file into one resolved config per environment, or fails with every
 * problem at once, each naming the environment (or `defaults`) and the field.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { printParseErrorCode, visit, type JSONPath, type ParseErrorCode, type ParseOptions } from "jsonc-parser";
import type { z } from "zod";
import {
  ConfigError,
  configFileNotFound,
  configFileNotJson,
  configFileUnreadable,
  DuplicateKey,
  duplicateConfigKeys,
  ErrorCode,
  invalidConfig,
  JsonSyntaxProblem,
  nothingToSynthesize,
  Problem,
  problemLine,
} from "../errors";
import { partitionOfRegion, REGION_PATTERN } from "../facts/partitions";
import { configFileSchema, DEFAULT_ACCOUNTS_FILE, defaultsSchema, environmentSchema, environmentShape, organizationSchema } from "./schema";
import type { AccountsFile, ResolvedEnvironment } from "./resolved";
import { describeIssue, flattenIssues, formatPath, PlacedIssue, toProblems } from "./messages";
import { accountsFilePath, fillPlaceholders, FLAG_MEANING, flagOf, hasPlaceholder, readAccountsFile, unknownPlaceholders } from "./organization";
import { STACK_NAME_CODE, stackNameProblem } from "./fields/rules";

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

/** A problem at `where` (a field path), with its code. */
const at = (where: string, message: string, code: ErrorCode): Problem => ({ code, path: where, message });

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

const NULL_IN_DEFAULTS = 'is null; null means "not set here" in an environment, to unset a value it inherits, but nothing is inherited into defaults: remove the key from defaults';

/** Validates parsed JSON. Throws a ConfigError listing every problem. */
export function resolveConfig(raw: unknown, file: string): EnvironmentConfig[] {
  return resolveConfigDetailed(raw, file).environments;
}

/** The organization section of a config file, validated. */
export interface OrganizationSettings {
  readonly ouIds?: readonly string[];
  readonly excludeAccountIds?: readonly string[];
  readonly output?: string;
  /** What every discovered environment gets, placeholders not yet filled in. */
  readonly environment: Json;
}

export interface ResolveOptions {
  /**
   * The discovered environments to merge in: the accounts file's content, or "missing"
   * when it does not exist yet. Left out: the config's own environments only.
   */
  readonly accounts?: AccountsFile | "missing";
}

export interface ResolvedConfig {
  /** Every environment to synthesize: the config's own, then the discovered ones (by account ID). */
  readonly environments: EnvironmentConfig[];
  /** The environments written in the config file itself. */
  readonly handWritten: readonly EnvironmentConfig[];
  readonly organization?: OrganizationSettings;
  /** Where the organization section's accounts file is (with an organization section). */
  readonly accountsFile?: string;
  /** What the user should know that is not an error: a discovered environment a hand-written one replaces, ones no longer enrolled. */
  readonly notices: readonly string[];
}

/** Placeholder values that checking organization.environment on its own fills in. */
const EXAMPLE_ACCOUNT = { accountId: "123456789012", accountName: "example" };

/** Where a value an environment sets is written, and how to name the environment in a problem. */
interface Subject {
  /** The stack name (for organization.environment itself, a label). */
  readonly name: string;
  /** The path of its own settings: ["environments", "prod"], or ["organization", "environment"]. */
  readonly at: PropertyKey[];
  readonly own: Json;
  /** Said after a problem, e.g. which discovered account it is about. */
  readonly note?: (path: PropertyKey[]) => string;
}

/** Validates parsed JSON, merging the discovered environments when `options.accounts` gives them. Throws a ConfigError listing every problem. */
export function resolveConfigDetailed(raw: unknown, file: string, options: ResolveOptions = {}): ResolvedConfig {
  const problems: Problem[] = [];
  // With an organization section, every environment may be a discovered one.
  const input = isPlainObject(raw) && raw.organization !== undefined && raw.environments === undefined ? { ...raw, environments: {} } : raw;
  const top = configFileSchema.safeParse(input, { error: describeIssue });
  if (!top.success) {
    throw invalidConfig(file, toProblems(flattenIssues(top.error), "(top level)"));
  }
  const givenDefaults = (top.data.defaults ?? {}) as Json;
  const environments = top.data.environments as Record<string, Json>;
  const names = Object.keys(environments);
  if (names.length === 0 && top.data.organization === undefined) {
    throw invalidConfig(file, [at("environments", 'is empty; add at least one, e.g. "prod": { "awsAccountId": "123456789012" }', "config/no-environments")]);
  }

  if ("awsAccountId" in givenDefaults) {
    problems.push(at("defaults.awsAccountId", "an account ID cannot be a default (each environment is its own account); move it into each environment", "config/account-id-in-defaults"));
  }
  // null unsets an inherited value; defaults inherit nothing, so a null there is a mistake.
  const nullDefaults = nullKeys(without(givenDefaults, ["awsAccountId"]), ENVIRONMENT_SHAPES);
  for (const n of nullDefaults) problems.push(at(formatPath(["defaults", ...n.path]), NULL_IN_DEFAULTS, "config/null-in-defaults"));
  const defaults = nullDefaults.reduce((d, n) => without(d, n.path), givenDefaults);
  const defaultsResult = defaultsSchema.safeParse(Object.fromEntries(Object.entries(defaults).filter(([k]) => k !== "awsAccountId")), { error: describeIssue });
  const reported = new Set<string>();
  const report = (problem: Problem) => {
    const line = problemLine(problem);
    if (!reported.has(line)) {
      reported.add(line);
      problems.push(problem);
    }
  };
  if (!defaultsResult.success) {
    for (const i of flattenIssues(defaultsResult.error)) report(at(formatPath(["defaults", ...i.path]), i.message, i.code));
  }

  // The organization section: its own keys, then its environment as the environment of an
  // example account (placeholders filled in), so a mistake is reported once, not per account.
  let organization: OrganizationSettings | undefined;
  let template: Json | undefined;
  if (top.data.organization !== undefined) {
    const parsed = organizationSchema.safeParse(top.data.organization, { error: describeIssue });
    if (parsed.success) {
      organization = { ...parsed.data, environment: (parsed.data.environment ?? {}) as Json };
      template = organization.environment;
    } else {
      const issues = flattenIssues(parsed.error);
      for (const i of issues) report(at(formatPath(["organization", ...i.path]), i.message, i.code));
      // Its environment is still checked, so that one run reports every problem.
      const given = isPlainObject(top.data.organization) ? top.data.organization.environment : undefined;
      if (isPlainObject(given) && !issues.some((i) => i.path[0] === "environment")) template = given;
    }
    if (template && "awsAccountId" in template) {
      report(at("organization.environment.awsAccountId", "is set, but each discovered environment gets its own account's ID; remove it", "organization/account-id-in-template"));
      template = without(template, ["awsAccountId"]);
    }
    for (const p of template ? unknownPlaceholders(template) : []) {
      report(at(formatPath(["organization", "environment", ...p.path]), p.message, p.code));
      template = without(template!, [String(p.path[0])]);
    }
  }

  const subjects: Subject[] = names.map((name) => ({ name, at: ["environments", name], own: environments[name] }));
  let templateSubject: Subject | undefined;
  if (template) {
    const region = template.awsRegion ?? defaults.awsRegion;
    const partition = typeof region === "string" && REGION_PATTERN.test(region) ? partitionOfRegion(region) : "aws";
    const example = { ...EXAMPLE_ACCOUNT, partition };
    const raw = template;
    templateSubject = {
      name: "(organization.environment)",
      at: ["organization", "environment"],
      own: { ...fillPlaceholders(template, example), awsAccountId: example.accountId },
      note: (p) =>
        hasPlaceholder(valueAt(raw, p))
          ? ` (with the placeholders filled in for an example account: accountId ${example.accountId}, accountName "${example.accountName}", partition ${partition})`
          : "",
    };
    subjects.push(templateSubject);
  }

  /** An environment's own settings merged over defaults and checked; null unsets an inherited value. */
  const check = (subject: Subject): { config?: ResolvedEnvironment; issues: PlacedIssue[] } => {
    const { own } = subject;
    const nulls = nullKeys(own, ENVIRONMENT_SHAPES);
    const requiredNulls = nulls.filter((n) => n.required);
    const issues: PlacedIssue[] = requiredNulls.map((n) => ({ path: n.path, message: requiredNullMessage(n), code: "config/null-not-unsettable" as const }));
    // null: "not set here". An optional key set to null is removed after merging (so the
    // schema applies its default, if it has one); a required one is reported and, for the
    // rest of the checks, treated as left out.
    const merged = mergeDefaults(
      defaults,
      requiredNulls.reduce((o, n) => without(o, n.path), own),
    );
    const result = environmentSchema.safeParse(
      nulls.filter((n) => !n.required).reduce((m, n) => without(m, n.path), merged),
      { error: describeIssue },
    );
    if (result.success) return { config: result.data, issues };
    const reportedNull = (i: z.core.$ZodIssue) => requiredNulls.some((n) => formatPath(n.path) === formatPath(i.path as PropertyKey[]));
    return { issues: [...issues, ...flattenIssues({ issues: result.error.issues.filter((i) => !reportedNull(i)) })] };
  };

  const handWritten: EnvironmentConfig[] = [];
  let templateValid = template !== undefined;
  // Problems with a value an environment inherits from defaults: reported once at
  // defaults when every environment inheriting it has the problem, else per environment.
  const inherited = new Map<string, { field: PropertyKey; where: string; message: string; code: ErrorCode; subjects: Subject[] }>();
  const inheritors = (key: PropertyKey) => subjects.filter((s) => !has(s.own, [key]));
  for (const subject of subjects) {
    const nameProblem = subject === templateSubject ? undefined : stackNameProblem(subject.name);
    if (nameProblem) {
      report(at(`environments.${subject.name}`, nameProblem, STACK_NAME_CODE));
      continue;
    }
    const { config, issues } = check(subject);
    if (subject === templateSubject) templateValid = issues.length === 0;
    if (issues.length === 0 && config) {
      if (subject !== templateSubject) handWritten.push({ name: subject.name, config });
      continue;
    }
    for (const i of issues) {
      if (i.path.length > 0 && !has(subject.own, i.path.slice(0, 1)) && has(defaults, i.path.slice(0, 1))) {
        const where = formatPath(i.path);
        const key = `${where}\n${i.message}`;
        const entry = inherited.get(key) ?? { field: i.path[0], where, message: i.message, code: i.code, subjects: [] };
        entry.subjects.push(subject);
        inherited.set(key, entry);
      } else {
        report(at(formatPath([...subject.at, ...i.path]), `${i.message}${subject.note?.(i.path) ?? ""}`, i.code));
      }
    }
  }
  for (const { field, where, message, code, subjects: having } of inherited.values()) {
    if (having.length === inheritors(field).length) report(at(`defaults.${where}`, message, code));
    else for (const s of having) report(at(`${formatPath(s.at)}.${where}`, `${message} (the value is inherited from defaults; override it here, or set it to null to unset it)`, code));
  }

  const accountsFile = organization ? accountsFilePath(file, organization.output) : undefined;
  if (accountsFile && path.resolve(accountsFile) === path.resolve(file)) {
    report(
      at(
        "organization.output",
        `${JSON.stringify(organization!.output)} is this config file itself; discover would overwrite it: name another file, or leave output out to get ${DEFAULT_ACCOUNTS_FILE} beside the config`,
        "organization/output-is-config",
      ),
    );
  }
  const notices: string[] = [];
  const discovered: EnvironmentConfig[] = [];
  const accounts = options.accounts;
  if (organization && accountsFile && accounts === "missing") {
    notices.push(`${file} has an organization section, but ${accountsFile} does not exist yet: run \`npm run discover\` to enroll the organization's accounts.`);
  } else if (template && accountsFile && accounts && accounts !== "missing" && templateValid) {
    const handByAccount = new Map<unknown, string>();
    for (const name of names) if (!handByAccount.has(environments[name].awsAccountId)) handByAccount.set(environments[name].awsAccountId, name);
    const handByName = new Map(names.map((n) => [n.toLowerCase(), n]));
    for (const accountId of Object.keys(accounts.accounts).sort()) {
      const entry = accounts.accounts[accountId];
      const describe = `account ${accountId} (${JSON.stringify(entry.name)})`;
      const hand = handByAccount.get(accountId);
      if (hand !== undefined) {
        notices.push(
          `${describe[0].toUpperCase()}${describe.slice(1)} has the hand-written environment "${hand}" in ${file}, which wins over its discovered environment "${entry.environment}" in ${accountsFile}.`,
        );
        continue;
      }
      const clash = handByName.get(entry.environment.toLowerCase());
      if (clash !== undefined) {
        report(
          at(
            `environments.${clash}`,
            `the name is taken: ${accountsFile} gives "${entry.environment}" to the discovered ${describe}, and a discovered environment's name never changes once written; rename this environment`,
            "organization/name-taken",
          ),
        );
        continue;
      }
      const values = { accountId, accountName: entry.name, partition: accounts.partition };
      const subject: Subject = {
        name: entry.environment,
        at: ["organization", "environment"],
        own: withRecordedImports({ ...fillPlaceholders(template, values), awsAccountId: accountId }, entry),
      };
      const { config, issues } = check(subject);
      if (config && issues.length === 0) {
        discovered.push({ name: entry.environment, config });
        const flag = flagOf(entry);
        if (flag) {
          notices.push(
            `Discovered environment "${entry.environment}" (${describe}) ${FLAG_MEANING[flag.flag]} (noted ${flag.since}); it is still synthesized so that its stack can be destroyed: run \`npx cdktf destroy ${entry.environment}\`, then delete its entry from ${accountsFile}.`,
          );
        }
        continue;
      }
      for (const i of issues) {
        const where = has(subject.own, i.path.slice(0, 1)) && i.path[0] !== "awsAccountId" ? ["organization", "environment"] : ["defaults"];
        report(at(formatPath([...where, ...i.path]), `${i.message} (for the discovered environment "${entry.environment}", ${describe}, in ${accountsFile})`, i.code));
      }
    }
  }

  problems.push(...sameAccountProblems(handWritten));
  problems.push(...crossEnvironmentProblems(handWritten, discovered));
  if (problems.length > 0) throw invalidConfig(file, problems);
  return { environments: [...handWritten, ...discovered], handWritten, organization, accountsFile, notices };
}

/** A discovered environment's settings with what discover recorded as already in place merged into its `import`. */
function withRecordedImports(own: Json, entry: AccountsFile["accounts"][string]): Json {
  if (!entry.import) return own;
  return { ...own, import: { ...(isPlainObject(own.import) ? own.import : {}), ...entry.import } };
}

/** The value at `path` in `obj`, if any. */
function valueAt(obj: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** Two hand-written environments for one account would both manage its Datadog integration and IAM role. */
function sameAccountProblems(envs: readonly EnvironmentConfig[]): Problem[] {
  const first = new Map<string, string>();
  const problems: Problem[] = [];
  for (const env of envs) {
    const id = env.config.awsAccountId;
    const other = first.get(id);
    if (other === undefined) first.set(id, env.name);
    else {
      problems.push(
        at(
          `environments.${env.name}.awsAccountId`,
          `${JSON.stringify(id)} is also the account of environment "${other}"; two stacks for one account would both manage its Datadog integration and IAM role, each undoing the other: keep one environment per account (merge "${other}" and "${env.name}")`,
          "config/same-account",
        ),
      );
    }
  }
  return problems;
}

/** Where each environment keeps its state; two environments must never share one. */
export function stateLocation(env: EnvironmentConfig): string {
  const b = env.config.backend;
  if (b.type === "s3") return `s3://${b.bucket}/${b.key ?? defaultStateKey(env.name)}`;
  return `local:${path.normalize(b.path ?? path.join(DEFAULT_STACKS_DIR, env.name, DEFAULT_LOCAL_STATE_FILE))}`;
}

export const defaultStateKey = (name: string) => `datadog-aws/${name}/terraform.tfstate`;
/** Local state by default: in the stack's own folder, where Terraform's local backend puts it, so the folder carries its state. */
export const DEFAULT_LOCAL_STATE_FILE = "terraform.tfstate";
/** Where the default output folder keeps the stacks (the default state's place in the shared-state check). */
const DEFAULT_STACKS_DIR = path.join("cdktf.out", "stacks");
/** Where a stack's state is by default, relative to the project folder, for an output folder (`CDKTF_OUTDIR`, default cdktf.out). */
export const defaultLocalStatePath = (name: string, outdir: string = "cdktf.out") => path.join(outdir, "stacks", name, DEFAULT_LOCAL_STATE_FILE);
/** The default local state path of earlier versions: relative to the project folder. Synth refuses while a state file is still there (lib/app/old-state-path.ts). */
export const oldDefaultLocalStatePath = (name: string) => `terraform.${name}.tfstate`;

function crossEnvironmentProblems(envs: readonly EnvironmentConfig[], discovered: readonly EnvironmentConfig[] = []): Problem[] {
  const problems: Problem[] = [];
  const owner = new Map<string, string>();
  const isDiscovered = new Set(discovered);
  for (const env of [...envs, ...discovered]) {
    const location = stateLocation(env);
    const first = owner.get(location);
    if (first) {
      const s3 = env.config.backend.type === "s3";
      const fix = s3
        ? `Give each its own "key", or leave "key" out to get ${defaultStateKey("<environment>")}`
        : `Give each its own "path", or leave "path" out to keep each state in its stack's folder (${DEFAULT_LOCAL_STATE_FILE} there)`;
      problems.push(
        isDiscovered.has(env)
          ? at(
              "organization.environment.backend",
              `the discovered environment "${env.name}" keeps its state at ${location}, the same place as environment "${first}"; one would overwrite the other's state. ${fix}, or use a placeholder in it, e.g. "${s3 ? "datadog-aws/{accountId}/terraform.tfstate" : "terraform.{accountId}.tfstate"}"`,
              "config/shared-state",
            )
          : at(`environments.${env.name}.backend`, `keeps its state at ${location}, the same place as environment "${first}"; one would overwrite the other's state. ${fix}`, "config/shared-state"),
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
        : place(offset, `${describeChar(ch)} where a value is expected`, "give a value: a string in double quotes, a number, true, false, null, a list [...] or an object {...}");
    case "InvalidSymbol": {
      const word = BARE_WORD.exec(text.slice(offset))?.[0];
      if (ch === "'") return place(offset, "a single quote", "JSON takes double quotes around keys and strings");
      if (ch === "-") return place(offset, 'a "-" without a number after it', "write the number right after the minus sign, or put the value in double quotes if it is a string");
      if (word) return place(offset, `the bare word ${JSON.stringify(word)}`, "put strings and keys in double quotes; the only bare words JSON knows are true, false and null");
      if (/[\s\u200b\ufeff]/u.test(ch))
        return place(offset, describeChar(ch), "delete it: between values JSON allows only spaces, tabs and line breaks (such characters often come with text pasted from a web page)");
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
      return place(offset, `the unfinished number ${JSON.stringify(token)}`, "complete it (numbers look like 1, 1.5 or 1e3), or put the value in double quotes if it is a string");
    case "InvalidUnicode": {
      return place(offset + Math.max(0, token.search(/\\u(?![0-9a-fA-F]{4})/)), "a \\u escape without four hex digits", "write \\u followed by exactly four hex digits, e.g. \\u00e9");
    }
    case "InvalidEscapeCharacter": {
      const bad = /\\[^"\\/bfnrtu]/.exec(token.slice(1));
      return place(
        offset + 1 + (bad?.index ?? 0),
        `the escape ${bad ? JSON.stringify(bad[0]) : "sequence"}`,
        'after a backslash JSON allows only " \\ / b f n r t u; write a backslash itself as \\\\',
      );
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
 * The two agree on which texts are JSON: __tests__/unit/config-file-parsing.test.ts compares them.
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

/** Reads a config file's text and parses it (see parseConfigText). Throws a ConfigError when it cannot. */
export function readConfigText(file: string): ParsedConfigText {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ENOENT") throw configFileNotFound(file, CONFIG_ENV_VAR);
    throw configFileUnreadable(file, err.message);
  }
  return parseConfigText(text, file);
}

/** Runs `resolve`, reporting keys written twice in the file with whatever else it finds. */
export function withDuplicateKeys<T>(file: string, duplicates: readonly DuplicateKey[], resolve: () => T): T {
  let result: T;
  try {
    result = resolve();
  } catch (e) {
    if (duplicates.length > 0 && e instanceof ConfigError) throw duplicateConfigKeys(file, duplicates, e.issues);
    throw e;
  }
  if (duplicates.length > 0) throw duplicateConfigKeys(file, duplicates);
  return result;
}

/**
 * Reads and validates a config file with its discovered environments: with an organization
 * section, the accounts file `npm run discover` wrote is read too (when it exists). Throws
 * a ConfigError for anything wrong with either, or when there is nothing to synthesize.
 */
export function loadConfig(file: string): ResolvedConfig {
  const { value, duplicates } = readConfigText(file);
  return withDuplicateKeys(file, duplicates, () => {
    const organization = isPlainObject(value) && isPlainObject(value.organization) ? value.organization : undefined;
    if (!organization) return resolveConfigDetailed(value, file);
    const accounts = readAccountsFile(accountsFilePath(file, typeof organization.output === "string" && organization.output !== "" ? organization.output : undefined));
    const resolved = resolveConfigDetailed(value, file, { accounts: accounts ?? "missing" });
    if (resolved.environments.length === 0) throw nothingToSynthesize(file, resolved.accountsFile!);
    return resolved;
  });
}

/** Reads and validates a config file. Throws a ConfigError for anything wrong with it. */
export function loadConfigFile(file: string): EnvironmentConfig[] {
  return loadConfig(file).environments;
}
