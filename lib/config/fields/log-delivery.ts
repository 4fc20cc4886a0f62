/**
 * The logDelivery section: CloudWatch Logs sent to Datadog through a Firehose delivery stream
 * per region, for the whole account (an account-level subscription filter policy) or for
 * named log groups (subscription filters), as Datadog's template
 * DataDog/cloudformation-template `aws_account_level_logs/` does for the whole account.
 * Which regions, and which mode each gets, is resolved by lib/config/log-delivery-regions.ts;
 * the rules between these fields are in checks/log-delivery.ts.
 */
import { z } from "zod";
import { quote } from "../json-value";
import { regionRule, type StringRule } from "./rules";
import { ruled } from "./ruled";

/** CloudWatch Logs' rule for log group names (CreateLogGroup): 1 to 512 of letters, digits and _ - / . # */
export const LOG_GROUP_NAME_PATTERN = /^[A-Za-z0-9_\-/.#]{1,512}$/;

export const logGroupNameRule: StringRule = {
  code: "value/log-group-name",
  pattern: LOG_GROUP_NAME_PATTERN,
  maxLength: 512,
  check(value) {
    if (LOG_GROUP_NAME_PATTERN.test(value)) return undefined;
    if (value === "") return 'is empty; give a log group name, e.g. "/aws/lambda/checkout", or remove it';
    if (value.length > 512) return `${quote(value.slice(0, 40))}... is ${value.length} characters; CloudWatch Logs log group names are at most 512`;
    if (value.startsWith("arn:")) return `${quote(value)} is an ARN; give the log group's name alone, e.g. ${quote(value.replace(/^arn:[^:]*:logs:[^:]*:\d*:log-group:/, "").replace(/:\*$/, ""))}`;
    const bad = [...new Set(value.replace(/[A-Za-z0-9_\-/.#]/g, ""))];
    return `${quote(value)} contains ${bad.map(quote).join(", ")}; log group names allow only letters, digits and _ - / . #`;
  },
};

/** The longest filter pattern CloudWatch Logs takes (PutSubscriptionFilter, filterPattern: 0 to 1,024 characters). */
export const FILTER_PATTERN_MAX_LENGTH = 1024;

const logGroupName = ruled(logGroupNameRule, 'A CloudWatch Logs log group name, e.g. "/aws/lambda/checkout".');

const logGroupsSchema = z.array(logGroupName).min(1).meta({ description: "Subscribe only these log groups (one subscription filter each), instead of the whole account." });

const accountLevelSchema = z
  .strictObject({
    excludeLogGroups: z.array(logGroupName).default([]).meta({
      description:
        "Log groups the account-level policy leaves out (its selection criteria), besides the delivery streams' own error log groups, which are always left out so Firehose's errors never loop back into Firehose.",
    }),
  })
  .meta({ description: "Subscribe every log group of the region through one account-level subscription filter policy (one per region and account, as AWS allows)." });

/** What one region subscribes: the whole account, or named log groups. */
const regionModeSchema = z
  .strictObject({
    accountLevel: accountLevelSchema.optional(),
    logGroups: logGroupsSchema.optional(),
  })
  .meta({ description: "What this region subscribes: accountLevel or logGroups, not both. Neither: the section's own choice." });

export const logDeliverySchema = z
  .strictObject({
    regions: z.array(ruled(regionRule, "AWS region code.")).min(1).optional().meta({
      description:
        'Regions whose CloudWatch Logs go to Datadog. Default: the integration\'s regions, or awsRegion alone when regions is "all" (as metricStreams). Regions named in byRegion are added.',
    }),
    accountLevel: accountLevelSchema.optional(),
    logGroups: logGroupsSchema.optional(),
    byRegion: z
      .record(z.string(), regionModeSchema)
      .optional()
      .meta({ description: 'Per region, what it subscribes when it differs from the section\'s choice, e.g. { "us-east-1": { "accountLevel": {} } }; each region named here gets log delivery.' }),
    filterPattern: z
      .string()
      .max(FILTER_PATTERN_MAX_LENGTH)
      .default("")
      .meta({ description: 'CloudWatch Logs filter pattern of every subscription: "" (every event, as Datadog\'s template) or a pattern such as "ERROR".' }),
  })
  .meta({
    description:
      "Send CloudWatch Logs to Datadog through a Firehose delivery stream per region (Datadog's account-level logs template), with the failure bucket and roles metricStreams uses. Each region subscribes the whole account (accountLevel, the default) or named logGroups. Needs the Firehose API key source.",
  });
