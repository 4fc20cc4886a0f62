/**
 * `npm run discover`: reads the accounts of the AWS Organization the credentials manage
 * (AWS SDK for JavaScript v3, its standard credential, region and endpoint chain: so
 * AWS_PROFILE, SSO, web identity in CI and AWS_ENDPOINT_URL work as everywhere else) and
 * writes the discovered environments to the config's accounts file, which synth reads.
 *
 * The config is checked before any call; the accounts file is written only after the
 * organization was read in full and the config with the new environments checks out,
 * in one rename, and only when it changes. On any error it is left exactly as it was.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DescribeOrganizationCommand, OrganizationsClient, paginateListAccounts, paginateListAccountsForParent, paginateListOrganizationalUnitsForParent } from "@aws-sdk/client-organizations";
import { CONFIG_ENV_VAR, DEFAULT_CONFIG_FILE, readConfigText, ResolvedConfig, resolveConfigDetailed, withDuplicateKeys } from "../../lib/config/load-config";
import { classifyAwsError } from "../aws-sdk-errors";
import { AccountsFile, flagOf, readAccountsFile, renderAccountsFile } from "../../lib/config/organization";
import {
  accountsFileOfAnotherOrganization,
  accountsFileUnwritable,
  awsAccessDenied,
  awsCredentialsMissing,
  awsCredentialsRejected,
  awsRequestFailed,
  awsUnreachable,
  CodedError,
  noOrganizationSection,
  notInOrganization,
  notManagementAccount,
  organizationalUnitNotFound,
} from "../../lib/errors";
import { type Command, EXIT_OK, runCommand } from "../runner";
import { describeTextChange } from "./text-diff";
import { PARTITIONS, type Partition } from "../../lib/facts/partitions";
import { Adoption, findExisting, inBatches, RecordedImport, recordedImport } from "./adoption";
import { formatAdoptions } from "./adoption-summary";
import { Enrollment, formatSummary, OrganizationAccount, OrganizationView, planEnrollment } from "./enrollment";

/** The largest page AWS Organizations serves for ListAccounts, ListAccountsForParent and ListOrganizationalUnitsForParent. */
export const PAGE_SIZE = 20;

/** Organizations is a global service; its endpoint for the commercial partition is in us-east-1. */
const FALLBACK_REGION = "us-east-1";

const NOT_FOUND = new Set(["ParentNotFoundException", "OrganizationalUnitNotFoundException", "TargetNotFoundException", "RootNotFoundException", "InvalidInputException"]);

function endpointInUse(region: string | undefined): string {
  return process.env.AWS_ENDPOINT_URL_ORGANIZATIONS || process.env.AWS_ENDPOINT_URL || `the AWS Organizations endpoint${region ? ` (region ${region})` : ""}`;
}

/** An SDK error as a ServiceError that says what to do; errors of our own pass through. */
function explain(operation: string, e: unknown, region: string | undefined): Error {
  if (e instanceof CodedError) return e;
  const { kind, name, message, networkCode, httpStatus } = classifyAwsError(e);
  if (kind === "credentials-missing") return awsCredentialsMissing(message, e);
  if (kind === "access-denied") return awsAccessDenied(operation, name, message, e);
  if (kind === "credentials-rejected") return awsCredentialsRejected(name, message, e);
  if (name === "AWSOrganizationsNotInUseException") return notInOrganization(message, e);
  if (kind === "unreachable") return awsUnreachable(endpointInUse(region), `${networkCode}: ${message}`, e);
  // An answer the SDK could not read (not AWS's JSON error, e.g. from a proxy or a stand-in): its status still says what happened.
  if (httpStatus === 403) return awsAccessDenied(operation, "HTTP 403 Forbidden", "the request was refused", e);
  if (httpStatus === 401) return awsCredentialsRejected("HTTP 401 Unauthorized", "the request was not authenticated", e);
  return awsRequestFailed(operation, name, message, e);
}

/**
 * A client with the SDK's standard chain. Organizations needs a region only to pick its
 * endpoint; without one configured, us-east-1 (where the commercial partition's is).
 */
export async function organizationsClient(): Promise<OrganizationsClient> {
  const client = new OrganizationsClient({});
  try {
    await client.config.region();
    return client;
  } catch {
    client.destroy();
    return new OrganizationsClient({ region: FALLBACK_REGION });
  }
}

async function regionOf(client: OrganizationsClient): Promise<string | undefined> {
  try {
    return await client.config.region();
  } catch {
    return undefined;
  }
}

/** Reads the organization: every account, and with `ouIds` the accounts under those OUs (at any depth). */
export async function readOrganization(client: OrganizationsClient, ouIds: readonly string[] = []): Promise<OrganizationView> {
  const region = await regionOf(client);
  const pages: Record<string, number> = {};
  const counted = <T>(operation: string, page: T) => {
    pages[operation] = (pages[operation] ?? 0) + 1;
    return page;
  };

  let organization;
  try {
    organization = (await client.send(new DescribeOrganizationCommand({}))).Organization;
  } catch (e) {
    throw explain("DescribeOrganization", e, region);
  }
  const organizationId = organization?.Id ?? "";
  const managementAccountId = organization?.MasterAccountId ?? "";
  const arnPartition = organization?.Arn?.split(":")[1];
  const partition: Partition = (PARTITIONS as readonly string[]).includes(arnPartition ?? "") ? (arnPartition as Partition) : "aws";

  const accounts = new Map<string, OrganizationAccount>();
  try {
    for await (const page of paginateListAccounts({ client, pageSize: PAGE_SIZE }, {})) {
      for (const a of counted("ListAccounts", page).Accounts ?? []) {
        if (a.Id) accounts.set(a.Id, { id: a.Id, name: a.Name ?? "", state: a.State ?? a.Status ?? "ACTIVE" });
      }
    }
  } catch (e) {
    throw explain("ListAccounts", e, region);
  }
  // AWS refuses ListAccounts to member accounts; a stand-in that answers with another
  // account's (empty) view is caught here: the management account is always listed.
  if (!accounts.has(managementAccountId)) throw notManagementAccount(organizationId, managementAccountId);

  let selected: Set<string> | undefined;
  if (ouIds.length > 0) {
    selected = new Set();
    const visited = new Set<string>();
    for (const [index, top] of ouIds.entries()) {
      const queue = [top];
      while (queue.length > 0) {
        const parent = queue.shift()!;
        if (visited.has(parent)) continue;
        visited.add(parent);
        let operation = "ListAccountsForParent";
        try {
          for await (const page of paginateListAccountsForParent({ client, pageSize: PAGE_SIZE }, { ParentId: parent })) {
            for (const a of counted(operation, page).Accounts ?? []) if (a.Id) selected.add(a.Id);
          }
          operation = "ListOrganizationalUnitsForParent";
          for await (const page of paginateListOrganizationalUnitsForParent({ client, pageSize: PAGE_SIZE }, { ParentId: parent })) {
            for (const ou of counted(operation, page).OrganizationalUnits ?? []) if (ou.Id) queue.push(ou.Id);
          }
        } catch (e) {
          const err = e as { name?: string; message?: string };
          if (parent === top && NOT_FOUND.has(err.name ?? "")) throw organizationalUnitNotFound(index, top, organizationId, err.name!, err.message ?? "", e);
          throw explain(operation, e, region);
        }
      }
    }
  }
  return { organizationId, managementAccountId, partition, accounts: [...accounts.values()], selected, pages };
}

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
function writeAtomically(file: string, text: string): void {
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

export interface DiscoverResult {
  readonly configFile: string;
  readonly accountsFile: string;
  readonly view: OrganizationView;
  readonly plan: Enrollment;
  /** What each enrolled account already has in Datadog and IAM (adoption.ts). */
  readonly adoptions: readonly Adoption[];
  /** False when nothing changed, so the file was not touched (and always on a dry run). */
  readonly wrote: boolean;
  /** The accounts file as it was ("" when there was none) and as discover writes it (or, on a dry run, would). */
  readonly before: string;
  readonly after: string;
}

export interface DiscoverOptions {
  /** The client to read the organization with (default: the SDK's standard chain). */
  readonly client?: OrganizationsClient;
  /** Today, as YYYY-MM-DD: the date a newly flagged entry gets. */
  readonly today?: string;
  /** Where the Datadog keys (and DATADOG_API_URL) are read from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Read and plan everything, write nothing. */
  readonly dryRun?: boolean;
}

/** Discovers the organization of a config file's `organization` section and updates its accounts file. */
export async function discover(configFile: string, options: DiscoverOptions = {}): Promise<DiscoverResult> {
  const { value, duplicates } = readConfigText(configFile);
  // Every problem of the config is reported before any call to AWS.
  const config = withDuplicateKeys(configFile, duplicates, () => resolveConfigDetailed(value, configFile));
  if (!config.organization || !config.accountsFile) throw noOrganizationSection(configFile);
  const accountsFile = config.accountsFile;
  const previous = readAccountsFile(accountsFile);

  const client = options.client ?? (await organizationsClient());
  let view: OrganizationView;
  try {
    view = await readOrganization(client, config.organization.ouIds);
  } finally {
    if (!options.client) client.destroy();
  }
  if (previous && previous.organizationId !== view.organizationId) {
    throw accountsFileOfAnotherOrganization(accountsFile, previous.organizationId, view.organizationId, view.managementAccountId);
  }

  const handWritten = config.handWritten.map((e) => ({ name: e.name, accountId: e.config.awsAccountId }));
  const plan = planEnrollment(previous, view, config.organization, handWritten, options.today ?? new Date().toISOString().slice(0, 10));
  // What synth will read must check out before it is written.
  const enrolled = resolveConfigDetailed(value, configFile, { accounts: plan.accounts });
  const { accounts, adoptions } = await recordExisting(enrolled, plan.accounts, options.env ?? process.env);
  resolveConfigDetailed(value, configFile, { accounts });
  const text = renderAccountsFile(accounts, configFile);
  const before = currentText(accountsFile);
  const wrote = !options.dryRun && (plan.changed || before !== text);
  if (wrote) writeAtomically(accountsFile, text);
  return { configFile, accountsFile, view, plan: { ...plan, accounts }, adoptions, wrote, before, after: text };
}

/** Accounts looked up at once: each is a few calls to Datadog, STS and IAM. */
const LOOKUPS_AT_ONCE = 8;

/**
 * Looks up what each enrolled account already has (the discovered environments synth will
 * deploy: not flagged, not replaced by a hand-written one) and records it in the entries'
 * `import`, so the first plan adopts it instead of meeting Datadog's 409.
 */
async function recordExisting(enrolled: ResolvedConfig, accounts: AccountsFile, env: NodeJS.ProcessEnv): Promise<{ accounts: AccountsFile; adoptions: Adoption[] }> {
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
function currentText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

export const DISCOVER_USAGE = `Usage: npm run discover -- [--dry-run] [--config <file>]
  --dry-run        read the organization and print what would change in the accounts file; write nothing
  --config <file>  the config file (default: ${CONFIG_ENV_VAR}, else ${DEFAULT_CONFIG_FILE})
  -h, --help       print this and exit`;

const NOTHING_WRITTEN = "Nothing was written: the accounts file is as it was.";

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
      const change = describeTextChange(result.before, result.after);
      process.stdout.write(
        change ? `Dry run: ${result.accountsFile} would change as follows; nothing was written.\n${change}` : `Dry run: ${result.accountsFile} would not change; nothing was written.\n`,
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
