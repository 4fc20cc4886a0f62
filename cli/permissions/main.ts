/**
 * `npm run permissions -- check | update [--site <site>] [--facts-dir <dir>]`
 *
 * check: compares the pinned permission lists with Datadog's current ones; exit 0 when the
 * same, 1 with a readable diff when they drifted, 2 when the lists cannot be read.
 * update: writes Datadog's current lists and today's date into the pinned data.
 * DATADOG_API_URL overrides the site's API URL (a proxy, or a local API in tests).
 */
import * as path from "node:path";
import { comparePermissions, describeDrift, hasDrift, PermissionFetchError, writePinned } from "./permission-drift";
import { DATADOG_SITE_NAMES, findDatadogSite } from "../../lib/facts/sites";
import { closest } from "../../lib/config/messages";
import { readCommandLine } from "../runner";
import { commandUsage, ConfigError, PERMISSIONS_DRIFT_LINE, permissionListsUnreadable } from "../../lib/errors";

const COMMAND = "npm run permissions";
const USAGE = `Usage: npm run permissions -- check|update [--site <Datadog site>] [--facts-dir <folder>]
  check               compare the pinned lists with Datadog's current ones (exit 0 same, 1 drifted, 2 unreadable)
  update              write Datadog's current lists and today's date into the pinned data
  --site <site>       the Datadog site whose API is asked (default datadoghq.com; DATADOG_API_URL overrides its URL)
  --facts-dir <dir>   where the pinned lists are (default lib/facts/permissions)
  -h, --help          print this and exit`;

export async function run(args: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<number> {
  let command: string;
  let site: NonNullable<ReturnType<typeof findDatadogSite>>;
  let factsDir: string;
  try {
    const line = readCommandLine({ command: COMMAND, usage: USAGE, options: { site: { type: "string" }, "facts-dir": { type: "string" } }, positionals: { min: 0, max: 1 } }, args, env);
    if (line.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    command = line.positionals[0];
    if (command !== "check" && command !== "update") {
      throw commandUsage(COMMAND, command === undefined ? "no command given: name check or update" : `unknown command ${JSON.stringify(command)}: name check or update`, USAGE);
    }
    const siteName = (line.options.site as string | undefined) ?? "datadoghq.com";
    const found = findDatadogSite(siteName);
    if (!found) {
      const guess = closest(siteName, DATADOG_SITE_NAMES);
      throw commandUsage(
        COMMAND,
        `--site ${JSON.stringify(siteName)} is not a Datadog site${guess ? ` (did you mean ${JSON.stringify(guess)}?)` : ""}; use one of ${DATADOG_SITE_NAMES.join(", ")}`,
        USAGE,
      );
    }
    site = found;
    factsDir = path.resolve((line.options["facts-dir"] as string | undefined) ?? path.join("lib", "facts", "permissions"));
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.message}\n`);
    return 2;
  }
  const apiUrl = env.DATADOG_API_URL || site.apiUrl;
  try {
    const drifts = await comparePermissions(factsDir, apiUrl, env);
    process.stdout.write(`${describeDrift(drifts, apiUrl)}\n`);
    if (command === "check") {
      if (!hasDrift(drifts)) return 0;
      process.stdout.write(`${PERMISSIONS_DRIFT_LINE}\n`);
      return 1;
    }
    const today = new Date().toISOString().slice(0, 10);
    writePinned(factsDir, drifts, apiUrl, today);
    process.stdout.write(`Wrote Datadog's current lists to ${path.relative(process.cwd(), factsDir) || "."} (dated ${today}); synthesize and review the policy changes before committing.\n`);
    return 0;
  } catch (e) {
    if (e instanceof PermissionFetchError) {
      process.stderr.write(`${permissionListsUnreadable(e.message, e).message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  run(process.argv.slice(2), process.env).then((code) => (process.exitCode = code));
}
