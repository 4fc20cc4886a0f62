// Reads moto's own request recording (MOTO_RECORDER_FILEPATH) back as the AWS calls a test asserts on: who called, which service and action, with which parameters.
import { readFile } from "node:fs/promises";

/** One request moto received, as its recorder wrote it down. */
export interface AwsRequest {
  /** Access key ID of the SigV4 signature ("" when unsigned). */
  readonly accessKeyId: string;
  /** Signing service of the credential scope ("sts", "iam", ...). */
  readonly service: string;
  /** Query-protocol action (IAM and STS: `Action=` of the form body or the URL). */
  readonly action: string;
  /** The request's query-protocol parameters (RoleName, RoleArn, ExternalId, ...). */
  readonly params: Readonly<Record<string, string>>;
}

interface RecordedEntry {
  readonly headers?: Record<string, string>;
  readonly url?: string;
  readonly body?: string | null;
  readonly body_encoded?: boolean;
}

/** The requests in a recording file, in the order moto received them; none if it was never written. */
export async function readMotoRecording(file: string): Promise<AwsRequest[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => toAwsRequest(JSON.parse(line) as RecordedEntry));
}

function toAwsRequest(entry: RecordedEntry): AwsRequest {
  const header = (name: string) => Object.entries(entry.headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1] ?? "";
  // SigV4: "Credential=<key id>/<date>/<region>/<service>/aws4_request"
  const credential = /Credential=([^/]+)\/[^/]+\/[^/]+\/([^/]+)\//.exec(header("authorization"));
  const body = entry.body_encoded && entry.body ? Buffer.from(entry.body, "base64").toString("utf8") : (entry.body ?? "");
  const query = entry.url ? new URL(entry.url).searchParams : new URLSearchParams();
  const form = header("content-type").startsWith("application/x-www-form-urlencoded") ? new URLSearchParams(body) : new URLSearchParams();
  const params = { ...Object.fromEntries(query), ...Object.fromEntries(form) };
  return { accessKeyId: credential?.[1] ?? "", service: credential?.[2] ?? "", action: params.Action ?? "", params };
}
