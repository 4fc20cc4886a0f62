/**
 * `npm run permissions -- check | update [--site <site>] [--facts-dir <dir>]`
 *
 * check: compares the pinned permission lists with Datadog's current ones; exit 0 when the
 * same, 1 with a readable diff when they drifted, 2 when the lists cannot be read.
 * update: writes Datadog's current lists and today's date into the pinned data.
 * DATADOG_API_URL overrides the site's API URL (a proxy, or a local API in tests).
 */
import * as path from "node:path";
import { comparePermissions, describeDrift, hasDrift, PermissionFetchError, writePinned } from "../lib/app/permission-drift";
import { DATADOG_SITE_NAMES, findDatadogSite } from "../lib/facts/sites";
import { closest } from "../lib/config/messages";

const USAGE = "usage: npm run permissions -- check|update [--site <Datadog site>] [--facts-dir <folder>]";

export async function run(args: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const [command, ...rest] = args;
  const option = (name: string) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  if (command !== "check" && command !== "update") {
    process.stderr.write(`${command === undefined ? "no command" : `unknown command ${JSON.stringify(command)}`}; ${USAGE}\n`);
    return 2;
  }
  const siteName = option("--site") ?? "datadoghq.com";
  const site = findDatadogSite(siteName);
  if (!site) {
    const guess = closest(siteName, DATADOG_SITE_NAMES);
    process.stderr.write(`--site ${JSON.stringify(siteName)} is not a Datadog site${guess ? ` (did you mean ${JSON.stringify(guess)}?)` : ""}; use one of ${DATADOG_SITE_NAMES.join(", ")}\n`);
    return 2;
  }
  const apiUrl = env.DATADOG_API_URL || site.apiUrl;
  const factsDir = path.resolve(option("--facts-dir") ?? path.join("lib", "facts", "permissions"));
  try {
    const drifts = await comparePermissions(factsDir, apiUrl, env);
    process.stdout.write(`${describeDrift(drifts, apiUrl)}\n`);
    if (command === "check") {
      if (!hasDrift(drifts)) return 0;
      process.stdout.write("Datadog's lists changed since they were pinned: review the diff, then run `npm run permissions -- update` and commit the result.\n");
      return 1;
    }
    const today = new Date().toISOString().slice(0, 10);
    writePinned(factsDir, drifts, apiUrl, today);
    process.stdout.write(`Wrote Datadog's current lists to ${path.relative(process.cwd(), factsDir) || "."} (dated ${today}); synthesize and review the policy changes before committing.\n`);
    return 0;
  } catch (e) {
    if (e instanceof PermissionFetchError) {
      process.stderr.write(`Cannot read Datadog's permission lists: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  run(process.argv.slice(2), process.env).then((code) => (process.exitCode = code));
}
