/**
 * `costs/`: the `costs` section (Cloud Cost Management, CUR 2.0). Its field rules
 * (lib/config/fields/costs.ts) and cross-field checks (lib/config/checks/costs.ts) raise
 * these, naming their code, so there are no factories here.
 */
import type { ErrorCodeInfo } from "./core";

/** The `costs/` codes, with what each means and how to fix it. */
export const COSTS_ERRORS = {
  heading: "Cloud Cost Management (`costs`)",
  codes: {
    "costs/bucket-name": { meaning: "costs.bucket.name is not a name S3 accepts (or is an ARN).", fix: "Give the bucket's name alone: 3 to 63 lower-case letters, digits, . and -." },
    "costs/export-name": { meaning: "costs.export.name is not a name AWS Data Exports accepts.", fix: "Use 1 to 128 letters, digits and ! - _ . * ' ( )." },
    "costs/report-prefix": {
      meaning: "costs.export.prefix is not a prefix the export and Datadog's read access can share.",
      fix: 'Write folders joined by single "/", without a leading or trailing "/".',
    },
    "costs/bucket-partition": { meaning: "costs.bucket.region is in another AWS partition than the account.", fix: "Use a bucket in the account's partition (an aws region such as us-east-1)." },
    "costs/partition": {
      meaning: "Cost settings on a GovCloud or China account: Datadog reads CUR 2.0 exports of commercial (aws) accounts only.",
      fix: "Remove costs here; set it on the commercial payer account that the account's bill belongs to.",
    },
    "costs/access-keys": { meaning: "Cost settings on an account Datadog reaches with access keys; its cost configuration needs role delegation.", fix: "Remove costs, or use role auth." },
    "costs/unmanaged": {
      meaning: "Cost settings with manageDatadogIntegration false: Datadog's cost configuration hangs off the integration the stack manages.",
      fix: "Set manageDatadogIntegration to true, or remove costs and configure Cloud Cost Management in Datadog.",
    },
    "costs/bucket-without-export": {
      meaning: "costs.bucket.create is true while costs.export.create is false: an existing export already writes to an existing bucket.",
      fix: 'Set "bucket": { "create": false } with the existing export\'s bucket, or let the stack create the export too.',
    },
  } satisfies Record<`costs/${string}`, ErrorCodeInfo>,
};
