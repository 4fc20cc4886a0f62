/**
 * `npm run permissions -- check | update [--site <site>] [--facts-dir <dir>]`
 *
 * check: compares the pinned permission lists with Datadog's current ones; exit 0 when the
 * same, 1 with a readable diff when they drifted, 2 when the lists cannot be read.
 * update: writes Datadog's current lists and today's date into the pinned data.
 * DATADOG_API_URL overrides the site's API URL (a proxy, or a local API in tests).
 */
import * as path from "node:path";
import { comparePermissions, describeDrift, hasDrift, writePinned } from "./permission-drift";
import { DATADOG_SITE_NAMES, type DatadogSite, findDatadogSite } from "../../lib/facts/sites";
import { closest } from "../../lib/config/messages";
import { type Command, EXIT_FINDINGS, EXIT_OK, runCommand } from "../runner";
import { commandUsage, PERMISSIONS_DRIFT_LINE } from "../../lib/errors";

const COMMAND = "npm run permissions";
const USAGE = `Usage: npm run permissions -- check|update [--site <Datadog site>] [--facts-dir <folder>]
  check               compare the pinned lists with Datadog's current ones (exit 0 same, 1 drifted, 2 unreadable)
  update              write Datadog's current lists and today's date into the pinned data
  --site <site>       the Datadog site whose API is asked (default datadoghq.com; DATADOG_API_URL overrides its URL)
  --facts-dir <dir>   where the pinned lists are (default lib/facts/permissions)
  -h, --help          print this and exit`;

/** The site --site names, or a refusal naming the closest site. */
function siteNamed(name: string): DatadogSite {
  const found = findDatadogSite(name);
  if (found) return found;
  const guess = closest(name, DATADOG_SITE_NAMES);
  throw commandUsage(COMMAND, `--site ${JSON.stringify(name)} is not a Datadog site${guess ? ` (did you mean ${JSON.stringify(guess)}?)` : ""}; use one of ${DATADOG_SITE_NAMES.join(", ")}`, USAGE);
}

/** `npm run permissions` for the runner (runner.ts): exit 0 same or written, 1 drifted, 2 refused or unreadable. */
export const PERMISSIONS_COMMAND: Command = {
  command: COMMAND,
  name: "Permissions",
  usage: USAGE,
  options: { site: { type: "string" }, "facts-dir": { type: "string" } },
  positionals: { min: 0, max: 1 },
  run: async (line, env) => {
    const command = line.positionals[0];
    if (command !== "check" && command !== "update") {
      throw commandUsage(COMMAND, command === undefined ? "no command given: name check or update" : `unknown command ${JSON.stringify(command)}: name check or update`, USAGE);
    }
    const site = siteNamed((line.options.site as string | undefined) ?? "datadoghq.com");
    const factsDir = path.resolve((line.options["facts-dir"] as string | undefined) ?? path.join("lib", "facts", "permissions"));
    const apiUrl = env.DATADOG_API_URL || site.apiUrl;
    // A list Datadog does not give is a ServiceError coded by its cause (permission-drift.ts).
    const drifts = await comparePermissions(factsDir, apiUrl, env);
    process.stdout.write(`${describeDrift(drifts, apiUrl)}\n`);
    if (command === "check") {
      if (!hasDrift(drifts)) return EXIT_OK;
      process.stdout.write(`${PERMISSIONS_DRIFT_LINE}\n`);
      return EXIT_FINDINGS;
    }
    const today = new Date().toISOString().slice(0, 10);
    writePinned(factsDir, drifts, apiUrl, today);
    process.stdout.write(`Wrote Datadog's current lists to ${path.relative(process.cwd(), factsDir) || "."} (dated ${today}); synthesize and review the policy changes before committing.\n`);
    return EXIT_OK;
  },
};

export function run(args: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<number> {
  return runCommand(PERMISSIONS_COMMAND, args, env);
}

if (require.main === module) {
  run(process.argv.slice(2), process.env).then((code) => (process.exitCode = code));
}
