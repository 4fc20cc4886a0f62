/**
 * Every error this project raises on purpose, as named factories, so messages stay
 * consistent and tests can match them. A user-facing error says what was given, what is
 * allowed and how to fix it.
 */

/** A problem with user input. The app prints its message without a stack trace. */
export class ConfigError extends Error {
  constructor(
    message: string,
    /** One line per problem, each naming where it is. */
    readonly problems: readonly string[],
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

function listed(header: string, problems: readonly string[]): string {
  return `${header}\n${problems.map((p) => `  - ${p}`).join("\n")}`;
}

export function configFileNotFound(file: string, envVar: string): ConfigError {
  const problem = `${file}: no such file; create it (see examples/ and the README's config reference) or point ${envVar} at your config file`;
  return new ConfigError(listed("Cannot read the config file:", [problem]), [problem]);
}

export function configFileUnreadable(file: string, reason: string): ConfigError {
  const problem = `${file}: cannot be read (${reason})`;
  return new ConfigError(listed("Cannot read the config file:", [problem]), [problem]);
}

/** Where a config file stops being JSON, what is there, and how to fix it. */
export interface JsonSyntaxProblem {
  /** 1-based, as editors count. */
  readonly line: number;
  readonly column: number;
  /** What is found there, e.g. `a comma after the last item, before "}"`. */
  readonly found: string;
  /** How to fix it, e.g. `remove the comma (trailing commas are not allowed in JSON)`. */
  readonly fix: string;
}

export function configFileNotJson(file: string, syntax: JsonSyntaxProblem): ConfigError {
  const problem = `${file}: not valid JSON at line ${syntax.line}, column ${syntax.column}: ${syntax.found}; ${syntax.fix}`;
  return new ConfigError(listed("Cannot parse the config file:", [problem]), [problem]);
}

/** A key written more than once in one JSON object. */
export interface DuplicateKey {
  /** Where the key is, as problems name places: `environments.prod`. */
  readonly path: string;
  readonly key: string;
  /** Every line the key is written on, in order (1-based). */
  readonly lines: readonly number[];
}

function duplicateKeyProblem({ path, key, lines }: DuplicateKey): string {
  const times = lines.length === 2 ? "twice" : `${lines.length} times`;
  const where = `${lines.slice(0, -1).join(", ")} and ${lines[lines.length - 1]}`;
  const others = lines.length === 2 ? "the first" : "the others";
  return `${path}: the key ${JSON.stringify(key)} is written ${times} in the same object, at lines ${where}; JSON keeps only the last one and would silently ignore ${others}: merge them into one (or rename one)`;
}

/**
 * Keys written twice (JSON.parse keeps the last one silently), listed before any other
 * problem the config has, so one run reports everything.
 */
export function duplicateConfigKeys(file: string, duplicates: readonly DuplicateKey[], otherProblems: readonly string[] = []): ConfigError {
  return invalidConfig(file, [...duplicates.map(duplicateKeyProblem), ...otherProblems]);
}

export function invalidConfig(file: string, problems: readonly string[]): ConfigError {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return new ConfigError(listed(`${file}: ${count}; nothing was written.`, problems), problems);
}

/** Props given to the construct from TypeScript break the same rules as the config file. */
export function invalidIntegrationProps(constructPath: string, problems: readonly string[]): ConfigError {
  return new ConfigError(listed(`Invalid DatadogAwsIntegration props at ${constructPath}:`, problems), problems);
}

export function outputFolderUnusable(outdir: string, envVar: string, reason: string): ConfigError {
  const problem = `${outdir}: cannot be used as the output folder (${reason}); point ${envVar} at a folder you can write to`;
  return new ConfigError(listed("Cannot write the output:", [problem]), [problem]);
}

/** More managed policies than the account's IAM quota lets one role or user have. */
export function tooManyManagedPolicies(constructPath: string, total: number, quota: number, maxQuota: number): ConfigError {
  const raise =
    quota < maxQuota
      ? `or ask AWS to raise the account's "Managed policies per role" quota (Service Quotas, up to ${maxQuota}) and set managedPolicyQuota to the new value`
      : `(${quota} is already the most AWS allows)`;
  const problem = `${constructPath}: ${total} managed policies would be attached, over the quota of ${quota} per role or user; turn off cspm or resourceCollection, ${raise}`;
  return new ConfigError(listed("Too many managed policies:", [problem]), [problem]);
}

/**
 * Two integrations that would share a Terraform address or an IAM name: the second would
 * silently replace the first (on a live account, a destroyed role).
 */
export function conflictingIntegrations(first: string, second: string, shared: string, fix: string): ConfigError {
  const problem = `${second} and ${first} would share ${shared}; ${fix}`;
  return new ConfigError(listed("Two Datadog AWS integrations collide:", [problem]), [problem]);
}

// ---------------------------------------------------------------------------------------
// Organizations: the accounts file and `npm run discover`
// ---------------------------------------------------------------------------------------

export function accountsFileInvalid(file: string, problems: readonly string[]): ConfigError {
  const placed = problems.map((p) => `${file}: ${p}`);
  return new ConfigError(
    listed(`${file} (the accounts file \`npm run discover\` writes) is not as discover wrote it; fix the entries below, or delete the file and run \`npm run discover\` again (names are then given afresh). Nothing was written.`, placed),
    placed,
  );
}

export function noOrganizationSection(file: string): ConfigError {
  const problem = `${file}: has no "organization" section, so there is nothing to discover; add "organization": {} to enroll every active account of the organization (see the README's Organizations section)`;
  return new ConfigError(listed("Cannot discover the organization's accounts:", [problem]), [problem]);
}

export function nothingToSynthesize(file: string, accountsFile: string): ConfigError {
  const problem = `${file}: has no environments, and ${accountsFile} does not exist yet or enrolls no account; run \`npm run discover\` first, or add an environment`;
  return new ConfigError(listed(`${file}: 1 problem; nothing was written.`, [problem]), [problem]);
}

const DISCOVER_HEADER = "Cannot discover the organization's accounts:";

function discoverError(problem: string, cause?: unknown): ConfigError {
  const error = new ConfigError(listed(DISCOVER_HEADER, [problem]), [problem]);
  if (cause !== undefined) error.cause = cause;
  return error;
}

/** The permissions discover needs, as a policy would name them. */
export const DISCOVER_PERMISSIONS = ["organizations:DescribeOrganization", "organizations:ListAccounts", "organizations:ListAccountsForParent", "organizations:ListOrganizationalUnitsForParent"];

export function accountsFileOfAnotherOrganization(file: string, recorded: string, current: string, managementAccountId: string): ConfigError {
  return discoverError(
    `${file} was written for organization ${recorded}, but these credentials see organization ${current} (management account ${managementAccountId}); use the credentials of ${recorded}'s management account, or set organization.output to another file for this organization`,
  );
}

export function awsCredentialsMissing(detail: string, cause?: unknown): ConfigError {
  return discoverError(
    `no AWS credentials were found (${detail}); give the organization's management account credentials the standard way: AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, \`aws sso login\`, or in CI aws-actions/configure-aws-credentials`,
    cause,
  );
}

export function awsCredentialsRejected(code: string, message: string, cause?: unknown): ConfigError {
  return discoverError(`AWS did not accept these credentials (${code}: ${message}); they are wrong or expired: refresh them (e.g. \`aws sso login\`) or check AWS_PROFILE`, cause);
}

export function awsAccessDenied(operation: string, code: string, message: string, cause?: unknown): ConfigError {
  return discoverError(
    `AWS Organizations refused ${operation} to these credentials (${code}: ${message}); discover needs the organization's management account (or a delegated administrator of AWS Organizations) with ${DISCOVER_PERMISSIONS.join(", ")} (the AWS managed policy AWSOrganizationsReadOnlyAccess has them)`,
    cause,
  );
}

export function notInOrganization(message: string, cause?: unknown): ConfigError {
  return discoverError(`the account of these credentials is not in an AWS Organization (AWSOrganizationsNotInUseException: ${message}); use the credentials of the organization's management account`, cause);
}

export function notManagementAccount(organizationId: string, managementAccountId: string): ConfigError {
  return discoverError(
    `these credentials are not those of organization ${organizationId}'s management account (${managementAccountId}): AWS Organizations lists its accounts only to the management account and delegated administrators, and it did not list them here; use the management account's credentials`,
  );
}

export function organizationalUnitNotFound(index: number, id: string, organizationId: string, code: string, message: string, cause?: unknown): ConfigError {
  return discoverError(
    `organization.ouIds[${index}]: ${JSON.stringify(id)} is not an OU or the root of organization ${organizationId} (${code}: ${message}); copy the ID from the AWS Organizations console, or run \`aws organizations list-roots\` and \`aws organizations list-organizational-units-for-parent --parent-id <root ID>\``,
    cause,
  );
}

export function awsUnreachable(endpoint: string, message: string, cause?: unknown): ConfigError {
  return discoverError(`cannot reach AWS Organizations at ${endpoint} (${message}); check the network, a proxy, or AWS_ENDPOINT_URL if it is set`, cause);
}

export function awsRequestFailed(operation: string, code: string, message: string, cause?: unknown): ConfigError {
  return discoverError(`AWS Organizations answered ${operation} with ${code}: ${message}`, cause);
}

export function accountsFileUnwritable(file: string, reason: string, cause?: unknown): ConfigError {
  return discoverError(`${file}: cannot be written (${reason}); it was left as it was. Check the folder's permissions, or set organization.output to a file you can write`, cause);
}

// ---------------------------------------------------------------------------------------
// Diagnosis: `npm run doctor`
// ---------------------------------------------------------------------------------------

/** How the doctor is run. */
export const DOCTOR_USAGE =
  "Usage: npm run doctor -- <environment>   (reads DATADOG_AWS_CONFIG, default datadog-aws.config.json; Datadog keys from the environment's datadogApiKeyEnv/datadogAppKeyEnv, default DD_API_KEY/DD_APP_KEY)";

/** What the doctor reads in IAM, as a policy would name it (IAMReadOnlyAccess has all of it). */
export const DOCTOR_IAM_PERMISSIONS = [
  "iam:GetRole",
  "iam:ListRoles",
  "iam:ListAttachedRolePolicies",
  "iam:ListRolePolicies",
  "iam:GetRolePolicy",
  "iam:GetUser",
  "iam:ListUsers",
  "iam:ListAttachedUserPolicies",
  "iam:ListUserPolicies",
  "iam:GetUserPolicy",
  "iam:ListGroupsForUser",
  "iam:ListAttachedGroupPolicies",
  "iam:ListGroupPolicies",
  "iam:GetGroupPolicy",
  "iam:ListAccessKeys",
  "iam:GetPolicy",
  "iam:GetPolicyVersion",
];

function doctorError(environment: string | undefined, problem: string, cause?: unknown): ConfigError {
  const header = environment === undefined ? "Cannot diagnose:" : `Cannot diagnose environment ${JSON.stringify(environment)}:`;
  const error = new ConfigError(listed(header, [problem]), [problem]);
  if (cause !== undefined) error.cause = cause;
  return error;
}

export function doctorUsage(problem: string): ConfigError {
  const error = doctorError(undefined, problem);
  return new ConfigError(`${error.message}\n${DOCTOR_USAGE}`, error.problems);
}

export function doctorUnknownEnvironment(file: string, name: string, known: readonly string[], suggestion: string | undefined): ConfigError {
  const meant = suggestion ? `did you mean ${JSON.stringify(suggestion)}? ` : "";
  return doctorError(undefined, `${file} has no environment ${JSON.stringify(name)}; ${meant}its environments: ${known.map((k) => JSON.stringify(k)).join(", ")}`);
}

export function doctorDatadogKeysMissing(environment: string, variables: readonly string[], site: string): ConfigError {
  const which = variables.length === 1 ? `${variables[0]} is` : `${variables.join(" and ")} are`;
  return doctorError(
    environment,
    `${which} not set; the doctor reads the integration from Datadog's API with the environment's keys: export ${variables.join(" and ")} (an API key and an application key of your Datadog organization on ${site}), or set datadogApiKeyEnv/datadogAppKeyEnv to the variables that hold them`,
  );
}

export function doctorDatadogKeysRefused(environment: string, apiUrl: string, status: number, apiKeyEnv: string, appKeyEnv: string, site: string): ConfigError {
  return doctorError(
    environment,
    `Datadog's API at ${apiUrl} refused the keys (HTTP ${status}); check that ${apiKeyEnv} holds an API key and ${appKeyEnv} an application key of the organization on ${site} (keys of another site's organization are refused), and that the application key may read integrations`,
  );
}

export function doctorDatadogUnreachable(environment: string, apiUrl: string, message: string, cause?: unknown): ConfigError {
  return doctorError(environment, `cannot reach Datadog's API at ${apiUrl} (${message}); check the network, a proxy, or DATADOG_API_URL if it is set`, cause);
}

export function doctorDatadogRequestFailed(environment: string, request: string, status: number, detail: string): ConfigError {
  return doctorError(environment, `Datadog's API answered ${request} with HTTP ${status}${detail ? `: ${detail}` : ""}`);
}

export function doctorAwsCredentialsMissing(environment: string, detail: string, how: string, cause?: unknown): ConfigError {
  return doctorError(
    environment,
    `no AWS credentials were found (${detail}); the doctor uses ${how}: give credentials for the account the standard way (AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, \`aws sso login\`), or set awsProfile / awsAssumeRoleArn in the environment`,
    cause,
  );
}

export function doctorAwsCredentialsRejected(environment: string, code: string, message: string, how: string, cause?: unknown): ConfigError {
  return doctorError(environment, `AWS did not accept the credentials of ${how} (${code}: ${message}); they are wrong or expired: refresh them (e.g. \`aws sso login\`)`, cause);
}

export function doctorAwsWrongAccount(environment: string, expected: string, actual: string, callerArn: string, how: string): ConfigError {
  return doctorError(
    environment,
    `the AWS credentials (${how}) are for account ${actual} (${callerArn}), but the environment's awsAccountId is ${expected}; use credentials for ${expected}: AWS_PROFILE, awsProfile or awsAssumeRoleArn`,
  );
}

export function doctorAwsAssumeRoleFailed(environment: string, roleArn: string, code: string, message: string, cause?: unknown): ConfigError {
  return doctorError(
    environment,
    `cannot assume ${roleArn} (awsAssumeRoleArn) (${code}: ${message}); check that the credentials may assume it, and awsAssumeRoleExternalId / awsAssumeRoleSessionName if the role requires them`,
    cause,
  );
}

export function doctorAwsAccessDenied(environment: string, operation: string, code: string, message: string, cause?: unknown): ConfigError {
  return doctorError(
    environment,
    `IAM refused ${operation} to these credentials (${code}: ${message}); the doctor only reads IAM and needs ${DOCTOR_IAM_PERMISSIONS.join(", ")} (the AWS managed policy IAMReadOnlyAccess has them)`,
    cause,
  );
}

export function doctorAwsUnreachable(environment: string, endpoint: string, message: string, cause?: unknown): ConfigError {
  return doctorError(environment, `cannot reach AWS at ${endpoint} (${message}); check the network, a proxy, or AWS_ENDPOINT_URL if it is set`, cause);
}

export function doctorAwsRequestFailed(environment: string, operation: string, code: string, message: string, cause?: unknown): ConfigError {
  return doctorError(environment, `AWS answered ${operation} with ${code}: ${message}`, cause);
}
