/**
 * What a doctor check is (the model is cdk-nag's rules): a name, every finding it can report
 * with the finding's meaning and usual fix, and a pure function from what the config says,
 * what AWS holds and what Datadog holds to findings, lines checked without a problem, and
 * lines not checked. A check can report only the codes it declares: another code does not
 * compile. The checks are in checks/, listed in the order they run in registry.ts.
 */
import { Words } from "./words";
import type { AwsView, DatadogView, DoctorSubject, RequiredPermissions } from "./views";

/** A finding code's entry in docs/errors.md's table: what it means and how it is usually fixed. */
export interface FindingInfo {
  readonly meaning: string;
  readonly fix: string;
}

export interface Finding<Code extends string = string> {
  /** Stable name of the cause, e.g. `external-id-mismatch`. */
  readonly code: Code;
  /** What is wrong and what it causes. */
  readonly problem: string;
  /** Where: the AWS resource, the Datadog integration or the config field. */
  readonly where: string;
  /** Values that show it (masked IDs, missing actions). */
  readonly details: readonly string[];
  /** How to fix it: commands or config edits, the usual one first. */
  readonly fix: readonly string[];
}

/** What every check is given. */
export interface CheckInput {
  readonly subject: DoctorSubject;
  readonly aws: AwsView;
  readonly datadog: DatadogView;
  readonly required: RequiredPermissions;
}

export interface CheckContext extends CheckInput {
  /** Names things the same way in every finding. */
  readonly words: Words;
  /** What the checks that ran before this one found, in the order they ran. */
  readonly found: readonly Finding[];
}

/** Where a check puts what it finds. */
export interface CheckOutput<Code extends string> {
  problem(finding: Omit<Finding<Code>, "details"> & { readonly details?: readonly string[] }): void;
  /** Checked and found in order, one line. */
  passed(line: string): void;
  /** Could not be checked, and why (e.g. no role to read a trust policy from). */
  skipped(line: string): void;
}

export interface DoctorCheck<Code extends string = string> {
  /** What it looks at, e.g. `trust-policy`. */
  readonly name: string;
  /** Every finding it can report. */
  readonly findings: { readonly [C in Code]: FindingInfo };
  run(context: CheckContext, out: CheckOutput<Code>): void;
}

/** A check's findings declared apart from it, for helpers typed by their codes (`CheckOutput<keyof typeof FINDINGS>`). */
export function declareFindings<const Code extends string>(findings: { readonly [C in Code]: FindingInfo }): { readonly [C in Code]: FindingInfo } {
  return findings;
}

/** A check whose `run` may report only the codes its `findings` declare. */
export function defineCheck<const Code extends string>(check: DoctorCheck<Code>): DoctorCheck<Code> {
  return check;
}

/** What one check reported. */
export interface CheckResult<Code extends string = string> {
  readonly findings: readonly Finding<Code>[];
  readonly passed: readonly string[];
  readonly skipped: readonly string[];
}

/** Runs one check after the checks that found `found`. */
export function runCheck<Code extends string>(check: DoctorCheck<Code>, input: CheckInput, found: readonly Finding[] = []): CheckResult<Code> {
  const findings: Finding<Code>[] = [];
  const passed: string[] = [];
  const skipped: string[] = [];
  check.run(
    { ...input, words: new Words(input.subject), found },
    {
      problem: (f) => findings.push({ details: [], ...f }),
      passed: (line) => passed.push(line),
      skipped: (line) => skipped.push(line),
    },
  );
  return { findings, passed, skipped };
}

/** `out`, counting the problems reported through it (for a check's line "checked without a problem"). */
export function counting<Code extends string>(out: CheckOutput<Code>): CheckOutput<Code> & { readonly problems: number } {
  let problems = 0;
  return {
    problem: (f) => {
      problems++;
      out.problem(f);
    },
    passed: (line) => out.passed(line),
    skipped: (line) => out.skipped(line),
    get problems() {
      return problems;
    },
  };
}
