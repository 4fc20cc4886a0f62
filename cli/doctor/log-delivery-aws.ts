/**
 * Reading each log delivery region: its logs delivery stream (Firehose DescribeDeliveryStream),
 * and its subscriptions: the account-level subscription filter policy (CloudWatch Logs
 * DescribeAccountPolicies) or each named log group's filters (DescribeSubscriptionFilters),
 * with the credentials the doctor reads IAM with. Read-only. What cannot be read (access
 * denied, unreachable, an API the endpoint lacks: no emulator has account policies) is
 * reported as such, not as missing.
 */
import { CloudWatchLogsClient, DescribeAccountPoliciesCommand, DescribeSubscriptionFiltersCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeDeliveryStreamCommand, FirehoseClient } from "@aws-sdk/client-firehose";
import { classifyAwsError } from "../aws-sdk-errors";
import { logDeliveryNames } from "../../lib/constructs/private/log-delivery";
import type { AwsClientCredentials } from "./aws";
import type { DoctorSubject, LogDeliveryRegionView } from "./views";

const notFound = (e: unknown) => (e as { name?: string } | undefined)?.name === "ResourceNotFoundException";

/** What `read` returns; `absent` when AWS says it is not there; the reason when it could not be read. */
async function attempt<T>(read: () => Promise<T>): Promise<{ value?: T; absent?: true; unread?: string }> {
  try {
    return { value: await read() };
  } catch (e) {
    if (notFound(e)) return { absent: true };
    const seen = classifyAwsError(e);
    return { unread: `${seen.name}: ${seen.message}` };
  }
}

/** Every log delivery region of the subject, read in turn. */
export async function readLogDelivery(subject: DoctorSubject, clientConfig: { region: string; profile?: string; credentials?: AwsClientCredentials }): Promise<LogDeliveryRegionView[] | undefined> {
  if (!subject.logDelivery) return undefined;
  const views: LogDeliveryRegionView[] = [];
  for (const { region, mode } of subject.logDelivery) {
    const config = { ...clientConfig, region, maxAttempts: 2 };
    const logs = new CloudWatchLogsClient(config);
    const firehose = new FirehoseClient(config);
    const names = logDeliveryNames(subject.accountId, region);
    try {
      const d = await attempt(async () => {
        const got = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: names.deliveryStream }))).DeliveryStreamDescription;
        return { name: got?.DeliveryStreamName ?? names.deliveryStream, arn: got?.DeliveryStreamARN ?? "", status: got?.DeliveryStreamStatus ?? "" };
      });
      const view: LogDeliveryRegionView = { region, deliveryStream: d.value, unread: d.unread ? { deliveryStream: d.unread } : undefined };
      if (mode.kind === "accountLevel") {
        const p = await attempt(async () => {
          const got = await logs.send(new DescribeAccountPoliciesCommand({ policyType: "SUBSCRIPTION_FILTER_POLICY", policyName: names.subscription }));
          const policy = got.accountPolicies?.[0];
          if (!policy) return undefined;
          const document = JSON.parse(policy.policyDocument ?? "{}") as { DestinationArn?: string };
          return { name: policy.policyName ?? names.subscription, destinationArn: document.DestinationArn ?? "", selectionCriteria: policy.selectionCriteria ?? "" };
        });
        views.push({ ...view, accountPolicy: p.value, unread: p.unread ? { ...view.unread, subscriptions: p.unread } : view.unread });
        continue;
      }
      const logGroups: NonNullable<LogDeliveryRegionView["logGroups"]>[number][] = [];
      let unread: string | undefined;
      for (const logGroup of mode.logGroups) {
        const f = await attempt(async () => (await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: logGroup, filterNamePrefix: names.subscription }))).subscriptionFilters ?? []);
        if (f.unread) unread ??= f.unread;
        else
          logGroups.push({
            logGroup,
            exists: !f.absent,
            filter: (f.value ?? []).filter((x) => x.filterName === names.subscription).map((x) => ({ destinationArn: x.destinationArn ?? "" }))[0],
          });
      }
      views.push({ ...view, logGroups, unread: unread ? { ...view.unread, subscriptions: unread } : view.unread });
    } finally {
      logs.destroy();
      firehose.destroy();
    }
  }
  return views;
}
