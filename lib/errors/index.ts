/**
 * Every error this project raises on purpose, as named factories, so messages stay
 * consistent and tests can match them. A user-facing error says what was given, what is
 * allowed and how to fix it.
 *
 * Error codes
 *
 * Every problem a user can cause has a stable code, `<area>/<name>` in lower case, e.g.
 * `value/aws-account-id`. The area says where to look:
 *
 * - `file/`: reading the config file;
 * - `config/`: the config file's structure (environments, defaults, null, state files);
 * - `value/`: one field's value, judged on its own (a rule of config/rules.ts or zod's checks);
 * - `combination/`: fields that do not go together (the cross-field rules of config/schema.ts);
 * - `organization/`: the organization section and its accounts file;
 * - `discover/`: `npm run discover` and AWS Organizations;
 * - `construct/`: the construct's props, when used as a library;
 * - `output/`: the output folders the app writes;
 * - `doctor/`: `npm run doctor` (its findings have codes of their own, see lib/doctor/checks.ts);
 * - `permissions/`: `npm run permissions`;
 * - `command/`: what every command shares: its arguments, and failures it has no advice for.
 *
 * A code names the rule that was broken, not the words of its message: the message may
 * gain detail, the code stays, and a code is never reused for another problem. Each
 * `ConfigError` has the code of the error as a whole (`code`) and each problem it lists
 * has its own (`issues[].code`); the printed message ends every problem line with its
 * code in brackets, e.g. `[value/aws-account-id]`, so a user can look it up in the
 * README's "Error codes" section, which `scripts/write-error-codes.ts` writes from
 * `ERROR_CODES` below (a test fails when the README is stale).
 */

/** What a code means and how to fix it: one line each, as the README lists them. */
export interface ErrorCodeInfo {
  /** What is wrong. */
  readonly meaning: string;
  /** How to fix it. */
  readonly fix: string;
}

/** Every error code, with what it means and how to fix it, in the order the README lists them. */
export const ERROR_CODES = {
  // Reading the config file
  "file/not-found": { meaning: "The config file does not exist.", fix: "Create it (see examples/), or point DATADOG_AWS_CONFIG at your config file." },
  "file/unreadable": { meaning: "The config file exists but cannot be read.", fix: "Check its permissions, or that it is a file and not a folder." },
  "file/not-json": {
    meaning: "The config file is not strict JSON (a comment, a trailing comma, a single quote…); the line and column are given.",
    fix: "Fix the JSON at that place as the message says.",
  },
  "file/duplicate-key": { meaning: "A key is written twice in one object; JSON would silently keep only the last.", fix: "Merge the two into one, or rename one." },

  // The config file's structure
  "config/invalid": { meaning: "The config has problems; nothing was written. Each problem listed has its own code.", fix: "Fix each problem listed." },
  "config/no-environments": { meaning: "`environments` is empty and there is no `organization` section.", fix: 'Add an environment, e.g. "prod": { "awsAccountId": "123456789012" }.' },
  "config/stack-name": {
    meaning: "An environment name cannot be a stack name (it becomes a folder, a state key and a cdktf argument).",
    fix: "Use a letter followed by up to 62 letters, digits, - or _.",
  },
  "config/account-id-in-defaults": { meaning: "`defaults` sets `awsAccountId`; each environment is its own account.", fix: "Move awsAccountId into each environment." },
  "config/null-in-defaults": { meaning: "`defaults` sets a key to null; null unsets an inherited value, and defaults inherit nothing.", fix: "Remove the key from defaults." },
  "config/null-not-unsettable": { meaning: "A key without a default is set to null, so it would have no value.", fix: "Give it a value, or leave the key out to inherit it from defaults." },
  "config/same-account": { meaning: "Two environments are for one AWS account; their stacks would undo each other.", fix: "Keep one environment per account." },
  "config/shared-state": { meaning: "Two environments keep their Terraform state in the same place.", fix: "Give each its own backend key or path, or leave it out for the per-environment default." },
  "config/state-at-old-path": {
    meaning:
      "A local state file is still where earlier versions kept it by default (terraform.<environment>.tfstate in the project folder); the default is now terraform.tfstate in the stack's folder, which would ignore it.",
    fix: 'Keep it there with "backend": { "type": "local", "path": "terraform.<environment>.tfstate" }, or move it into the stack folder and run terraform init -reconfigure there once.',
  },

  // One field's value
  "value/required": { meaning: "A required field is missing.", fix: "Add it; the message says what it takes." },
  "value/wrong-type": { meaning: "A value has the wrong JSON type (e.g. a number where a string is expected).", fix: "Write the type the message names, e.g. IDs as strings in double quotes." },
  "value/unknown-key": {
    meaning: "A key this place does not have (unknown keys are errors, so a typo is never ignored).",
    fix: "Use the key the message suggests, or one of the allowed keys it lists.",
  },
  "value/not-allowed": { meaning: "A value is not one of the allowed choices (e.g. datadogSite).", fix: "Use one of the values listed (the message suggests the closest)." },
  "value/unknown-variant": { meaning: "An object's `type` (auth.type, backend.type) is missing or unknown.", fix: "Use one of the types listed." },
  "value/wrong-form": { meaning: "A value is none of the forms the field takes.", fix: "See the README's config reference for the forms of the field." },
  "value/empty": { meaning: "A list or string is empty where it must hold something.", fix: "Give a value, or remove the field." },
  "value/invalid": { meaning: "A value is refused by a check without a more specific code.", fix: "Follow the message." },
  "value/aws-account-id": { meaning: "Not an AWS account ID (12 digits).", fix: "Write the 12 digits as a string, without dashes or spaces." },
  "value/iam-name": { meaning: "Not a valid IAM role or user name (1 to 64 of letters, digits and + = , . @ _ -).", fix: "Shorten it or remove the characters the message names." },
  "value/region": { meaning: "Not an AWS region code.", fix: 'Use a region code such as "us-east-1", in lower case.' },
  "value/unknown-region": {
    meaning: "A region code AWS's list (pinned in lib/facts/aws-regions) does not hold.",
    fix: "Use the region suggested; if AWS opened it since, also list it in newRegions.",
  },
  "value/datadog-tag": { meaning: "Not a Datadog tag Datadog keeps as written.", fix: 'Write "key:value", starting with a letter, of letters, digits and _ - : . / (at most 200).' },
  "value/aws-tag-filter": { meaning: "Not an AWS tag filter.", fix: 'Write "key:value" (* and ? are wildcards, a leading ! excludes).' },
  "value/listed-name": { meaning: "A namespace or log source is empty or has spaces around it.", fix: "Write the name exactly, without surrounding spaces." },
  "value/not-in-datadog-list": {
    meaning: "A CloudWatch namespace or log source is not in Datadog's list this project pins.",
    fix: "Use the name suggested; if Datadog added it since, also list it in metrics.newNamespaces or logs.newSources.",
  },
  "value/lambda-arn": { meaning: "Not a Lambda function ARN.", fix: "Give the Datadog Forwarder's full ARN." },
  "value/external-id": { meaning: "Not a valid External ID (2 to 1,224 of letters, digits and + = , . @ : / _ -).", fix: "Copy it exactly from the Datadog AWS integration tile." },
  "value/iam-role-arn": { meaning: "Not an IAM role ARN.", fix: 'Write "arn:<partition>:iam::<account id>:role/<name>".' },
  "value/kms-key": { meaning: "Not a KMS key S3 can use.", fix: "Give the key's ARN, an alias (alias/<name>) or the key ID." },
  "value/datadog-config-id": { meaning: "Not Datadog's AWS account config ID (a lower-case UUID).", fix: "Read it from Datadog's API, as the README's \"Adopt an integration made by hand\" shows." },
  "value/key-variable": { meaning: "Terraform cannot read a Datadog key from this variable name (or it is the key itself).", fix: "Use DD_API_KEY / DD_APP_KEY, or a name starting with TF_VAR_." },
  "value/organization-parent-id": { meaning: "Not an OU ID or root ID of AWS Organizations.", fix: 'Give an OU ID ("ou-ab12-cd34ef56") or the root ID ("r-ab12").' },
  "value/s3-bucket": { meaning: "Not an S3 bucket name.", fix: 'Use 3 to 63 lower-case letters, digits, "." or "-".' },
  "value/session-name": { meaning: "Not an STS session name.", fix: "Use 2 to 64 of letters, digits and + = , . @ _ -." },
  "value/managed-policy-quota": { meaning: "managedPolicyQuota is below IAM's default or above the most AWS raises it to.", fix: "Leave it out, or set the quota AWS granted the account." },
  "value/date": { meaning: "Not a date as the accounts file writes them.", fix: "Write it as YYYY-MM-DD." },
  "value/organization-id": { meaning: "Not an AWS Organizations ID.", fix: 'Write "o-" and 10 to 32 letters or digits, or delete the accounts file and run npm run discover again.' },

  // Fields that do not go together
  "combination/auth-partition": {
    meaning: "The auth type is not possible in the account's partition (access keys outside GovCloud and China, roles in China).",
    fix: "Use the auth type the message names.",
  },
  "combination/site-partition": { meaning: "The Datadog site offers no role delegation for the account's partition.", fix: "Use a site the message lists, or access keys." },
  "combination/region-partition": { meaning: "A region in `regions` is in another partition than the account.", fix: "List only regions of the account's partition." },
  "combination/forwarder-partition": { meaning: "A forwarder ARN is in another partition than the account.", fix: "Use the forwarder deployed in the account's partition." },
  "combination/assume-role-partition": { meaning: "awsAssumeRoleArn is in another partition than awsRegion.", fix: "Use a role ARN of the account's partition." },
  "combination/assume-role-without-arn": {
    meaning: "awsAssumeRoleSessionName or awsAssumeRoleExternalId is set without awsAssumeRoleArn.",
    fix: "Add the ARN of the role to assume, or remove the setting.",
  },
  "combination/backend-partition": {
    meaning: "The state backend's role or KMS key is in another partition or region than the bucket.",
    fix: "Use a role or key of the bucket's partition and region, or set backend.region.",
  },
  "combination/backend-kms-unencrypted": { meaning: "backend.kmsKeyId is set while backend.encrypt is false.", fix: 'Remove kmsKeyId, or set "encrypt": true.' },
  "combination/cspm-without-resource-collection": { meaning: "CSPM needs resource collection, which is off.", fix: 'Set "resourceCollection": true or "cspm": false.' },
  "combination/include-and-exclude": { meaning: "metrics.namespaces sets both includeOnly and excludeOnly.", fix: "Keep one of them." },
  "combination/tag-filter-twice": { meaning: "A namespace has tag filters in two places; Datadog keeps one per namespace.", fix: "Merge the tags into one place." },
  "combination/external-id-required": {
    meaning: "Role delegation without managing the Datadog side needs the tile's External ID.",
    fix: "Copy the External ID from the Datadog AWS tile into externalId.",
  },
  "combination/external-id-unused": {
    meaning: "externalId is set where it is not used (the stack generates it, or access keys have none).",
    fix: "Remove externalId, or set manageDatadogIntegration to false.",
  },
  "combination/live-permissions-unmanaged": { meaning: 'permissions "live" needs the Datadog provider, which a stack with manageDatadogIntegration false does not use.', fix: 'Use "pinned".' },
  "combination/import-unmanaged": { meaning: "import.datadogAccountConfigId is set, but the stack does not manage the Datadog side.", fix: "Remove it." },
  "combination/import-wrong-principal": {
    meaning: "import names a role with access keys, or a user with role delegation.",
    fix: "Adopt the principal of the auth type: import.iamRole for roles, import.iamUser for users.",
  },
  "combination/import-name-mismatch": {
    meaning: "The imported role or user has another name than auth.roleName / auth.userName.",
    fix: "Set the auth name to the existing principal's name (case-sensitive).",
  },
  "combination/same-key-variable": { meaning: "datadogApiKeyEnv and datadogAppKeyEnv name the same variable.", fix: "Give each key its own variable." },
  "combination/reserved-key-variable": { meaning: "A Datadog key variable is one the construct uses for the AWS access key.", fix: "Choose another name, e.g. TF_VAR_dd_api_key." },
  "combination/key-variable-unused": { meaning: "A Datadog key variable is set, but the stack does not manage the Datadog side.", fix: "Remove it." },

  // Organizations
  "organization/account-id-in-template": { meaning: "organization.environment sets awsAccountId; each discovered environment gets its own account's.", fix: "Remove it." },
  "organization/unknown-placeholder": {
    meaning: "A {placeholder} in organization.environment is not {accountId}, {accountName} or {partition}.",
    fix: "Write one of them exactly, or leave braces out of the value.",
  },
  "organization/output-is-config": { meaning: "organization.output names the config file itself.", fix: "Name another file, or leave output out." },
  "organization/name-taken": {
    meaning: "A hand-written environment has the name the accounts file gives a discovered one.",
    fix: "Rename the hand-written environment (discovered names never change).",
  },
  "organization/nothing-to-synthesize": { meaning: "No environments, and the accounts file does not exist or enrolls no account.", fix: "Run npm run discover first, or add an environment." },
  "organization/accounts-file-invalid": {
    meaning: "The accounts file is not as discover wrote it. Each problem listed has its own code.",
    fix: "Fix the entries listed, or delete the file and run npm run discover again.",
  },
  "organization/accounts-file-not-json": { meaning: "The accounts file is not JSON.", fix: "Delete it and run npm run discover again." },
  "organization/accounts-file-unreadable": { meaning: "The accounts file cannot be read.", fix: "Check its permissions." },
  "organization/accounts-file-account-id": { meaning: "A key of accounts in the accounts file is not an account ID.", fix: "Write the 12-digit account ID." },
  "organization/accounts-file-flags": { meaning: "An accounts file entry carries more than one of leftOrganization, closed, outsideSelection.", fix: "Keep one." },
  "organization/accounts-file-duplicate-name": { meaning: "Two accounts of the accounts file have the same environment name.", fix: "Give each account its own name." },

  // npm run discover
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

  // The construct
  "construct/invalid-props": { meaning: "DatadogAwsIntegration props break the config's rules. The problems listed are the config's.", fix: "Fix each prop listed." },
  "construct/too-many-managed-policies": {
    meaning: "More managed policies would be attached than the account's IAM quota allows one role or user.",
    fix: "Turn off cspm or resourceCollection, or raise the quota with AWS and set managedPolicyQuota.",
  },
  "construct/region-not-literal": {
    meaning: "awsRegion is a value known only at plan time (a token); it decides the partition of every ARN, including whom the role trusts.",
    fix: "Give a literal region, or leave awsRegion out to use the AWS provider's literal region.",
  },
  "construct/provider-partition": {
    meaning: "awsRegion is in another partition than the region of the AWS provider the resources are created with.",
    fix: "Leave awsRegion out to use the provider's, or give the construct an awsProvider in the right partition.",
  },
  "construct/conflict": {
    meaning: "Two integrations would share Terraform names or an IAM role or user; one would replace the other.",
    fix: "Give each a different construct id or IAM name, or integrate the account once.",
  },

  // Output
  "output/folder-unusable": {
    meaning: "The output folder cannot be used: it or the folder holding it is not writable (synth writes beside it, then moves its output in), or a part of its path is a file.",
    fix: "Make both writable, or choose another folder: CDKTF_OUTDIR with npm run synth, --output with npx cdktf.",
  },
  "output/foreign-folder": {
    meaning: "A folder under stacks/ was not written by synth (the manifest.json synth left does not name it), and synth would have to overwrite it or, run by the cdktf CLI, the CLI would delete it.",
    fix: "Move the folder out of stacks/ (or out of the output folder), then synthesize again.",
  },
  "output/other-config": {
    meaning: "Run by the cdktf CLI, synth would replace the stacks another config file wrote into the output folder (the CLI ignores CDKTF_OUTDIR).",
    fix: "Give this config its own folder: npx cdktf synth --output <folder>, or CDKTF_OUTDIR=<folder> npm run synth.",
  },
  "output/deployer-policy": { meaning: "The stack has resources whose deployer policy cannot be written or scoped.", fix: "Name those resources literally, or leave them out of the stack." },
  "output/hcl-variable": {
    meaning: "SYNTH_HCL_OUTPUT holds a value cdktf reads neither as HCL nor as JSON output.",
    fix: 'Set it to "true" or "1" for HCL, "false" or "0" for JSON, or unset it.',
  },

  // npm run doctor
  "doctor/usage": { meaning: "The doctor was not given exactly one environment (or an unknown option).", fix: "Run npm run doctor -- <environment>." },
  "doctor/unknown-environment": { meaning: "The config has no environment of that name.", fix: "Use the name suggested, or one of those listed." },
  "doctor/datadog-keys-missing": { meaning: "The variables holding the Datadog keys are not set.", fix: "Export them, or set datadogApiKeyEnv/datadogAppKeyEnv to the variables that hold them." },
  "doctor/datadog-keys-refused": { meaning: "Datadog's API refused the keys.", fix: "Use an API key and an application key of the organization on the environment's site." },
  "doctor/datadog-unreachable": { meaning: "Datadog's API cannot be reached.", fix: "Check the network, a proxy, or DATADOG_API_URL." },
  "doctor/datadog-request-failed": { meaning: "Datadog's API answered with an error this tool has no advice for.", fix: "Read Datadog's error in the message." },
  "doctor/aws-credentials-missing": { meaning: "No AWS credentials were found for the environment.", fix: "Give credentials the standard way, or set awsProfile / awsAssumeRoleArn." },
  "doctor/aws-credentials-rejected": { meaning: "AWS did not accept the credentials (wrong or expired).", fix: "Refresh them, e.g. aws sso login." },
  "doctor/aws-wrong-account": { meaning: "The credentials are for another account than the environment's awsAccountId.", fix: "Use credentials for the environment's account." },
  "doctor/assume-role-failed": { meaning: "awsAssumeRoleArn cannot be assumed with these credentials.", fix: "Check that they may assume it, and awsAssumeRoleExternalId / awsAssumeRoleSessionName." },
  "doctor/access-denied": { meaning: "IAM refused a read the doctor needs.", fix: "Give the credentials IAMReadOnlyAccess (or the reads listed)." },
  "doctor/aws-unreachable": { meaning: "AWS cannot be reached.", fix: "Check the network, a proxy, or AWS_ENDPOINT_URL." },
  "doctor/aws-request-failed": { meaning: "AWS answered with an error this tool has no advice for.", fix: "Read AWS's error in the message." },

  // npm run permissions
  "permissions/unreadable": { meaning: "Datadog's permission lists cannot be read (network, site or answer).", fix: "Check the network, the --site given, or DATADOG_API_URL." },
  "permissions/drift": { meaning: "Datadog's permission lists changed since they were pinned.", fix: "Review the diff, run npm run permissions -- update, and commit the result." },

  // Every command
  "command/usage": { meaning: "A command was given an option or argument it does not take, or lacks one it needs.", fix: "Run the command with --help for what it takes." },
  "command/unknown-environment": { meaning: "An environment named on the command line is not in the config.", fix: "Use the name suggested, or one of those listed." },
  "command/unexpected": { meaning: "A command failed in a way it has no advice for.", fix: "Run it again with DEBUG=1 for the stack trace, and report it with that trace." },
} satisfies Record<string, ErrorCodeInfo>;

/** A stable error code: a key of `ERROR_CODES`. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** True for a string that is one of the error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(ERROR_CODES, value);
}

/** One problem of a `ConfigError`: its code, where it is, and what to do. */
export interface Problem {
  /** The problem's stable code. */
  readonly code: ErrorCode;
  /** Where the problem is, as printed before the colon: a field path (`environments.prod.awsAccountId`), a file, or a construct path. */
  readonly path?: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** A problem as one line: `<path>: <message>`. */
export function problemLine(problem: Problem): string {
  return problem.path === undefined ? problem.message : `${problem.path}: ${problem.message}`;
}

/** A problem with a user's input, account or setup. The commands print its message without a stack trace. */
export class ConfigError extends Error {
  /** One line per problem, each naming where it is (the printed lines, without their codes). */
  readonly problems: readonly string[];
  /** The same problems with their codes; a problem given as a bare string has the error's code. */
  readonly issues: readonly Problem[];

  constructor(
    message: string,
    problems: readonly (string | Problem)[],
    /** The code of the error as a whole. */
    readonly code: ErrorCode = "config/invalid",
  ) {
    super(message);
    this.name = "ConfigError";
    this.issues = problems.map((p) => (typeof p === "string" ? { code, message: p } : p));
    this.problems = this.issues.map(problemLine);
  }
}

/** `header`, then each problem on its own line ending in its code. */
function listed(header: string, problems: readonly Problem[]): string {
  return `${header}\n${problems.map((p) => `  - ${problemLine(p)} [${p.code}]`).join("\n")}`;
}

/** An error of one or more problems: the message lists them under `header`. */
function coded(code: ErrorCode, header: string, problems: readonly (string | Problem)[], cause?: unknown): ConfigError {
  const issues = problems.map((p) => (typeof p === "string" ? { code, message: p } : p));
  const error = new ConfigError(listed(header, issues), issues, code);
  if (cause !== undefined) error.cause = cause;
  return error;
}

export function configFileNotFound(file: string, envVar: string): ConfigError {
  return coded("file/not-found", "Cannot read the config file:", [
    { code: "file/not-found", path: file, message: `no such file; create it (see examples/ and the README's config reference) or point ${envVar} at your config file` },
  ]);
}

export function configFileUnreadable(file: string, reason: string): ConfigError {
  return coded("file/unreadable", "Cannot read the config file:", [{ code: "file/unreadable", path: file, message: `cannot be read (${reason})` }]);
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
  return coded("file/not-json", "Cannot parse the config file:", [
    { code: "file/not-json", path: file, message: `not valid JSON at line ${syntax.line}, column ${syntax.column}: ${syntax.found}; ${syntax.fix}` },
  ]);
}

/** A key written more than once in one JSON object. */
export interface DuplicateKey {
  /** Where the key is, as problems name places: `environments.prod`. */
  readonly path: string;
  readonly key: string;
  /** Every line the key is written on, in order (1-based). */
  readonly lines: readonly number[];
}

function duplicateKeyProblem({ path, key, lines }: DuplicateKey): Problem {
  const times = lines.length === 2 ? "twice" : `${lines.length} times`;
  const where = `${lines.slice(0, -1).join(", ")} and ${lines[lines.length - 1]}`;
  const others = lines.length === 2 ? "the first" : "the others";
  return {
    code: "file/duplicate-key",
    path,
    message: `the key ${JSON.stringify(key)} is written ${times} in the same object, at lines ${where}; JSON keeps only the last one and would silently ignore ${others}: merge them into one (or rename one)`,
  };
}

/**
 * Keys written twice (JSON.parse keeps the last one silently), listed before any other
 * problem the config has, so one run reports everything.
 */
export function duplicateConfigKeys(file: string, duplicates: readonly DuplicateKey[], otherProblems: readonly (string | Problem)[] = []): ConfigError {
  return invalidConfig(file, [...duplicates.map(duplicateKeyProblem), ...otherProblems]);
}

/** The config's problems, every one at once; a problem given as a bare string has the code `config/invalid`. */
export function invalidConfig(file: string, problems: readonly (string | Problem)[]): ConfigError {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return coded("config/invalid", `${file}: ${count}; nothing was written.`, problems);
}

/**
 * Props given to the construct from TypeScript break the same rules as the config file.
 * Problems given as `Problem`s keep their codes (flattenIssues gives them); bare strings
 * have the code `construct/invalid-props`.
 */
export function invalidIntegrationProps(constructPath: string, problems: readonly (string | Problem)[]): ConfigError {
  return coded("construct/invalid-props", `Invalid DatadogAwsIntegration props at ${constructPath}:`, problems);
}

/** `reason` says what is wrong in plain words, `fix` what to do about it. */
export function outputFolderUnusable(outdir: string, reason: string, fix: string): ConfigError {
  return coded("output/folder-unusable", "Cannot write the output:", [{ code: "output/folder-unusable", path: outdir, message: `cannot be used as the output folder: ${reason}; ${fix}` }]);
}

/** Environments whose local state file is still at the default place of earlier versions (old-state-path.ts). */
export function localStateAtOldPath(file: string, left: readonly { environment: string; oldPath: string; stackDir: string }[]): ConfigError {
  return coded(
    "config/state-at-old-path",
    `${file}: local state found at the old default place; nothing was written.`,
    left.map(({ environment, oldPath, stackDir }) => ({
      code: "config/state-at-old-path",
      path: `environments.${environment}.backend`,
      message: `${oldPath} holds this environment's state where earlier versions kept it by default; the default is now terraform.tfstate in the stack's folder (${stackDir}), so Terraform would not see it and the next apply would create everything again. Either keep it where it is: set "backend": { "type": "local", "path": "${oldPath}" }; or move it: mkdir -p ${stackDir} && mv ${oldPath} ${stackDir}/terraform.tfstate, synthesize, then run \`terraform -chdir=${stackDir} init -reconfigure\` once (Terraform remembers the old path)`,
    })),
  );
}

/** Folders under stacks/ synth did not write that it would overwrite (`overwritten`), or that the cdktf CLI would delete (`wouldBeDeleted`). */
export function outputForeignFolders(stacksDir: string, overwritten: readonly string[], wouldBeDeleted: readonly string[]): ConfigError {
  const problem = (name: string, why: string): Problem => ({
    code: "output/foreign-folder",
    path: `${stacksDir}/${name}`,
    message: `was not written by synth (the manifest.json synth left does not name it); ${why}: move it out of ${stacksDir}, then synthesize again`,
  });
  return coded("output/foreign-folder", "Synth stopped before touching folders it did not write; nothing was changed:", [
    ...overwritten.map((n) => problem(n, `synth would overwrite its files with the stack "${n}" of the config`)),
    ...wouldBeDeleted.map((n) => problem(n, "the cdktf CLI deletes every folder of stacks/ that its manifest does not name, once the app has run")),
  ]);
}

/** Run by the cdktf CLI, a synth of `configFile` would remove the stacks `recordedConfig` wrote into `outdir`. */
export function outputConfigSwitched(outdir: string, recordedConfig: string, configFile: string, stacks: readonly string[]): ConfigError {
  return coded("output/other-config", "Synth stopped; nothing was changed:", [
    {
      code: "output/other-config",
      path: outdir,
      message: `holds the stacks of ${recordedConfig} (${stacks.join(", ")}), which ${configFile} does not have; synthesizing it here would remove them. The cdktf CLI writes to its own output folder and ignores CDKTF_OUTDIR: give this config its own folder with \`npx cdktf synth --output <folder>\` (and the same --output for diff and deploy) or \`CDKTF_OUTDIR=<folder> npm run synth\`; or, to replace those stacks, run \`npm run synth\` with DATADOG_AWS_CONFIG=${configFile}`,
    },
  ]);
}

/** Parts of a stack the deployer policy cannot cover or scope, each naming the resource. */
export function deployerPolicyUnwritable(problems: readonly string[]): ConfigError {
  return coded("output/deployer-policy", "Cannot write the deployer policy of this stack:", problems);
}

/** More managed policies than the account's IAM quota lets one role or user have. */
export function tooManyManagedPolicies(constructPath: string, total: number, quota: number, maxQuota: number): ConfigError {
  const raise =
    quota < maxQuota
      ? `or ask AWS to raise the account's "Managed policies per role" quota (Service Quotas, up to ${maxQuota}) and set managedPolicyQuota to the new value`
      : `(${quota} is already the most AWS allows)`;
  return coded("construct/too-many-managed-policies", "Too many managed policies:", [
    {
      code: "construct/too-many-managed-policies",
      path: constructPath,
      message: `${total} managed policies would be attached, over the quota of ${quota} per role or user; turn off cspm or resourceCollection, ${raise}`,
    },
  ]);
}

/**
 * Two integrations that would share a Terraform address or an IAM name: the second would
 * silently replace the first (on a live account, a destroyed role).
 */
export function conflictingIntegrations(first: string, second: string, shared: string, fix: string): ConfigError {
  return coded("construct/conflict", "Two Datadog AWS integrations collide:", [`${second} and ${first} would share ${shared}; ${fix}`]);
}

// ---------------------------------------------------------------------------------------
// Organizations: the accounts file and `npm run discover`
// ---------------------------------------------------------------------------------------

/** The accounts file's problems, each placed in the file; bare strings have the code `organization/accounts-file-invalid`. */
export function accountsFileInvalid(file: string, problems: readonly (string | Problem)[]): ConfigError {
  const placed = problems.map((p): Problem => {
    const problem: Problem = typeof p === "string" ? { code: "organization/accounts-file-invalid", message: p } : p;
    return { ...problem, path: problem.path === undefined ? file : `${file}: ${problem.path}` };
  });
  return coded(
    "organization/accounts-file-invalid",
    `${file} (the accounts file \`npm run discover\` writes) is not as discover wrote it; fix the entries below, or delete the file and run \`npm run discover\` again (names are then given afresh). Nothing was written.`,
    placed,
  );
}

export function noOrganizationSection(file: string): ConfigError {
  return coded("discover/no-organization-section", "Cannot discover the organization's accounts:", [
    {
      code: "discover/no-organization-section",
      path: file,
      message: `has no "organization" section, so there is nothing to discover; add "organization": {} to enroll every active account of the organization (see the README's Organizations section)`,
    },
  ]);
}

export function nothingToSynthesize(file: string, accountsFile: string): ConfigError {
  return coded("organization/nothing-to-synthesize", `${file}: 1 problem; nothing was written.`, [
    {
      code: "organization/nothing-to-synthesize",
      path: file,
      message: `has no environments, and ${accountsFile} does not exist yet or enrolls no account; run \`npm run discover\` first, or add an environment`,
    },
  ]);
}

const DISCOVER_HEADER = "Cannot discover the organization's accounts:";

function discoverError(code: ErrorCode, problem: string, cause?: unknown): ConfigError {
  return coded(code, DISCOVER_HEADER, [{ code, message: problem }], cause);
}

/** The permissions discover needs, as a policy would name them. */
export const DISCOVER_PERMISSIONS = ["organizations:DescribeOrganization", "organizations:ListAccounts", "organizations:ListAccountsForParent", "organizations:ListOrganizationalUnitsForParent"];

export function accountsFileOfAnotherOrganization(file: string, recorded: string, current: string, managementAccountId: string): ConfigError {
  return discoverError(
    "discover/another-organization",
    `${file} was written for organization ${recorded}, but these credentials see organization ${current} (management account ${managementAccountId}); use the credentials of ${recorded}'s management account, or set organization.output to another file for this organization`,
  );
}

export function awsCredentialsMissing(detail: string, cause?: unknown): ConfigError {
  return discoverError(
    "discover/credentials-missing",
    `no AWS credentials were found (${detail}); give the organization's management account credentials the standard way: AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, \`aws sso login\`, or in CI aws-actions/configure-aws-credentials`,
    cause,
  );
}

export function awsCredentialsRejected(code: string, message: string, cause?: unknown): ConfigError {
  return discoverError(
    "discover/credentials-rejected",
    `AWS did not accept these credentials (${code}: ${message}); they are wrong or expired: refresh them (e.g. \`aws sso login\`) or check AWS_PROFILE`,
    cause,
  );
}

export function awsAccessDenied(operation: string, code: string, message: string, cause?: unknown): ConfigError {
  return discoverError(
    "discover/access-denied",
    `AWS Organizations refused ${operation} to these credentials (${code}: ${message}); discover needs the organization's management account (or a delegated administrator of AWS Organizations) with ${DISCOVER_PERMISSIONS.join(", ")} (the AWS managed policy AWSOrganizationsReadOnlyAccess has them)`,
    cause,
  );
}

export function notInOrganization(message: string, cause?: unknown): ConfigError {
  return discoverError(
    "discover/not-in-organization",
    `the account of these credentials is not in an AWS Organization (AWSOrganizationsNotInUseException: ${message}); use the credentials of the organization's management account`,
    cause,
  );
}

export function notManagementAccount(organizationId: string, managementAccountId: string): ConfigError {
  return discoverError(
    "discover/not-management-account",
    `these credentials are not those of organization ${organizationId}'s management account (${managementAccountId}): AWS Organizations lists its accounts only to the management account and delegated administrators, and it did not list them here; use the management account's credentials`,
  );
}

export function organizationalUnitNotFound(index: number, id: string, organizationId: string, code: string, message: string, cause?: unknown): ConfigError {
  return coded(
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

export function awsUnreachable(endpoint: string, message: string, cause?: unknown): ConfigError {
  return discoverError("discover/unreachable", `cannot reach AWS Organizations at ${endpoint} (${message}); check the network, a proxy, or AWS_ENDPOINT_URL if it is set`, cause);
}

export function awsRequestFailed(operation: string, code: string, message: string, cause?: unknown): ConfigError {
  return discoverError("discover/request-failed", `AWS Organizations answered ${operation} with ${code}: ${message}`, cause);
}

export function accountsFileUnwritable(file: string, reason: string, cause?: unknown): ConfigError {
  return coded(
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

// ---------------------------------------------------------------------------------------
// Diagnosis: `npm run doctor`
// ---------------------------------------------------------------------------------------

/** How the doctor is run. */
export const DOCTOR_USAGE = `Usage: npm run doctor -- <environment> [--config <file>] [--wait <duration> [--interval <duration>]]   (Datadog keys from the environment's datadogApiKeyEnv/datadogAppKeyEnv, default DD_API_KEY/DD_APP_KEY)
  --config <file>        the config file (default: DATADOG_AWS_CONFIG, else datadog-aws.config.json)
  --wait <duration>      ask Datadog again until metrics from the account arrive or the time is up (e.g. 10m; at most 60m)
  --interval <duration>  how often to ask while waiting (default 30s)
  -h, --help             print this and exit`;

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

function doctorError(code: ErrorCode, environment: string | undefined, problem: string, cause?: unknown): ConfigError {
  const header = environment === undefined ? "Cannot diagnose:" : `Cannot diagnose environment ${JSON.stringify(environment)}:`;
  return coded(code, header, [{ code, message: problem }], cause);
}

export function doctorUsage(problem: string): ConfigError {
  const error = doctorError("doctor/usage", undefined, problem);
  return new ConfigError(`${error.message}\n${DOCTOR_USAGE}`, error.issues, error.code);
}

export function doctorUnknownEnvironment(file: string, name: string, known: readonly string[], suggestion: string | undefined): ConfigError {
  const meant = suggestion ? `did you mean ${JSON.stringify(suggestion)}? ` : "";
  return doctorError("doctor/unknown-environment", undefined, `${file} has no environment ${JSON.stringify(name)}; ${meant}its environments: ${known.map((k) => JSON.stringify(k)).join(", ")}`);
}

export function doctorDatadogKeysMissing(environment: string, variables: readonly string[], site: string): ConfigError {
  const which = variables.length === 1 ? `${variables[0]} is` : `${variables.join(" and ")} are`;
  return doctorError(
    "doctor/datadog-keys-missing",
    environment,
    `${which} not set; the doctor reads the integration from Datadog's API with the environment's keys: export ${variables.join(" and ")} (an API key and an application key of your Datadog organization on ${site}), or set datadogApiKeyEnv/datadogAppKeyEnv to the variables that hold them`,
  );
}

export function doctorDatadogKeysRefused(environment: string, apiUrl: string, status: number, apiKeyEnv: string, appKeyEnv: string, site: string): ConfigError {
  return doctorError(
    "doctor/datadog-keys-refused",
    environment,
    `Datadog's API at ${apiUrl} refused the keys (HTTP ${status}); check that ${apiKeyEnv} holds an API key and ${appKeyEnv} an application key of the organization on ${site} (keys of another site's organization are refused), and that the application key may read integrations`,
  );
}

export function doctorDatadogUnreachable(environment: string, apiUrl: string, message: string, cause?: unknown): ConfigError {
  return doctorError("doctor/datadog-unreachable", environment, `cannot reach Datadog's API at ${apiUrl} (${message}); check the network, a proxy, or DATADOG_API_URL if it is set`, cause);
}

export function doctorDatadogRequestFailed(environment: string, request: string, status: number, detail: string): ConfigError {
  return doctorError("doctor/datadog-request-failed", environment, `Datadog's API answered ${request} with HTTP ${status}${detail ? `: ${detail}` : ""}`);
}

export function doctorAwsCredentialsMissing(environment: string, detail: string, how: string, cause?: unknown): ConfigError {
  return doctorError(
    "doctor/aws-credentials-missing",
    environment,
    `no AWS credentials were found (${detail}); the doctor uses ${how}: give credentials for the account the standard way (AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, \`aws sso login\`), or set awsProfile / awsAssumeRoleArn in the environment`,
    cause,
  );
}

export function doctorAwsCredentialsRejected(environment: string, code: string, message: string, how: string, cause?: unknown): ConfigError {
  return doctorError(
    "doctor/aws-credentials-rejected",
    environment,
    `AWS did not accept the credentials of ${how} (${code}: ${message}); they are wrong or expired: refresh them (e.g. \`aws sso login\`)`,
    cause,
  );
}

export function doctorAwsWrongAccount(environment: string, expected: string, actual: string, callerArn: string, how: string): ConfigError {
  return doctorError(
    "doctor/aws-wrong-account",
    environment,
    `the AWS credentials (${how}) are for account ${actual} (${callerArn}), but the environment's awsAccountId is ${expected}; use credentials for ${expected}: AWS_PROFILE, awsProfile or awsAssumeRoleArn`,
  );
}

export function doctorAwsAssumeRoleFailed(environment: string, roleArn: string, code: string, message: string, cause?: unknown): ConfigError {
  return doctorError(
    "doctor/assume-role-failed",
    environment,
    `cannot assume ${roleArn} (awsAssumeRoleArn) (${code}: ${message}); check that the credentials may assume it, and awsAssumeRoleExternalId / awsAssumeRoleSessionName if the role requires them`,
    cause,
  );
}

export function doctorAwsAccessDenied(environment: string, operation: string, code: string, message: string, cause?: unknown): ConfigError {
  return doctorError(
    "doctor/access-denied",
    environment,
    `IAM refused ${operation} to these credentials (${code}: ${message}); the doctor only reads IAM and needs ${DOCTOR_IAM_PERMISSIONS.join(", ")} (the AWS managed policy IAMReadOnlyAccess has them)`,
    cause,
  );
}

export function doctorAwsUnreachable(environment: string, endpoint: string, message: string, cause?: unknown): ConfigError {
  return doctorError("doctor/aws-unreachable", environment, `cannot reach AWS at ${endpoint} (${message}); check the network, a proxy, or AWS_ENDPOINT_URL if it is set`, cause);
}

export function doctorAwsRequestFailed(environment: string, operation: string, code: string, message: string, cause?: unknown): ConfigError {
  return doctorError("doctor/aws-request-failed", environment, `AWS answered ${operation} with ${code}: ${message}`, cause);
}

// ---------------------------------------------------------------------------------------
// Every command: arguments (lib/command-line.ts), SYNTH_HCL_OUTPUT, unexpected failures
// ---------------------------------------------------------------------------------------

/** An argument the command does not take (or one missing); the message ends with the command's usage. */
export function commandUsage(command: string, problem: string, usage: string, code: ErrorCode = "command/usage"): ConfigError {
  const error = coded(code, `Cannot run ${command}:`, [{ code, message: problem }]);
  return new ConfigError(`${error.message}\n${usage}`, error.issues, error.code);
}

export function unknownEnvironments(command: string, file: string, names: readonly { name: string; suggestion?: string }[], known: readonly string[]): ConfigError {
  const listed = known.map((k) => JSON.stringify(k)).join(", ");
  return coded(
    "command/unknown-environment",
    `Cannot run ${command}:`,
    names.map(({ name, suggestion }) => ({
      code: "command/unknown-environment" as const,
      path: file,
      message: `has no environment ${JSON.stringify(name)}; ${suggestion ? `did you mean ${JSON.stringify(suggestion)}? ` : ""}its environments: ${listed}`,
    })),
  );
}

/** SYNTH_HCL_OUTPUT set to something cdktf would read one way in one place and another way elsewhere (or not at all). */
export function hclVariableInvalid(variable: string, value: string): ConfigError {
  return coded("output/hcl-variable", "Cannot choose the output format:", [
    {
      code: "output/hcl-variable",
      path: variable,
      message: `${JSON.stringify(value)} is neither HCL ("true", "1") nor JSON ("false", "0"), and cdktf would silently read it as JSON; set it to "true" or "1" for HCL (cdk.tf), "false" or "0" for JSON (cdk.tf.json), or unset it (or run npm run synth -- --hcl)`,
    },
  ]);
}

/** The line a command prints for a failure it has no advice for, ending in its code like every other problem. */
export function unexpectedFailureLine(command: string, message: string): string {
  return `${command} failed: ${message} [command/unexpected]`;
}

// ---------------------------------------------------------------------------------------
// `npm run permissions`
// ---------------------------------------------------------------------------------------

export function permissionListsUnreadable(reason: string, cause?: unknown): ConfigError {
  return coded("permissions/unreadable", "Cannot read Datadog's permission lists:", [{ code: "permissions/unreadable", message: reason }], cause);
}

/** The line `npm run permissions -- check` ends with when Datadog's lists changed. */
export const PERMISSIONS_DRIFT_LINE = "Datadog's lists changed since they were pinned: review the diff, then run `npm run permissions -- update` and commit the result. [permissions/drift]";
