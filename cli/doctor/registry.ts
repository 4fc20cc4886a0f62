/**
 * The doctor's checks, in the order they run, and every finding code they can report, in the
 * order the report lists findings: first what stops Datadog from reaching the account, then
 * what stops data. A new check is a file in checks/ added to CHECKS, its codes placed in
 * FINDING_ORDER (which does not compile while a code has no place).
 */
import { ADOPTION_FINDINGS } from "./adoption-advice";
import type { DoctorCheck, FindingInfo } from "./check";
import { costsCheck } from "./checks/costs";
import { datadogAuthCheck } from "./checks/datadog-auth";
import { integrationCheck } from "./checks/integration";
import { logDeliveryCheck } from "./checks/log-delivery";
import { metricsArrivalCheck } from "./checks/metrics-arrival";
import { metricStreamsCheck } from "./checks/metric-streams";
import { permissionsCheck } from "./checks/permissions";
import { principalCheck } from "./checks/principal";
import { securityAuditCheck } from "./checks/security-audit";
import { trustPolicyCheck } from "./checks/trust-policy";

/** In the order they run: the role first (the rest reads it), the metrics last (they name what the others found). */
export const CHECKS = [
  principalCheck,
  integrationCheck,
  trustPolicyCheck,
  datadogAuthCheck,
  permissionsCheck,
  securityAuditCheck,
  metricStreamsCheck,
  costsCheck,
  logDeliveryCheck,
  metricsArrivalCheck,
] as const;

type CodesOf<Check> = Check extends DoctorCheck<infer Code> ? Code : never;
/** Every code a doctor finding can have. */
export type FindingCode = CodesOf<(typeof CHECKS)[number]> | keyof typeof ADOPTION_FINDINGS;

/** `list`, if it names every finding code. */
function everyCode<const List extends readonly FindingCode[]>(
  list: List & ([Exclude<FindingCode, List[number]>] extends [never] ? unknown : { missing: Exclude<FindingCode, List[number]> }),
): List {
  return list;
}

/**
 * The order findings are reported in: a deploy meeting a 409 (the adoption findings, found
 * after the checks), what stops Datadog from reaching the account, then what stops data.
 */
export const FINDING_ORDER = everyCode([
  "integration-not-in-state",
  "role-not-in-state",
  "role-missing",
  "user-missing",
  "config-role-name-case",
  "config-user-name-case",
  "integration-missing",
  "integration-auth-type",
  "integration-partition",
  "trust-unreadable",
  "trust-no-datadog-account",
  "trust-wrong-account",
  "external-id-mismatch",
  "role-name-case",
  "role-name-mismatch",
  "access-key-unknown",
  "access-key-inactive",
  "trust-no-external-id",
  "trust-too-broad",
  "integration-disabled",
  "permissions-missing",
  "permissions-boundary",
  "security-audit-missing",
  "resource-collection-permissions",
  "metric-streams-unreadable-by-datadog",
  "delivery-stream-missing",
  "delivery-stream-not-active",
  "metric-stream-missing",
  "metric-stream-stopped",
  "ccm-config-missing",
  "ccm-config-mismatch",
  "cost-export-missing",
  "cost-export-destination",
  "cost-export-unhealthy",
  "cost-read-missing",
  "log-subscriptions-unreadable-by-datadog",
  "logs-delivery-stream-missing",
  "logs-delivery-stream-not-active",
  "log-account-policy-missing",
  "log-group-missing",
  "log-subscription-missing",
  "metrics-not-arriving",
]);

const declared: Readonly<Record<string, FindingInfo>> = Object.assign({}, ADOPTION_FINDINGS, ...CHECKS.map((check) => check.findings));

/** Every finding code with its meaning and usual fix, in report order (docs/errors.md's table). */
export const DOCTOR_FINDINGS: Readonly<Record<FindingCode, FindingInfo>> = Object.fromEntries(
  FINDING_ORDER.map((code) => [code, declared[code]]),
) as Record<FindingCode, FindingInfo>;
