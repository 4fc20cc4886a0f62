/**
 * What an AWS SDK error means for the person running a command: credentials missing or
 * refused, access denied, AWS unreachable, or another answer. The commands that call AWS
 * (`npm run discover`, `npm run doctor`) turn each kind into their own error with advice.
 */

/** How an error reads from the SDK: its exception name, message, Node network code, HTTP status. */
interface SdkError {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

export type AwsErrorKind = "credentials-missing" | "credentials-rejected" | "access-denied" | "unreachable" | "other";

export interface AwsErrorView {
  readonly kind: AwsErrorKind;
  /** The exception's name, e.g. `AccessDeniedException`; "Error" when it has none. */
  readonly name: string;
  /** The first line of its message. */
  readonly message: string;
  /** For "unreachable": the network code (or name), e.g. `ECONNREFUSED`. */
  readonly networkCode?: string;
  /** The HTTP status of AWS's answer, when there was one. */
  readonly httpStatus?: number;
}

const ACCESS_DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation"]);
const BAD_CREDENTIALS = new Set([
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "ExpiredTokenException",
  "ExpiredToken",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "IncompleteSignature",
]);
const NETWORK = new Set(["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "ECONNRESET", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
const NO_CREDENTIALS = /could not load credentials|could not resolve credentials/i;

export function classifyAwsError(e: unknown): AwsErrorView {
  const err = (e ?? {}) as SdkError;
  const name = err.name ?? "Error";
  const message = (err.message ?? String(e)).split("\n")[0];
  const httpStatus = err.$metadata?.httpStatusCode;
  if (name === "CredentialsProviderError" || NO_CREDENTIALS.test(message)) return { kind: "credentials-missing", name, message, httpStatus };
  if (ACCESS_DENIED.has(name)) return { kind: "access-denied", name, message, httpStatus };
  if (BAD_CREDENTIALS.has(name)) return { kind: "credentials-rejected", name, message, httpStatus };
  if ((err.code && NETWORK.has(err.code)) || name === "TimeoutError" || NETWORK.has(name)) return { kind: "unreachable", name, message, networkCode: err.code ?? name, httpStatus };
  return { kind: "other", name, message, httpStatus };
}
