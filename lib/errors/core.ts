/**
 * What every error of this project is made of: a code, the problems it lists, and the
 * class that says where the fix lies. The codes themselves, with their meanings, fixes and
 * factories, are in the area files beside this one (`discover/...` in discover.ts, and so
 * on); index.ts assembles them into `ERROR_CODES`.
 */
import type { ErrorCode } from "./index";

/** What a code means and how to fix it: one line each, as the error table lists them. */
export interface ErrorCodeInfo {
  /** What is wrong. */
  readonly meaning: string;
  /** How to fix it. */
  readonly fix: string;
}

/** The codes of one area (the part of a code before the slash), under the heading the error table gives them. */
export interface ErrorArea {
  /** The heading of the area's table, e.g. "`npm run discover`". */
  readonly heading: string;
  /** What a reader should know first, printed after the heading in parentheses (e.g. how the codes are printed). */
  readonly note?: string;
  /** Each code with its meaning and fix, in the order the table lists them. */
  readonly codes: Readonly<Record<string, ErrorCodeInfo>>;
}

/** One problem of a `CodedError`: its code, where it is, and what to do. */
export interface Problem {
  /** The problem's stable code. */
  readonly code: ErrorCode;
  /** Where the problem is, as printed before the colon: a field path (`environments.prod.awsAccountId`), a file, or a construct path. */
  readonly path?: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** A problem as one line: `<path>: <message>`. */
export function problemLine(problem: Problem): string {
  return problem.path === undefined ? problem.message : `${problem.path}: ${problem.message}`;
}

/**
 * A problem the user can fix, with a stable code: the commands print its message without a
 * stack trace. Catch this to catch every error of the project; its subclasses say where the
 * fix lies (`ConfigError`: what the user wrote; `ServiceError`: AWS or Datadog).
 */
export class CodedError extends Error {
  /** One line per problem, each naming where it is (the printed lines, without their codes). */
  readonly problems: readonly string[];
  /** The same problems with their codes; a problem given as a bare string has the error's code. */
  readonly issues: readonly Problem[];

  constructor(
    message: string,
    problems: readonly (string | Problem)[],
    /** The code of the error as a whole. */
    readonly code: ErrorCode,
  ) {
    super(message);
    this.name = "CodedError";
    this.issues = problems.map((p) => (typeof p === "string" ? { code, message: p } : p));
    this.problems = this.issues.map(problemLine);
  }
}

/**
 * A problem with what the user wrote or set up on their machine: the config file, the
 * accounts file, the construct's props, a command's arguments, the output folder.
 */
export class ConfigError extends CodedError {
  constructor(message: string, problems: readonly (string | Problem)[], code: ErrorCode = "config/invalid") {
    super(message, problems, code);
    this.name = "ConfigError";
  }
}

/**
 * AWS or Datadog could not be used: no credentials or refused ones, access denied, not
 * reachable, or an answer the command has no advice for. The config may be right.
 */
export class ServiceError extends CodedError {
  constructor(message: string, problems: readonly (string | Problem)[], code: ErrorCode) {
    super(message, problems, code);
    this.name = "ServiceError";
  }
}

/** `header`, then each problem on its own line ending in its code. */
function listed(header: string, problems: readonly Problem[]): string {
  return `${header}\n${problems.map((p) => `  - ${problemLine(p)} [${p.code}]`).join("\n")}`;
}

type ErrorClass = new (message: string, problems: readonly Problem[], code: ErrorCode) => CodedError;

function coded<E extends CodedError>(kind: ErrorClass, code: ErrorCode, header: string, problems: readonly (string | Problem)[], cause?: unknown): E {
  const issues = problems.map((p) => (typeof p === "string" ? { code, message: p } : p));
  const error = new kind(listed(header, issues), issues, code);
  if (cause !== undefined) error.cause = cause;
  return error as E;
}

/** A `ConfigError` of one or more problems: the message lists them under `header`; bare strings get `code`. */
export function configError(code: ErrorCode, header: string, problems: readonly (string | Problem)[], cause?: unknown): ConfigError {
  return coded<ConfigError>(ConfigError, code, header, problems, cause);
}

/** A `ServiceError` of one or more problems: the message lists them under `header`; bare strings get `code`. */
export function serviceError(code: ErrorCode, header: string, problems: readonly (string | Problem)[], cause?: unknown): ServiceError {
  return coded<ServiceError>(ServiceError, code, header, problems, cause);
}

/** `error` with the command's usage printed after its problems (same class, code and problems). */
export function withUsage<E extends CodedError>(error: E, usage: string): E {
  const kind = error.constructor as new (message: string, problems: readonly Problem[], code: ErrorCode) => E;
  const shown = new kind(`${error.message}\n${usage}`, error.issues, error.code);
  if (error.cause !== undefined) shown.cause = error.cause;
  return shown;
}
