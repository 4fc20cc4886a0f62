/**
 * The permission policies, against AWS's action catalogue and a policy simulator: every
 * action is a real IAM action, together they grant Datadog's standard set (plus the
 * resource-collection set when it is on) and nothing else, and the only actions that
 * change anything are a reviewed allowlist.
 *
 * Every environment of the shipped config files is checked on the policies it
 * synthesizes; an environment with live permissions (known only at plan time) on its
 * AWS-only rendering with the pinned lists instead.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { resolveConfig } from "../../lib/config/load-config";
import { RESOURCE_COLLECTION_PERMISSIONS, STANDARD_PERMISSIONS } from "../../lib/facts/permissions";
import { synthConfig } from "../support/synth";
import { expandActions, isPermissionsManagement, isWriteLevel } from "../support/iam/action-catalogue";
import { awsOnlyConfig } from "../support/aws-only-rendering";
import { assertPermissionPolicies, DEFAULT_SIMULATION_SAMPLE, NEVER_GRANTED } from "../support/iam/permission-policies";
import type { IamPartition } from "../support/iam/policy-documents";
import { principalPoliciesFromSynth } from "../support/iam/synthesized-principals";
import { CONFIG_FILES } from "../support/shipped-configs";

/**
 * The actions at IAM's Write, Tagging or Permissions-management level that Datadog's
 * pinned lists grant, each reviewed, with why Datadog holds it. Any other changing action
 * fails the checks until it is reviewed here.
 */
const REVIEWED_WRITE_ACTIONS: Record<string, string> = {
  "backup:ListIndexedRecoveryPointsForSearch": "comes with Datadog's backup:List*; lists the recovery points indexed for AWS Backup search, yet AWS files it under Permissions management, Write",
  "events:CreateEventBus": "lets Datadog create the EventBridge event bus its EventBridge integration sends Datadog alert notifications to",
  "logs:DeleteSubscriptionFilter": "removes the CloudWatch Logs subscription filters Datadog set up, when log collection from a group is turned off",
  "logs:PutSubscriptionFilter": "subscribes the Datadog Forwarder Lambda to CloudWatch log groups (automatic log collection)",
  "s3:PutBucketNotification": "adds the S3 event notification that triggers the Datadog Forwarder on new log files in a bucket (automatic log collection)",
  "sns:Publish": "sends Datadog monitor notifications to SNS topics (@sns-<topic> in a monitor message)",
  "support:RefreshTrustedAdvisorCheck": "refreshes Trusted Advisor checks so the Trusted Advisor integration reports current results",
};
/** Of those, the one AWS files under "Permissions management". */
const REVIEWED_PERMISSIONS_MANAGEMENT = ["backup:ListIndexedRecoveryPointsForSearch"];
const REVIEWED = Object.keys(REVIEWED_WRITE_ACTIONS).sort();

const STANDARD = STANDARD_PERMISSIONS.actions;
const WITH_RESOURCE_COLLECTION = [...new Set([...STANDARD, ...RESOURCE_COLLECTION_PERMISSIONS.actions])];
const partitionOf = (region: string): IamPartition => (region.startsWith("us-gov-") ? "aws-us-gov" : region.startsWith("cn-") ? "aws-cn" : "aws");

/** Actions only the resource-collection set grants: refused when resource collection is off. */
let resourceCollectionOnly: string[] = [];
beforeAll(async () => {
  const standard = await expandActions(STANDARD);
  const all = await expandActions(WITH_RESOURCE_COLLECTION);
  resourceCollectionOnly = [...all.actions.keys()].filter((a) => !standard.actions.has(a));
});

describe("Datadog's pinned lists, as IAM knows them", () => {
  test("every action and wildcard in both lists is a real IAM action", async () => {
    for (const list of [STANDARD_PERMISSIONS, RESOURCE_COLLECTION_PERMISSIONS]) {
      const { actions, unknown } = await expandActions(list.actions);
      expect(unknown).toEqual([]);
      expect(actions.size).toBeGreaterThanOrEqual(list.actions.length - list.actions.filter((a) => a.includes("*")).length);
    }
  });

  test("the actions that change anything are exactly the reviewed allowlist, all from the standard set", async () => {
    const standard = [...(await expandActions(STANDARD)).actions.values()];
    const resourceCollection = [...(await expandActions(RESOURCE_COLLECTION_PERMISSIONS.actions)).actions.values()];
    expect(
      standard
        .filter(isWriteLevel)
        .map((a) => a.action)
        .sort(),
    ).toEqual(REVIEWED);
    expect(standard.filter(isPermissionsManagement).map((a) => a.action)).toEqual(REVIEWED_PERMISSIONS_MANAGEMENT);
    expect(resourceCollection.filter(isWriteLevel)).toEqual([]);
  });

  test("the write actions the facts file names are all in the allowlist", () => {
    for (const a of ["logs:PutSubscriptionFilter", "logs:DeleteSubscriptionFilter", "s3:PutBucketNotification", "sns:Publish", "events:CreateEventBus", "support:RefreshTrustedAdvisorCheck"]) {
      expect(REVIEWED).toContain(a);
    }
  });
});

// ---------------------------------------------------------------------------------------

const ROOT = path.join(__dirname, "..", "..");

describe.each(CONFIG_FILES)("every environment of %s", (file) => {
  const raw: unknown = JSON.parse(readFileSync(path.join(ROOT, file), "utf8"));
  const environments = resolveConfig(raw, file);
  const synthesized = synthConfig(raw);
  const awsOnly = synthConfig(awsOnlyConfig(raw));

  test.each(environments.map((e) => e.name))("%s: grants exactly Datadog's lists, as real actions, writing only what was reviewed", async (name) => {
    const config = environments.find((e) => e.name === name)!.config;
    const live = (config.permissions ?? (config.manageDatadogIntegration ? "live" : "pinned")) === "live";
    const principals = principalPoliciesFromSynth(live ? awsOnly[name] : synthesized[name]);
    expect(principals).toHaveLength(1);
    const [principal] = principals;
    const partition = partitionOf(config.awsRegion);
    const expectedName = config.auth.type === "role" ? config.auth.roleName : config.auth.userName;
    expect(principal).toMatchObject({ kind: config.auth.type === "role" ? "role" : "user", name: expectedName });

    const report = await assertPermissionPolicies(
      principal.managedPolicies.map((p) => p.document),
      {
        partition,
        principalArn: `arn:${partition}:iam::${config.awsAccountId}:${principal.kind}/${principal.name}`,
        expectedActions: config.resourceCollection ? WITH_RESOURCE_COLLECTION : STANDARD,
        allowedWriteActions: REVIEWED,
        allowedPermissionsManagementActions: REVIEWED_PERMISSIONS_MANAGEMENT,
        mustDeny: config.resourceCollection ? [] : resourceCollectionOnly,
      },
    );
    expect(report.writeActions).toEqual(REVIEWED);
    expect(report.permissionsManagementActions).toEqual(REVIEWED_PERMISSIONS_MANAGEMENT);
    // The simulator judged a full sample of what is granted and of what must be refused.
    expect(report.allowedSimulations).toBeGreaterThanOrEqual(Math.min(DEFAULT_SIMULATION_SAMPLE, report.actions.length));
    expect(report.deniedSimulations).toBeGreaterThanOrEqual(NEVER_GRANTED.length + (config.resourceCollection ? 0 : Math.min(DEFAULT_SIMULATION_SAMPLE, resourceCollectionOnly.length)));
  });
});

test("exhaustively: the simulator allows each of the actions the largest rendering grants", async () => {
  // Standard and resource-collection sets with CSPM: the most policies any stack attaches.
  const stack = synthConfig({ environments: { full: { awsAccountId: "123456789012", permissions: "pinned", cspm: true } } }).full;
  const [role] = principalPoliciesFromSynth(stack);
  const report = await assertPermissionPolicies(
    role.managedPolicies.map((p) => p.document),
    {
      partition: "aws",
      principalArn: "arn:aws:iam::123456789012:role/DatadogIntegrationRole",
      expectedActions: WITH_RESOURCE_COLLECTION,
      allowedWriteActions: REVIEWED,
      allowedPermissionsManagementActions: REVIEWED_PERMISSIONS_MANAGEMENT,
      allowedSample: Infinity,
    },
  );
  expect(report.allowedSimulations).toBe(report.actions.length);
  expect(report.actions.length).toBeGreaterThan(WITH_RESOURCE_COLLECTION.length);
});

// ---------------------------------------------------------------------------------------

describe("the checks fail on broken permission policies", () => {
  // A small policy keeps these fast; the checks are the same as for Datadog's lists.
  const expectedActions = ["ec2:Describe*", "logs:PutSubscriptionFilter", "cloudwatch:GetMetricData"];
  const expectation = {
    partition: "aws" as const,
    principalArn: "arn:aws:iam::123456789012:role/DatadogIntegrationRole",
    expectedActions,
    allowedWriteActions: ["logs:PutSubscriptionFilter"],
  };
  const policy = (statement: Record<string, unknown>) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Resource: "*", ...statement }] });

  test("the valid policy passes (the baseline of the cases below)", async () => {
    const report = await assertPermissionPolicies([policy({ Action: expectedActions })], expectation);
    expect(report.writeActions).toEqual(["logs:PutSubscriptionFilter"]);
    expect(report.deniedSimulations).toBeGreaterThan(NEVER_GRANTED.length);
  });

  test("split over several policies it passes too", async () => {
    await expect(assertPermissionPolicies([policy({ Action: expectedActions.slice(0, 1) }), policy({ Action: expectedActions.slice(1) })], expectation)).resolves.toBeDefined();
  });

  test.each([
    { name: "a made-up action", actions: [...expectedActions, "ec2:DescribeEverything"], message: /"ec2:DescribeEverything" is not a real IAM action: "ec2" has no action matching/ },
    { name: "a made-up service", actions: [...expectedActions, "datadogg:GetThings"], message: /no AWS service has the prefix "datadogg"/ },
    { name: "a bare wildcard", actions: [...expectedActions, "*"], message: /"\*" is not a real IAM action: a bare wildcard/ },
    { name: "an expected action missing", actions: expectedActions.slice(1), message: /expected action\(s\) missing from the policies: ec2:Describe\*/ },
    { name: "a wider wildcard (ec2:* for ec2:Describe*)", actions: ["ec2:*", ...expectedActions.slice(1)], message: /IAM action\(s\) granted beyond the expected lists: .*ec2:/ },
    { name: "an unreviewed write action", actions: [...expectedActions, "logs:DeleteSubscriptionFilter"], message: /logs:DeleteSubscriptionFilter \(Write: .*\) is not a reviewed write action/ },
    { name: "a Permissions management action", actions: [...expectedActions, "iam:PutRolePolicy"], message: /iam:PutRolePolicy is at IAM's "Permissions management" level/ },
    { name: "iam:PassRole", actions: [...expectedActions, "iam:PassRole"], message: /iam:PassRole must never be granted to Datadog/ },
  ])("$name: assertPermissionPolicies throws", async ({ actions, message }) => {
    await expect(assertPermissionPolicies([policy({ Action: actions })], expectation)).rejects.toThrow(message);
  });

  test.each([
    { name: "NotAction", statement: { NotAction: ["iam:*"], Action: undefined }, message: /uses NotAction/ },
    { name: "a resource other than *", statement: { Action: expectedActions, Resource: "arn:aws:s3:::bucket" }, message: /Resource "arn:aws:s3:::bucket"/ },
    { name: "a Deny", statement: { Action: expectedActions, Effect: "Deny" }, message: /Effect "Deny"/ },
  ])("$name: assertPermissionPolicies throws", async ({ statement, message }) => {
    await expect(assertPermissionPolicies([policy(statement)], expectation)).rejects.toThrow(message);
  });

  test("the simulator, not only the catalogue, sees an action granted beyond the lists", async () => {
    // s3:GetObject is in NEVER_GRANTED: the simulated request must be refused, and is not.
    await expect(assertPermissionPolicies([policy({ Action: [...expectedActions, "s3:Get*"] })], expectation)).rejects.toThrow(/s3:GetObject is allowed by the policies but must be refused/);
  });
});
