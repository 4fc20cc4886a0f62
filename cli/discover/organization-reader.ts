/**
 * Reading an AWS Organization for `npm run discover`: its accounts and, with OU ids, which
 * of them sit under those OUs. AWS SDK for JavaScript v3 with its standard credential,
 * region and endpoint chain (so AWS_PROFILE, SSO, web identity in CI and AWS_ENDPOINT_URL
 * work as everywhere else); every SDK error becomes a coded error that says what to do.
 */
import { DescribeOrganizationCommand, OrganizationsClient, paginateListAccounts, paginateListAccountsForParent, paginateListOrganizationalUnitsForParent } from "@aws-sdk/client-organizations";
import {
  awsAccessDenied,
  awsCredentialsMissing,
  awsCredentialsRejected,
  awsRequestFailed,
  awsUnreachable,
  CodedError,
  notInOrganization,
  notManagementAccount,
  organizationalUnitNotFound,
} from "../../lib/errors";
import { PARTITIONS, type Partition } from "../../lib/facts/partitions";
import { classifyAwsError } from "../aws-sdk-errors";
import { OrganizationAccount, OrganizationView } from "./enrollment";

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
