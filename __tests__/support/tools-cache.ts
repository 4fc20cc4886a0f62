/**
 * What `scripts/test-tools/provision.sh` provided, as it wrote it to tools.json in its
 * cache (outside the work tree).
 */
import { existsSync, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface ToolsJson {
  readonly terraform?: { readonly path?: string; readonly version?: string; readonly error?: string };
  readonly moto?: { readonly python?: string; readonly error?: string };
  readonly actionlint?: { readonly path?: string; readonly error?: string };
  readonly datadog?: readonly { readonly version: string; readonly mirror?: string; readonly error?: string }[];
  readonly cdktn?: { readonly packages?: string; readonly npmCache?: string; readonly seed?: string; readonly error?: string };
  readonly node?: readonly { readonly version: string; readonly path?: string; readonly error?: string }[];
}

export function toolsCacheDir(): string {
  return process.env.DATADOG_AWS_TEST_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "datadog-aws-cdktf");
}

/** tools.json, or undefined when the provisioning script has not run on this machine. */
export function readToolsJson(): ToolsJson | undefined {
  const file = path.join(toolsCacheDir(), "tools.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as ToolsJson) : undefined;
}
