/**
 * Counts of the proofs the tests run (Terraform plans, IAM simulations, bad-input cases),
 * summed across Jest workers through a file and printed by summary-reporter.js, so CI
 * shows how much was actually proven, not only that tests passed.
 */
import { appendFileSync } from "node:fs";

export type ProofKind =
  | "terraformPlans"
  | "terraformValidates"
  | "iamSimulations"
  | "badInputCases"
  | "secretScans"
  // A step of a stack's life against real providers and local APIs, per provider set:
  // `lifecycle:<providers>:<step>`, e.g. `lifecycle:datadog-4.19.0:apply`.
  | `lifecycle:${string}:${LifecycleStep}`
  // A fault the real APIs produce, put in on purpose, and whether the real commands came
  // through it: `faults:<injected|survived>:<kind>`, kind `429` or `5xx` (answered by the local
  // Datadog API in place of a call) or `killed-apply` (an apply that died after Datadog created
  // the account, before Terraform saved it).
  | `faults:${"injected" | "survived"}:${"429" | "5xx" | "killed-apply"}`
  // Resources no emulator implements (CloudWatch metric streams, Logs account policies), proven
  // by validate, plan and IAM simulation of their roles, NEVER applied: counted apart, per
  // resource type, `unemulated:<type>:<step>`, e.g. `unemulated:aws_cloudwatch_metric_stream:plan`.
  | `unemulated:${string}:${UnemulatedStep}`;

export type UnemulatedStep = "validate" | "plan" | "simulate";

export type LifecycleStep = "validate" | "apply" | "replan" | "edit" | "import" | "destroy";

export const COUNTS_FILE_ENV = "PROOF_COUNTS_FILE";

export function countProof(kind: ProofKind, n = 1): void {
  const file = process.env[COUNTS_FILE_ENV];
  if (file) appendFileSync(file, `${kind} ${n}\n`);
}
