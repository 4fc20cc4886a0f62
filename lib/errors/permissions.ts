/**
 * `permissions/`: `npm run permissions`, which compares the pinned permission lists with
 * Datadog's. Reading Datadog's lists fails as a `ServiceError` coded `permissions/unreadable`
 * as a whole, its problem coded by the cause (network, keys, an answer).
 */
import type { ErrorCode } from "./index";
import { ErrorCodeInfo, serviceError, ServiceError } from "./core";

/** The `permissions/` codes, with what each means and how to fix it. */
export const PERMISSIONS_ERRORS = {
  heading: "`npm run permissions`",
  codes: {
    "permissions/unreadable": { meaning: "Datadog's permission lists cannot be read. The problem listed has its own code.", fix: "Fix the problem listed." },
    "permissions/datadog-unreachable": { meaning: "Datadog's API cannot be reached.", fix: "Check the network, a proxy, the --site given, or DATADOG_API_URL." },
    "permissions/datadog-keys-refused": {
      meaning: "Datadog's API refused to serve the lists: it now requires keys, or refused the keys in DD_API_KEY / DD_APP_KEY.",
      fix: "Set DD_API_KEY and DD_APP_KEY to an API key and an application key of your organization on the site.",
    },
    "permissions/datadog-request-failed": { meaning: "Datadog's API answered with an error this tool has no advice for.", fix: "Try again later; read Datadog's status in the message." },
    "permissions/datadog-answer-changed": {
      meaning: "Datadog's API answered without the list where it used to be (data.attributes.permissions).",
      fix: "The API may have changed: see Datadog's API reference, and report it.",
    },
    "permissions/drift": { meaning: "Datadog's permission lists changed since they were pinned.", fix: "Review the diff, run npm run permissions -- update, and commit the result." },
  } satisfies Record<`permissions/${string}`, ErrorCodeInfo>,
};

function listsUnreadable(code: ErrorCode, problem: string, cause?: unknown): ServiceError {
  return serviceError("permissions/unreadable", "Cannot read Datadog's permission lists:", [{ code, message: problem }], cause);
}

export function permissionListUnreachable(url: string, message: string, cause?: unknown): ServiceError {
  return listsUnreadable("permissions/datadog-unreachable", `cannot reach ${url} (${message}); check the network, or DATADOG_API_URL`, cause);
}

/** Datadog refused with 401 or 403; `keysSent` says whether DD_API_KEY / DD_APP_KEY were sent (never their values). */
export function permissionListKeysRefused(url: string, status: number, keysSent: boolean): ServiceError {
  const sent = keysSent ? "the keys in DD_API_KEY / DD_APP_KEY were refused" : "Datadog now requires keys for it";
  return listsUnreadable("permissions/datadog-keys-refused", `${url} answered ${status}: ${sent}; set DD_API_KEY and DD_APP_KEY to an API key and an application key of your organization`);
}

export function permissionListRequestFailed(url: string, status: number, statusText: string): ServiceError {
  return listsUnreadable("permissions/datadog-request-failed", `${url} answered ${status} ${statusText}; try again later`);
}

export function permissionListAnswerChanged(url: string): ServiceError {
  return listsUnreadable("permissions/datadog-answer-changed", `${url} answered without data.attributes.permissions; the API may have changed, see Datadog's API reference`);
}

/** The line `npm run permissions -- check` ends with when Datadog's lists changed. */
export const PERMISSIONS_DRIFT_LINE = "Datadog's lists changed since they were pinned: review the diff, then run `npm run permissions -- update` and commit the result. [permissions/drift]";
