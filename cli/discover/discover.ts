/**
 * `npm run discover`: reads the accounts of the AWS Organization the credentials manage
 * (organization-reader.ts) and writes the discovered environments to the config's accounts
 * file (accounts-merge.ts), which synth reads. The command's arguments and printing are in
 * command.ts.
 *
 * The config is checked before any call; the accounts file is written only after the
 * organization was read in full and the config with the new environments checks out,
 * in one rename, and only when it changes. On any error it is left exactly as it was.
 */
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { readConfigText, resolveConfigDetailed, withDuplicateKeys } from "../../lib/config/load-config";
import { readAccountsFile, renderAccountsFile } from "../../lib/config/organization";
import { accountsFileOfAnotherOrganization, noOrganizationSection } from "../../lib/errors";
import { currentText, recordExisting, writeAtomically } from "./accounts-merge";
import { Adoption } from "./adoption";
import { Enrollment, OrganizationView, planEnrollment } from "./enrollment";
import { organizationsClient, readOrganization } from "./organization-reader";

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
