/**
 * Terraform's native S3 state locking (`use_lockfile`, Terraform 1.10+) for a cdktf
 * S3Backend. cdktf 0.21's S3BackendConfig predates the setting, so a consumer writing
 * `useLockfile: true` gets a type error; this sets it the way Terraform reads it.
 */
import { S3Backend } from "cdktf";

/** Turns on native S3 state locking for `backend`; returns it, for chaining. */
export function enableS3Lockfile(backend: S3Backend): S3Backend {
  backend.addOverride("use_lockfile", true);
  return backend;
}
