/**
 * `file/`: reading the config file (it exists, can be read, is strict JSON, no key twice).
 */
import { configError, ConfigError, ErrorCodeInfo, Problem } from "./core";

/** The `file/` codes, with what each means and how to fix it. */
export const FILE_ERRORS = {
  heading: "Reading the config file",
  codes: {
    "file/not-found": { meaning: "The config file does not exist.", fix: "Create it (see examples/), or point DATADOG_AWS_CONFIG at your config file." },
    "file/unreadable": { meaning: "The config file exists but cannot be read.", fix: "Check its permissions, or that it is a file and not a folder." },
    "file/not-json": {
      meaning: "The config file is not strict JSON (a comment, a trailing comma, a single quote…); the line and column are given.",
      fix: "Fix the JSON at that place as the message says.",
    },
    "file/duplicate-key": { meaning: "A key is written twice in one object; JSON would silently keep only the last.", fix: "Merge the two into one, or rename one." },
  } satisfies Record<`file/${string}`, ErrorCodeInfo>,
};

export function configFileNotFound(file: string, envVar: string): ConfigError {
  return configError("file/not-found", "Cannot read the config file:", [
    { code: "file/not-found", path: file, message: `no such file; create it (see examples/ and docs/config-reference.md) or point ${envVar} at your config file` },
  ]);
}

export function configFileUnreadable(file: string, reason: string): ConfigError {
  return configError("file/unreadable", "Cannot read the config file:", [{ code: "file/unreadable", path: file, message: `cannot be read (${reason})` }]);
}

/** Where a config file stops being JSON, what is there, and how to fix it. */
export interface JsonSyntaxProblem {
  /** 1-based, as editors count. */
  readonly line: number;
  readonly column: number;
  /** What is found there, e.g. `a comma after the last item, before "}"`. */
  readonly found: string;
  /** How to fix it, e.g. `remove the comma (trailing commas are not allowed in JSON)`. */
  readonly fix: string;
}

export function configFileNotJson(file: string, syntax: JsonSyntaxProblem): ConfigError {
  return configError("file/not-json", "Cannot parse the config file:", [
    { code: "file/not-json", path: file, message: `not valid JSON at line ${syntax.line}, column ${syntax.column}: ${syntax.found}; ${syntax.fix}` },
  ]);
}

/** A key written more than once in one JSON object. */
export interface DuplicateKey {
  /** Where the key is, as problems name places: `environments.prod`. */
  readonly path: string;
  readonly key: string;
  /** Every line the key is written on, in order (1-based). */
  readonly lines: readonly number[];
}

/** One key written twice (or more), as a problem of the config. */
export function duplicateKeyProblem({ path, key, lines }: DuplicateKey): Problem {
  const times = lines.length === 2 ? "twice" : `${lines.length} times`;
  const where = `${lines.slice(0, -1).join(", ")} and ${lines[lines.length - 1]}`;
  const others = lines.length === 2 ? "the first" : "the others";
  return {
    code: "file/duplicate-key",
    path,
    message: `the key ${JSON.stringify(key)} is written ${times} in the same object, at lines ${where}; JSON keeps only the last one and would silently ignore ${others}: merge them into one (or rename one)`,
  };
}
