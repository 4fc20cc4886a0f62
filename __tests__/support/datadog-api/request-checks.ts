// The checks Datadog's API makes on an AWS integration request before storing it, so what the real API refuses is refused locally too.
import type { LocalDatadogApiOptions } from "../local-datadog-api";
import { authKind, isObj, type Obj, ONE_OF_KEYS, strings } from "./account-record";
import { apiError, invalidValue, type Reply } from "./replies";
import { checkMetricNameFilters } from "./metric-name-filters";

const PARTITIONS = ["aws", "aws-cn", "aws-us-gov"]; // Datadog API spec, AWSAccountPartition

/** The request checks the API is known to make; `previous` is set for PATCH. */
export function checkAccountRequest(attrs: Obj | undefined, previous: Obj | undefined, accepted: Pick<LocalDatadogApiOptions, "namespaces" | "logSources">): Reply | undefined {
  // Required fields: Datadog API spec (create: aws_account_id, aws_partition, auth_config;
  // update: aws_account_id). The wording of these two refusals is assumed.
  if (!attrs) return apiError(400, "Bad Request", "invalid request body: data.attributes is required");
  for (const field of previous ? ["aws_account_id"] : ["aws_account_id", "aws_partition", "auth_config"]) {
    if (attrs[field] == null) return invalidValue(field, "missing required field");
  }
  // Client cassette Create_an_AWS_integration_returns_Bad_Request_response.
  if (attrs.aws_partition != null && !PARTITIONS.includes(attrs.aws_partition)) {
    return invalidValue("aws_partition", `invalid partition: ${attrs.aws_partition}`);
  }
  if (attrs.auth_config != null) {
    const kind = authKind(attrs.auth_config);
    // AWSAuthConfig is a oneOf of keys (access_key_id) and role (role_name); wording assumed.
    if (!kind) return invalidValue("auth_config", "exactly one of role_name or access_key_id must be set");
    // Client cassette Patch_account_config_returns_Bad_Request_response (older error shape, as recorded).
    if (previous && kind !== authKind(previous.auth_config)) {
      return { status: 400, body: { errors: [{ title: "Generic Error", detail: "cannot switch between role and key based auth" }] } };
    }
  }
  // A oneOf with both members set cannot be stored or read back (the Go client would fail to
  // decode it); refusal wording assumed.
  const oneOfs: Array<[string, unknown]> = [
    ["aws_regions", attrs.aws_regions],
    ["metrics_config.namespace_filters", attrs.metrics_config?.namespace_filters],
    ["traces_config.xray_services", attrs.traces_config?.xray_services],
  ];
  for (const [field, value] of oneOfs) {
    if (isObj(value) && ONE_OF_KEYS.filter((k) => value[k] != null).length > 1) return invalidValue(field, "only one filter type may be set");
  }
  // Provider issue #3961 (real response): 400 {"errors":[{"status":"400","title":"Bad Request",
  // "detail":"invalid value","meta":{"metrics_config.namespace_filters.include_only":"invalid namespaces: [AWS/Bedrock/Guardrails]"}}]}.
  // The list prints as Go prints a []string. exclude_only is assumed to be checked the same way.
  const known = accepted.namespaces;
  const filters = attrs.metrics_config?.namespace_filters;
  if (known && isObj(filters)) {
    for (const key of ["include_only", "exclude_only"]) {
      const unknown = strings(filters[key]).filter((n) => !known.includes(n));
      if (unknown.length) return invalidValue(`metrics_config.namespace_filters.${key}`, `invalid namespaces: [${unknown.join(" ")}]`);
    }
  }
  const refusedFilters = checkMetricNameFilters(attrs.metrics_config?.metric_name_filters, known);
  if (refusedFilters) return refusedFilters;
  // Log sources: no recording of the refusal; assumed to mirror the namespace one.
  const sources = accepted.logSources;
  const unknownSources = strings(attrs.logs_config?.lambda_forwarder?.sources).filter((s) => sources && !sources.includes(s));
  if (unknownSources.length) return invalidValue("logs_config.lambda_forwarder.sources", `invalid sources: [${unknownSources.join(" ")}]`);
  return undefined;
}
