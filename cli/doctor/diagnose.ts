/**
 * Runs the doctor's checks (registry.ts) over what the config says, what AWS holds and what
 * Datadog holds, and sorts what they found into report order. Nothing here calls AWS or
 * Datadog (aws.ts and datadog.ts read them).
 */
import { type DoctorCheck, type Finding, runCheck } from "./check";
import { CHECKS, FINDING_ORDER, type FindingCode } from "./registry";
import type { AwsView, DatadogView, DoctorSubject, RequiredPermissions } from "./views";

export interface Diagnosis {
  readonly findings: readonly Finding<FindingCode>[];
  /** What was checked and found in order, one line each. */
  readonly passed: readonly string[];
  /** What could not be checked, and why (e.g. no role to read a trust policy from). */
  readonly skipped: readonly string[];
}

/** Runs every check; those that need something missing (no role, no integration) list it as not checked. */
export function diagnose(subject: DoctorSubject, aws: AwsView, datadog: DatadogView, required: RequiredPermissions): Diagnosis {
  const findings: Finding<FindingCode>[] = [];
  const passed: string[] = [];
  const skipped: string[] = [];
  for (const check of CHECKS as readonly DoctorCheck<FindingCode>[]) {
    const result = runCheck(check, { subject, aws, datadog, required }, [...findings]);
    findings.push(...result.findings);
    passed.push(...result.passed);
    skipped.push(...result.skipped);
  }
  const rank = (f: Finding<FindingCode>) => FINDING_ORDER.indexOf(f.code);
  return { findings: findings.sort((a, b) => rank(a) - rank(b)), passed, skipped };
}
