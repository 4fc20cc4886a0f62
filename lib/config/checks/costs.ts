/**
 * The `costs` section against the rest of the environment: which accounts Datadog can read
 * costs from, the bucket's partition, and the pieces that must come together (costs/*).
 */
import { EXAMPLE_REGION, partitionOfRegion, REGION_PATTERN } from "../../facts/partitions";
import { quote } from "../json-value";
import { isToken } from "../fields/rules";
import { authOf, type Ctx, type IntegrationValue, issue, partitionOf } from "./check";

/**
 * Datadog reads CUR 2.0 exports of commercial accounts only: AWS Data Exports is served from
 * us-east-1 of the aws partition, and a GovCloud account's charges are billed to its associated
 * commercial account (lib/facts/README.md, "Cloud Cost Management"). Access-key accounts
 * (GovCloud, China) are refused on the same grounds, with their own code so the message says so.
 */
export function checkCostsAccount(c: IntegrationValue, ctx: Ctx): void {
  if (!c.costs || typeof c.costs !== "object") return;
  const partition = partitionOf(c);
  if (partition && partition !== "aws") {
    issue(
      ctx,
      "costs/partition",
      ["costs"],
      `Datadog's Cloud Cost Management reads CUR 2.0 exports of commercial (aws) accounts only, and this account is in ${partition} (awsRegion ${quote(c.awsRegion)}); remove costs here and set it on the commercial payer account whose bill holds this account's charges`,
    );
  } else if (authOf(c).type === "accessKeys") {
    issue(ctx, "costs/access-keys", ["costs"], 'Datadog reads costs through the role it assumes; an account it reaches with access keys has none. Remove costs, or use { "type": "role" } auth');
  }
  if (c.manageDatadogIntegration === false) {
    issue(
      ctx,
      "costs/unmanaged",
      ["costs"],
      "Datadog is told where the export is through the integration this stack manages, and manageDatadogIntegration is false; set it to true, or remove costs and enter the export in Datadog's Cloud Cost setup page",
    );
  }
}

/** The bucket must be in the account's partition: the export and Datadog's role cannot reach another partition's bucket. */
export function checkCostsBucketPartition(c: IntegrationValue, ctx: Ctx): void {
  const region = c.costs?.bucket?.region;
  const partition = partitionOf(c);
  if (!partition || typeof region !== "string" || isToken(region) || !REGION_PATTERN.test(region)) return;
  const bucketPartition = partitionOfRegion(region);
  if (bucketPartition !== partition) {
    issue(
      ctx,
      "costs/bucket-partition",
      ["costs", "bucket", "region"],
      `${quote(region)} is in partition ${bucketPartition}, but this account is in ${partition} (awsRegion ${quote(c.awsRegion)}); the export and Datadog's role reach buckets of their own partition only, so use a bucket in one of its regions, such as ${quote(EXAMPLE_REGION[partition])}`,
    );
  }
}

/** An existing export writes to an existing bucket: a new bucket with an existing export would stay empty. */
export function checkCostsPieces(c: IntegrationValue, ctx: Ctx): void {
  const costs = c.costs;
  if (!costs || typeof costs !== "object") return;
  if (costs.bucket?.create === true && costs.export?.create === false) {
    issue(
      ctx,
      "costs/bucket-without-export",
      ["costs", "bucket", "create"],
      `a new bucket would stay empty: the existing export ${quote(costs.export.name)} already writes to its own bucket. Give that bucket with "create": false, or let the stack create the export too ("export": { "create": true })`,
    );
  }
}
