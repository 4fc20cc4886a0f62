/**
 * What Datadog collects: CloudWatch metrics (which namespaces, which tagged resources) and
 * the logs Datadog's Forwarder functions collect.
 */
import { z } from "zod";
import { CLOUDWATCH_NAMESPACES, DEFAULT_EXCLUDED_NAMESPACES, LOG_SOURCES } from "../../facts/datadog-lists";
import { awsTagFilterRule, lambdaArnRule, listedNameRule } from "./rules";
import { newerNames, ruled } from "./ruled";
import { metricNameFiltersSchema } from "./metric-name-filters";

/** "a, b and c" */
const inWords = (names: readonly string[]) => `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;

const awsTagFilter = ruled(awsTagFilterRule, 'AWS tag filter "key:value"; * and ? are wildcards, a leading ! excludes.');
const namespaceSchema = ruled(
  listedNameRule,
  `CloudWatch namespace as Datadog names it (its list of ${CLOUDWATCH_NAMESPACES.date}), e.g. "AWS/EC2", "AWS/EC2/API", "Glue"; newer ones go in metrics.newNamespaces too.`,
);

const logSourceSchema = ruled(listedNameRule, `Log source as Datadog names it (its list of ${LOG_SOURCES.date}), e.g. "s3", "elbv2", "cloudtrail".`);

export const metricsSchema = z
  .strictObject({
    enabled: z.boolean().default(true).meta({ description: "Collect CloudWatch metrics." }),
    namespaces: z
      .strictObject({
        includeOnly: z.array(namespaceSchema).min(1).optional().meta({ description: "Collect metrics only from these services." }),
        excludeOnly: z.array(namespaceSchema).optional().meta({ description: "Collect metrics from every service but these." }),
      })
      .optional()
      .meta({
        description: `Which services to collect metrics from (the guide's list of services): includeOnly or excludeOnly, not both. Default: the provider's, which excludes ${inWords(DEFAULT_EXCLUDED_NAMESPACES)}.`,
      }),
    hostTags: z.array(awsTagFilter).default([]).meta({ description: 'Limit EC2 hosts (and their EBS volumes) to those with these AWS tags (the guide\'s "to hosts with tag").' }),
    lambdaTags: z.array(awsTagFilter).default([]).meta({ description: 'Limit Lambda functions to those with these AWS tags (the guide\'s "to Lambdas with tag").' }),
    tagFilters: z
      .array(z.strictObject({ namespace: namespaceSchema, tags: z.array(awsTagFilter).min(1) }))
      .default([])
      .meta({ description: 'AWS tag filters for other namespaces, e.g. [{ "namespace": "AWS/RDS", "tags": ["env:prod"] }]; one filter per namespace.' }),
    metricNameFilters: metricNameFiltersSchema,
    newNamespaces: newerNames("CloudWatch namespaces", CLOUDWATCH_NAMESPACES.date),
    automute: z.boolean().default(true).meta({ description: "Mute monitors of EC2 hosts that AWS shut down on purpose." }),
    collectCloudwatchAlarms: z.boolean().default(false).meta({ description: "Collect CloudWatch alarms." }),
    collectCustomMetrics: z.boolean().default(false).meta({ description: "Collect custom CloudWatch metrics." }),
  })
  .prefault({});

export const logsSchema = z
  .strictObject({
    lambdaForwarderArns: z
      .array(ruled(lambdaArnRule, "ARN of a Datadog Forwarder Lambda function."))
      .default([])
      .meta({ description: "Datadog Forwarder Lambda functions that collect the logs, in the account's partition." }),
    sources: z.array(logSourceSchema).default([]).meta({ description: 'AWS services whose logs the forwarders collect, e.g. "s3", "elb".' }),
    tagFilters: z
      .array(z.strictObject({ source: logSourceSchema, tags: z.array(awsTagFilter).min(1) }))
      .default([])
      .meta({
        description:
          'Per log source, collect logs only from resources with these AWS tags, e.g. [{ "source": "s3", "tags": ["env:prod"] }]; each source one filter, and only sources listed in logs.sources.',
      }),
    newSources: newerNames("log sources", LOG_SOURCES.date),
  })
  .prefault({});
