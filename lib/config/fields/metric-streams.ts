/**
 * CloudWatch Metric Streams to Datadog: per region a metric stream into a Kinesis Data
 * Firehose delivery stream to the site's metrics intake, as Datadog's template
 * `aws_streams/streams_single_region.yaml` does, from the same config.
 */
import { z } from "zod";
import { CLOUDWATCH_NAMESPACES } from "../../facts/datadog-lists";
import { quote } from "../json-value";
import { withCode } from "../messages";
import { listedNameRule, regionRule } from "./rules";
import { ruled } from "./ruled";

/** Lower-case start of the AWS names (bucket names must be lower case): 1 to 20 of letters, digits and -. */
const NAME_PREFIX_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;

const namespaceSchema = ruled(
  listedNameRule,
  `CloudWatch namespace as Datadog names it (its list of ${CLOUDWATCH_NAMESPACES.date}), e.g. "AWS/EC2"; a newer or custom one also goes in metrics.newNamespaces.`,
);

export const metricStreamsSchema = z
  .strictObject({
    regions: z
      .array(ruled(regionRule, "AWS region code."))
      .min(1)
      .optional()
      .meta({ description: 'Regions to stream from, each with its own metric stream and delivery stream. Default: the integration\'s regions, or awsRegion alone when regions is "all".' }),
    namespaces: z
      .strictObject({
        includeOnly: z.array(namespaceSchema).min(1).optional().meta({ description: "Stream only these namespaces." }),
        excludeOnly: z.array(namespaceSchema).min(1).optional().meta({ description: "Stream every namespace but these." }),
      })
      .optional()
      .meta({ description: "includeOnly or excludeOnly, not both. Default: every namespace (as Datadog's template without filters)." }),
    includeLinkedAccounts: z
      .boolean()
      .default(false)
      .meta({ description: "Also stream the metrics of source accounts linked to this one (CloudWatch cross-account observability monitoring account), as the template's IncludeLinkedAccounts." }),
    namePrefix: z
      .string()
      .regex(NAME_PREFIX_PATTERN, {
        error: withCode(
          "delivery/name-prefix",
          (iss) => `${quote(iss.input)} is not a name prefix: 1 to 20 of lower-case letters, digits and -, starting with a letter (S3 bucket names are built from it)`,
        ),
      })
      .default("datadog")
      .meta({ description: "Start of every AWS name it creates (metric stream, delivery stream, bucket, roles, log group)." }),
  })
  .optional()
  .meta({
    description:
      "CloudWatch Metric Streams to Datadog (metrics within 2 to 3 minutes instead of polled every 10): per region a metric stream, a Kinesis Data Firehose delivery stream to the site's metrics intake, a bucket for failed deliveries, their roles and an error log group. Needs firehoseApiKey. Default: off.",
  });
