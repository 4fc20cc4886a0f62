/**
 * The doctor's registry: each finding code is declared by one check (or the adoption advice)
 * with its meaning and fix, has one place in the report order, and a full diagnosis lists
 * findings in that order whatever order the checks ran in.
 */
import { ADOPTION_FINDINGS } from "../../../cli/doctor/adoption-advice";
import { diagnose } from "../../../cli/doctor/diagnose";
import { CHECKS, DOCTOR_FINDINGS, FINDING_ORDER } from "../../../cli/doctor/registry";
import { awsView, COMMERCIAL, datadogView, healthyRole, input, subject } from "../../support/doctor-views";

const declared = [...Object.keys(ADOPTION_FINDINGS), ...CHECKS.flatMap((check) => Object.keys(check.findings))];

test("every code is declared once, by one check or the adoption advice, and named in kebab case", () => {
  expect(new Set(declared).size).toBe(declared.length);
  expect(declared.filter((code) => !/^[a-z]+(-[a-z]+)+$/.test(code))).toEqual([]);
  expect(new Set(CHECKS.map((check) => check.name)).size).toBe(CHECKS.length);
});

test("every code has one place in the report order, and a meaning and a fix as sentences", () => {
  expect([...FINDING_ORDER].sort()).toEqual([...declared].sort());
  expect(Object.keys(DOCTOR_FINDINGS)).toEqual([...FINDING_ORDER]);
  for (const [code, { meaning, fix }] of Object.entries(DOCTOR_FINDINGS)) {
    expect({ code, meaning: /^[A-Z].*\.$/.test(meaning), fix: /^\S.*\.$/.test(fix) }).toEqual({ code, meaning: true, fix: true });
  }
});

test("a diagnosis of a role and integration as the stack makes them finds nothing, and says what each check looked at", () => {
  const { subject: s, aws, datadog, required } = input();
  const d = diagnose(s, aws, datadog, required);
  expect(d.findings).toEqual([]);
  expect(d.passed.map((line) => line.split(/[ :(]/)[0])).toEqual(["IAM", "the", "trust", "role", "permissions", "SecurityAudit"]);
  expect(d.skipped).toEqual(["metrics arriving: metric collection is off in Datadog"]);
});

test("findings are listed in report order, not in the order the checks ran", () => {
  const trust = {
    Statement: [
      { Effect: "Allow", Principal: { AWS: [`arn:aws:iam::${COMMERCIAL}:root`, "arn:aws:iam::999999999999:root"] }, Action: "sts:AssumeRole" },
    ],
  };
  const { required } = input();
  const d = diagnose(
    subject(),
    awsView(healthyRole({ trustPolicy: JSON.stringify(trust) })),
    datadogView({ metrics_config: { enabled: false } }),
    required,
  );
  // The integration check runs before the trust policy's, but a disabled integration matters less than who may assume the role.
  expect(d.findings.map((f) => f.code)).toEqual(["trust-no-external-id", "trust-too-broad", "integration-disabled"]);
});
