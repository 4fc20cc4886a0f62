/**
 * The permissions check: the role's policies grant every action of Datadog's lists, and no
 * permissions boundary blocks one.
 */
import { groupByService, permissionsCheck } from "../../../cli/doctor/checks/permissions";
import { permissionsDocument } from "../../../lib/constructs/private/policy-packing";
import { awsView, noPrincipal, codes, CodesTested, healthyRole, input, ROLE } from "../../support/doctor-views";

const t = new CodesTested(permissionsCheck);
const required = input().required;
const DROPPED = "events:CreateEventBus";

test("compliant: the stack's policies grant every action", () => {
  const r = t.run();
  expect(codes(r)).toEqual([]);
  expect(r.passed).toEqual([
    expect.stringMatching(
      /^permissions: all \d+ actions of Datadog's pinned lists \(standard \+ resource-collection, [\d-]+\) are granted by 2 policies$/,
    ),
  ]);
});

test("not checked: no role to read the policies from", () => {
  expect(t.run({ aws: noPrincipal() }).skipped).toEqual(["permissions and SecurityAudit: there is no role to read them from"]);
});

test("non-compliant permissions-missing: an action left out, another denied", () => {
  const policies = [
    {
      name: "p",
      kind: "managed" as const,
      arn: "arn:aws:iam::123456789012:policy/p",
      document: permissionsDocument(required.actions.filter((a) => a !== DROPPED)),
    },
    { name: "no-tags", kind: "inline" as const, document: { Statement: { Effect: "Deny", Action: "tag:GetResources", Resource: "*" } } },
  ];
  const r = t.run({ aws: awsView(healthyRole({ policies })) });
  expect(codes(r)).toEqual(["permissions-missing"]);
  const [f] = r.findings;
  expect(f.problem).toMatch(
    /^2 of the \d+ actions in Datadog's pinned lists .* are not granted to the role, so Datadog cannot collect what needs them$/,
  );
  expect(f.details).toEqual(["missing events: CreateEventBus", "missing tag: GetResources", "denied by inline policy no-tags: 1 of them"]);
  expect(f.fix).toEqual([
    `npx cdktf deploy prod restores Datadog's permission policies and their attachments (the pinned lists; set environments.prod.permissions in test.config.json to "live" to follow Datadog's current lists)`,
    "and remove the Deny statements named above",
  ]);
});

test("non-compliant permissions-boundary: a boundary that allows only ec2", () => {
  const boundary = {
    name: "boundary",
    arn: "arn:aws:iam::123456789012:policy/boundary",
    kind: "managed" as const,
    document: { Statement: { Effect: "Allow", Action: "ec2:*", Resource: "*" } },
  };
  const r = t.run({ aws: awsView(healthyRole({ permissionsBoundary: boundary })) });
  expect(codes(r)).toEqual(["permissions-boundary"]);
  expect(r.findings[0].fix[0]).toContain(`aws iam delete-role-permissions-boundary --role-name ${ROLE}`);
});

test("long lists of actions are grouped by service", () => {
  expect(groupByService(["ec2:DescribeInstances", "s3:GetBucketTagging", "ec2:DescribeVolumes"])).toEqual([
    "ec2: DescribeInstances, DescribeVolumes",
    "s3: GetBucketTagging",
  ]);
});

test("every code the check declares is reported by a case above", () => expect(t.untested()).toEqual([]));
