// How Datadog stores an AWS integration and renders it back (defaults, PATCH merge, timestamps, field order), as the recordings cited in local-datadog-api.ts show.
import { randomBytes } from "node:crypto";
import { DEFAULT_EXCLUDED_NAMESPACES, namespacesInDatadogOrder, reorderOneOf, reorderTagFilters, sortedList } from "./list-order";
import { keptMetricNameFilters } from "./metric-name-filters";

export type Obj = Record<string, any>;
export type AccountData = { id: string; type: string; attributes: Obj };
export interface Stored {
  id: string;
  attrs: Obj;
  createdAt: string;
  modifiedAt: string;
}

export const ONE_OF_KEYS = ["include_all", "include_only", "exclude_only"];

export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
/** Copies `keys` of `o` in this order, skipping absent ones: the API's own field order (provider cassettes). */
const pick = (o: Obj, keys: readonly string[]): Obj => Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
/** A oneOf object (AWSRegions, AWSNamespaceFilters, XRayServicesList): kept when it sets a member, else absent. */
const oneOf = (o: unknown): Obj | undefined => (isObj(o) && ONE_OF_KEYS.some((k) => o[k] != null) ? pick(o, ONE_OF_KEYS) : undefined);
export const authKind = (a: unknown): "role" | "keys" | undefined => (!isObj(a) || (a.role_name != null) === (a.access_key_id != null) ? undefined : a.role_name != null ? "role" : "keys");

/** RFC 3339 UTC with nanoseconds: Date gives milliseconds, hrtime the remaining digits. */
export function nowNano(): string {
  const extra = String(process.hrtime.bigint() % 1_000_000n).padStart(6, "0");
  return `${new Date().toISOString().slice(0, 23)}${extra}Z`;
}
/**
 * As Go prints it (trailing zeros dropped). Responses to POST/PATCH carry the fresh time with
 * 9 digits, reads carry what the database kept, 6 digits (provider cassette
 * TestAccIntegrationAwsAccount_RoleBased: "...40.819463785Z" on create, "...40.819463Z" on GET).
 */
function goTime(ts: string, digits: 6 | 9): string {
  const [seconds, fraction = ""] = ts.slice(0, -1).split(".");
  const kept = fraction.slice(0, digits).replace(/0+$/, "");
  return `${seconds}${kept ? `.${kept}` : ""}Z`;
}

/** PATCH keeps what the body leaves out (client cassette Patch_account_config_returns_AWS_Account_object_response:
 * omitted aws_regions, namespace_filters and `traces_config: {}` kept their values). Lists and oneOf objects are replaced. */
export function merge(previous: Obj, patch: Obj): Obj {
  const out = structuredClone(previous);
  for (const [k, v] of Object.entries(patch)) {
    const oneOfObject = k === "aws_regions" || k === "namespace_filters" || k === "xray_services";
    out[k] = isObj(v) && isObj(out[k]) && !oneOfObject ? merge(out[k], v) : structuredClone(v);
  }
  return out;
}

/**
 * The stored integration with the API's defaults filled in and its lists in the order the
 * API keeps them (datadog-api/list-order.ts): log sources as sent, namespace filters in
 * Datadog's order, the other lists sorted.
 */
export function normalize(a: Obj): Obj {
  const lf: Obj = a.logs_config?.lambda_forwarder ?? {};
  const mc: Obj = a.metrics_config ?? {};
  const rc: Obj = a.resources_config ?? {};
  const auth: Obj = a.auth_config;
  return {
    account_tags: sortedList(a.account_tags ?? []),
    // Role auth: a supplied external_id is kept (provider cassette TestAccIntegrationAwsAccountCcmConfigBasic
    // creates with one), otherwise Datadog generates 32 lowercase hex characters (every role cassette).
    auth_config: authKind(auth) === "role" ? { role_name: auth.role_name, external_id: auth.external_id || randomBytes(16).toString("hex") } : pick(auth, ["access_key_id", "secret_access_key"]),
    aws_account_id: a.aws_account_id,
    aws_partition: a.aws_partition,
    aws_regions: reorderOneOf(oneOf(a.aws_regions) ?? { include_all: true }, sortedList), // absent -> include_all (client cassette Create_an_AWS_account_...)
    logs_config: {
      lambda_forwarder: {
        lambdas: sortedList(lf.lambdas ?? []), // "Defaults to `[]`" (Datadog API spec, AWSLambdaForwarderConfig)
        sources: lf.sources ?? [],
        log_source_config: {
          tag_filters: reorderTagFilters(((lf.log_source_config?.tag_filters ?? []) as Obj[]).map((t) => pick(t, ["source", "tags"]))),
        },
      },
    },
    metrics_config: {
      // Datadog API spec, AWSMetricsConfig "Defaults to" values.
      enabled: mc.enabled ?? true,
      automute_enabled: mc.automute_enabled ?? true,
      collect_custom_metrics: mc.collect_custom_metrics ?? false,
      collect_cloudwatch_alarms: mc.collect_cloudwatch_alarms ?? false,
      tag_filters: reorderTagFilters(
        ((mc.tag_filters ?? []) as Obj[]).map((t) => pick(t, ["namespace", "tags"])),
        "namespace",
      ),
      // Absent -> Datadog's default (client cassette Create_an_AWS_account_returns_AWS_Account_object_response).
      namespace_filters: reorderOneOf(oneOf(mc.namespace_filters) ?? { exclude_only: [...DEFAULT_EXCLUDED_NAMESPACES] }, namespacesInDatadogOrder),
      metric_name_filters: keptMetricNameFilters(mc.metric_name_filters),
    },
    resources_config: {
      cloud_security_posture_management_collection: rc.cloud_security_posture_management_collection ?? false,
      extended_collection: rc.extended_collection ?? true,
    },
    // `traces_config: {}` -> include_only [] (client cassette Create_an_AWS_account_returns_AWS_Account_object_response).
    traces_config: { xray_services: reorderOneOf(oneOf(a.traces_config?.xray_services) ?? { include_only: [] }, sortedList) },
  };
}

/**
 * The API's `data` object, fields in the API's order (provider cassettes). `write` is the
 * answer to POST/PATCH, `read` to GET and lists.
 */
export function renderAccount(s: Stored, form: "write" | "read", created = false): AccountData {
  const a = s.attrs;
  const mc: Obj = a.metrics_config;
  return structuredClone({
    id: s.id,
    type: "account",
    attributes: {
      // An empty list comes back as null in the create response only; reads return []
      // (provider cassette TestAccIntegrationAwsAccountCcmConfigBasic). The provider maps null to [].
      account_tags: created && a.account_tags.length === 0 ? null : a.account_tags,
      // The secret is write-only (Datadog API spec; provider cassette TestAccIntegrationAwsAccountKeyBased).
      auth_config: authKind(a.auth_config) === "role" ? pick(a.auth_config, ["role_name", "external_id"]) : pick(a.auth_config, ["access_key_id"]),
      aws_account_id: a.aws_account_id,
      aws_partition: a.aws_partition,
      aws_regions: a.aws_regions,
      created_at: goTime(s.createdAt, created ? 9 : 6),
      logs_config: { lambda_forwarder: pick(a.logs_config.lambda_forwarder, ["lambdas", "sources", "log_source_config"]) },
      metrics_config: {
        ...pick(mc, ["enabled", "automute_enabled", "collect_custom_metrics", "collect_cloudwatch_alarms", "tag_filters", "namespace_filters"]),
        // Absent unless set (provider cassette TestAccIntegrationAwsAccount_RoleBased); an empty
        // list, which 4.16+ sends on every write, is assumed to read back absent too.
        ...(mc.metric_name_filters.length ? { metric_name_filters: mc.metric_name_filters } : {}),
      },
      modified_at: goTime(s.modifiedAt, form === "write" ? 9 : 6),
      resources_config: a.resources_config,
      traces_config: a.traces_config,
    },
  });
}
