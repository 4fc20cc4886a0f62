/**
 * Finding the Terraform CLI. Tests that need it skip loudly where it is missing, and fail
 * when REQUIRE_TERRAFORM=1 (as CI sets it), so a machine without Terraform can never pass
 * CI silently. The README's Development section says how to install it.
 */
import { spawnSync } from "node:child_process";

export function findTerraform(): string | undefined {
  const candidate = process.env.TERRAFORM_BIN || "terraform";
  const probe = spawnSync(candidate, ["version"], { env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" } });
  return probe.status === 0 ? candidate : undefined;
}

export function requireOrSkipTerraform(what: string): string | undefined {
  const bin = findTerraform();
  if (bin) return bin;
  const message = `TERRAFORM CLI NOT FOUND: ${what} tests are skipped. Install Terraform >= 1.5 on PATH or set TERRAFORM_BIN (see README, Development).`;
  if (process.env.REQUIRE_TERRAFORM === "1") throw new Error(message);
  console.warn(`\n!!! ${message}\n`);
  return undefined;
}
