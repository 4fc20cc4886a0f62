/**
 * What one region subscribes to its logs delivery stream: the whole account through an
 * account-level subscription filter policy (Datadog's template, `AWS::Logs::AccountPolicy`),
 * or named log groups through one subscription filter each. Every setting is the template's:
 * filter pattern "" (every event, unless the config gives one), distribution "Random", scope
 * "ALL"; where this differs the comment says why.
 */
import { createHash } from "node:crypto";
import { Construct } from "constructs";
import { Fn, type ITerraformDependable } from "cdktf";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudwatchLogAccountPolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-account-policy";
import { CloudwatchLogSubscriptionFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-subscription-filter";
import type { LogDeliveryRegion } from "../../config/log-delivery-regions";
import { requireProviderFeature } from "../provider-requirements";

/** What one region's subscriptions are built from. */
export interface LogSubscriptionsProps {
  readonly provider: AwsProvider;
  readonly mode: LogDeliveryRegion["mode"];
  /** Name of the account policy and of every subscription filter. */
  readonly name: string;
  readonly deliveryStreamArn: string;
  readonly roleArn: string;
  readonly filterPattern: string;
  /**
   * Log groups of the delivery itself (Firehose's error log groups of this region): the
   * account policy always leaves them out, or Firehose's errors would loop back into Firehose.
   */
  readonly deliveryLogGroups: readonly string[];
  /** What must exist first: the role's policy (AWS tests the role when a subscription is made) and the stream. */
  readonly dependsOn: ITerraformDependable[];
  /** The Terraform name of the account policy or of one log group's filter (`what`: "account_policy", "subscription_<log group key>"). */
  readonly logicalId: (what: string) => string;
}

/**
 * The Terraform name part of a log group's filter: the name in Terraform's letters and a short
 * hash of it (two names may read alike once "/" and "." are "_"), so the address stays with
 * the log group when the list is reordered or grows.
 */
export function logGroupKey(logGroupName: string): string {
  const readable = logGroupName
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_|_$/g, "")
    .slice(0, 40);
  return `${readable}_${createHash("sha256").update(logGroupName).digest("hex").slice(0, 8)}`;
}

/** The account policy's selection criteria: every log group but these (AWS's only operator is NOT IN). */
export function selectionCriteria(excluded: readonly string[]): string {
  return `LogGroupName NOT IN ${JSON.stringify([...new Set(excluded)])}`;
}

/**
 * The account policy's document, as the template writes it: role, destination, filter pattern,
 * and "Random" distribution (it spreads records over a Kinesis stream's shards; Firehose
 * ignores it, and the template sets it, so it stays).
 */
export function accountPolicyDocument(roleArn: string, deliveryStreamArn: string, filterPattern: string): Record<string, unknown> {
  return { RoleArn: roleArn, DestinationArn: deliveryStreamArn, FilterPattern: filterPattern, Distribution: "Random" };
}

/** The region's subscriptions: one account policy, or one filter per named log group. */
export function createLogSubscriptions(scope: Construct, props: LogSubscriptionsProps): (CloudwatchLogAccountPolicy | CloudwatchLogSubscriptionFilter)[] {
  const { provider, mode, dependsOn } = props;
  if (mode.kind === "accountLevel") {
    // The resource is in the AWS provider from 5.58.0: the stack's range starts there.
    requireProviderFeature(scope, "logAccountPolicy");
    const policy = new CloudwatchLogAccountPolicy(scope, "account-policy", {
      provider,
      policyName: props.name,
      policyType: "SUBSCRIPTION_FILTER_POLICY",
      policyDocument: Fn.jsonencode(accountPolicyDocument(props.roleArn, props.deliveryStreamArn, props.filterPattern)),
      scope: "ALL",
      // The template leaves the selection empty unless given one; here the delivery's own
      // error log groups are always in it (AWS, "Log recursion prevention"), then the user's.
      selectionCriteria: selectionCriteria([...props.deliveryLogGroups, ...mode.excludeLogGroups]),
      dependsOn,
    });
    policy.overrideLogicalId(props.logicalId("account_policy"));
    return [policy];
  }
  return mode.logGroups.map((logGroupName) => {
    // Distribution is left to its default: it only spreads records over a Kinesis Data
    // Stream's shards, and the filter's destination is a Firehose stream.
    const filter = new CloudwatchLogSubscriptionFilter(scope, `subscription-${logGroupKey(logGroupName)}`, {
      provider,
      name: props.name,
      logGroupName,
      destinationArn: props.deliveryStreamArn,
      roleArn: props.roleArn,
      filterPattern: props.filterPattern,
      dependsOn,
    });
    filter.overrideLogicalId(props.logicalId(`subscription_${logGroupKey(logGroupName)}`));
    return filter;
  });
}
