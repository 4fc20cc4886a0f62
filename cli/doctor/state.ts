/**
 * What the environment's Terraform state holds of the two objects Datadog and IAM refuse to
 * create twice: the integration's config ID and the role's name. Read only from a local
 * backend's state file (by default in the stack's folder, where `npx cdktf deploy` keeps it);
 * an S3 state or a missing file is said, not guessed, and the doctor then gives its advice
 * conditionally.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { defaultLocalStatePath } from "../../lib/config/load-config";
import type { ResolvedEnvironment } from "../../lib/config/schema";

export type StateView =
  | { readonly read: true; readonly location: string; readonly integrationId?: string; readonly roleName?: string }
  | { readonly read: false; readonly location: string; readonly why: string };

interface StateFile {
  readonly resources?: readonly { readonly mode?: string; readonly type?: string; readonly instances?: readonly { readonly attributes?: Record<string, unknown> }[] }[];
}

export function readState(environment: string, config: ResolvedEnvironment, cwd: string = process.cwd()): StateView {
  const backend = config.backend;
  if (backend.type !== "local") return { read: false, location: `s3://${backend.bucket}/${backend.key ?? `datadog-aws/${environment}/terraform.tfstate`}`, why: "the doctor does not read S3 state" };
  const file = path.resolve(cwd, backend.path ?? defaultLocalStatePath(environment, process.env.CDKTF_OUTDIR || undefined));
  let state: StateFile;
  try {
    state = JSON.parse(readFileSync(file, "utf8")) as StateFile;
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
    return { read: false, location: file, why: missing ? "there is no state file there (not deployed from this folder yet)" : `it cannot be read (${(e as Error).message})` };
  }
  const first = (type: string, key: string) => {
    const value = (state.resources ?? []).find((r) => r.mode === "managed" && r.type === type)?.instances?.[0]?.attributes?.[key];
    return typeof value === "string" ? value : undefined;
  };
  return { read: true, location: file, integrationId: first("datadog_integration_aws_account", "id"), roleName: first("aws_iam_role", "name") };
}
