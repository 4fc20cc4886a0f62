/**
 * `combination/`: fields that do not go together. The config's cross-field checks
 * (lib/config) raise these, each check naming its code; the one factory here is for the
 * provider range, which the stack checks as the construct asks for features
 * (lib/constructs/provider-requirements.ts).
 */
import { configError, type ConfigError, type ErrorCodeInfo } from "./core";

/** The `combination/` codes, with what each means and how to fix it. */
export const COMBINATION_ERRORS = {
  heading: "Fields that do not go together",
  codes: {
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
    "combination/log-tag-filter-source": {
      meaning: "logs.tagFilters has a filter for a log source that logs.sources does not list, so no log of that source is collected to filter.",
      fix: "Add the source to logs.sources, or remove the filter.",
    },
    "combination/log-tag-filter-twice": { meaning: "logs.tagFilters has two filters for one log source.", fix: "Merge them into one filter with all the tags." },
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
    "combination/provider-version-feature": {
      meaning: "The pinned provider version range (datadogProviderVersion) admits versions that lack a feature the stack uses.",
      fix: "Raise the range's floor to the version the message names, or remove the setting so the stack declares the range itself.",
    },
  } satisfies Record<`combination/${string}`, ErrorCodeInfo>,
};

/** A pinned provider range that admits versions without a feature the stack uses. */
export function providerVersionExcludesFeature(where: string, message: string): ConfigError {
  return configError("combination/provider-version-feature", "The pinned provider version does not fit what the stack uses:", [{ code: "combination/provider-version-feature", path: where, message }]);
}
