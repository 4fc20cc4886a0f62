/**
 * The integration check: Datadog's integration of the account exists, in the environment's
 * partition and auth type, collecting what the environment needs.
 */
import { integrationCheck } from "../../../cli/doctor/checks/integration";
import { codes, CodesTested, datadogView, noIntegration, notRead, subject } from "../../support/doctor-views";

const t = new CodesTested(integrationCheck);
const split = { manageDatadogIntegration: false, externalId: "0123456789abcdef0123456789abcd01" };

test("compliant: the integration exists and collects metrics", () => {
  const r = t.run();
  expect(codes(r)).toEqual([]);
  expect(r.passed).toEqual(["the Datadog AWS integration of account 123456789012 on datadoghq.com (config ID cfg-1) exists; metric collection on"]);
});

test("compliant: metric collection off in Datadog, as the config says", () => {
  const r = t.run({ subject: subject({ metrics: { enabled: false } }), datadog: datadogView({ metrics_config: { enabled: false } }) });
  expect(codes(r)).toEqual([]);
  expect(r.passed[0]).toContain("exists; metric collection off, as the config says");
});

test("not checked: split duty without Datadog's keys", () => {
  const r = t.run({ subject: subject(split), datadog: notRead });
  expect(r).toEqual({
    findings: [],
    passed: [],
    skipped: [expect.stringMatching(/^the Datadog side \(whether the integration exists, .*\): DD_API_KEY/)],
  });
});

test("non-compliant integration-missing: the stack creates it; in split duty an admin adds it", () => {
  const r = t.run({ datadog: noIntegration });
  expect(codes(r)).toEqual(["integration-missing"]);
  expect(r.findings[0].where).toBe("the Datadog AWS integration of account 123456789012 on datadoghq.com (read from http://dd)");
  expect(r.findings[0].fix[0]).toMatch(/^npx cdktf deploy prod creates it/);
  const byHand = t.run({ subject: subject(split), datadog: noIntegration });
  expect(byHand.findings[0].fix[0]).toContain(
    'Role Delegation > Manually, AWS account ID 123456789012 (no dashes), role name "DatadogIntegrationRole" exactly',
  );
});

test("non-compliant integration-partition: Datadog holds the account in GovCloud", () => {
  const r = t.run({ datadog: datadogView({ aws_partition: "aws-us-gov" }) });
  expect(codes(r)).toEqual(["integration-partition"]);
  expect(r.findings[0].problem).toContain("as partition aws-us-gov, but the environment's awsRegion puts it in aws");
  expect(r.passed).toEqual([]);
});

test("non-compliant integration-auth-type: Datadog holds an access key, the environment a role", () => {
  const r = t.run({ datadog: datadogView({ auth_config: { access_key_id: "AKIAEXAMPLEKEY000001" } }) });
  expect(codes(r)).toEqual(["integration-auth-type"]);
  expect(r.findings[0].problem).toContain("with an access key (********0001), but the environment uses role delegation");
  expect(r.findings[0].fix[0]).toContain('curl -X DELETE "https://api.datadoghq.com/api/v2/integration/aws/accounts/cfg-1"');
});

test("non-compliant integration-disabled: metric collection off in Datadog, on in the config", () => {
  const r = t.run({ datadog: datadogView({ metrics_config: { enabled: false } }) });
  expect(codes(r)).toEqual(["integration-disabled"]);
  expect(r.findings[0].fix).toEqual(["npx cdktf deploy prod turns it on again (environments.prod.metrics.enabled in test.config.json is true)"]);
});

test("non-compliant resource-collection-permissions: split duty, Datadog collects resources the role has no permissions for", () => {
  const r = t.run({
    subject: subject({ ...split, resourceCollection: false }),
    datadog: datadogView({ resources_config: { extended_collection: true } }),
  });
  expect(codes(r)).toEqual(["resource-collection-permissions"]);
  expect(r.findings[0].fix[0]).toBe("set environments.prod.resourceCollection in test.config.json to true, then npx cdktf deploy prod");
});

test("every code the check declares is reported by a case above", () => expect(t.untested()).toEqual([]));
