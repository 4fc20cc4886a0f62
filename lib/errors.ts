/**
 * Every error this project raises on purpose, as named factories, so messages stay
 * consistent and tests can match them. A user-facing error says what was given, what is
 * allowed and how to fix it.
 */

/** A problem with user input. The app prints its message without a stack trace. */
export class ConfigError extends Error {
  constructor(
    message: string,
    /** One line per problem, each naming where it is. */
    readonly problems: readonly string[],
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

function listed(header: string, problems: readonly string[]): string {
  return `${header}\n${problems.map((p) => `  - ${p}`).join("\n")}`;
}

export function configFileNotFound(file: string, envVar: string): ConfigError {
  const problem = `${file}: no such file; create it (see examples/ and the README's config reference) or point ${envVar} at your config file`;
  return new ConfigError(listed("Cannot read the config file:", [problem]), [problem]);
}

export function configFileUnreadable(file: string, reason: string): ConfigError {
  const problem = `${file}: cannot be read (${reason})`;
  return new ConfigError(listed("Cannot read the config file:", [problem]), [problem]);
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
  const problem = `${file}: not valid JSON at line ${syntax.line}, column ${syntax.column}: ${syntax.found}; ${syntax.fix}`;
  return new ConfigError(listed("Cannot parse the config file:", [problem]), [problem]);
}

/** A key written more than once in one JSON object. */
export interface DuplicateKey {
  /** Where the key is, as problems name places: `environments.prod`. */
  readonly path: string;
  readonly key: string;
  /** Every line the key is written on, in order (1-based). */
  readonly lines: readonly number[];
}

function duplicateKeyProblem({ path, key, lines }: DuplicateKey): string {
  const times = lines.length === 2 ? "twice" : `${lines.length} times`;
  const where = `${lines.slice(0, -1).join(", ")} and ${lines[lines.length - 1]}`;
  const others = lines.length === 2 ? "the first" : "the others";
  return `${path}: the key ${JSON.stringify(key)} is written ${times} in the same object, at lines ${where}; JSON keeps only the last one and would silently ignore ${others}: merge them into one (or rename one)`;
}

/**
 * Keys written twice (JSON.parse keeps the last one silently), listed before any other
 * problem the config has, so one run reports everything.
 */
export function duplicateConfigKeys(file: string, duplicates: readonly DuplicateKey[], otherProblems: readonly string[] = []): ConfigError {
  return invalidConfig(file, [...duplicates.map(duplicateKeyProblem), ...otherProblems]);
}

export function invalidConfig(file: string, problems: readonly string[]): ConfigError {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return new ConfigError(listed(`${file}: ${count}; nothing was written.`, problems), problems);
}

/** Props given to the construct from TypeScript break the same rules as the config file. */
export function invalidIntegrationProps(constructPath: string, problems: readonly string[]): ConfigError {
  return new ConfigError(listed(`Invalid DatadogAwsIntegration props at ${constructPath}:`, problems), problems);
}

export function outputFolderUnusable(outdir: string, envVar: string, reason: string): ConfigError {
  const problem = `${outdir}: cannot be used as the output folder (${reason}); point ${envVar} at a folder you can write to`;
  return new ConfigError(listed("Cannot write the output:", [problem]), [problem]);
}

/** More managed policies than the account's IAM quota lets one role or user have. */
export function tooManyManagedPolicies(constructPath: string, total: number, quota: number, maxQuota: number): ConfigError {
  const raise =
    quota < maxQuota
      ? `or ask AWS to raise the account's "Managed policies per role" quota (Service Quotas, up to ${maxQuota}) and set managedPolicyQuota to the new value`
      : `(${quota} is already the most AWS allows)`;
  const problem = `${constructPath}: ${total} managed policies would be attached, over the quota of ${quota} per role or user; turn off cspm or resourceCollection, ${raise}`;
  return new ConfigError(listed("Too many managed policies:", [problem]), [problem]);
}

/**
 * Two integrations that would share a Terraform address or an IAM name: the second would
 * silently replace the first (on a live account, a destroyed role).
 */
export function conflictingIntegrations(first: string, second: string, shared: string, fix: string): ConfigError {
  const problem = `${second} and ${first} would share ${shared}; ${fix}`;
  return new ConfigError(listed("Two Datadog AWS integrations collide:", [problem]), [problem]);
}
