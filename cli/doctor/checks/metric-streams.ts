/**
 * Per metric stream region (metricStreams): the metric stream exists and is running and puts
 * to the delivery stream, which exists and is active; and Datadog's role may read metric
 * streams (cloudwatch:GetMetricStream, ListMetricStreams: Datadog's lists grant them through
 * cloudwatch:Get* and List*), which Datadog needs to see that the account streams.
 */
import { defineCheck } from "../check";
import { deliveryStreamState } from "../delivery-stream-state";
import { reportDatadogReads } from "../role-reads";

/** What Datadog's role must be able to call to see the account's metric streams. */
export const METRIC_STREAM_READS = ["cloudwatch:GetMetricStream", "cloudwatch:ListMetricStreams"] as const;

export const metricStreamsCheck = defineCheck({
  name: "metric-streams",
  findings: {
    "metric-stream-missing": {
      meaning: "Metric streams are on (metricStreams), but a region has no metric stream of the configured name, so no metric of it is streamed.",
      fix: "`npx cdktf deploy <env>` creates it.",
    },
    "metric-stream-stopped": {
      meaning: "A region's metric stream exists but is not running, or puts to another delivery stream than the stack's.",
      fix: "`aws cloudwatch start-metric-streams --names <name> --region <region>`, or `npx cdktf deploy <env>` for another delivery stream.",
    },
    "delivery-stream-missing": {
      meaning: "A region has no Firehose delivery stream of the configured name, so its metric stream delivers nowhere.",
      fix: "`npx cdktf deploy <env>` creates it.",
    },
    "delivery-stream-not-active": {
      meaning: "A region's Firehose delivery stream is not ACTIVE (still creating, or failed), so it delivers nothing.",
      fix: "Wait for CREATING to end; a *_FAILED status: `npx cdktf deploy <env>` after reading the stream's error in the Firehose console.",
    },
    "metric-streams-unreadable-by-datadog": {
      meaning:
        "Datadog's role may not call cloudwatch:GetMetricStream or ListMetricStreams, so Datadog does not see that the account streams its metrics.",
      fix: "`npx cdktf deploy <env>` restores Datadog's permissions; remove the Deny statements named.",
    },
  },
  run({ subject: s, aws, words: w }, out) {
    const streams = s.metricStreams;
    if (!streams) return;
    for (const r of aws.metricStreams ?? []) {
      const where = `${r.region} in account ${s.accountId}`;
      const m = r.metricStream;
      const d = r.deliveryStream;
      if (r.unread?.metricStream) {
        out.skipped(`metric stream in ${r.region}: could not be read (${r.unread.metricStream})`);
      } else if (!m) {
        out.problem({
          code: "metric-stream-missing",
          problem: `no metric stream ${streams.namePrefix}-metric-stream in ${where}, so its CloudWatch metrics are not streamed to Datadog`,
          where: `CloudWatch metric streams, ${where}`,
          fix: [`${w.deploy} creates it`],
        });
      } else if (m.state !== "running") {
        out.problem({
          code: "metric-stream-stopped",
          problem: `metric stream ${m.name} in ${where} is ${m.state || "in no state"}, not running, so no metric is streamed`,
          where: m.arn,
          fix: [`\`aws cloudwatch start-metric-streams --names ${m.name} --region ${r.region}\``],
        });
      } else if (d && m.firehoseArn !== d.arn) {
        out.problem({
          code: "metric-stream-stopped",
          problem: `metric stream ${m.name} in ${where} puts to ${m.firehoseArn}, not to the stack's delivery stream ${d.arn}`,
          where: m.arn,
          fix: [`${w.deploy} points it back`],
        });
      } else {
        out.passed(`metric stream ${m.name} in ${r.region} is running${d ? ` and puts to ${d.name}` : ""}`);
      }
      if (r.unread?.deliveryStream) {
        out.skipped(`Firehose delivery stream in ${r.region}: could not be read (${r.unread.deliveryStream})`);
      } else if (!d) {
        out.problem({
          code: "delivery-stream-missing",
          problem: `no Firehose delivery stream for metric streams in ${where}, so streamed metrics reach no Datadog intake`,
          where: `Firehose, ${where}`,
          fix: [`${w.deploy} creates it`],
        });
      } else {
        const state = deliveryStreamState(d, r.region, where, "Firehose delivery stream", w);
        if (state.active) out.passed(state.line);
        else out.problem({ code: "delivery-stream-not-active", ...state });
      }
    }
    reportDatadogReads(aws.principal, METRIC_STREAM_READS, {
      w,
      out,
      code: "metric-streams-unreadable-by-datadog",
      what: "the metric streams",
      consequence: `so Datadog does not see that account ${s.accountId} streams its metrics`,
    });
  },
});
