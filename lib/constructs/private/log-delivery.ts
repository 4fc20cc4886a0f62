/**
 * Log delivery, per region (lib/config/log-delivery-regions.ts): the delivery base of kind
 * "logs" (FirehoseDelivery: the stream to the site's logs intake, failed-records bucket,
 * Firehose role, error log group), the role CloudWatch Logs puts with, and the subscriptions:
 * the account policy or one filter per named log group. Every region's resources use that
 * region's provider alias, pinned to the integration's account like the main provider.
 */
import { TerraformStack } from "cdktf";
import { CloudwatchLogAccountPolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-account-policy";
import { CloudwatchLogSubscriptionFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-subscription-filter";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { deliveryNameTooLong } from "../../errors";
import { logDeliveryRegions } from "../../config/log-delivery-regions";
import type { DatadogSite } from "../../facts/sites";
import { IntegrationContext } from "./context";
import { deliveryTags } from "./delivery-tags";
import { deliveryLogicalId, deliveryNames, FirehoseDelivery } from "./firehose-delivery";
import { createLogSubscriptions } from "./log-subscriptions";
import { createLogsSubscriptionRole } from "./logs-subscription-role";
import { regionalAwsProvider } from "./regional-providers";

/** The prefix of log delivery's AWS names (the delivery base's `namePrefix`). */
export const LOG_DELIVERY_NAME_PREFIX = "datadog";

/** The AWS names of one region's log delivery, for the construct, the docs and the doctor. */
export function logDeliveryNames(accountId: string, region: string) {
  const base = deliveryNames(LOG_DELIVERY_NAME_PREFIX, "logs", accountId, region);
  return {
    ...base,
    /** The CloudWatch Logs role (IAM names are global: it carries the region). */
    logsRole: `${LOG_DELIVERY_NAME_PREFIX}-logs-subscription-${region}`,
    /** The account policy's name and every subscription filter's. */
    subscription: `${LOG_DELIVERY_NAME_PREFIX}-logs-to-datadog`,
    /**
     * Log groups of Firehose's own errors in this region, of both kinds of delivery: the
     * account policy leaves them out, or a failing delivery would feed its errors back in.
     */
    deliveryLogGroups: [base.logGroup, deliveryNames(LOG_DELIVERY_NAME_PREFIX, "metrics", accountId, region).logGroup],
  };
}

/** One region's log delivery as created. */
export interface RegionLogDelivery {
  readonly region: string;
  readonly delivery: FirehoseDelivery;
  readonly logsRole: IamRole;
  readonly subscriptions: readonly (CloudwatchLogAccountPolicy | CloudwatchLogSubscriptionFilter)[];
}

/** Creates log delivery in every region the config gives it; none when the section is absent. */
export function addLogDelivery(ctx: IntegrationContext, site: DatadogSite): RegionLogDelivery[] {
  const { scope, naming, config, partition } = ctx;
  const settings = config.logDelivery;
  if (!settings) return [];
  // The checks refuse logDelivery without a key source; the construct trusts them.
  const apiKey = config.firehoseApiKey!;
  const stack = TerraformStack.of(scope);
  const tags = deliveryTags(config.tags);
  return logDeliveryRegions(config).map(({ region, mode }) => {
    const provider = regionalAwsProvider(stack, naming, ctx.awsProvider, region);
    const names = logDeliveryNames(config.awsAccountId, region);
    if (names.logsRole.length > 64) throw deliveryNameTooLong(scope.node.path, "CloudWatch Logs role", names.logsRole, 64);
    const delivery = new FirehoseDelivery(scope, `logs-${region}`, {
      provider,
      region,
      partition,
      accountId: config.awsAccountId,
      site,
      kind: "logs",
      apiKey,
      namePrefix: LOG_DELIVERY_NAME_PREFIX,
      naming,
      tags,
    });
    const logicalId = (what: string) => deliveryLogicalId(naming, "logs", region, what);
    const { role, policy } = createLogsSubscriptionRole(delivery, {
      provider,
      region,
      partition,
      accountId: config.awsAccountId,
      name: names.logsRole,
      deliveryStreamArn: delivery.deliveryStreamArn,
      logicalIds: { role: logicalId("subscription_role"), policy: logicalId("subscription_role_policy") },
      tags,
    });
    const subscriptions = createLogSubscriptions(delivery, {
      provider,
      mode,
      name: names.subscription,
      deliveryStreamArn: delivery.deliveryStreamArn,
      roleArn: role.arn,
      filterPattern: settings.filterPattern,
      deliveryLogGroups: names.deliveryLogGroups,
      dependsOn: [policy, delivery.deliveryStream],
      logicalId,
    });
    return { region, delivery, logsRole: role, subscriptions };
  });
}
