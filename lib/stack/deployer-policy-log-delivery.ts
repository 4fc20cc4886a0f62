/**
 * The deployer policy's statements for log delivery's subscriptions: the subscription filters
 * of named log groups and the account-level subscription filter policies, and passing their
 * CloudWatch Logs role. Their delivery streams, buckets and roles are the delivery base's
 * (the roles are aws_iam_role, which deployer-policy.ts covers already).
 *
 * The calls the AWS provider (5.x) makes:
 * - aws_cloudwatch_log_subscription_filter: PutSubscriptionFilter (create, update);
 *   DescribeSubscriptionFilters (read); DeleteSubscriptionFilter. Their resource is the log
 *   group (`log-group:<name>`; CloudWatch Logs also authorizes some calls on `<name>:*`).
 *   Putting a filter with a role needs iam:PassRole on it (PutSubscriptionFilter API reference).
 * - aws_cloudwatch_log_account_policy: PutAccountPolicy; DescribeAccountPolicies (read);
 *   DeleteAccountPolicy. These take no resource (the Service Authorization Reference lists
 *   none), so they are granted on "*" limited to the stack's regions (aws:RequestedRegion);
 *   AWS's guide adds logs:PutSubscriptionFilter (on the log groups the policy subscribes:
 *   every one of the region) and iam:PassRole on the role.
 */
import type { DeployerPolicyStatement } from "./deployer-policy-statements";
import { isLiteral, type Json, type Place, Problems, reference, sortedUnique, type SynthesizedStack } from "./synthesized-stack";

/** The resource types these statements cover. */
export const LOG_DELIVERY_COVERED_TYPES = ["aws_cloudwatch_log_subscription_filter", "aws_cloudwatch_log_account_policy"] as const;

/** Sids of these statements, in the order they appear. */
export const LOG_DELIVERY_SIDS = ["WriteLogSubscriptionFilters", "WriteLogAccountPolicies", "PassLogSubscriptionRoles"] as const;

export const LOG_DELIVERY_ACTIONS = {
  subscriptionFilters: ["logs:DeleteSubscriptionFilter", "logs:DescribeSubscriptionFilters", "logs:PutSubscriptionFilter"],
  accountPolicies: ["logs:DeleteAccountPolicy", "logs:DescribeAccountPolicies", "logs:PutAccountPolicy"],
  passRole: ["iam:PassRole"],
} as const;

/**
 * The statements for the stack's subscriptions. `placeOf` is deployer-policy.ts's (which
 * already reports a provider it cannot place); `roleArns` the ARNs of the stack's roles by name.
 */
export function logDeliveryStatements(
  stack: SynthesizedStack,
  placeOf: (resource: Json, where: string) => Place | undefined,
  roleArns: ReadonlyMap<string, readonly string[]>,
  problems: Problems,
): DeployerPolicyStatement[] {
  const logGroupArns: string[] = [];
  const accountPolicyRegions: string[] = [];
  const accountPolicyLogGroups: string[] = [];
  const passed: string[] = [];
  const passedRole = (value: unknown, where: string) => {
    const ref = reference(value);
    if (ref?.type === "aws_iam_role" && ref.attribute === "arn" && roleArns.has(ref.name)) passed.push(...roleArns.get(ref.name)!);
    else problems.add(`${where}: role_arn ${JSON.stringify(value)} is not a reference to an aws_iam_role of the stack`);
  };
  const each = (type: string, body: (r: Json, where: string, place: Place, region: string) => void) => {
    for (const [name, r] of Object.entries((stack.resource?.[type] ?? {}) as Record<string, Json>)) {
      const where = `${type}.${name}`;
      const place = placeOf(r, where);
      if (place) body(r, where, place, place.region);
    }
  };
  each("aws_cloudwatch_log_subscription_filter", (r, where, place, region) => {
    if (!isLiteral(r.log_group_name)) {
      problems.add(`${where}: log_group_name ${JSON.stringify(r.log_group_name)} is known only at plan time`);
      return;
    }
    for (const account of place.accounts) {
      const arn = `arn:${place.partition}:logs:${region}:${account}:log-group:${r.log_group_name}`;
      logGroupArns.push(arn, `${arn}:*`);
    }
    passedRole(r.role_arn, where);
  });
  each("aws_cloudwatch_log_account_policy", (r, where, place, region) => {
    accountPolicyRegions.push(region);
    for (const account of place.accounts) accountPolicyLogGroups.push(`arn:${place.partition}:logs:${region}:${account}:log-group:*`);
    // The document is jsonencode({"RoleArn" = aws_iam_role.<name>.arn, ...}): the role it passes.
    const role = typeof r.policy_document === "string" ? /"RoleArn"\s*=\s*(aws_iam_role\.[A-Za-z0-9_-]+\.arn)\b/.exec(r.policy_document)?.[1] : undefined;
    passedRole(role ? `\${${role}}` : r.policy_document, where);
  });

  const statements: DeployerPolicyStatement[] = [];
  const subscriptionResources = sortedUnique([...logGroupArns, ...accountPolicyLogGroups]);
  if (subscriptionResources.length) {
    statements.push({ Sid: "WriteLogSubscriptionFilters", Effect: "Allow", Action: [...LOG_DELIVERY_ACTIONS.subscriptionFilters], Resource: subscriptionResources });
  }
  if (accountPolicyRegions.length) {
    statements.push({
      Sid: "WriteLogAccountPolicies",
      Effect: "Allow",
      Action: [...LOG_DELIVERY_ACTIONS.accountPolicies],
      Resource: ["*"],
      Condition: { StringEquals: { "aws:RequestedRegion": sortedUnique(accountPolicyRegions) } },
    });
  }
  if (passed.length) {
    statements.push({
      Sid: "PassLogSubscriptionRoles",
      Effect: "Allow",
      Action: [...LOG_DELIVERY_ACTIONS.passRole],
      Resource: sortedUnique(passed),
      Condition: { StringEquals: { "iam:PassedToService": ["logs.amazonaws.com"] } },
    });
  }
  return statements;
}
