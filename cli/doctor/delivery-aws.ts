/**
 * Reading each metric stream region's metric stream (CloudWatch GetMetricStream) and delivery
 * stream (Firehose DescribeDeliveryStream) with the credentials the doctor reads IAM with.
 * Read-only. What cannot be read (access denied, unreachable, an API the endpoint lacks) is
 * reported as such, not as missing: the check then says what it could not check, and why.
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
    /** What `read` returns; undefined when not there; the reason when it could not be read. */
    const attempt = async <T>(read: () => Promise<T>): Promise<{ value?: T; unread?: string }> => {
      try {
        return { value: await read() };
      } catch (e) {
        if (notFound(e)) return {};
        const seen = classifyAwsError(e);
        return { unread: `${seen.name}: ${seen.message}` };
      }
    };
    try {
      const m = await attempt(async () => {
        const got = await cloudwatch.send(new GetMetricStreamCommand({ Name: names.metricStream }));
        return { name: got.Name ?? names.metricStream, arn: got.Arn ?? "", state: got.State ?? "", firehoseArn: got.FirehoseArn ?? "" };
      });
      const d = await attempt(async () => {
        const got = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: names.deliveryStream }))).DeliveryStreamDescription;
        return { name: got?.DeliveryStreamName ?? names.deliveryStream, arn: got?.DeliveryStreamARN ?? "", status: got?.DeliveryStreamStatus ?? "" };
      });
      const unread = m.unread || d.unread ? { metricStream: m.unread, deliveryStream: d.unread } : undefined;
      views.push({ region, metricStream: m.value, deliveryStream: d.value, ...(unread ? { unread } : {}) });
    } finally {
      cloudwatch.destroy();
      firehose.destroy();
    }
  }
  return views;
}
