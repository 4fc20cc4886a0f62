/**
 * Changes to the accounts file that keep what is already there: the doctor's and discover's
 * findings recorded in an entry's `import`, and the write itself, in one rename, so the file
 * is either as it was or as it should be.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ResolvedConfig } from "../../lib/config/load-config";
import { AccountsFile, flagOf, readAccountsFile, renderAccountsFile } from "../../lib/config/organization";
import { accountsFileUnwritable } from "../../lib/errors";
import { Adoption, findExisting, inBatches, RecordedImport, recordedImport } from "./adoption";

/**
 * Adds what the doctor found in place to a discovered account's `import` in the accounts
 * file (one rename; the rest of the file as it was). Throws when the file is invalid or the
 * account has no entry.
 */
export function recordImports(accountsFile: string, configFile: string, accountId: string, found: RecordedImport): void {
  const file = readAccountsFile(accountsFile);
  const entry = file?.accounts[accountId];
  if (!file || !entry) throw accountsFileUnwritable(accountsFile, `it has no entry for account ${accountId}`);
  const merged = { ...entry.import, ...found };
  const ordered = { ...(merged.datadogAccountConfigId ? { datadogAccountConfigId: merged.datadogAccountConfigId } : {}), ...(merged.iamRole ? { iamRole: merged.iamRole } : {}) };
  writeAtomically(accountsFile, renderAccountsFile({ ...file, accounts: { ...file.accounts, [accountId]: { ...entry, import: ordered } } }, configFile));
}

/** Writes `text` to `file` in one rename, from a temporary file beside it; on failure, `file` is as it was. */
export function writeAtomically(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(temp, "wx");
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw accountsFileUnwritable(file, (e as Error).message, e);
  }
}

/** Accounts looked up at once: each is a few calls to Datadog, STS and IAM. */
const LOOKUPS_AT_ONCE = 8;

/**
 * Looks up what each enrolled account already has (the discovered environments synth will
 * deploy: not flagged, not replaced by a hand-written one) and records it in the entries'
 * `import`, so the first plan adopts it instead of meeting Datadog's 409.
 */
export async function recordExisting(enrolled: ResolvedConfig, accounts: AccountsFile, env: NodeJS.ProcessEnv): Promise<{ accounts: AccountsFile; adoptions: Adoption[] }> {
  const handWritten = new Set(enrolled.handWritten.map((e) => e.name));
  const byAccount = new Map(Object.entries(accounts.accounts).map(([id, entry]) => [id, entry]));
  const toCheck = enrolled.environments.filter((e) => !handWritten.has(e.name) && byAccount.has(e.config.awsAccountId) && !flagOf(byAccount.get(e.config.awsAccountId)!));
  const adoptions = await inBatches(toCheck, LOOKUPS_AT_ONCE, (e) => findExisting(e, env));
  const entries = { ...accounts.accounts };
  for (const found of adoptions) {
    const { import: before, ...rest } = entries[found.accountId];
    const after = recordedImport(before, found);
    entries[found.accountId] = after ? { ...rest, import: after } : rest;
  }
  return { accounts: { ...accounts, accounts: entries }, adoptions };
}

/** The file's text, "" when it does not exist (or cannot be read: writing it then fails with its own error). */
export function currentText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
