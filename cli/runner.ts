/**
 * The one runner every command (synth, doctor, discover, permissions) goes through: how it
 * reads its arguments, answers --help, prints an error and chooses its exit code, so the
 * same error looks and exits the same in each.
 *
 * Arguments: Node's own `util.parseArgs`, so an option is spelled and refused the same way
 * everywhere. A command either honours an argument or refuses it with its usage and a coded
 * error; nothing is ignored silently (`npm run synth -- --hcl` once wrote JSON without a
 * word). Every command takes `-h`/`--help`; a command that reads the config also takes
 * `--config <file>`, which wins over DATADOG_AWS_CONFIG.
 *
 * Exit codes: EXIT_OK, EXIT_FINDINGS, EXIT_ERROR below.
 */
import { parseArgs } from "node:util";
import { CONFIG_ENV_VAR, DEFAULT_CONFIG_FILE } from "../lib/config/load-config";
import { closest } from "../lib/config/messages";
import { CodedError, commandUsage, ConfigError, type ErrorCode, unexpectedFailureLine, unknownEnvironments } from "../lib/errors";

/** An option a command takes besides --help and --config. */
export interface OptionSpec {
  readonly type: "boolean" | "string";
  readonly short?: string;
}

/** What a command takes. */
export interface CommandSpec {
  /** How the user runs it, e.g. `npm run synth`. */
  readonly command: string;
  /** The text --help prints and a refusal ends with. */
  readonly usage: string;
  readonly options?: Readonly<Record<string, OptionSpec>>;
  /** Whether it reads the config file, and so takes --config. */
  readonly readsConfig?: boolean;
  /** How many positional arguments it takes. */
  readonly positionals?: { readonly min: number; readonly max: number };
  /** The code a refusal has (default command/usage). */
  readonly code?: ErrorCode;
}

/** The arguments, read. */
export interface CommandLine {
  /** --help was given: print the usage, do nothing else. */
  readonly help: boolean;
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
  /** --config, else DATADOG_AWS_CONFIG, else the default (for commands that read the config). */
  readonly configFile: string;
}

const HELP: Readonly<Record<string, OptionSpec>> = { help: { type: "boolean", short: "h" } };
const CONFIG: Readonly<Record<string, OptionSpec>> = { config: { type: "string" } };

/** Reads `argv` as `spec` says. Throws a ConfigError (spec.code) naming what is wrong, with the usage. */
export function readCommandLine(spec: CommandSpec, argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CommandLine {
  const options = { ...HELP, ...(spec.readsConfig ? CONFIG : {}), ...spec.options };
  const refuse = (problem: string): ConfigError => commandUsage(spec.command, problem, spec.usage, spec.code);
  // Not strict: parseArgs' own errors would name neither the command nor a fix; the tokens are checked below.
  const { values, positionals, tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  if (values.help === true) return { help: true, options: values, positionals, configFile: "" };

  const names = Object.keys(options).map((n) => `--${n}`);
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const option = options[token.name];
    if (!option) {
      const guess = token.rawName.startsWith("--") ? closest(token.rawName, names) : undefined;
      throw refuse(`unknown option ${JSON.stringify(token.rawName)}${guess ? ` (did you mean ${JSON.stringify(guess)}?)` : ""}; it takes ${names.join(", ")}`);
    }
    if (option.type === "string" && (token.value === undefined || token.value === "")) throw refuse(`${token.rawName} needs a value after it (see the usage below)`);
    if (option.type === "boolean" && token.inlineValue) throw refuse(`${token.rawName} takes no value (give ${token.rawName} alone)`);
  }
  for (const [name, value] of Object.entries(values)) {
    // An option given twice: parseArgs keeps the last, which would silently drop the first.
    const given = tokens.filter((t) => t.kind === "option" && t.name === name).length;
    if (given > 1) throw refuse(`--${name} is given ${given} times; give it once${typeof value === "string" ? ` (the last, ${JSON.stringify(value)}, would win silently)` : ""}`);
  }
  const { min, max } = spec.positionals ?? { min: 0, max: 0 };
  if (positionals.length > max) {
    const extra = positionals.slice(max).map((p) => JSON.stringify(p));
    throw refuse(max === 0 ? `it takes no arguments, but was given ${extra.join(" ")}` : `it takes at most ${max} argument(s); ${extra.join(" ")} is one too many`);
  }
  if (positionals.length < min) throw refuse(`it needs ${min} argument(s), but was given ${positionals.length}`);

  const configFile = (typeof values.config === "string" ? values.config : undefined) || env[CONFIG_ENV_VAR] || DEFAULT_CONFIG_FILE;
  return { help: false, options: values, positionals, configFile };
}

/** The command did its job and found nothing to fix (or printed its --help). */
export const EXIT_OK = 0;
/** The command did its job and found something to fix: the doctor's findings, the permission lists' drift. */
export const EXIT_FINDINGS = 1;
/**
 * The command could not do its job: refused arguments, a bad config, missing credentials, an
 * API that failed, an unexpected failure. One code for all, so a script tells "found
 * something" (1) from "could not look" (2) the same way for every command.
 */
export const EXIT_ERROR = 2;

/**
 * Checks environment names given on the command line against the config's, refusing every
 * unknown one at once (with the closest name, if any).
 */
export function checkEnvironmentNames(command: string, configFile: string, given: readonly string[], known: readonly string[]): void {
  const unknown = given.filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  const suggest = (name: string) => closest(name, known) ?? known.find((k) => k.toLowerCase() === name.toLowerCase());
  throw unknownEnvironments(
    command,
    configFile,
    unknown.map((name) => ({ name, suggestion: suggest(name) })),
    known,
  );
}

/** A command as the runner runs it. */
export interface Command extends CommandSpec {
  /** How its unexpected failures start: "Synth" gives "Synth failed: ...". */
  readonly name: string;
  /** Does the work once the arguments are read; resolves to EXIT_OK or EXIT_FINDINGS, throws a ConfigError for what the user can fix. */
  readonly run: (line: CommandLine, env: Readonly<Record<string, string | undefined>>) => Promise<number>;
  /** A line to print after any error, e.g. that nothing was written. */
  readonly afterError?: (error: Error) => string | undefined;
}

/**
 * Runs a command: --help prints its usage (exit 0); a CodedError (ConfigError, ServiceError) prints its message, never a
 * trace (with DEBUG, the trace of its cause, where an SDK's error carries the detail);
 * anything else prints one coded line and a hint, or its trace with DEBUG. Either exits
 * EXIT_ERROR.
 */
export async function runCommand(command: Command, argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<number> {
  let line: CommandLine;
  try {
    line = readCommandLine(command, argv, env);
  } catch (e) {
    // Refused arguments: the command did nothing, its usage is the whole answer.
    return reportError(command, e, env, false);
  }
  if (line.help) {
    process.stdout.write(`${command.usage}\n`);
    return EXIT_OK;
  }
  try {
    return await command.run(line, env);
  } catch (e) {
    return reportError(command, e, env, true);
  }
}

function reportError(command: Command, e: unknown, env: Readonly<Record<string, string | undefined>>, ran: boolean): number {
  const error = e instanceof Error ? e : new Error(String(e));
  const after = ran ? command.afterError?.(error) : undefined;
  const tail = after ? `${after}\n` : "";
  if (error instanceof CodedError) {
    process.stderr.write(`${error.message}\n${tail}`);
    const cause = error.cause instanceof Error ? error.cause : undefined;
    if (env.DEBUG && cause?.stack) process.stderr.write(`${cause.stack}\n`);
    return EXIT_ERROR;
  }
  process.stderr.write(`${unexpectedFailureLine(command.name, error.message)}\n${tail}`);
  process.stderr.write(env.DEBUG && error.stack ? `${error.stack}\n` : "Set DEBUG=1 for the stack trace.\n");
  return EXIT_ERROR;
}
