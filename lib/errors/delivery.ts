/**
 * `delivery/`: sending CloudWatch data to Datadog through Kinesis Data Firehose (metric
 * streams, log delivery): the config's checks raise these, each naming its code, and the
 * construct raises `delivery/name-too-long` for names it builds.
 */
import { configError, ConfigError, ErrorCodeInfo } from "./core";

/** The `delivery/` codes, with what each means and how to fix it. */
export const DELIVERY_ERRORS = {
  heading: "Metric streams and log delivery (Kinesis Data Firehose)",
  codes: {
    "delivery/log-delivery-modes": {
      meaning: "One place of logDelivery sets both accountLevel and logGroups; a region subscribes the whole account or named log groups, not both.",
      fix: "Keep one of them; give regions that differ their own in byRegion.",
    },
    "delivery/log-delivery-region": { meaning: "A logDelivery.byRegion key is not a region code.", fix: "Key byRegion by region codes such as us-east-1." },
    "delivery/log-delivery-duplicate": { meaning: "A log group or region is listed twice in one logDelivery list.", fix: "List each once." },
    "delivery/log-delivery-loop": {
      meaning: "logDelivery names a Firehose error log group (/aws/kinesisfirehose/...): its errors would go back through Firehose, in a loop when delivery fails.",
      fix: "Remove it; the account-level policy leaves these log groups out by itself.",
    },
    "delivery/secret-name": { meaning: "firehoseApiKey.secretName is not a Secrets Manager secret name.", fix: "Give the secret's name (not its ARN)." },
    "delivery/name-prefix": {
      meaning: "metricStreams.namePrefix is not 1 to 20 of lower-case letters, digits and -, starting with a letter.",
      fix: "Use such a prefix; S3 bucket names are built from it.",
    },
    "delivery/api-key-missing": {
      meaning: "A delivery section is on, but firehoseApiKey does not say where Firehose gets the Datadog API key.",
      fix: 'Add "firehoseApiKey": { "source": "secretsManager", "secretName": "..." } or { "source": "variable" }.',
    },
    "delivery/region-partition": { meaning: "A delivery region is in another partition than the account.", fix: "List only regions of the account's partition." },
    "delivery/partition": { meaning: "Datadog's templates deliver nothing from this partition (China: no Datadog site or intake there).", fix: "Turn the section off for this account." },
    "delivery/site": { meaning: "The Datadog site takes no Firehose deliveries from the account's partition (GovCloud sends to the FED sites only).", fix: "Use a site the message lists." },
    "delivery/include-and-exclude": { meaning: "metricStreams.namespaces sets both includeOnly and excludeOnly; a metric stream takes one.", fix: "Keep one of them." },
    "delivery/name-too-long": { meaning: "A name built from namePrefix, the kind and the region is longer than AWS allows.", fix: "Use a shorter namePrefix." },
  } satisfies Record<`delivery/${string}`, ErrorCodeInfo>,
};

/** A name the construct builds exceeds AWS's limit for that kind of resource. */
export function deliveryNameTooLong(constructPath: string, what: string, name: string, max: number): ConfigError {
  return configError("delivery/name-too-long", `Invalid delivery names at ${constructPath}:`, [
    { code: "delivery/name-too-long", path: "namePrefix", message: `the ${what} name ${JSON.stringify(name)} is ${name.length} characters, over AWS's ${max}; use a shorter namePrefix` },
  ]);
}
