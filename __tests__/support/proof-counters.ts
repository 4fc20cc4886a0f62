/**
 * Counts of the proofs the tests run (Terraform plans, IAM simulations, bad-input cases),
 * summed across Jest workers through a file and printed by summary-reporter.js, so CI
 * shows how much was actually proven, not only that tests passed.
 */
import { appendFileSync } from "node:fs";

export type ProofKind = "terraformPlans" | "terraformValidates" | "iamSimulations" | "badInputCases" | "secretScans";

export const COUNTS_FILE_ENV = "PROOF_COUNTS_FILE";

export function countProof(kind: ProofKind, n = 1): void {
  const file = process.env[COUNTS_FILE_ENV];
  if (file) appendFileSync(file, `${kind} ${n}\n`);
}
