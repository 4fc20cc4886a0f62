/** `npm run discover` as a command: its arguments, usage and what it prints (runner.ts does the rest). */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import { CONFIG_ENV_VAR, DEFAULT_CONFIG_FILE } from "../../lib/config/load-config";
import { type Command, EXIT_OK, runCommand } from "../runner";
import { formatAdoptions } from "./adoption-summary";
import { discover } from "./discover";
import { formatSummary } from "./enrollment";

export const DISCOVER_USAGE = `Usage: npm run discover -- [--dry-run] [--config <file>]
  --dry-run        read the organization and print what would change in the accounts file; write nothing
  --config <file>  the config file (default: ${CONFIG_ENV_VAR}, else ${DEFAULT_CONFIG_FILE})
  -h, --help       print this and exit`;

const NOTHING_WRITTEN = "Nothing was written: the accounts file is as it was.";

/** Lines of context around each change: enough to see which account an added line belongs to. */
const DIFF_CONTEXT = 2;

/** What a dry run would change in the accounts file, as the unified diff `git diff` and `patch` read. */
function accountsFileDiff(file: string, before: string, after: string): string {
  return createTwoFilesPatch(file, file, before, after, "as it is", "as discover would write it", { context: DIFF_CONTEXT, headerOptions: FILE_HEADERS_ONLY });
}

/** `npm run discover` for the runner: the summary on stdout, problems on stderr, exit code for machines (runner.ts). */
export const DISCOVER_COMMAND: Command = {
  command: "npm run discover",
  name: "Discover",
  usage: DISCOVER_USAGE,
  readsConfig: true,
  options: { "dry-run": { type: "boolean" } },
  run: async (line, env) => {
    const dryRun = line.options["dry-run"] === true;
    const result = await discover(line.configFile, { dryRun, env });
    process.stdout.write(formatSummary(result.view, result.plan, result.accountsFile, dryRun ? "dry-run" : result.wrote));
    process.stdout.write(formatAdoptions(result.adoptions, result.accountsFile));
    if (dryRun) {
      process.stdout.write(
        result.before === result.after
          ? `Dry run: ${result.accountsFile} would not change; nothing was written.\n`
          : `Dry run: ${result.accountsFile} would change as follows; nothing was written.\n${accountsFileDiff(result.accountsFile, result.before, result.after)}`,
      );
    }
    return EXIT_OK;
  },
  // Unless the message says so already.
  afterError: (error) => (/nothing was written/i.test(error.message) ? undefined : NOTHING_WRITTEN),
};

/** Runs discover as a command (cli/discover/main.ts). */
export function main(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  // The pinned SDK runs on Node 20; its notice that later releases will need Node 22 would
  // be printed on every run. Set the variable to "false" to see it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  return runCommand(DISCOVER_COMMAND, argv, env);
}
