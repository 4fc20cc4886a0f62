/**
 * The organization section: which accounts of an AWS Organization are enrolled, where the
 * accounts file is, and what every discovered account's environment gets.
 */
import { z } from "zod";
import { awsAccountIdRule, organizationParentIdRule } from "./rules";
import { ruled } from "./ruled";

/** The file `npm run discover` writes the organization's accounts to, beside the config file unless `organization.output` says otherwise. */
export const DEFAULT_ACCOUNTS_FILE = "datadog-aws.accounts.json";

export const ORGANIZATION_ENVIRONMENT_DESCRIPTION =
  "The settings every discovered account's environment gets: any environment key but awsAccountId, merged over defaults like an environment's own (objects key by key, null unsets). String values may use {accountId}, {accountName} (the name as AWS has it) and {partition} (the organization's: aws, aws-us-gov or aws-cn).";

/**
 * The `organization` section: every active account of an AWS Organization, discovered by
 * `npm run discover` (cli/discover/). Its `environment` is checked as an environment
 * is, once placeholders are filled in (resolution/organization-template.ts), so here it is any object.
 */
export const organizationShape = {
  ouIds: z
    .array(ruled(organizationParentIdRule, 'An OU ID ("ou-ab12-cd34ef56") or the root ID ("r-ab12").'))
    .min(1)
    .optional()
    .meta({ description: "Only accounts in these OUs and the OUs under them. Default: every account of the organization." }),
  excludeAccountIds: z.array(ruled(awsAccountIdRule, "An account ID: 12 digits.")).optional().meta({ description: "Accounts never enrolled, wherever they are." }),
  output: z
    .string()
    .min(1)
    .optional()
    .meta({
      description: `The accounts file: where npm run discover writes the discovered environments and synth reads them, relative to the config file. Default: ${DEFAULT_ACCOUNTS_FILE} beside the config file.`,
    }),
  environment: z.record(z.string(), z.unknown()).optional().meta({ description: ORGANIZATION_ENVIRONMENT_DESCRIPTION }),
};

export const organizationSchema = z.strictObject(organizationShape);
