/**
 * The datadog-auth check: the role name Datadog assumes is the role's exactly; the access key
 * Datadog holds is an active key of the user.
 */
import { datadogAuthCheck } from "../../../cli/doctor/checks/datadog-auth";
import { awsView, noPrincipal, codes, CodesTested, datadogView, healthyRole, noIntegration, ROLE, subject, USER } from "../../support/doctor-views";

const t = new CodesTested(datadogAuthCheck);
const keys = subject({ awsRegion: "us-gov-west-1", datadogSite: "ddog-gov.com", auth: { type: "accessKeys" } });
const KEY = "AKIAEXAMPLEKEY000001";
const user = (status: string) =>
  awsView(
    healthyRole({
      kind: "user",
      name: USER,
      arn: `arn:aws-us-gov:iam::123456789012:user/${USER}`,
      trustPolicy: undefined,
      accessKeys: [{ id: KEY, status }],
    }),
  );
const holdingKey = (id: string) => datadogView({ aws_partition: "aws-us-gov", auth_config: { access_key_id: id } });

test("compliant: Datadog holds the role's name exactly", () => {
  const r = t.run();
  expect(codes(r)).toEqual([]);
  expect(r.passed).toEqual([`role name Datadog holds: "${ROLE}", exactly the role's`]);
});

test("compliant: Datadog holds an active key of the user", () => {
  const r = t.run({ subject: keys, aws: user("Active"), datadog: holdingKey(KEY) });
  expect(r.passed).toEqual([`access key Datadog holds: ${KEY}, an active key of user ${USER}`]);
});

test("not checked: no integration, or no role", () => {
  expect(t.run({ datadog: noIntegration }).skipped).toEqual([
    "the role name and External ID Datadog holds: Datadog has no integration for the account",
  ]);
  expect(t.run({ aws: noPrincipal() }).skipped).toEqual(["the role name Datadog holds: there is no role to compare it with"]);
});

test("non-compliant role-name-case: the names differ only by case", () => {
  const r = t.run({ datadog: datadogView({ auth_config: { role_name: ROLE.toLowerCase() } }) });
  expect(codes(r)).toEqual(["role-name-case"]);
  expect(r.findings[0].fix).toEqual([`npx cdktf deploy prod sets the role name Datadog holds to "${ROLE}"`]);
});

test("non-compliant role-name-mismatch: another role's name; in split duty, fixed in the tile", () => {
  const r = t.run({
    subject: subject({ manageDatadogIntegration: false, externalId: "x".repeat(32) }),
    datadog: datadogView({ auth_config: { role_name: "Other" } }),
  });
  expect(codes(r)).toEqual(["role-name-mismatch"]);
  expect(r.findings[0].fix[0]).toContain(`set the role name to "${ROLE}" exactly (the datadog_tile_role_name output of npx cdktf deploy prod)`);
});

test("non-compliant access-key-inactive", () => {
  const r = t.run({ subject: keys, aws: user("Inactive"), datadog: holdingKey(KEY) });
  expect(codes(r)).toEqual(["access-key-inactive"]);
  expect(r.findings[0].fix[0]).toBe(`\`aws iam update-access-key --user-name ${USER} --access-key-id ${KEY} --status Active\``);
});

test("non-compliant access-key-unknown: lists the user's keys", () => {
  const r = t.run({ subject: keys, aws: user("Active"), datadog: holdingKey("AKIAOTHERKEY00000001") });
  expect(codes(r)).toEqual(["access-key-unknown"]);
  expect(r.findings[0].details).toEqual([`the user's keys: ${KEY} (Active)`]);
});

test("every code the check declares is reported by a case above", () => expect(t.untested()).toEqual([]));
