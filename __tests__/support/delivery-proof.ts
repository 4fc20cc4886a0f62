// What the delivery proofs share: pointing a stack's delivery streams at the local intake, and finding a secret in Terraform's files.
import { readdir, readFile } from "node:fs/promises";
import * as path from "node:path";

type Json = Record<string, any>;

/** A Terraform override pointing every delivery stream at the local intake (the same block, another URL). */
export function intakeOverride(resources: Record<string, Record<string, Json>>, intakeUrl: string): Json {
  const streams: Json = {};
  for (const [name, r] of Object.entries(resources.aws_kinesis_firehose_delivery_stream)) {
    const url = new URL(r.http_endpoint_configuration.url);
    streams[name] = { http_endpoint_configuration: { ...r.http_endpoint_configuration, url: `${intakeUrl}${url.pathname}${url.search}` } };
  }
  return { resource: { aws_kinesis_firehose_delivery_stream: streams } };
}

/** Files under `dir` (Terraform's working directory: state, configuration, overrides) whose text holds `secret`; names only. */
export async function filesHolding(dir: string, secret: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && !e.parentPath.includes(`${path.sep}.terraform`)).map((e) => path.join(e.parentPath, e.name));
  const holding: string[] = [];
  for (const f of files) if ((await readFile(f)).includes(secret)) holding.push(path.relative(dir, f));
  return holding;
}
