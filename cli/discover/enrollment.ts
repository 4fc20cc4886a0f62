/**
 * From what AWS Organizations says now and what the accounts file says from the last run,
 * the new accounts file and what changed. No network and no files: `organization-reader.ts` reads
 * the organization and `discover.ts` writes the result.
 *
 * - An active, selected account without an entry gets one, named after the account
 *   (`freeEnvironmentName`: never a name another environment has).
 * - An entry keeps its name forever. An account that left the organization, was closed,
 *   or is no longer selected keeps its entry with a flag saying so and since when: its
 *   stack is still synthesized, because it must be destroyed before the entry goes.
 * - An account that comes back (rejoins, reopens, is selected again) loses the flag.
 */
import { AccountEntry, AccountsFile, EnrollmentFlag, flagOf, freeEnvironmentName } from "../../lib/config/organization";
import type { Partition } from "../../lib/facts/partitions";

/** One account as AWS Organizations lists it. */
export interface OrganizationAccount {
  readonly id: string;
  readonly name: string;
  /** `State` (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, PENDING_ACTIVATION), or the older `Status`. */
  readonly state: string;
}

/** What AWS Organizations says about the organization now. */
export interface OrganizationView {
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly partition: Partition;
  /** Every account of the organization. */
  readonly accounts: readonly OrganizationAccount[];
  /** The accounts under organization.ouIds; undefined when every account is selected. */
  readonly selected?: ReadonlySet<string>;
  /** Pages read per API operation. */
  readonly pages: Readonly<Record<string, number>>;
}

export interface EnrollmentSettings {
  readonly excludeAccountIds?: readonly string[];
}

/** An environment discover knows about. */
export interface EnrolledAccount {
  readonly id: string;
  readonly name: string;
  readonly environment: string;
}

export interface Enrollment {
  /** The accounts file to write. */
  readonly accounts: AccountsFile;
  /** Newly enrolled accounts. */
  readonly added: readonly EnrolledAccount[];
  /** Enrolled before and still enrolled. */
  readonly kept: readonly EnrolledAccount[];
  /** Kept accounts whose name changed in AWS (the environment name does not). */
  readonly renamed: readonly (EnrolledAccount & { readonly from: string })[];
  /** Flagged before, enrolled again now. */
  readonly back: readonly EnrolledAccount[];
  /** Entries that are not enrolled any more: still synthesized, to be destroyed. */
  readonly flagged: readonly (EnrolledAccount & { readonly flag: EnrollmentFlag; readonly since: string; readonly isNew: boolean })[];
  /** Accounts of the organization that have no entry and got none, with why. */
  readonly skipped: readonly { readonly id: string; readonly name: string; readonly reason: SkipReason; readonly state: string }[];
  /** Entries whose account has a hand-written environment, which wins. */
  readonly handWritten: readonly (EnrolledAccount & { readonly by: string })[];
  /** True when the file to write differs from the one read. */
  readonly changed: boolean;
}

export type SkipReason = "inactive" | "excluded" | "outsideSelection";

/** The new accounts file and what changed since `previous` (undefined: the first run). */
export function planEnrollment(
  previous: AccountsFile | undefined,
  view: OrganizationView,
  settings: EnrollmentSettings,
  handWritten: readonly { readonly name: string; readonly accountId: string }[],
  today: string,
): Enrollment {
  const entries = new Map<string, AccountEntry>(Object.entries(previous?.accounts ?? {}));
  const taken = new Set([...handWritten.map((e) => e.name.toLowerCase()), ...[...entries.values()].map((e) => e.environment.toLowerCase())]);
  const excluded = new Set(settings.excludeAccountIds ?? []);
  const inOrganization = new Map(view.accounts.map((a) => [a.id, a]));
  const next = new Map<string, AccountEntry>();
  const added: EnrolledAccount[] = [];
  const kept: EnrolledAccount[] = [];
  const renamed: (EnrolledAccount & { from: string })[] = [];
  const back: EnrolledAccount[] = [];
  const flagged: (EnrolledAccount & { flag: EnrollmentFlag; since: string; isNew: boolean })[] = [];
  const skipped: { id: string; name: string; reason: SkipReason; state: string }[] = [];

  /** The entry with only this flag (the date kept when it had the same flag before). */
  const withFlag = (entry: AccountEntry, flag: EnrollmentFlag): { entry: AccountEntry; since: string; isNew: boolean } => {
    const before = flagOf(entry);
    const since = before?.flag === flag ? before.since : today;
    return { entry: { environment: entry.environment, name: entry.name, [flag]: since, ...(entry.import ? { import: entry.import } : {}) }, since, isNew: before?.flag !== flag };
  };

  for (const account of [...view.accounts].sort((a, b) => a.id.localeCompare(b.id))) {
    const active = account.state === "ACTIVE";
    const selected = !excluded.has(account.id) && (view.selected === undefined || view.selected.has(account.id));
    const before = entries.get(account.id);
    if (!before) {
      if (active && selected) {
        const environment = freeEnvironmentName(account.name, account.id, taken);
        taken.add(environment.toLowerCase());
        next.set(account.id, { environment, name: account.name });
        added.push({ id: account.id, name: account.name, environment });
      } else {
        skipped.push({ id: account.id, name: account.name, state: account.state, reason: !active ? "inactive" : excluded.has(account.id) ? "excluded" : "outsideSelection" });
      }
      continue;
    }
    // What an earlier run found in place stays until a run that can check it again says otherwise.
    const current: AccountEntry = { environment: before.environment, name: account.name, ...(before.import ? { import: before.import } : {}) };
    const item = { id: account.id, name: account.name, environment: before.environment };
    if (before.name !== account.name) renamed.push({ ...item, from: before.name });
    if (active && selected) {
      next.set(account.id, current);
      (flagOf(before) ? back : kept).push(item);
      continue;
    }
    const { entry, since, isNew } = withFlag({ ...current, ...flagFields(before) }, active ? "outsideSelection" : "closed");
    next.set(account.id, entry);
    flagged.push({ ...item, flag: active ? "outsideSelection" : "closed", since, isNew });
  }
  for (const [id, before] of entries) {
    if (inOrganization.has(id)) continue;
    const { entry, since, isNew } = withFlag(before, "leftOrganization");
    next.set(id, entry);
    flagged.push({ id, name: before.name, environment: before.environment, flag: "leftOrganization", since, isNew });
  }

  const accounts: AccountsFile = {
    organizationId: view.organizationId,
    managementAccountId: view.managementAccountId,
    partition: view.partition,
    accounts: Object.fromEntries([...next.entries()].sort(([a], [b]) => a.localeCompare(b))),
  };
  const handByAccount = new Map(handWritten.map((e) => [e.accountId, e.name]));
  const handWrittenWins = [...next.entries()].filter(([id]) => handByAccount.has(id)).map(([id, e]) => ({ id, name: e.name, environment: e.environment, by: handByAccount.get(id)! }));
  return {
    accounts,
    added,
    kept,
    renamed,
    back,
    flagged: flagged.sort((a, b) => a.id.localeCompare(b.id)),
    skipped,
    handWritten: handWrittenWins,
    changed: previous === undefined || JSON.stringify(comparable(previous)) !== JSON.stringify(comparable(accounts)),
  };
}

function flagFields(entry: AccountEntry): Partial<AccountEntry> {
  const flag = flagOf(entry);
  return flag ? { [flag.flag]: flag.since } : {};
}

/** The file's content in a fixed order, to compare two of them. */
function comparable(file: AccountsFile): unknown {
  const ids = Object.keys(file.accounts).sort();
  return [
    file.organizationId,
    file.managementAccountId,
    file.partition,
    ids.map((id) => [id, file.accounts[id].environment, file.accounts[id].name, flagOf(file.accounts[id]) ?? null, file.accounts[id].import ?? null]),
  ];
}

// ---------------------------------------------------------------------------------------
// The summary discover prints
// ---------------------------------------------------------------------------------------

const FLAG_SUMMARY: Record<EnrollmentFlag, string> = {
  leftOrganization: "left the organization",
  closed: "closed or suspended",
  outsideSelection: "no longer selected by organization.ouIds or excludeAccountIds",
};

const SKIP_SUMMARY: Record<SkipReason, (state: string) => string> = {
  inactive: (state) => `not active (${state}); enrolled if it becomes active`,
  excluded: () => "in organization.excludeAccountIds",
  outsideSelection: () => "outside organization.ouIds",
};

/** What discover prints on stdout: the organization, then added, kept, left and skipped accounts, then what to do. */
export function formatSummary(view: OrganizationView, plan: Enrollment, accountsFile: string, wrote: boolean | "dry-run"): string {
  const lines: string[] = [];
  const account = (a: { id: string; name: string }) => `${a.id} ${JSON.stringify(a.name)}`;
  const pages = Object.entries(view.pages)
    .map(([op, n]) => `${op} ${n}`)
    .join(", ");
  lines.push(
    `Organization ${view.organizationId} (management account ${view.managementAccountId}, partition ${view.partition}): ${view.accounts.length} account(s)` +
      `${view.selected ? `, ${view.selected.size} under organization.ouIds` : ""}; pages read: ${pages}.`,
  );
  const state = wrote === "dry-run" ? "not written: dry run" : wrote ? "updated" : "unchanged";
  lines.push(`Since the last run (${accountsFile} ${state}):`);
  lines.push(`  added (${plan.added.length})${plan.added.length ? ":" : ""}`);
  for (const a of plan.added) lines.push(`    ${a.environment}  ${account(a)}`);
  lines.push(`  kept (${plan.kept.length + plan.back.length})${plan.back.length ? `, ${plan.back.length} of them enrolled again:` : ""}`);
  for (const a of plan.back) lines.push(`    ${a.environment}  ${account(a)}  enrolled again`);
  for (const a of plan.renamed) lines.push(`    ${a.environment}  ${a.id}  renamed in AWS from ${JSON.stringify(a.from)} to ${JSON.stringify(a.name)}; the environment keeps its name`);
  const left = plan.flagged.filter((f) => f.flag === "leftOrganization");
  const others = plan.flagged.filter((f) => f.flag !== "leftOrganization");
  lines.push(`  left (${left.length})${left.length ? ": kept in the file and still synthesized, so that their stacks can be destroyed" : ""}`);
  for (const f of left) lines.push(`    ${f.environment}  ${account(f)}  left the organization ${f.isNew ? "(noticed now)" : `(noticed ${f.since})`}`);
  if (others.length) {
    lines.push(`  no longer enrolled (${others.length}): kept in the file and still synthesized, so that their stacks can be destroyed`);
    for (const f of others) lines.push(`    ${f.environment}  ${account(f)}  ${FLAG_SUMMARY[f.flag]} ${f.isNew ? "(noticed now)" : `(noticed ${f.since})`}`);
  }
  const outside = plan.skipped.filter((s) => s.reason === "outsideSelection");
  const listed = plan.skipped.filter((s) => s.reason !== "outsideSelection");
  lines.push(`  skipped (${plan.skipped.length})${plan.skipped.length ? ":" : ""}`);
  for (const s of listed) lines.push(`    ${account(s)}  ${SKIP_SUMMARY[s.reason](s.state)}`);
  if (outside.length) lines.push(`    ${outside.length} account(s) ${SKIP_SUMMARY.outsideSelection("")}`);
  for (const h of plan.handWritten) lines.push(`Account ${account(h)}: the hand-written environment "${h.by}" wins over its discovered environment "${h.environment}".`);
  if (plan.flagged.length) {
    lines.push(
      `To remove a stack that is no longer enrolled: \`npx cdktf destroy <environment>\` (${plan.flagged
        .map((f) => f.environment)
        .sort()
        .join(", ")}), then delete its entry from ${accountsFile}.`,
    );
  }
  return `${lines.join("\n")}\n`;
}
