/**
 * Reading the integration from Datadog's API (v2): the account's integration and, for
 * environments on live permissions, Datadog's current permission lists. The keys come
 * from the variables the environment names and go only into request headers: never into
 * a message.
 */
import { doctorDatadogKeysMissing, doctorDatadogKeysRefused, doctorDatadogRequestFailed, doctorDatadogUnreachable } from "../../lib/errors";
import type { DatadogAccount, DatadogView, RequiredPermissions } from "./views";

/** Overrides the site's API URL (tests point it at a local stand-in). */
export const DATADOG_API_URL_ENV_VAR = "DATADOG_API_URL";

const TIMEOUT_MS = 30_000;

export interface DatadogAccess {
  readonly environment: string;
  readonly apiUrl: string;
  readonly site: string;
  readonly apiKeyEnv: string;
  readonly appKeyEnv: string;
  readonly apiKey: string;
  readonly appKey: string;
}

export interface DatadogSettings {
  readonly apiUrl: string;
  readonly site: string;
  readonly datadogApiKeyEnv: string;
  readonly datadogAppKeyEnv: string;
}

/** The variables of the environment's Datadog keys that are not set (empty counts as not set). */
export function missingDatadogKeys(settings: DatadogSettings, env: NodeJS.ProcessEnv = process.env): string[] {
  return [settings.datadogApiKeyEnv, settings.datadogAppKeyEnv].filter((name) => !env[name]);
}

/** The API URL and keys for an environment; throws a ServiceError naming the variables that are not set. */
export function datadogAccess(environment: string, settings: DatadogSettings, env: NodeJS.ProcessEnv = process.env): DatadogAccess {
  const apiKey = env[settings.datadogApiKeyEnv] ?? "";
  const appKey = env[settings.datadogAppKeyEnv] ?? "";
  const missing = missingDatadogKeys(settings, env);
  if (missing.length) throw doctorDatadogKeysMissing(environment, missing, settings.site);
  const apiUrl = (env[DATADOG_API_URL_ENV_VAR] || settings.apiUrl).replace(/\/+$/, "");
  return { environment, apiUrl, site: settings.site, apiKeyEnv: settings.datadogApiKeyEnv, appKeyEnv: settings.datadogAppKeyEnv, apiKey, appKey };
}

/** GET `path` as JSON; with `absentOn404`, a 404 answers undefined instead of failing. */
export async function get(access: DatadogAccess, path: string, absentOn404 = false): Promise<unknown> {
  const url = `${access.apiUrl}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: "application/json", "DD-API-KEY": access.apiKey, "DD-APPLICATION-KEY": access.appKey },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const message = cause ? [cause.code, cause.message].filter(Boolean).join(": ") : (e as Error).message;
    throw doctorDatadogUnreachable(access.environment, access.apiUrl, message, e);
  }
  const text = await response.text();
  if (response.status === 401 || response.status === 403) {
    throw doctorDatadogKeysRefused(access.environment, access.apiUrl, response.status, access.apiKeyEnv, access.appKeyEnv, access.site);
  }
  if (absentOn404 && response.status === 404) return undefined;
  if (!response.ok) throw doctorDatadogRequestFailed(access.environment, `GET ${path}`, response.status, errorDetail(text));
  try {
    return JSON.parse(text);
  } catch {
    throw doctorDatadogRequestFailed(access.environment, `GET ${path}`, response.status, "the answer is not JSON");
  }
}

/** The first error of Datadog's error shapes (`{"errors":["..."]}` or JSON:API `{"errors":[{title, detail}]}`), short. */
function errorDetail(text: string): string {
  try {
    const errors = (JSON.parse(text) as { errors?: unknown[] }).errors ?? [];
    const first = errors[0] as string | { title?: string; detail?: string } | undefined;
    if (typeof first === "string") return first;
    if (first) return [first.title, first.detail].filter(Boolean).join(": ");
  } catch {
    // not JSON
  }
  return text.slice(0, 200);
}

/** The integration of the AWS account (GET /api/v2/integration/aws/accounts?aws_account_id=...). */
export async function readDatadogView(access: DatadogAccess, awsAccountId: string): Promise<DatadogView> {
  const body = (await get(access, `/api/v2/integration/aws/accounts?aws_account_id=${encodeURIComponent(awsAccountId)}`)) as { data?: DatadogAccount[] };
  // The filter is the API's; an older API that ignores it returns every account.
  const account = (body.data ?? []).find((a) => a?.attributes?.aws_account_id === awsAccountId);
  return { apiUrl: access.apiUrl, account };
}

/**
 * Datadog's current permission lists, as the stack reads them for `permissions: "live"`:
 * every permission with resource collection, else the standard set.
 */
export async function readLivePermissions(access: DatadogAccess, resourceCollection: boolean): Promise<RequiredPermissions> {
  const path = `/api/v2/integration/aws/iam_permissions${resourceCollection ? "" : "/standard"}`;
  const body = (await get(access, path)) as { data?: { attributes?: { permissions?: unknown } } };
  const permissions = body.data?.attributes?.permissions;
  if (!Array.isArray(permissions) || !permissions.every((p) => typeof p === "string")) {
    throw doctorDatadogRequestFailed(access.environment, `GET ${path}`, 200, "the answer has no data.attributes.permissions list");
  }
  return {
    source: `Datadog's current ${resourceCollection ? "lists (standard + resource collection, from" : "standard list (from"} GET ${path})`,
    actions: [...new Set(permissions as string[])].sort(),
  };
}

/**
 * Names of the metrics tagged `aws_account:<id>` that reached Datadog from `from` until now:
 * `GET /api/v1/metrics?from=<seconds>&tag_filter=aws_account:<id>` (Datadog API v1, "Get
 * active metrics list"; needs the application key's `metrics_read` permission). The AWS
 * integration tags every metric it collects with the account's ID.
 */
export async function readActiveMetrics(access: DatadogAccess, awsAccountId: string, from: Date): Promise<string[]> {
  const seconds = Math.floor(from.getTime() / 1000);
  const path = `/api/v1/metrics?from=${seconds}&tag_filter=${encodeURIComponent(`aws_account:${awsAccountId}`)}`;
  const body = (await get(access, path)) as { metrics?: unknown };
  if (!Array.isArray(body.metrics) || !body.metrics.every((m) => typeof m === "string")) {
    throw doctorDatadogRequestFailed(access.environment, `GET ${path}`, 200, "the answer has no metrics list");
  }
  return body.metrics as string[];
}
