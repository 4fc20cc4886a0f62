/**
 * `construct/`: the construct's props, when it is used as a library.
 */
import { configError, ConfigError, ErrorCodeInfo, Problem } from "./core";

/** The `construct/` codes, with what each means and how to fix it. */
export const CONSTRUCT_ERRORS = {
  heading: "The construct, used as a library",
  codes: {
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
  } satisfies Record<`construct/${string}`, ErrorCodeInfo>,
};

/**
 * Props given to the construct from TypeScript break the same rules as the config file.
 * Problems given as `Problem`s keep their codes (flattenIssues gives them); bare strings
 * have the code `construct/invalid-props`.
 */
export function invalidIntegrationProps(constructPath: string, problems: readonly (string | Problem)[]): ConfigError {
  return configError("construct/invalid-props", `Invalid DatadogAwsIntegration props at ${constructPath}:`, problems);
}

/** More managed policies than the account's IAM quota lets one role or user have. */
export function tooManyManagedPolicies(constructPath: string, total: number, quota: number, maxQuota: number): ConfigError {
  const raise =
    quota < maxQuota
      ? `or ask AWS to raise the account's "Managed policies per role" quota (Service Quotas, up to ${maxQuota}) and set managedPolicyQuota to the new value`
      : `(${quota} is already the most AWS allows)`;
  return configError("construct/too-many-managed-policies", "Too many managed policies:", [
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
  return configError("construct/conflict", "Two Datadog AWS integrations collide:", [`${second} and ${first} would share ${shared}; ${fix}`]);
}
