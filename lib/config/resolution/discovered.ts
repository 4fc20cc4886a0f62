/**
 * The discovered environments: one per account of the accounts file `npm run discover`
 * wrote, organization.environment filled in for it, merged over defaults and checked. A
 * hand-written environment for the same account wins; one of the same name is a clash.
 */
import type { AccountsFile } from "../resolved";
import { isPlainObject } from "../json-value";
import { formatPath } from "../messages";
import { fillPlaceholders, FLAG_MEANING, flagOf } from "../organization";
import { checkSubject, type Subject } from "./environment";
import { at, type EnvironmentConfig, type ProblemList } from "./types";
import { has, type Json } from "./values";

/** What the discovered environments are checked against. */
export interface DiscoveryInput {
  /** The config file (named in notices). */
  readonly file: string;
  /** The accounts file and its content. */
  readonly accountsFile: string;
  readonly accounts: AccountsFile;
  /** organization.environment, checked valid. */
  readonly template: Json;
  readonly defaults: Json;
  /** The hand-written environments' own settings, by name. */
  readonly environments: Record<string, Json>;
}

/** The discovered environments that resolve, in account ID order; their problems go to `problems`, what the user should know to `notices`. */
export function discoveredEnvironments(input: DiscoveryInput, problems: ProblemList, notices: string[]): EnvironmentConfig[] {
  const { file, accountsFile, accounts, template, defaults, environments } = input;
  const names = Object.keys(environments);
  const discovered: EnvironmentConfig[] = [];
  const handByAccount = new Map<unknown, string>();
  for (const name of names) if (!handByAccount.has(environments[name].awsAccountId)) handByAccount.set(environments[name].awsAccountId, name);
  const handByName = new Map(names.map((n) => [n.toLowerCase(), n]));
  for (const accountId of Object.keys(accounts.accounts).sort()) {
    const entry = accounts.accounts[accountId];
    const describe = `account ${accountId} (${JSON.stringify(entry.name)})`;
    const hand = handByAccount.get(accountId);
    if (hand !== undefined) {
      notices.push(
        `${describe[0].toUpperCase()}${describe.slice(1)} has the hand-written environment "${hand}" in ${file}, which wins over its discovered environment "${entry.environment}" in ${accountsFile}.`,
      );
      continue;
    }
    const clash = handByName.get(entry.environment.toLowerCase());
    if (clash !== undefined) {
      problems.report(
        at(
          `environments.${clash}`,
          `the name is taken: ${accountsFile} gives "${entry.environment}" to the discovered ${describe}, and a discovered environment's name never changes once written; rename this environment`,
          "organization/name-taken",
        ),
      );
      continue;
    }
    const values = { accountId, accountName: entry.name, partition: accounts.partition };
    const subject: Subject = {
      name: entry.environment,
      at: ["organization", "environment"],
      own: withRecordedImports({ ...fillPlaceholders(template, values), awsAccountId: accountId }, entry),
    };
    const { config, issues } = checkSubject(subject, defaults);
    if (config && issues.length === 0) {
      discovered.push({ name: entry.environment, config });
      const flag = flagOf(entry);
      if (flag) {
        notices.push(
          `Discovered environment "${entry.environment}" (${describe}) ${FLAG_MEANING[flag.flag]} (noted ${flag.since}); it is still synthesized so that its stack can be destroyed: run \`npx cdktf destroy ${entry.environment}\`, then delete its entry from ${accountsFile}.`,
        );
      }
      continue;
    }
    for (const i of issues) {
      const where = has(subject.own, i.path.slice(0, 1)) && i.path[0] !== "awsAccountId" ? ["organization", "environment"] : ["defaults"];
      problems.report(at(formatPath([...where, ...i.path]), `${i.message} (for the discovered environment "${entry.environment}", ${describe}, in ${accountsFile})`, i.code));
    }
  }
  return discovered;
}

/** A discovered environment's settings with what discover recorded as already in place merged into its `import`. */
function withRecordedImports(own: Json, entry: AccountsFile["accounts"][string]): Json {
  if (!entry.import) return own;
  return { ...own, import: { ...(isPlainObject(own.import) ? own.import : {}), ...entry.import } };
}
