/**
 * Reads the config file into one resolved config per environment, or fails with every
 * problem at once, each naming the environment (or `defaults`) and the field.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { configFileNotFound, configFileNotJson, configFileUnreadable, invalidConfig } from "../errors";
import { configFileSchema, defaultsSchema, environmentSchema, ResolvedEnvironment } from "./schema";
import { describeIssue, flattenIssues, formatPath } from "./messages";
import { stackNameProblem } from "./rules";

export const CONFIG_ENV_VAR = "DATADOG_AWS_CONFIG";
export const DEFAULT_CONFIG_FILE = "datadog-aws.config.json";

export interface EnvironmentConfig {
  /** The key under `environments`: the stack's name. */
  readonly name: string;
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

/** Validates parsed JSON. Throws a ConfigError listing every problem. */
export function resolveConfig(raw: unknown, file: string): EnvironmentConfig[] {
  const problems: string[] = [];
  const top = configFileSchema.safeParse(raw, { error: describeIssue });
  if (!top.success) {
    throw invalidConfig(file, flattenIssues(top.error).map((i) => at(formatPath(i.path) || "(top level)", i.message)));
  }
  const defaults = (top.data.defaults ?? {}) as Json;
  const environments = top.data.environments as Record<string, Json>;
  const names = Object.keys(environments);
  if (names.length === 0) {
    throw invalidConfig(file, ['environments: is empty; add at least one, e.g. "prod": { "awsAccountId": "123456789012" }']);
  }

  if ("awsAccountId" in defaults) {
    problems.push(at("defaults.awsAccountId", "an account ID cannot be a default (each environment is its own account); move it into each environment"));
  }
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
    const result = environmentSchema.safeParse(mergeDefaults(defaults, own), { error: describeIssue });
    if (result.success) {
      resolved.push({ name, config: result.data });
      continue;
    }
    for (const i of flattenIssues(result.error)) {
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
    else for (const env of envs) report(at(`environments.${env}.${where}`, `${message} (the value is inherited from defaults; override it here)`));
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

function describeJsonError(text: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message);
  if (!position) return error.message;
  const offset = Number(position[1]);
  const before = text.slice(0, offset).split("\n");
  return `${error.message.replace(/ in JSON at position \d+.*$/, "")} at line ${before.length}, column ${before[before.length - 1].length + 1}`;
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
  let raw: unknown;
  try {
    // Editors on Windows may start the file with a byte order mark, which JSON.parse refuses.
    raw = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw configFileNotJson(file, describeJsonError(text, e as Error));
  }
  return resolveConfig(raw, file);
}
