// Finds the real components the proof tests run (Terraform, moto, Datadog provider versions) and records why any is missing.
/**
 * The real components the proof tests run, as `scripts/test-tools/provision.sh` left them
 * (it writes tools.json in its cache, outside the work tree), plus what a developer
 * points at by hand:
 * - DATADOG_PROVIDER_MIRROR: Terraform filesystem mirrors (unpacked layout, several
 *   separated by ":") holding `registry.terraform.io/datadog/datadog/<version>/<platform>/`,
 *   for a Datadog provider obtained some other way than the provisioning script (e.g.
 *   `terraform providers mirror` on a machine that reaches the registry). Give each
 *   version its own mirror: a run must find only the version it proves.
 * - TERRAFORM_BIN and TF_PROVIDER_MIRROR, as for the plan tests (support/terraform-tools.ts).
 */
import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { findTerraformTools, TerraformTools } from "./terraform-tools";
import { readToolsJson } from "./tools-cache";
import { terraformPlatform } from "./terraform-providers";

/** The Datadog provider versions every stack is proven with (see provision.sh). */
export const DATADOG_PROVIDER_VERSIONS = ["3.82.0", "4.19.0"] as const;
export type DatadogProviderVersion = (typeof DATADOG_PROVIDER_VERSIONS)[number];

export interface DatadogProvider {
  readonly version: DatadogProviderVersion;
  /** Filesystem mirror holding this version. */
  readonly mirror?: string;
  /** Why it is not available, word for word. */
  readonly unavailable?: string;
}

export interface ProofTools {
  readonly terraform?: TerraformTools;
  readonly terraformMissing: string[];
  /** Python of the venv moto is installed in. */
  readonly motoPython?: string;
  readonly motoMissing?: string;
  readonly datadog: readonly DatadogProvider[];
}

/** True when `mirror` holds that Datadog provider version for this platform. */
function mirrorHolds(mirror: string, version: string): boolean {
  const dir = path.join(mirror, "registry.terraform.io", "datadog", "datadog", version, terraformPlatform());
  return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith("terraform-provider-datadog"));
}

let cached: ProofTools | undefined;

export function findProofTools(): ProofTools {
  if (cached) return cached;
  const { tools: terraform, missing } = findTerraformTools();
  const json = readToolsJson();
  const notProvisioned = "run `bash scripts/test-tools/provision.sh` (npm test does) to provide it";

  let motoPython = json?.moto?.python;
  let motoMissing: string | undefined;
  if (!motoPython || !existsSync(motoPython)) {
    motoMissing = json?.moto?.error ?? `moto is not installed; ${notProvisioned}`;
    motoPython = undefined;
  }

  const extraMirrors = (process.env.DATADOG_PROVIDER_MIRROR ?? "").split(path.delimiter).filter(Boolean);
  const datadog = DATADOG_PROVIDER_VERSIONS.map((version): DatadogProvider => {
    const extra = extraMirrors.find((m) => mirrorHolds(m, version));
    if (extra) return { version, mirror: extra };
    const entry = json?.datadog?.find((d) => d.version === version);
    if (entry?.mirror && mirrorHolds(entry.mirror, version)) return { version, mirror: entry.mirror };
    return { version, unavailable: entry?.error ?? `not built; ${notProvisioned}` };
  });
  cached = { terraform, terraformMissing: missing, motoPython, motoMissing, datadog };
  return cached;
}
