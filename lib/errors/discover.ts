/**
 * `discover/`: `npm run discover` and what AWS Organizations answers it. What AWS answers
 * (credentials, access, network) is a `ServiceError`; what the user can fix in the config or
 * on disk (no organization section, an OU that does not exist, an unwritable accounts file)
 * is a `ConfigError`.
 */
import { configError, ConfigError, ErrorCodeInfo, serviceError, ServiceError } from "./core";
import { DISCOVER_PERMISSIONS } from "../facts/command-permissions";
import type { ErrorCode } from "./index";

/** The `discover/` codes, with what each means and how to fix it. */
export const DISCOVER_ERRORS = {
  heading: "`npm run discover`",
  codes: {
    "discover/no-organization-section": { meaning: "The config has no organization section, so there is nothing to discover.", fix: 'Add "organization": {}.' },
    "discover/another-organization": {
      meaning: "The accounts file was written for another organization than the credentials see.",
      fix: "Use that organization's management account credentials, or set organization.output to another file.",
    },
    "discover/credentials-missing": { meaning: "No AWS credentials were found.", fix: "Give the management account's credentials the standard way (AWS_PROFILE, keys, aws sso login)." },
    "discover/credentials-rejected": { meaning: "AWS did not accept the credentials (wrong or expired).", fix: "Refresh them, e.g. aws sso login, or check AWS_PROFILE." },
    "discover/access-denied": {
      meaning: "AWS Organizations refused a call to these credentials.",
      fix: "Use the management account (or a delegated administrator) with AWSOrganizationsReadOnlyAccess.",
    },
    "discover/not-in-organization": { meaning: "The credentials' account is not in an AWS Organization.", fix: "Use the credentials of the organization's management account." },
    "discover/not-management-account": { meaning: "The credentials are not those of the organization's management account.", fix: "Use the management account's credentials." },
    "discover/ou-not-found": {
      meaning: "An entry of organization.ouIds is not an OU or the root of the organization.",
      fix: "Copy the ID from the AWS Organizations console or aws organizations list-roots.",
    },
    "discover/unreachable": { meaning: "AWS Organizations cannot be reached.", fix: "Check the network, a proxy, or AWS_ENDPOINT_URL." },
    "discover/request-failed": { meaning: "AWS Organizations answered with an error this tool has no advice for.", fix: "Read AWS's error in the message." },
    "discover/accounts-file-unwritable": {
      meaning: "The accounts file cannot be written; it was left as it was.",
      fix: "Check the folder's permissions, or set organization.output to a file you can write.",
    },
  } satisfies Record<`discover/${string}`, ErrorCodeInfo>,
};

const DISCOVER_HEADER = "Cannot discover the organization's accounts:";

/** What AWS Organizations answered, or failing to reach it: a `ServiceError` of one problem. */
function organizationsError(code: ErrorCode, problem: string, cause?: unknown): ServiceError {
  return serviceError(code, DISCOVER_HEADER, [{ code, message: problem }], cause);
}

export function noOrganizationSection(file: string): ConfigError {
  return configError("discover/no-organization-section", DISCOVER_HEADER, [
    {
      code: "discover/no-organization-section",
      path: file,
      message: `has no "organization" section, so there is nothing to discover; add "organization": {} to enroll every active account of the organization (see docs/organizations.md)`,
    },
  ]);
}

export function accountsFileOfAnotherOrganization(file: string, recorded: string, current: string, managementAccountId: string): ServiceError {
  return organizationsError(
    "discover/another-organization",
    `${file} was written for organization ${recorded}, but these credentials see organization ${current} (management account ${managementAccountId}); use the credentials of ${recorded}'s management account, or set organization.output to another file for this organization`,
  );
}

export function awsCredentialsMissing(detail: string, cause?: unknown): ServiceError {
  return organizationsError(
    "discover/credentials-missing",
    `no AWS credentials were found (${detail}); give the organization's management account credentials the standard way: AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, \`aws sso login\`, or in CI aws-actions/configure-aws-credentials`,
    cause,
  );
}

export function awsCredentialsRejected(code: string, message: string, cause?: unknown): ServiceError {
  return organizationsError(
    "discover/credentials-rejected",
    `AWS did not accept these credentials (${code}: ${message}); they are wrong or expired: refresh them (e.g. \`aws sso login\`) or check AWS_PROFILE`,
    cause,
  );
}

export function awsAccessDenied(operation: string, code: string, message: string, cause?: unknown): ServiceError {
  return organizationsError(
    "discover/access-denied",
    `AWS Organizations refused ${operation} to these credentials (${code}: ${message}); discover needs the organization's management account (or a delegated administrator of AWS Organizations) with ${DISCOVER_PERMISSIONS.join(", ")} (the AWS managed policy AWSOrganizationsReadOnlyAccess has them)`,
    cause,
  );
}

export function notInOrganization(message: string, cause?: unknown): ServiceError {
  return organizationsError(
    "discover/not-in-organization",
    `the account of these credentials is not in an AWS Organization (AWSOrganizationsNotInUseException: ${message}); use the credentials of the organization's management account`,
    cause,
  );
}

export function notManagementAccount(organizationId: string, managementAccountId: string): ServiceError {
  return organizationsError(
    "discover/not-management-account",
    `these credentials are not those of organization ${organizationId}'s management account (${managementAccountId}): AWS Organizations lists its accounts only to the management account and delegated administrators, and it did not list them here; use the management account's credentials`,
  );
}

export function organizationalUnitNotFound(index: number, id: string, organizationId: string, code: string, message: string, cause?: unknown): ConfigError {
  return configError(
    "discover/ou-not-found",
    DISCOVER_HEADER,
    [
      {
        code: "discover/ou-not-found",
        path: `organization.ouIds[${index}]`,
        message: `${JSON.stringify(id)} is not an OU or the root of organization ${organizationId} (${code}: ${message}); copy the ID from the AWS Organizations console, or run \`aws organizations list-roots\` and \`aws organizations list-organizational-units-for-parent --parent-id <root ID>\``,
      },
    ],
    cause,
  );
}

export function awsUnreachable(endpoint: string, message: string, cause?: unknown): ServiceError {
  return organizationsError("discover/unreachable", `cannot reach AWS Organizations at ${endpoint} (${message}); check the network, a proxy, or AWS_ENDPOINT_URL if it is set`, cause);
}

export function awsRequestFailed(operation: string, code: string, message: string, cause?: unknown): ServiceError {
  return organizationsError("discover/request-failed", `AWS Organizations answered ${operation} with ${code}: ${message}`, cause);
}

export function accountsFileUnwritable(file: string, reason: string, cause?: unknown): ConfigError {
  return configError(
    "discover/accounts-file-unwritable",
    DISCOVER_HEADER,
    [
      {
        code: "discover/accounts-file-unwritable",
        path: file,
        message: `cannot be written (${reason}); it was left as it was. Check the folder's permissions, or set organization.output to a file you can write`,
      },
    ],
    cause,
  );
}
