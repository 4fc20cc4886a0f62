/**
 * `value/`: one field's value, judged on its own. The config's field rules and zod's checks
 * (lib/config) raise these, each rule naming its code; the one factory here is for a provider
 * version pinned from TypeScript (lib/constructs/provider-requirements.ts).
 */
import { configError, type ConfigError, type ErrorCodeInfo } from "./core";

/** The `value/` codes, with what each means and how to fix it. */
export const VALUE_ERRORS = {
  heading: "One field's value",
  codes: {
    "value/required": { meaning: "A required field is missing.", fix: "Add it; the message says what it takes." },
    "value/wrong-type": { meaning: "A value has the wrong JSON type (e.g. a number where a string is expected).", fix: "Write the type the message names, e.g. IDs as strings in double quotes." },
    "value/unknown-key": {
      meaning: "A key this place does not have (unknown keys are errors, so a typo is never ignored).",
      fix: "Use the key the message suggests, or one of the allowed keys it lists.",
    },
    "value/not-allowed": { meaning: "A value is not one of the allowed choices (e.g. datadogSite).", fix: "Use one of the values listed (the message suggests the closest)." },
    "value/unknown-variant": { meaning: "An object's `type` (auth.type, backend.type) is missing or unknown.", fix: "Use one of the types listed." },
    "value/wrong-form": { meaning: "A value is none of the forms the field takes.", fix: "See docs/config-reference.md for the forms of the field." },
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
    "value/log-group-name": {
      meaning: "Not a CloudWatch Logs log group name (1 to 512 of letters, digits and _ - / . #), or an ARN where the name goes.",
      fix: "Give the log group's name alone, e.g. /aws/lambda/checkout.",
    },
    "value/lambda-arn": { meaning: "Not a Lambda function ARN.", fix: "Give the Datadog Forwarder's full ARN." },
    "value/external-id": { meaning: "Not a valid External ID (2 to 1,224 of letters, digits and + = , . @ : / _ -).", fix: "Copy it exactly from the Datadog AWS integration tile." },
    "value/iam-role-arn": { meaning: "Not an IAM role ARN.", fix: 'Write "arn:<partition>:iam::<account id>:role/<name>".' },
    "value/kms-key": { meaning: "Not a KMS key S3 can use.", fix: "Give the key's ARN, an alias (alias/<name>) or the key ID." },
    "value/datadog-config-id": {
      meaning: "Not Datadog's AWS account config ID (a lower-case UUID).",
      fix: 'Read it from Datadog\'s API, as docs/operations.md, "Adopt an integration made by hand", shows.',
    },
    "value/key-variable": { meaning: "Terraform cannot read a Datadog key from this variable name (or it is the key itself).", fix: "Use DD_API_KEY / DD_APP_KEY, or a name starting with TF_VAR_." },
    "value/organization-parent-id": { meaning: "Not an OU ID or root ID of AWS Organizations.", fix: 'Give an OU ID ("ou-ab12-cd34ef56") or the root ID ("r-ab12").' },
    "value/s3-bucket": { meaning: "Not an S3 bucket name.", fix: 'Use 3 to 63 lower-case letters, digits, "." or "-".' },
    "value/session-name": { meaning: "Not an STS session name.", fix: "Use 2 to 64 of letters, digits and + = , . @ _ -." },
    "value/managed-policy-quota": { meaning: "managedPolicyQuota is below IAM's default or above the most AWS raises it to.", fix: "Leave it out, or set the quota AWS granted the account." },
    "value/date": { meaning: "Not a date as the accounts file writes them.", fix: "Write it as YYYY-MM-DD." },
    "value/organization-id": { meaning: "Not an AWS Organizations ID.", fix: 'Write "o-" and 10 to 32 letters or digits, or delete the accounts file and run npm run discover again.' },
    "value/metric-name-pattern": {
      meaning: "Not a metric name pattern Datadog takes (lowercase letters, digits, `.`, `_` and `*`).",
      fix: 'Write the Datadog metric name, e.g. "aws.ec2.network_in", with * as the wildcard.',
    },
    "value/provider-version": {
      meaning: "Not a Terraform version constraint this project reads, or one that admits no version.",
      fix: 'Write released versions with the operators = != > >= < <= ~>, separated by commas, e.g. ">= 4.16.0, < 5.0.0".',
    },
  } satisfies Record<`value/${string}`, ErrorCodeInfo>,
};

/** A provider version pinned from TypeScript that is no constraint (`where`: the setting, e.g. `environments.prod.datadogProviderVersion`). */
export function invalidProviderVersion(where: string, message: string): ConfigError {
  return configError("value/provider-version", "Invalid provider version constraint:", [{ code: "value/provider-version", path: where, message }]);
}
