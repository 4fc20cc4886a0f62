/**
 * The deployer policy's statements for metric streams and their Firehose delivery: each
 * resource type's actions on exactly the ARNs the stack names (its delivery streams, metric
 * streams, buckets, log groups, the roles it passes to Firehose and CloudWatch, the secrets
 * it reads). Built from the synthesized stack like the rest of the policy
 * (deployer-policy.ts), so a library user's stack gets them too.
 *
 * Actions, per resource, are the calls the AWS provider (5.100.0) makes, as the lifecycle proof
 * (`__tests__/proof/lifecycle-metric-streams.test.ts`) reads them from the provider's debug log
 * while applying, re-planning and destroying against moto: every call is granted, and every
 * action granted was called, but those of edits and of creating with tags, named in
 * EDIT_OR_TAG_ON_CREATE. For the metric stream, which no emulator has, the provider's source
 * (internal/service/cloudwatch/metric_stream.go: PutMetricStream, GetMetricStream,
 * DeleteMetricStream, and the tag calls of its tagging interceptor).
 */
import { DeployerPolicyStatement } from "./deployer-policy-statements";
import { isLiteral, Json, Place, Problems, reference, SynthesizedStack } from "./synthesized-stack";
import { S3_BUCKET_ACTIONS } from "./s3-bucket-actions";

/** Resource types this file covers. */
export const DELIVERY_TYPES = [
  "aws_kinesis_firehose_delivery_stream",
  "aws_cloudwatch_metric_stream",
  "aws_s3_bucket",
  "aws_s3_bucket_public_access_block",
  "aws_s3_bucket_server_side_encryption_configuration",
  "aws_s3_bucket_lifecycle_configuration",
  "aws_cloudwatch_log_group",
  "aws_cloudwatch_log_stream",
  "aws_iam_role_policy",
] as const;

/** Data sources this file covers. */
export const DELIVERY_DATA_TYPES = ["aws_secretsmanager_secret"] as const;

/** The actions of each delivery statement (see the file comment for where they come from). */
export const DELIVERY_ACTIONS = {
  firehose: [
    "firehose:CreateDeliveryStream",
    "firehose:DeleteDeliveryStream",
    "firehose:DescribeDeliveryStream",
    "firehose:ListTagsForDeliveryStream",
    "firehose:TagDeliveryStream",
    "firehose:UntagDeliveryStream",
    "firehose:UpdateDestination",
  ],
  metricStream: ["cloudwatch:DeleteMetricStream", "cloudwatch:GetMetricStream", "cloudwatch:ListTagsForResource", "cloudwatch:PutMetricStream", "cloudwatch:TagResource", "cloudwatch:UntagResource"],
  bucket: [...S3_BUCKET_ACTIONS, "s3:PutLifecycleConfiguration"],
  logGroup: [
    "logs:CreateLogGroup",
    "logs:CreateLogStream",
    "logs:DeleteLogGroup",
    "logs:DeleteLogStream",
    "logs:DescribeLogStreams",
    "logs:ListTagsForResource",
    "logs:PutRetentionPolicy",
    "logs:TagResource",
    "logs:UntagResource",
  ],
  // Listing is authorized on the region's log groups, not on one: it names only log groups.
  listLogGroups: ["logs:DescribeLogGroups"],
  rolePolicy: ["iam:DeleteRolePolicy", "iam:GetRolePolicy", "iam:PutRolePolicy"],
  passRole: ["iam:PassRole"],
  secret: ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"],
} as const;

/**
 * Granted actions the lifecycle proof does not see called, and why each is needed: creating
 * with tags needs the tag action too (IAM authorizes the tags of a create apart), and an edit
 * of tags or of the destination calls the rest.
 */
export const EDIT_OR_TAG_ON_CREATE: Readonly<Record<string, string>> = {
  "firehose:TagDeliveryStream": "CreateDeliveryStream with Tags",
  "firehose:UntagDeliveryStream": "a tag removed",
  "firehose:UpdateDestination": "a changed site, key source or setting",
  "logs:TagResource": "CreateLogGroup with tags",
  "logs:UntagResource": "a tag removed",
};

/** Which service each resource type passes its roles to (the `iam:PassedToService` condition). */
const PASSED_TO: Record<string, string> = {
  aws_kinesis_firehose_delivery_stream: "firehose.amazonaws.com",
  aws_cloudwatch_metric_stream: "streams.metrics.cloudwatch.amazonaws.com",
};

/** Every string in a resource's configuration, however nested (role ARNs sit in blocks). */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
}

/**
 * The delivery statements of `stack` (none when it has no delivery resources). `placeOf`
 * gives a resource's partition, region and accounts; `roleArns` the ARN patterns of the
 * stack's roles by name.
 */
export function deliveryStatements(
  stack: SynthesizedStack,
  placeOf: (resource: Json, where: string) => Place | undefined,
  roleArns: ReadonlyMap<string, string[]>,
  problems: Problems,
): DeployerPolicyStatement[] {
  const entries = (kind: "resource" | "data", type: string) =>
    Object.entries(((kind === "resource" ? stack.resource : stack.data)?.[type] ?? {}) as Record<string, Json>).map(([name, r]) => ({
      address: `${kind === "data" ? "data." : ""}${type}.${name}`,
      r,
    }));
  /** ARNs of each resource of `type`, from its literal name: `build(place, account, name)`. */
  const arns = (kind: "resource" | "data", type: string, nameKey: string, build: (p: Place, account: string, name: string) => string[]) =>
    [
      ...new Set(
        entries(kind, type).flatMap(({ address, r }) => {
          const name = r[nameKey];
          if (!isLiteral(name)) {
            problems.add(`${address}: ${nameKey} ${JSON.stringify(name)} is not a literal name, which the policy must name in advance`);
            return [];
          }
          const place = placeOf(r, address);
          return place ? place.accounts.flatMap((a) => build(place, a, name)) : [];
        }),
      ),
    ].sort();

  const firehoses = arns("resource", "aws_kinesis_firehose_delivery_stream", "name", (p, a, n) => [`arn:${p.partition}:firehose:${p.region}:${a}:deliverystream/${n}`]);
  const metricStreams = arns("resource", "aws_cloudwatch_metric_stream", "name", (p, a, n) => [`arn:${p.partition}:cloudwatch:${p.region}:${a}:metric-stream/${n}`]);
  const buckets = arns("resource", "aws_s3_bucket", "bucket", (p, _a, n) => [`arn:${p.partition}:s3:::${n}`]);
  const logGroups = arns("resource", "aws_cloudwatch_log_group", "name", (p, a, n) => [
    `arn:${p.partition}:logs:${p.region}:${a}:log-group:${n}`,
    `arn:${p.partition}:logs:${p.region}:${a}:log-group:${n}:*`,
  ]);
  const logRegions = arns("resource", "aws_cloudwatch_log_group", "name", (p, a) => [`arn:${p.partition}:logs:${p.region}:${a}:log-group:*`]);
  // A secret's ARN ends in `-` and six random characters.
  const secrets = arns("data", "aws_secretsmanager_secret", "name", (p, a, n) => [`arn:${p.partition}:secretsmanager:${p.region}:${a}:secret:${n}-??????`]);

  // Inline policies: on the role they belong to (a reference to one of the stack's roles).
  const rolesOf = (value: unknown, where: string): string[] => {
    const ref = reference(value);
    if (ref && ref.type === "aws_iam_role" && roleArns.has(ref.name)) return roleArns.get(ref.name)!;
    problems.add(`${where}: role ${JSON.stringify(value)} is not a reference to an aws_iam_role of the stack`);
    return [];
  };
  const inlinePolicyRoles = [...new Set(entries("resource", "aws_iam_role_policy").flatMap(({ address, r }) => rolesOf(r.role, address)))].sort();
  // Roles passed to a service: every role of the stack a Firehose or metric stream refers to.
  const passed = new Map<string, Set<string>>();
  for (const [type, service] of Object.entries(PASSED_TO)) {
    for (const { r } of entries("resource", type)) {
      for (const s of stringsIn(r)) {
        const ref = reference(s);
        if (ref?.type === "aws_iam_role" && ref.attribute === "arn" && roleArns.has(ref.name)) {
          for (const arn of roleArns.get(ref.name)!) passed.set(service, (passed.get(service) ?? new Set()).add(arn));
        }
      }
    }
  }

  const statements: DeployerPolicyStatement[] = [];
  const add = (Sid: string, actions: readonly string[], resource: readonly string[], Condition?: DeployerPolicyStatement["Condition"]) => {
    if (resource.length > 0) statements.push({ Sid, Effect: "Allow", Action: [...actions].sort(), Resource: resource, ...(Condition ? { Condition } : {}) });
  };
  add("WriteDeliveryStreams", DELIVERY_ACTIONS.firehose, firehoses);
  add("WriteMetricStreams", DELIVERY_ACTIONS.metricStream, metricStreams);
  add("WriteFailedDeliveryBuckets", DELIVERY_ACTIONS.bucket, buckets);
  add("WriteDeliveryErrorLogGroups", DELIVERY_ACTIONS.logGroup, logGroups);
  add("ListDeliveryErrorLogGroups", DELIVERY_ACTIONS.listLogGroups, logRegions);
  add("WriteDeliveryRolePolicies", DELIVERY_ACTIONS.rolePolicy, inlinePolicyRoles);
  for (const [service, roles] of [...passed].sort(([a], [b]) => a.localeCompare(b))) {
    const sid = service.startsWith("firehose") ? "PassRolesToFirehose" : "PassRolesToMetricStreams";
    add(sid, DELIVERY_ACTIONS.passRole, [...roles].sort(), { StringEquals: { "iam:PassedToService": [service] } });
  }
  add("ReadFirehoseApiKeySecrets", DELIVERY_ACTIONS.secret, secrets);
  return statements;
}
