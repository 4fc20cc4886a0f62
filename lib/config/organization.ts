/**
 * The organization section's two halves that need no network: the placeholders of
 * `organization.environment`, and the accounts file `npm run discover` writes and synth
 * reads (one entry per account: its environment name, which never changes once written).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import type { AccountEntry, AccountsFile } from "./resolved";
import { accountsFileInvalid, type ErrorCode, type Problem } from "../errors";
import { PARTITIONS, type Partition } from "../facts/partitions";
import { closest, describeIssue, flattenIssues, formatPath, toProblems, withCode } from "./messages";
import { awsAccountIdRule, STACK_NAME_CODE, stackNameProblem } from "./fields/rules";
import { importSchema } from "./fields/integration";
import { DEFAULT_ACCOUNTS_FILE } from "./fields/organization";
import type { Same } from "./same-type";
import { isPlainObject, quote } from "./json-value";

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------
// Placeholders
// ---------------------------------------------------------------------------------------

/** What `{accountId}`, `{accountName}` and `{partition}` stand for in one discovered account. */
export interface PlaceholderValues {
  readonly accountId: string;
  readonly accountName: string;
  readonly partition: string;
}

export const PLACEHOLDER_NAMES: readonly (keyof PlaceholderValues)[] = ["accountId", "accountName", "partition"];
const PLACEHOLDER = /\{([^{}]*)\}/g;
const PLACEHOLDER_LIST = PLACEHOLDER_NAMES.map((n) => `{${n}}`).join(", ");

/** Every string of `value` (at any depth of objects and lists) with the path to it. */
function stringsOf(value: unknown, at: PropertyKey[] = []): { path: PropertyKey[]; text: string }[] {
  if (typeof value === "string") return [{ path: at, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsOf(v, [...at, i]));
  if (isPlainObject(value)) return Object.entries(value).flatMap(([k, v]) => stringsOf(v, [...at, k]));
  return [];
}

/** Placeholders that are not ours (`{accountID}`, `{account}`), each with the path it is at. */
export function unknownPlaceholders(template: Json): { path: PropertyKey[]; message: string; code: ErrorCode }[] {
  const problems: { path: PropertyKey[]; message: string; code: ErrorCode }[] = [];
  for (const { path: at, text } of stringsOf(template)) {
    for (const match of text.matchAll(PLACEHOLDER)) {
      const name = match[1];
      if ((PLACEHOLDER_NAMES as readonly string[]).includes(name)) continue;
      const guess = closest(name, PLACEHOLDER_NAMES) ?? PLACEHOLDER_NAMES.find((n) => n.toLowerCase() === name.trim().toLowerCase());
      const hint = guess ? `did you mean "{${guess}}"?` : "write one of them, or leave braces out of the value";
      problems.push({
        path: at,
        code: "organization/unknown-placeholder",
        message: `${quote(match[0])} in ${quote(text)} is not a placeholder (there are ${PLACEHOLDER_LIST}, written exactly so); ${hint}`,
      });
    }
  }
  return problems;
}

/** True when a string holds one of our placeholders. */
export const hasPlaceholder = (text: unknown) => typeof text === "string" && [...text.matchAll(PLACEHOLDER)].some((m) => (PLACEHOLDER_NAMES as readonly string[]).includes(m[1]));

/** `value` with every placeholder in its strings filled in; keys, numbers and the like untouched. */
export function fillPlaceholders<T>(value: T, values: PlaceholderValues): T {
  if (typeof value === "string") {
    return value.replace(PLACEHOLDER, (whole, name: string) => ((PLACEHOLDER_NAMES as readonly string[]).includes(name) ? values[name as keyof PlaceholderValues] : whole)) as T;
  }
  if (Array.isArray(value)) return value.map((v) => fillPlaceholders(v, values)) as T;
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPlaceholders(v, values)])) as T;
  return value;
}

// ---------------------------------------------------------------------------------------
// The accounts file
// ---------------------------------------------------------------------------------------

/** Why a written account is no longer enrolled, since when (YYYY-MM-DD): its stack must be destroyed first. */
export const ENROLLMENT_FLAGS = ["leftOrganization", "closed", "outsideSelection"] as const;
export type EnrollmentFlag = (typeof ENROLLMENT_FLAGS)[number];

export const FLAG_MEANING: Record<EnrollmentFlag, string> = {
  leftOrganization: "left the organization",
  closed: "was closed or suspended",
  outsideSelection: "is no longer selected (organization.ouIds or excludeAccountIds)",
};

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: withCode("value/date", (iss) => `${quote(iss.input)} is not a date; write it as YYYY-MM-DD`) });

const stackName = z.string().superRefine((value, ctx) => {
  const problem = stackNameProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem, params: { code: STACK_NAME_CODE } });
});

const accountEntrySchema = z.strictObject({
  environment: stackName,
  name: z.string(),
  leftOrganization: date.optional(),
  closed: date.optional(),
  outsideSelection: date.optional(),
  /**
   * What discover (or doctor) found already in place for the account, made by hand or by
   * Datadog's CloudFormation: synth merges it into the environment's `import`, so the first
   * plan imports the integration and role instead of creating them (and meeting Datadog's 409).
   */
  import: importSchema.pick({ datadogAccountConfigId: true, iamRole: true }).optional(),
});

const accountsFileSchema = z.strictObject({
  $comment: z.string().optional(),
  organizationId: z.string().regex(/^o-[0-9a-z]{10,32}$/, { error: withCode("value/organization-id", (iss) => `${quote(iss.input)} is not an organization ID ("o-" and 10 to 32 letters or digits)`) }),
  managementAccountId: z.string().regex(awsAccountIdRule.pattern!, { error: withCode("value/aws-account-id", (iss) => `${quote(iss.input)} is not an account ID (12 digits)`) }),
  partition: z.enum(PARTITIONS as unknown as [Partition, ...Partition[]]),
  accounts: z.record(z.string(), accountEntrySchema),
});

export type { AccountEntry, AccountsFile };

// Compile-time check: the written-out types (resolved.ts, zod-free for the public .d.ts) are what the schemas produce.
const accountsFileWrittenOut: Same<z.output<typeof accountsFileSchema>, AccountsFile> = true;
const accountEntryWrittenOut: Same<z.output<typeof accountEntrySchema>, AccountEntry> = true;
void accountsFileWrittenOut;
void accountEntryWrittenOut;

/** The flag an entry carries, if any (an entry carries at most one). */
export function flagOf(entry: AccountEntry): { flag: EnrollmentFlag; since: string } | undefined {
  const flag = ENROLLMENT_FLAGS.find((f) => entry[f] !== undefined);
  return flag ? { flag, since: entry[flag]! } : undefined;
}

/** Where the accounts file of a config file is: `output` relative to the config file's folder. */
export function accountsFilePath(configFile: string, output: string | undefined): string {
  return path.join(path.dirname(configFile), output ?? DEFAULT_ACCOUNTS_FILE);
}

/** Checks an accounts file's content; throws a ConfigError naming the file and each problem. */
export function parseAccountsFile(text: string, file: string): AccountsFile {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw accountsFileInvalid(file, [{ code: "organization/accounts-file-not-json", message: `not valid JSON (${(e as Error).message})` }]);
  }
  const result = accountsFileSchema.safeParse(value, { error: describeIssue });
  const problems: Problem[] = result.success ? [] : toProblems(flattenIssues(result.error), "(top level)");
  if (result.success) {
    const owners = new Map<string, string>();
    for (const [id, entry] of Object.entries(result.data.accounts)) {
      const idProblem = awsAccountIdRule.check(id);
      if (idProblem) problems.push({ code: "organization/accounts-file-account-id", path: formatPath(["accounts", id]), message: `the key ${idProblem}` });
      const flags = ENROLLMENT_FLAGS.filter((f) => entry[f] !== undefined);
      if (flags.length > 1) {
        problems.push({
          code: "organization/accounts-file-flags",
          path: formatPath(["accounts", id]),
          message: `has ${flags.join(" and ")}; an entry carries at most one of ${ENROLLMENT_FLAGS.join(", ")}`,
        });
      }
      const key = entry.environment.toLowerCase();
      const other = owners.get(key);
      if (other) {
        problems.push({
          code: "organization/accounts-file-duplicate-name",
          path: formatPath(["accounts", id, "environment"]),
          message: `${quote(entry.environment)} is also the environment of account ${other}; each account needs its own name`,
        });
      } else owners.set(key, id);
    }
  }
  if (problems.length > 0) throw accountsFileInvalid(file, problems);
  return result.data!;
}

/** Reads an accounts file; undefined when it does not exist. */
export function readAccountsFile(file: string): AccountsFile | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw accountsFileInvalid(file, [{ code: "organization/accounts-file-unreadable", message: `cannot be read (${(e as Error).message})` }]);
  }
  return parseAccountsFile(text, file);
}

/** The file's text: accounts sorted by ID and keys in a fixed order, so a run that changes nothing writes the same bytes. */
export function renderAccountsFile(accounts: AccountsFile, configFile: string): string {
  const entries = Object.keys(accounts.accounts)
    .sort()
    .map((id) => {
      const e = accounts.accounts[id];
      const flag = flagOf(e);
      return [id, { environment: e.environment, name: e.name, ...(flag ? { [flag.flag]: flag.since } : {}), ...(e.import ? { import: e.import } : {}) }];
    });
  const content = {
    $comment: `Written by \`npm run discover\` from the organization section of ${path.basename(configFile)}; synth reads it. An environment's name never changes once written. Delete an entry only after its stack is destroyed.`,
    organizationId: accounts.organizationId,
    managementAccountId: accounts.managementAccountId,
    partition: accounts.partition,
    accounts: Object.fromEntries(entries),
  };
  return `${JSON.stringify(content, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------
// Environment names
// ---------------------------------------------------------------------------------------

const MAX_NAME = 63;

/** An account's name as a stack name: lower case, runs of other characters as "-", starting with a letter. */
export function environmentNameFor(accountName: string, accountId: string): string {
  const folded = accountName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "");
  const named = folded === "" ? `account-${accountId}` : /^[a-z]/.test(folded) ? folded : `account-${folded}`;
  return named.slice(0, MAX_NAME).replace(/[-_]+$/, "");
}

/**
 * A name for a newly discovered account that no other environment has (compared without
 * case: stack folders must differ on case-insensitive file systems too): its name, else
 * its name with its account ID, else that with a number.
 */
export function freeEnvironmentName(accountName: string, accountId: string, taken: ReadonlySet<string>): string {
  const base = environmentNameFor(accountName, accountId);
  const free = (name: string) => !taken.has(name.toLowerCase());
  if (free(base)) return base;
  const withId = `${base.slice(0, MAX_NAME - accountId.length - 1).replace(/[-_]+$/, "")}-${accountId}`;
  if (free(withId)) return withId;
  for (let n = 2; ; n++) {
    const numbered = `${withId.slice(0, MAX_NAME - String(n).length - 1)}-${n}`;
    if (free(numbered)) return numbered;
  }
}
