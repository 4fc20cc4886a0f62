// The refusals Datadog's API answers with, in the shapes its recordings show, so the provider meets real errors.
import type { Obj } from "./account-record";

export interface Reply {
  status: number;
  body?: unknown;
  type?: string;
  /** Headers beyond Content-Type/-Length (a 429's rate-limit headers). */
  headers?: Record<string, string>;
}

/** Datadog's JSON:API error shape, e.g. provider issue #3961 and client cassette ..._returns_Conflict_response. */
export const apiError = (status: number, title: string, detail: string, meta?: Obj): Reply => ({
  status,
  body: { errors: [{ status: String(status), title, detail, ...(meta ? { meta } : {}) }] },
});
export const invalidValue = (field: string, message: string) => apiError(400, "Bad Request", "invalid value", { [field]: message });
/** Key failures use the plain APIErrorResponse shape (Datadog API spec; Datadog docs show `{"errors":["Forbidden"]}`). */
export const FORBIDDEN: Reply = { status: 403, body: { errors: ["Forbidden"] }, type: "application/json" };
export const NOT_FOUND: Reply = { status: 404, body: { errors: ["Not found"] }, type: "application/json" };
/** Client cassettes Get/Patch_account_config_returns_Not_Found_response; provider cassette TestAccIntegrationAwsAccountCcmConfigBasic. */
export const accountNotFound = () => apiError(404, "Account not found", "AWS account with provided id is not integrated");
/** Client cassette Create_an_AWS_integration_returns_Conflict_response. */
export const conflict = () => apiError(409, "Account already exists", "AWS account with provided id already exists");
