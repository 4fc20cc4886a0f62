/**
 * Which part of the deployer policy writes each S3 bucket and inline role policy of a stack.
 *
 * Two parts create those two resource types: delivery (metric streams and log delivery: a
 * failed-records bucket and an inline policy per Firehose, metric stream and CloudWatch Logs
 * role) and Cloud Cost Management (the export's bucket and the integration role's inline
 * read policy). Each part grants write on what it is handed, so handing both parts every
 * bucket would let the cost statements rewrite delivery buckets and the reverse: wider than
 * needed, and with actions the other part's resources never call. So each resource goes to
 * exactly one part, by what refers to it:
 * - delivery: a bucket a Firehose delivery stream refers to; an inline policy on a role that a
 *   Firehose, metric stream, subscription filter or account policy refers to (the roles those
 *   services are passed);
 * - costs: a bucket whose bucket policy lets AWS Data Exports (`bcm-data-exports.amazonaws.com`)
 *   write; an inline policy, on a role no delivery service uses, that grants Cost Explorer or CUR
 *   reads (the policy Datadog needs to read costs). Both are read from the AWS side alone, so
 *   a stack without its Datadog side (split duty, a test) gets the same statements.
 * Anything neither claims is listed as a problem: the policy never covers a bucket or inline
 * policy nothing of ours explains.
 */
import type { Json, Problems, SynthesizedStack } from "./synthesized-stack";

/** The resource types that use a role the stack passes to a delivery service. */
const DELIVERY_ROLE_USERS = ["aws_kinesis_firehose_delivery_stream", "aws_cloudwatch_metric_stream", "aws_cloudwatch_log_subscription_filter", "aws_cloudwatch_log_account_policy"];

/** The service principal a cost bucket's policy lets write (aws_cloud_cost_cur2 in Datadog's templates). */
const DATA_EXPORTS_PRINCIPAL = "bcm-data-exports.amazonaws.com";
/** An action of Datadog's cost read policy: Cost Explorer or CUR. */
const COST_READ_ACTION = /"(ce|cur):[A-Za-z*]+"/;

/** The names of `type` resources a reference in any string of `resources` points at (also inside JSON documents). */
function referencedNames(resources: readonly Json[], type: string): Set<string> {
  const pattern = new RegExp(`\\b${type}\\.([A-Za-z0-9_-]+)\\.`, "g");
  return new Set(resources.flatMap((r) => [...JSON.stringify(r).matchAll(pattern)].map((m) => m[1])));
}

const resourcesOf = (stack: SynthesizedStack, type: string) => Object.values((stack.resource?.[type] ?? {}) as Record<string, Json>);

/** `stack` with only the named resources of `type` (the other types unchanged). */
function keeping(stack: SynthesizedStack, type: string, names: ReadonlySet<string>): SynthesizedStack {
  const all = (stack.resource?.[type] ?? {}) as Record<string, Json>;
  const kept = Object.fromEntries(Object.entries(all).filter(([name]) => names.has(name)));
  const resource = { ...stack.resource };
  if (Object.keys(kept).length > 0) resource[type] = kept;
  else delete resource[type];
  return { ...stack, resource };
}

/** The stack as each part sees it: the same stack, with only the buckets and inline role policies that part writes. */
export function splitSharedResources(stack: SynthesizedStack, problems: Problems): { delivery: SynthesizedStack; costs: SynthesizedStack } {
  const buckets = (stack.resource?.aws_s3_bucket ?? {}) as Record<string, Json>;
  const rolePolicies = (stack.resource?.aws_iam_role_policy ?? {}) as Record<string, Json>;

  const deliveryBuckets = referencedNames(resourcesOf(stack, "aws_kinesis_firehose_delivery_stream"), "aws_s3_bucket");
  const deliveryRoles = referencedNames(
    DELIVERY_ROLE_USERS.flatMap((type) => resourcesOf(stack, type)),
    "aws_iam_role",
  );
  const deliveryPolicies = new Set(
    Object.entries(rolePolicies).flatMap(([name, r]) => ([...referencedNames([{ role: r.role }], "aws_iam_role")].some((role) => deliveryRoles.has(role)) ? [name] : [])),
  );

  const exportBucketPolicies = resourcesOf(stack, "aws_s3_bucket_policy").filter((p) => typeof p.policy === "string" && p.policy.includes(DATA_EXPORTS_PRINCIPAL));
  const exportBuckets = referencedNames(
    exportBucketPolicies.map((p) => ({ bucket: p.bucket })),
    "aws_s3_bucket",
  );
  const costBuckets = new Set([...exportBuckets].filter((name) => name in buckets && !deliveryBuckets.has(name)));
  const costPolicies = new Set(Object.entries(rolePolicies).flatMap(([name, r]) => (!deliveryPolicies.has(name) && typeof r.policy === "string" && COST_READ_ACTION.test(r.policy) ? [name] : [])));

  for (const name of Object.keys(buckets))
    if (!deliveryBuckets.has(name) && !costBuckets.has(name))
      problems.add(`aws_s3_bucket.${name}: not covered by the deployer policy, which covers only a Firehose delivery stream's failed-records bucket and a bucket AWS Data Exports writes to`);
  for (const name of Object.keys(rolePolicies))
    if (!deliveryPolicies.has(name) && !costPolicies.has(name))
      problems.add(`aws_iam_role_policy.${name}: not covered by the deployer policy, which covers only the inline policies of delivery roles and Datadog's cost read policy`);

  return {
    delivery: keeping(keeping(stack, "aws_s3_bucket", deliveryBuckets), "aws_iam_role_policy", deliveryPolicies),
    costs: keeping(keeping(stack, "aws_s3_bucket", costBuckets), "aws_iam_role_policy", costPolicies),
  };
}
