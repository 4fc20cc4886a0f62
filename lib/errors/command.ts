/**
 * `command/`: what every command shares: its arguments (cli/runner.ts), and failures
 * it has no advice for.
 */
import { configError, ConfigError, ErrorCodeInfo, withUsage } from "./core";
import type { ErrorCode } from "./index";

/** The `command/` codes, with what each means and how to fix it. */
export const COMMAND_ERRORS = {
  heading: "Every command",
  codes: {
    "command/usage": { meaning: "A command was given an option or argument it does not take, or lacks one it needs.", fix: "Run the command with --help for what it takes." },
    "command/unknown-environment": { meaning: "An environment named on the command line is not in the config.", fix: "Use the name suggested, or one of those listed." },
    "command/unexpected": { meaning: "A command failed in a way it has no advice for.", fix: "Run it again with DEBUG=1 for the stack trace, and report it with that trace." },
  } satisfies Record<`command/${string}`, ErrorCodeInfo>,
};

/** An argument the command does not take (or one missing); the message ends with the command's usage. */
export function commandUsage(command: string, problem: string, usage: string, code: ErrorCode = "command/usage"): ConfigError {
  return withUsage(configError(code, `Cannot run ${command}:`, [{ code, message: problem }]), usage);
}

export function unknownEnvironments(command: string, file: string, names: readonly { name: string; suggestion?: string }[], known: readonly string[]): ConfigError {
  const listed = known.map((k) => JSON.stringify(k)).join(", ");
  return configError(
    "command/unknown-environment",
    `Cannot run ${command}:`,
    names.map(({ name, suggestion }) => ({
      code: "command/unknown-environment" as const,
      path: file,
      message: `has no environment ${JSON.stringify(name)}; ${suggestion ? `did you mean ${JSON.stringify(suggestion)}? ` : ""}its environments: ${listed}`,
    })),
  );
}

/** The line a command prints for a failure it has no advice for, ending in its code like every other problem. */
export function unexpectedFailureLine(command: string, message: string): string {
  return `${command} failed: ${message} [command/unexpected]`;
}
