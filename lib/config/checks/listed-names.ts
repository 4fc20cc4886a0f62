/**
 * Namespaces, log sources and X-Ray services must be names Datadog knows (value/not-in-datadog-list).
 */
import { CLOUDWATCH_NAMESPACES, LOG_SOURCES } from "../../facts/datadog-lists";
import { quote } from "../json-value";
import { likelyMeant } from "../messages";
import { isToken } from "../fields/rules";
import { type Ctx, type IntegrationValue, issue, list, metricsOf } from "./check";

/**
 * Namespaces and log sources must be names Datadog knows: the provider passes any string,
 * and the API refuses an unknown one only at apply ("400 invalid namespaces"), after the
 * AWS side has changed.
 */
export function checkListedNames(c: IntegrationValue, ctx: Ctx): void {
  const metrics = metricsOf(c);
  const logs = c.logs as Partial<IntegrationValue["logs"]> | undefined;
  const xrayServices: unknown = c.xrayServices;
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && !isToken(x)) : []);
  const check = (name: string, path: (string | number)[], list: { names: readonly string[]; date: string; source: string }, newer: string[], newerField: string, what: string) => {
    if (list.names.includes(name) || newer.includes(name)) return;
    const guess = likelyMeant(name, list.names);
    const hint = guess ? `did you mean ${quote(guess)}? If` : `Datadog's names come from ${list.source}; if`;
    issue(ctx, "value/not-in-datadog-list", path, `${quote(name)} is not a ${what} Datadog knows (its list of ${list.date}); ${hint} Datadog added it since, also list it in ${newerField}`);
  };
  const newNamespaces = strings(metrics.newNamespaces);
  const ns = (metrics.namespaces ?? {}) as { includeOnly?: unknown; excludeOnly?: unknown };
  for (const field of ["includeOnly", "excludeOnly"] as const) {
    strings(ns[field]).forEach((n, i) => check(n, ["metrics", "namespaces", field, i], CLOUDWATCH_NAMESPACES, newNamespaces, "metrics.newNamespaces", "CloudWatch namespace"));
  }
  (Array.isArray(metrics.tagFilters) ? metrics.tagFilters : []).forEach((f, i) => {
    if (typeof f?.namespace === "string" && !isToken(f.namespace))
      check(f.namespace, ["metrics", "tagFilters", i, "namespace"], CLOUDWATCH_NAMESPACES, newNamespaces, "metrics.newNamespaces", "CloudWatch namespace");
  });
  list(metrics.metricNameFilters).forEach((f, i) => {
    if (typeof f?.namespace === "string" && !isToken(f.namespace))
      check(f.namespace, ["metrics", "metricNameFilters", i, "namespace"], CLOUDWATCH_NAMESPACES, newNamespaces, "metrics.newNamespaces", "CloudWatch namespace");
  });
  const newSources = strings(logs?.newSources);
  strings(logs?.sources).forEach((s, i) => check(s, ["logs", "sources", i], LOG_SOURCES, newSources, "logs.newSources", "log source"));
  // Datadog's API names an X-Ray service by its CloudWatch namespace (its specification's
  // example for traces_config.xray_services.include_only is "AWS/AppSync"), and, like a
  // namespace, passes any string through the provider to fail or be ignored later.
  strings(xrayServices).forEach((name, i) => {
    if (CLOUDWATCH_NAMESPACES.names.includes(name) || newNamespaces.includes(name)) return;
    const guess = likelyMeant(name, CLOUDWATCH_NAMESPACES.names);
    issue(
      ctx,
      "value/not-in-datadog-list",
      ["xrayServices", i],
      `${quote(name)} is not an AWS service as Datadog names it for X-Ray: its CloudWatch namespace from Datadog's list of ${CLOUDWATCH_NAMESPACES.date}, e.g. "AWS/Lambda" or "AWS/AppSync"; ${guess ? `did you mean ${quote(guess)}? If` : "if"} Datadog added it since, also list it in metrics.newNamespaces`,
    );
  });
}
