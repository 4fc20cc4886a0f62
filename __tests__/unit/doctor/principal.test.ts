/**
 * The principal check: the configured role (or user) exists in IAM under exactly its name.
 */
import { principalCheck } from "../../../cli/doctor/checks/principal";
import { awsView, noPrincipal, codes, CodesTested, datadogView, healthyRole, ROLE, subject, USER } from "../../support/doctor-views";

const t = new CodesTested(principalCheck);
const keys = subject({ awsRegion: "us-gov-west-1", datadogSite: "ddog-gov.com", auth: { type: "accessKeys" } });
const user = healthyRole({ kind: "user", name: USER, arn: `arn:aws-us-gov:iam::123456789012:user/${USER}`, trustPolicy: undefined });

test("compliant: the role exists under exactly the configured name", () => {
  const r = t.run();
  expect(codes(r)).toEqual([]);
  expect(r.passed).toEqual([`IAM role ${ROLE} (arn:aws:iam::123456789012:role/${ROLE}) exists`]);
});

test("non-compliant role-missing: offers the role in another case and the name Datadog holds", () => {
  const r = t.run({
    aws: noPrincipal(["datadogintegrationrole", "HandMadeRole"]),
    datadog: datadogView({ auth_config: { role_name: "HandMadeRole" } }),
  });
  expect(codes(r)).toEqual(["role-missing"]);
  const [f] = r.findings;
  expect(f.problem).toBe(
    `there is no IAM role named "${ROLE}", so Datadog's AssumeRole fails ("Datadog is not authorized to perform sts:AssumeRole")`,
  );
  expect(f.where).toBe(`IAM role ${ROLE} in AWS account 123456789012 (aws) (environments.prod.auth.roleName in test.config.json)`);
  expect(f.details).toEqual([
    'role "datadogintegrationrole" exists in the account (the same name in another case)',
    'role "HandMadeRole" exists in the account (the name Datadog holds)',
  ]);
  expect(f.fix[0]).toBe("npx cdktf deploy prod creates it (Terraform notices the role is gone and creates it again)");
  expect(f.fix[1]).toContain(`adopt it with "import": { "iamRole": "datadogintegrationrole" }`);
});

test("non-compliant user-missing: access keys without the user", () => {
  const r = t.run({ subject: keys, aws: noPrincipal() });
  expect(codes(r)).toEqual(["user-missing"]);
  expect(r.findings[0].problem).toBe(`there is no IAM user named "${USER}", so the access key Datadog holds belongs to no user of the account`);
});

test("non-compliant config-role-name-case: IAM holds the role in another case", () => {
  const r = t.run({ subject: subject({ auth: { type: "role", roleName: "datadogIntegrationRole" } }) });
  expect(codes(r)).toEqual(["config-role-name-case"]);
  expect(r.findings[0].fix).toEqual([`set environments.prod.auth.roleName in test.config.json to "${ROLE}" exactly, then npx cdktf deploy prod`]);
});

test("non-compliant config-user-name-case: IAM holds the user in another case", () => {
  const r = t.run({ subject: keys, aws: awsView({ ...user, name: USER.toUpperCase() }) });
  expect(codes(r)).toEqual(["config-user-name-case"]);
  expect(r.findings[0].problem).toContain(`the user is named "${USER.toUpperCase()}" in IAM, but the config names it "${USER}"`);
});

test("every code the check declares is reported by a case above", () => expect(t.untested()).toEqual([]));
