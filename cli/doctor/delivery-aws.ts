/**
 * Reading each metric stream region's metric stream (CloudWatch GetMetricStream) and delivery
 * stream (Firehose DescribeDeliveryStream) with the credentials the doctor reads IAM with.
 * Read-only. A region that cannot be read (access denied, unreachable) is reported as such,
 * not as missing: the check then says what it could not check, and why.
 */
import { CloudWatchClient, GetMetricStreamCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeDeliveryStreamCommand, FirehoseClient } from "@aws-sdk/client-firehose";
import { classifyAwsError } from "../aws-sdk-errors";
import { metricStreamNames } from "../../lib/constructs/private/metric-streams";
import { deliveryNames } from "../../lib/constructs/private/firehose-delivery";
import type { AwsClientCredentials } from "./aws";
import type { DoctorSubject, MetricStreamRegionView } from "./views";

const notFound = (e: unknown) => (e as { name?: string } | undefined)?.name === "ResourceNotFoundException";

/** Every metric stream region of the subject, read in turn. */
export async function readMetricStreams(subject: DoctorSubject, clientConfig: { region: string; profile?: string; credentials?: AwsClientCredentials }): Promise<MetricStreamRegionView[] | undefined> {
  const streams = subject.metricStreams;
  if (!streams) return undefined;
  const views: MetricStreamRegionView[] = [];
  for (const region of streams.regions) {
    const config = { ...clientConfig, region, maxAttempts: 2 };
    const cloudwatch = new CloudWatchClient(config);
    const firehose = new FirehoseClient(config);
    const names = { ...metricStreamNames(streams.namePrefix, region), ...deliveryNames(streams.namePrefix, "metrics", subject.accountId, region) };
    try {
      let metricStream: MetricStreamRegionView["metricStream"];
      let deliveryStream: MetricStreamRegionView["deliveryStream"];
      try {
        const m = await cloudwatch.send(new GetMetricStreamCommand({ Name: names.metricStream }));
        metricStream = { name: m.Name ?? names.metricStream, arn: m.Arn ?? "", state: m.State ?? "", firehoseArn: m.FirehoseArn ?? "" };
      } catch (e) {
        if (!notFound(e)) throw e;
      }
      try {
        const d = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: names.deliveryStream }))).DeliveryStreamDescription;
        deliveryStream = { name: d?.DeliveryStreamName ?? names.deliveryStream, arn: d?.DeliveryStreamARN ?? "", status: d?.DeliveryStreamStatus ?? "" };
      } catch (e) {
        if (!notFound(e)) throw e;
      }
      views.push({ region, metricStream, deliveryStream });
    } catch (e) {
      const seen = classifyAwsError(e);
      views.push({ region, unread: `${seen.name}: ${seen.message}` });
    } finally {
      cloudwatch.destroy();
      firehose.destroy();
    }
  }
  return views;
}
