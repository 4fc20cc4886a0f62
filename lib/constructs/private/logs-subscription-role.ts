/**
 * The role CloudWatch Logs assumes to put a region's subscribed log events into that region's
 * Firehose delivery stream: one per region, trusted by CloudWatch Logs only for this account's
 * log groups of that region, and allowed to put records into that one stream and nothing else.
 */
import { Construct } from "constructs";
import { Fn } from "cdktf";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { Partition } from "../../facts/partitions";

/** What the role of one region is built from. */
export interface LogsSubscriptionRoleProps {
  readonly provider: AwsProvider;
  readonly region: string;
  readonly partition: Partition;
  readonly accountId: string;
  /** The IAM name (unique in the account: it carries the region). */
  readonly name: string;
  /** The delivery stream the role may put to (a Terraform reference). */
  readonly deliveryStreamArn: string;
  /** Terraform names of the role and its policy. */
  readonly logicalIds: { readonly role: string; readonly policy: string };
  readonly tags: Record<string, string>;
}

/**
 * The trust policy: CloudWatch Logs, for this account's log groups (and account policy) of this
 * region only. The principal is `logs.amazonaws.com`, as AWS's current subscription-filter guide
 * ("Example: Subscription filters with Firehose") and Datadog's template write it; older AWS
 * guides wrote the regional `logs.<region>.amazonaws.com`, which AWS still accepts, but the
 * aws:SourceArn condition already pins the region and the account, and it is what protects
 * against the confused deputy (AWS's advice for service roles).
 */
export function logsTrustPolicy(partition: Partition, region: string, accountId: string): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ArnLike: { "aws:SourceArn": `arn:${partition}:logs:${region}:${accountId}:*` },
        },
      },
    ],
  };
}

/**
 * What the role may do: put records into its delivery stream. Datadog's template allows
 * `firehose:PutRecord*` and `kinesis:PutRecord*` on every delivery stream of the account and
 * `iam:PassRole` on itself; CloudWatch Logs needs only the Firehose puts on the stream it
 * delivers to (AWS's guide), so that is all this grants.
 */
export function logsPermissionPolicy(deliveryStreamArn: string): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [{ Sid: "PutIntoItsDeliveryStream", Effect: "Allow", Action: ["firehose:PutRecord", "firehose:PutRecordBatch"], Resource: [deliveryStreamArn] }],
  };
}

/** The role, and its inline policy (subscriptions must depend on it: AWS checks the role can put when a filter is created). */
export function createLogsSubscriptionRole(scope: Construct, props: LogsSubscriptionRoleProps): { role: IamRole; policy: IamRolePolicy } {
  const { provider, region, partition, accountId } = props;
  const role = new IamRole(scope, "logs-role", {
    provider,
    name: props.name,
    description: `CloudWatch Logs (${region}) puts subscribed log events into the Datadog logs delivery stream`,
    assumeRolePolicy: Fn.jsonencode(logsTrustPolicy(partition, region, accountId)),
    tags: props.tags,
  });
  role.overrideLogicalId(props.logicalIds.role);
  const policy = new IamRolePolicy(scope, "logs-role-policy", {
    provider,
    name: "put-into-datadog-logs-delivery",
    role: role.id,
    policy: Fn.jsonencode(logsPermissionPolicy(props.deliveryStreamArn)),
  });
  policy.overrideLogicalId(props.logicalIds.policy);
  return { role, policy };
}
