/**
 * Per log delivery region (logDelivery): the logs delivery stream exists and is ACTIVE; the
 * account-level subscription filter policy exists, puts to it and leaves the delivery's own
 * error log groups out; or each named log group exists and has the stack's filter putting to
 * it. And Datadog's role may read the subscriptions (logs:DescribeSubscriptionFilters,
 * DescribeLogGroups: Datadog's lists grant them), which Datadog needs to see what is forwarded.
 */
import { logDeliveryNames } from "../../../lib/constructs/private/log-delivery";
import { type CheckOutput, declareFindings, defineCheck } from "../check";
import { deliveryStreamState } from "../delivery-stream-state";
import { reportDatadogReads } from "../role-reads";
import type { LogDeliveryRegionView } from "../views";
import type { Words } from "../words";

/** What Datadog's role must be able to call to see the account's log subscriptions. */
export const LOG_SUBSCRIPTION_READS = ["logs:DescribeLogGroups", "logs:DescribeSubscriptionFilters"] as const;

const FINDINGS = declareFindings({
  "logs-delivery-stream-missing": {
    meaning: "Log delivery is on (logDelivery), but a region has no logs delivery stream, so its subscribed logs reach no Datadog intake.",
    fix: "`npx cdktf deploy <env>` creates it.",
  },
  "logs-delivery-stream-not-active": {
    meaning: "A region's logs delivery stream is not ACTIVE (still creating, or failed), so it delivers nothing.",
    fix: "Wait for CREATING to end; a *_FAILED status: `npx cdktf deploy <env>` after reading the stream's error in the Firehose console.",
  },
  "log-account-policy-missing": {
    meaning:
      "An accountLevel region has no account-level subscription filter policy of the stack's name, it puts elsewhere, or it does not leave Firehose's error log groups out.",
    fix: "`npx cdktf deploy <env>` creates or corrects it (one such policy per region and account: a policy of another name must go first).",
  },
  "log-group-missing": {
    meaning: "A log group named in logDelivery.logGroups does not exist in its region, so nothing of it can be subscribed.",
    fix: "Fix the name in the config, or create the log group (the service writing to it usually does), then deploy.",
  },
  "log-subscription-missing": {
    meaning: "A named log group has no subscription filter of the stack's name, or it puts to another destination than the logs delivery stream.",
    fix: "`npx cdktf deploy <env>` creates it (a log group takes two filters at most: remove one it no longer needs).",
  },
  "log-subscriptions-unreadable-by-datadog": {
    meaning:
      "Datadog's role may not call logs:DescribeLogGroups or DescribeSubscriptionFilters, so Datadog does not see which log groups are forwarded.",
    fix: "`npx cdktf deploy <env>` restores Datadog's permissions; remove the Deny statements named.",
  },
});

type Out = CheckOutput<keyof typeof FINDINGS>;

/** One region's subscriptions. */
function checkSubscriptions(r: LogDeliveryRegionView, accountId: string, w: Words, out: Out): void {
  const names = logDeliveryNames(accountId, r.region);
  const where = `${r.region} in account ${accountId}`;
  const stream = r.deliveryStream?.arn;
  if (r.unread?.subscriptions) {
    out.skipped(`log subscriptions in ${r.region}: could not be read (${r.unread.subscriptions})`);
    return;
  }
  if (r.logGroups === undefined) {
    const p = r.accountPolicy;
    const leftOut = names.deliveryLogGroups.filter((g) => !p?.selectionCriteria.includes(JSON.stringify(g)));
    if (!p || (stream && p.destinationArn !== stream) || leftOut.length) {
      const why = !p
        ? `no account-level subscription filter policy ${names.subscription} in ${where}, so its log groups are not forwarded`
        : leftOut.length
          ? `account policy ${p.name} in ${where} does not leave out ${leftOut.join(", ")}: Firehose's errors would go back through Firehose`
          : `account policy ${p.name} in ${where} puts to ${p.destinationArn}, not to the stack's logs delivery stream ${stream}`;
      out.problem({
        code: "log-account-policy-missing",
        problem: why,
        where: `CloudWatch Logs account policies, ${where}`,
        fix: [`${w.deploy} creates or corrects it`],
      });
    } else out.passed(`account policy ${p.name} in ${r.region} forwards every log group but Firehose's own to ${names.deliveryStream}`);
    return;
  }
  for (const g of r.logGroups) {
    if (!g.exists) {
      out.problem({
        code: "log-group-missing",
        problem: `log group ${g.logGroup} does not exist in ${where}, so it cannot be forwarded`,
        where: `CloudWatch Logs, ${where}`,
        fix: [`correct ${w.field("logDelivery")} or create the log group, then ${w.deploy}`],
      });
    } else if (!g.filter || (stream && g.filter.destinationArn !== stream)) {
      out.problem({
        code: "log-subscription-missing",
        problem: g.filter
          ? `log group ${g.logGroup} in ${where}: filter ${names.subscription} puts to ${g.filter.destinationArn}, not to ${stream}`
          : `log group ${g.logGroup} in ${where} has no subscription filter ${names.subscription}, so its logs are not forwarded`,
        where: `${g.logGroup}, ${where}`,
        fix: [`${w.deploy} creates it`],
      });
    } else out.passed(`log group ${g.logGroup} in ${r.region} is forwarded to ${names.deliveryStream}`);
  }
}

export const logDeliveryCheck = defineCheck({
  name: "log-delivery",
  findings: FINDINGS,
  run({ subject: s, aws, words: w }, out) {
    if (!s.logDelivery) return;
    for (const r of aws.logDelivery ?? []) {
      const d = r.deliveryStream;
      const where = `${r.region} in account ${s.accountId}`;
      if (r.unread?.deliveryStream) out.skipped(`logs delivery stream in ${r.region}: could not be read (${r.unread.deliveryStream})`);
      else if (!d) {
        out.problem({
          code: "logs-delivery-stream-missing",
          problem: `no logs delivery stream in ${where}, so its subscribed logs reach no Datadog intake`,
          where: `Firehose, ${where}`,
          fix: [`${w.deploy} creates it`],
        });
      } else {
        const state = deliveryStreamState(d, r.region, where, "logs delivery stream", w);
        if (state.active) out.passed(state.line);
        else out.problem({ code: "logs-delivery-stream-not-active", ...state });
      }
      checkSubscriptions(r, s.accountId, w, out);
    }
    reportDatadogReads(aws.principal, LOG_SUBSCRIPTION_READS, {
      w,
      out,
      code: "log-subscriptions-unreadable-by-datadog",
      what: "the log subscriptions",
      consequence: `so Datadog does not see which log groups of account ${s.accountId} are forwarded`,
    });
  },
});
