/**
 * The metrics-arrival check: metrics tagged with the account reached Datadog, or the
 * integration is younger than the 10 minutes data can take.
 */
import type { Finding } from "../../../cli/doctor/check";
import { metricsArrivalCheck } from "../../../cli/doctor/checks/metrics-arrival";
import type { MetricsArrival } from "../../../cli/doctor/views";
import { codes, CodesTested, datadogView, noIntegration } from "../../support/doctor-views";

const t = new CodesTested(metricsArrivalCheck);
const NOW = new Date("2026-03-10T12:00:00Z");
const minutesAgo = (n: number) => new Date(NOW.getTime() - n * 60_000);
const arrival = (createdMinutesAgo: number, metrics: string[] = []): MetricsArrival => ({
  from: minutesAgo(createdMinutesAgo),
  createdAt: minutesAgo(createdMinutesAgo),
  metrics,
  checkedAt: NOW,
});
const withMetrics = (metrics: MetricsArrival) => datadogView({}, { metrics });

test("compliant: metrics tagged with the account arrived since the integration was created", () => {
  const r = t.run({ datadog: withMetrics(arrival(20, ["aws.ec2.cpuutilization"])) });
  expect(codes(r)).toEqual([]);
  expect(r.passed).toEqual([
    "metrics arriving: 1 metric tagged aws_account:123456789012 reached Datadog since the integration was created (2026-03-10T11:40:00.000Z), e.g. aws.ec2.cpuutilization",
  ]);
});

test("not checked: an integration 5 minutes old, an application key without metrics_read, collection off, no integration", () => {
  expect(t.run({ datadog: withMetrics(arrival(5)) }).skipped).toEqual([
    "metrics arriving: none tagged aws_account:123456789012 yet; the integration is 5m old and data can take 10m to arrive: run again with --wait 6m",
  ]);
  expect(t.run({ datadog: datadogView({}, { metricsNotRead: "refused" }) }).skipped).toEqual(["metrics arriving: refused"]);
  expect(t.run({ datadog: datadogView() }).skipped).toEqual(["metrics arriving: metric collection is off in Datadog"]);
  expect(t.run({ datadog: noIntegration })).toEqual({ findings: [], passed: [], skipped: [] });
});

test("non-compliant metrics-not-arriving: none 20 minutes on; the problems found before come first in the fix", () => {
  const found: Finding[] = [{ code: "trust-wrong-account", problem: "", where: "", details: [], fix: [] }];
  const r = t.run({ datadog: withMetrics(arrival(20)) }, found);
  expect(codes(r)).toEqual(["metrics-not-arriving"]);
  const [f] = r.findings;
  expect(f.details).toEqual([
    "the integration as Datadog holds it: metric collection on; regions all; namespaces Datadog's default; created 2026-03-10T11:40:00.000Z",
    "problems found above: trust-wrong-account",
  ]);
  expect(f.fix[0]).toBe("fix the problems above first (trust-wrong-account): each can stop or limit what Datadog collects");
  expect(t.run({ datadog: withMetrics(arrival(20)) }).findings[0].details[1]).toBe(
    "the role's trust policy and permissions were checked without a problem (above)",
  );
});

test("every code the check declares is reported by a case above", () => expect(t.untested()).toEqual([]));
