// The Cloud Cost Management config of an AWS integration (/api/v2/integration/aws/accounts/{id}/ccm_config), as Datadog's API answers it.
/**
 * Evidence, cited by name:
 * - "Datadog API spec": datadog-api-client-go's model of it (AWSCcmConfigRequest, DataExportConfig: every
 *   field required; report_type "Currently only CUR2.0 is supported"; type "ccm_config") and its
 *   operations: Create answers 200/403/404/409/429, Get/Update/Delete 200 or 204/403/404/429;
 * - "feature aws_integration": tests/scenarios/features/v2/aws_integration.feature, scenarios
 *   "Create AWS CCM config returns Conflict", "... Not Found", "Delete AWS CCM config returns No Content";
 * - "provider cassette": TestAccIntegrationAwsAccountCcmConfigBasic (the bodies below, the
 *   404 body after the account is gone, the response type "ccm_config" with the account's id).
 * Where no recording shows a behaviour the code says "assumed".
 */
import { isObj, type Obj } from "./account-record";
import { accountNotFound, apiError, type Reply } from "./replies";

/** The five fields of a data export config, in the order the API answers them (provider cassette). */
const FIELDS = ["report_name", "report_prefix", "report_type", "bucket_name", "bucket_region"] as const;

/** What the API keeps per integration: its data export configs, as sent. */
export type CcmConfig = Obj[];

/** A 400 as Datadog's JSON:API errors carry it (assumed wording, the shape of replies.ts's refusals). */
const badRequest = (detail: string) => apiError(400, "Bad Request", detail);

/** The body's data export configs, or the 400 Datadog's request validation gives (Datadog API spec: every field required). */
export function checkCcmRequest(body: unknown): { configs: CcmConfig } | { refused: Reply } {
  const data = isObj(body) && isObj(body.data) ? body.data : undefined;
  if (!data) return { refused: badRequest("request body must have data") };
  if (data.type !== "ccm_config") return { refused: badRequest(`invalid value for data.type: ${JSON.stringify(data.type)}; expected "ccm_config"`) };
  const ccm = isObj(data.attributes) && isObj(data.attributes.ccm_config) ? data.attributes.ccm_config : undefined;
  if (!ccm || !Array.isArray(ccm.data_export_configs)) return { refused: badRequest("data.attributes.ccm_config.data_export_configs is required") };
  const configs: CcmConfig = [];
  for (const [i, c] of ccm.data_export_configs.entries()) {
    if (!isObj(c)) return { refused: badRequest(`data_export_configs[${i}] must be an object`) };
    for (const f of FIELDS) {
      if (typeof c[f] !== "string" || c[f] === "") return { refused: badRequest(`data_export_configs[${i}].${f} is required`) };
    }
    if (c.report_type !== "CUR2.0") return { refused: badRequest(`data_export_configs[${i}].report_type ${JSON.stringify(c.report_type)} is not supported; only "CUR2.0" is`) };
    configs.push(Object.fromEntries(FIELDS.map((f) => [f, c[f]])));
  }
  return { configs };
}

/** The response body: `ccm_config` under the integration's id (provider cassette). */
export const ccmConfigReply = (accountId: string, configs: CcmConfig, status = 200): Reply => ({
  status,
  body: { data: { id: accountId, type: "ccm_config", attributes: { data_export_configs: structuredClone(configs) } } },
});

/**
 * One request to /accounts/{id}/ccm_config, for an integration that exists (`accountId`) or
 * not (undefined: 404 "Account not found", provider cassette). `store` holds each
 * integration's config; a deleted integration's config goes with it (the caller removes it).
 */
export function ccmConfigRoute(method: string, accountId: string | undefined, body: unknown, store: Map<string, CcmConfig>): Reply {
  if (!accountId) return accountNotFound();
  const held = store.get(accountId);
  if (method === "GET") return held ? ccmConfigReply(accountId, held) : apiError(404, "Not Found", "CCM config not found for this account"); // assumed wording
  if (method === "DELETE") {
    if (!held) return apiError(404, "Not Found", "CCM config not found for this account");
    store.delete(accountId);
    // Feature aws_integration: "Delete AWS CCM config returns No Content". The provider cassette recorded a
    // 404 "Account not found" for that DELETE instead; the provider takes 404 as deleted either way.
    return { status: 204 };
  }
  if (method !== "POST" && method !== "PATCH") return { status: 405, body: { errors: ["Method Not Allowed"] }, type: "application/json" };
  const checked = checkCcmRequest(body);
  if ("refused" in checked) return checked.refused;
  if (method === "POST" && held) return apiError(409, "Conflict", "CCM config already exists for this account"); // Datadog API spec: Create answers 409
  if (method === "PATCH" && !held) return apiError(404, "Not Found", "CCM config not found for this account");
  store.set(accountId, checked.configs);
  return ccmConfigReply(accountId, checked.configs);
}
