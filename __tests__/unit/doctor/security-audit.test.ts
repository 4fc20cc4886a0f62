/**
 * The security-audit check: SecurityAudit is attached where resource collection or CSPM is on,
 * in the config or in Datadog.
 */
import { securityAuditCheck } from "../../../cli/doctor/checks/security-audit";
import { awsView, codes, CodesTested, datadogView, healthyRole, subject } from "../../support/doctor-views";

const t = new CodesTested(securityAuditCheck);
const withoutSecurityAudit = () => awsView(healthyRole({ policies: healthyRole().policies.filter((p) => p.name !== "SecurityAudit") }));

test("compliant: attached, as resource collection (the default) needs", () => {
  const r = t.run();
  expect(codes(r)).toEqual([]);
  expect(r.passed).toEqual(["SecurityAudit (arn:aws:iam::aws:policy/SecurityAudit) is attached, as resource collection needs"]);
});

test("compliant: not needed with resource collection and CSPM off everywhere", () => {
  const r = t.run({
    subject: subject({ resourceCollection: false }),
    aws: withoutSecurityAudit(),
    datadog: datadogView({ resources_config: { extended_collection: false } }),
  });
  expect(r.passed).toEqual(["SecurityAudit: not needed (resource collection and CSPM are off in the config and in Datadog)"]);
});

test("non-compliant security-audit-missing: resource collection on in the config", () => {
  const r = t.run({ aws: withoutSecurityAudit() });
  expect(codes(r)).toEqual(["security-audit-missing"]);
  expect(r.findings[0].problem).toContain(
    "resource collection is on in the config (environments.prod.resourceCollection in test.config.json), but the AWS managed policy SecurityAudit is not attached",
  );
  expect(r.findings[0].fix[1]).toContain("aws iam attach-role-policy --role-name");
});

test("non-compliant security-audit-missing: CSPM on in Datadog only", () => {
  const resources = { cloud_security_posture_management_collection: true, extended_collection: true };
  const r = t.run({
    subject: subject({ resourceCollection: false }),
    aws: withoutSecurityAudit(),
    datadog: datadogView({ resources_config: resources }),
  });
  expect(codes(r)).toEqual(["security-audit-missing"]);
  expect(r.findings[0].problem).toContain("CSPM is on in Datadog");
  expect(r.findings[0].fix[0]).toContain("set environments.prod.cspm in test.config.json to true");
});

test("every code the check declares is reported by a case above", () => expect(t.untested()).toEqual([]));
