/**
 * `metrics.metricNameFilters`: per CloudWatch namespace, collect only the metric names that
 * match (`includeOnly`) or all but those (`excludeOnly`). Datadog provider 4.16.0 and later
 * (`metrics_config.metric_name_filters`); a stack that sets it declares that range
 * (lib/facts/provider-features.ts). Patterns are Datadog metric names (`aws.ec2.network_in`),
 * not CloudWatch's (`NetworkIn`): Datadog's guide "Configure AWS Metric Name Filters with the
 * API" says they take lowercase letters, digits, `.`, `_` and `*` (any run of characters),
 * and that `aws.ec2.cpuutilization` and `aws.lambda.invocations` are always collected.
 */
import { z } from "zod";
import { quote } from "../json-value";
import { listedNameRule, type StringRule } from "./rules";
import { ruled } from "./ruled";

const PATTERN = /^[a-z0-9._*]+$/;

/** A metric name pattern as Datadog takes it. */
export const metricNamePatternRule: StringRule = {
  code: "value/metric-name-pattern",
  pattern: PATTERN,
  check(value) {
    if (PATTERN.test(value)) return undefined;
    if (value.trim() === "") return 'is empty; give a Datadog metric name or pattern, e.g. "aws.ec2.network_*"';
    if (!value.includes(".")) {
      return `${quote(value)} looks like a CloudWatch metric name; filters match Datadog's metric names (lowercase letters, digits, ".", "_" and "*"), e.g. "aws.ec2.network_in" for NetworkIn`;
    }
    if (PATTERN.test(value.toLowerCase())) return `${quote(value)} has capital letters; Datadog metric names are lower case: ${quote(value.toLowerCase())}`;
    const bad = [...new Set(value.replace(/[a-z0-9._*]/g, ""))];
    const hint = bad.includes("?") ? ' ("?" is no wildcard here; "*" matches any run of characters)' : "";
    return `${quote(value)} contains ${bad.map(quote).join(", ")}${hint}; metric name patterns take lowercase letters, digits, ".", "_" and "*" only, e.g. "aws.rds.aurora_*"`;
  },
};

const patterns = (what: string) =>
  z.array(ruled(metricNamePatternRule, 'Datadog metric name or pattern, e.g. "aws.ec2.network_in" or "aws.ec2.network_*".')).min(1).optional().meta({ description: what });

export const metricNameFiltersSchema = z
  .array(
    z.strictObject({
      namespace: ruled(listedNameRule, 'CloudWatch namespace the filter applies to, as Datadog names it, e.g. "AWS/EC2"; one that the integration collects.'),
      includeOnly: patterns("Collect only the metric names matching one of these patterns."),
      excludeOnly: patterns("Collect every metric name of the namespace but those matching one of these patterns."),
    }),
  )
  .default([])
  .meta({
    description:
      'Per namespace, which metric names Datadog collects: includeOnly or excludeOnly Datadog metric names ("*" matches any run of characters), e.g. [{ "namespace": "AWS/EC2", "includeOnly": ["aws.ec2.network_*"] }]; one filter per namespace, only namespaces the integration collects. Needs Datadog provider 4.16.0 or later: the stack then declares that range (docs/library.md, "Provider versions").',
  });
