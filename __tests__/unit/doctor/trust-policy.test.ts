/**
 * The trust-policy check: only Datadog's AWS account for the site and partition may assume
 * the role, only with the External ID Datadog holds.
 */
import { trustPolicyCheck } from "../../../cli/doctor/checks/trust-policy";
import {
  awsView,
  noPrincipal,
  codes,
  CodesTested,
  COMMERCIAL,
  datadogView,
  EXTERNAL_ID,
  healthyRole,
  notRead,
  ROLE,
  stackTrustPolicy,
  subject,
} from "../../support/doctor-views";

const t = new CodesTested(trustPolicyCheck);
const trusting = (policy: unknown) => awsView(healthyRole({ trustPolicy: JSON.stringify(policy) }));
const OTHER_ID = "fedcba9876543210fedcba98765499ff";

test("compliant: only Datadog's account, with the External ID Datadog holds", () => {
  const r = t.run();
  expect(codes(r)).toEqual([]);
  expect(r.passed).toEqual([
    `trust policy: only arn:aws:iam::${COMMERCIAL}:root (Datadog, datadoghq.com) may assume the role, with sts:ExternalId ********cd01, the ID Datadog holds`,
  ]);
});

test("compliant: split duty without Datadog's keys, the config's externalId in the trust policy", () => {
  const r = t.run({ subject: subject({ manageDatadogIntegration: false, externalId: EXTERNAL_ID }), datadog: notRead });
  expect(codes(r)).toEqual([]);
  expect(r.passed[0]).toMatch(/with sts:ExternalId \*{8}cd01, the config's externalId$/);
});

test("not checked: no role to read the trust policy from", () => {
  expect(t.run({ aws: noPrincipal() }).skipped).toEqual(["the trust policy and the External ID: there is no role to read them from"]);
});

test("non-compliant trust-unreadable: a trust policy that is no policy", () => {
  const r = t.run({ aws: awsView(healthyRole({ trustPolicy: "not a policy" })) });
  expect(codes(r)).toEqual(["trust-unreadable"]);
  expect(r.findings[0].fix).toEqual(["npx cdktf deploy prod writes it again"]);
});

test("non-compliant trust-no-datadog-account: no role delegation for the partition on the site", () => {
  const r = t.run({ subject: { ...subject(), partition: "aws-cn" } });
  expect(codes(r)).toEqual(["trust-no-datadog-account"]);
  expect(r.findings[0].problem).toBe("Datadog site datadoghq.com offers no role delegation for aws-cn accounts, so no trust policy can work");
});

test("non-compliant trust-wrong-account: the commercial Datadog account on a FED site", () => {
  const r = t.run({ subject: subject({ datadogSite: "ddog-gov.com" }) });
  expect(codes(r)).toEqual(["trust-wrong-account"]);
  expect(r.findings[0].details).toEqual([
    "must trust: arn:aws:iam::392588925713:root",
    `trusts: arn:aws:iam::${COMMERCIAL}:root (Datadog's AWS account for datadoghq.com (aws), us3.datadoghq.com (aws), us5.datadoghq.com (aws), datadoghq.eu (aws))`,
  ]);
});

test("non-compliant external-id-mismatch: Datadog holds another External ID; in split duty, the config does", () => {
  const r = t.run({ datadog: datadogView({ auth_config: { role_name: ROLE, external_id: OTHER_ID } }) });
  expect(codes(r)).toEqual(["external-id-mismatch"]);
  expect(r.findings[0].details).toEqual([
    "trust policy requires: ********cd01",
    "Datadog holds:         ********99ff (the Datadog AWS integration of account 123456789012 on datadoghq.com (config ID cfg-1))",
  ]);
  const split = t.run({ subject: subject({ manageDatadogIntegration: false, externalId: OTHER_ID }), datadog: notRead });
  expect(codes(split)).toEqual(["external-id-mismatch"]);
  expect(split.findings[0].details[1]).toBe("the config's externalId: ********99ff (environments.prod.externalId in test.config.json)");
});

test("non-compliant trust-no-external-id and trust-too-broad: open to everyone, without an External ID", () => {
  const r = t.run({
    aws: trusting({ Statement: [{ Effect: "Allow", Principal: { AWS: [`arn:aws:iam::${COMMERCIAL}:root`, "*"] }, Action: "sts:AssumeRole" }] }),
  });
  expect(codes(r)).toEqual(["trust-no-external-id", "trust-too-broad"]);
  expect(r.findings[1].details).toEqual(["a statement lets anyone (*) do sts:AssumeRole"]);
});

test("non-compliant trust-too-broad: Datadog's account may do more than sts:AssumeRole", () => {
  const policy = stackTrustPolicy(`arn:aws:iam::${COMMERCIAL}:root`, EXTERNAL_ID) as { Statement: Record<string, unknown>[] };
  policy.Statement[0].Action = ["sts:AssumeRole", "sts:TagSession"];
  const r = t.run({ aws: trusting(policy) });
  expect(codes(r)).toEqual(["trust-too-broad"]);
  expect(r.findings[0].details).toEqual([
    `statement "DatadogAssumeRoleWithExternalId" lets arn:aws:iam::${COMMERCIAL}:root do sts:TagSession, not only sts:AssumeRole`,
  ]);
});

test("every code the check declares is reported by a case above", () => expect(t.untested()).toEqual([]));
