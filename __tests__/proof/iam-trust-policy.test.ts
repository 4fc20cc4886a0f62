/**
 * The role's trust policy, simulated: Datadog's account for the site, with the External
 * ID, may call sts:AssumeRole; without the ID, with a wrong one, from any other account,
 * or for any other STS action, it may not (the confused-deputy protection).
 *
 * Covers every Datadog site and partition where role delegation exists, and every
 * environment of the shipped config files. Managed stacks take the External ID from the
 * Datadog resource at apply time, so their policy is proven on the AWS-only rendering of
 * the same environment (same role, a test External ID) and shown to differ from it only
 * in that ID.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { DatadogAwsIntegration } from "../../lib/constructs/datadog-aws-integration";
import { DatadogAwsStack } from "../../lib/stack/environment-stack";
import { resolveConfig } from "../../lib/config/load-config";
import { ResolvedEnvironment } from "../../lib/config/schema";
import { DATADOG_SITES } from "../../lib/facts/sites";
import { TerraformJson } from "../support/synth";
import { awsOnlyConfig, TEST_EXTERNAL_ID } from "../support/aws-only-rendering";
import type { IamPartition } from "../support/iam/policy-documents";
import { jsonOfLiteralJsonencode } from "../support/iam/synthesized-principals";
import { assertTrustPolicy, simulateTrustPolicy, TrustPolicyExpectation } from "../support/iam/trust-policy";
import { EXPECTED_TRUST_ACCOUNTS, expectedPartitionOf } from "../support/expected-facts";
import { CONFIG_FILES } from "../support/shipped-configs";

const TRUST_ACCOUNTS = EXPECTED_TRUST_ACCOUNTS;
const PARTITIONS: readonly IamPartition[] = ["aws", "aws-us-gov", "aws-cn"];
const REGION: Record<IamPartition, string> = { aws: "us-east-1", "aws-us-gov": "us-gov-west-1", "aws-cn": "cn-north-1" };
const partitionOf = expectedPartitionOf;
/** Every Datadog account there is: each must be refused by every other site's role. */
const ALL_DATADOG_ACCOUNTS = [...new Set(Object.values(TRUST_ACCOUNTS).flatMap((byPartition) => Object.values(byPartition) as string[]))];

function expectation(partition: IamPartition, site: string, accountId: string, roleName: string, externalId: string): TrustPolicyExpectation {
  const trusted = TRUST_ACCOUNTS[site]?.[partition];
  if (!trusted) throw new Error(`no Datadog account for ${site} in ${partition}`);
  return {
    partition,
    trustedAccountId: trusted,
    externalId,
    roleArn: `arn:${partition}:iam::${accountId}:role/${roleName}`,
    otherAccountIds: ALL_DATADOG_ACCOUNTS.filter((a) => a !== trusted),
  };
}

/** A role built by the construct alone, for one site and partition. */
function roleIntegration(partition: IamPartition, site: string, externalId: string, roleName = "DatadogIntegrationRole"): DatadogAwsIntegration {
  const stack = new TerraformStack(Testing.app(), "trust");
  return new DatadogAwsIntegration(stack, "datadog", {
    awsAccountId: "123456789012",
    awsRegion: REGION[partition],
    datadogSite: site,
    auth: { type: "role", roleName },
    manageDatadogIntegration: false,
    externalId,
  });
}

describe("every Datadog site and partition with role delegation", () => {
  test("the product knows exactly the sites of the facts file", () => {
    expect(DATADOG_SITES.map((s) => s.site).sort()).toEqual(Object.keys(TRUST_ACCOUNTS).sort());
  });

  const cases = DATADOG_SITES.flatMap((s) => PARTITIONS.map((partition) => ({ site: s.site, partition, trusted: TRUST_ACCOUNTS[s.site]?.[partition] })));
  const supported = cases.filter((c) => c.trusted !== undefined);
  const unsupported = cases.filter((c) => c.trusted === undefined);

  test("role delegation exists for every site in aws, and in aws-us-gov only on the FED sites", () => {
    expect(supported.filter((c) => c.partition !== "aws").map((c) => `${c.partition} ${c.site}`)).toEqual(["aws-us-gov ddog-gov.com", "aws-us-gov us2.ddog-gov.com"]);
    expect(supported.filter((c) => c.partition === "aws")).toHaveLength(DATADOG_SITES.length);
  });

  test.each(supported)("$partition role on $site trusts only $trusted, only with the External ID", async ({ site, partition }) => {
    // External IDs may hold + = , . @ : / - _ : one with all of them, in mixed case.
    const externalId = "Ab3+=,.@:/-_xYz";
    const integration = roleIntegration(partition, site, externalId);
    const report = await assertTrustPolicy(JSON.stringify(integration.trustPolicyDocument), expectation(partition, site, "123456789012", "DatadogIntegrationRole", externalId));
    expect(report.cases.filter((c) => c.outcome === "Allowed").map((c) => c.description)).toEqual(["Datadog's role with the External ID", "a session of Datadog's role with the External ID"]);
  });

  test.each(unsupported)("$partition on $site: no role is ever built (role delegation does not exist there)", ({ site, partition }) => {
    expect(() => roleIntegration(partition, site, "some-external-id")).toThrow(partition === "aws-cn" ? /not possible in partition aws-cn/ : /role delegation for aws-us-gov accounts/);
  });
});

// ---------------------------------------------------------------------------------------

interface BuiltEnvironment {
  readonly config: ResolvedEnvironment;
  readonly stack: DatadogAwsStack;
  readonly json: TerraformJson;
}

/** Every environment of a config, synthesized as the app does, keeping the constructs. */
function build(raw: unknown): Map<string, BuiltEnvironment> {
  const app = Testing.app();
  const out = new Map<string, BuiltEnvironment>();
  for (const env of resolveConfig(raw, "test.config.json")) {
    const stack = new DatadogAwsStack(app, env.name, { environment: env.config, stackDir: `cdktf.out/stacks/${env.name}` });
    out.set(env.name, { config: env.config, stack, json: JSON.parse(Testing.synth(stack, true)) });
  }
  return out;
}

/** Replaces every occurrence of a string value in a JSON-like value. */
function substitute(value: unknown, from: string, to: string): unknown {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((v) => substitute(v, from, to));
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, from, to)]));
  return value;
}

const ROOT = path.join(__dirname, "..", "..");
const EXTERNAL_ID_REFERENCE = "datadog_integration_aws_account.datadog_integration.auth_config.aws_auth_config_role.external_id";

describe.each(CONFIG_FILES)("every environment of %s", (file) => {
  const raw: unknown = JSON.parse(readFileSync(path.join(ROOT, file), "utf8"));
  const actual = build(raw);
  const awsOnly = build(awsOnlyConfig(raw));
  const names = [...actual.keys()];

  test("has environments, and the AWS-only rendering has the same ones", () => {
    expect(names.length).toBeGreaterThan(0);
    expect([...awsOnly.keys()]).toEqual(names);
  });

  test.each(names)("%s: only Datadog's account for its site, with the External ID, may assume the role", async (name) => {
    const { config, stack, json } = actual.get(name)!;
    const integration = stack.integration;
    const partition = partitionOf(config.awsRegion);
    if (config.auth.type === "accessKeys") {
      // GovCloud and China access keys: an IAM user, no role and nothing to trust.
      expect(partition).not.toBe("aws");
      expect(integration.role).toBeUndefined();
      expect(integration.trustPolicyDocument).toBeUndefined();
      expect(json.resource?.aws_iam_role).toBeUndefined();
      expect(Object.keys(json.resource?.aws_iam_user ?? {})).toHaveLength(1);
      return;
    }
    const proxy = awsOnly.get(name)!;
    const externalId = config.manageDatadogIntegration ? TEST_EXTERNAL_ID : config.externalId!;
    const exp = expectation(partition, config.datadogSite, config.awsAccountId, config.auth.roleName, externalId);
    const proven = proxy.stack.integration.trustPolicyDocument!;
    await assertTrustPolicy(JSON.stringify(proven), exp);

    // The stack's own document is the proven one, but for where the External ID comes from.
    const own = integration.trustPolicyDocument!;
    expect(substitute(own, integration.externalId!, externalId)).toEqual(proven);

    // And it is what Terraform receives: the synthesized assume_role_policy, rendered.
    const rendered: string = json.resource!.aws_iam_role.datadog_role.assume_role_policy;
    if (config.manageDatadogIntegration) {
      expect(jsonOfLiteralJsonencode(rendered)).toBeUndefined(); // holds the reference
      expect(rendered.split(EXTERNAL_ID_REFERENCE)).toHaveLength(2);
      expect(JSON.parse(jsonOfLiteralJsonencode(rendered.replace(EXTERNAL_ID_REFERENCE, JSON.stringify(externalId)))!)).toEqual(proven);
    } else {
      expect(JSON.parse(jsonOfLiteralJsonencode(rendered)!)).toEqual(proven);
    }
    expect(JSON.parse(jsonOfLiteralJsonencode(proxy.json.resource!.aws_iam_role.datadog_role.assume_role_policy)!)).toEqual(proven);
  });
});

// ---------------------------------------------------------------------------------------

describe("the checks fail on a broken trust policy", () => {
  const externalId = "8b6a1f0c2d3e4f5a6b7c8d9e0f1a2b3c";
  const valid = roleIntegration("aws", "ap1.datadoghq.com", externalId).trustPolicyDocument!;
  const exp = expectation("aws", "ap1.datadoghq.com", "123456789012", "DatadogIntegrationRole", externalId);
  const govValid = roleIntegration("aws-us-gov", "ddog-gov.com", externalId).trustPolicyDocument!;
  const govExp = expectation("aws-us-gov", "ddog-gov.com", "123456789012", "DatadogIntegrationRole", externalId);

  type Statement = Record<string, any>;
  const broken = (doc: Record<string, unknown>, change: (s: Statement) => void): string => {
    const copy = structuredClone(doc) as { Statement: Statement[] };
    change(copy.Statement[0]);
    return JSON.stringify(copy);
  };

  test("the valid policy passes (the baseline of the cases below)", async () => {
    await expect(assertTrustPolicy(JSON.stringify(valid), exp)).resolves.toBeDefined();
    await expect(assertTrustPolicy(JSON.stringify(govValid), govExp)).resolves.toBeDefined();
  });

  // `simulated`: the simulator alone refuses it too, not only the structural check.
  const cases: { name: string; policy: string; message: RegExp; simulated: boolean }[] = [
    { name: 'principal "*"', policy: broken(valid, (s) => (s.Principal = "*")), message: /account 999988887777 .* Allowed/, simulated: true },
    { name: 'principal { AWS: "*" }', policy: broken(valid, (s) => (s.Principal = { AWS: "*" })), message: /trusts "\*"/, simulated: true },
    { name: "External ID condition removed", policy: broken(valid, (s) => delete s.Condition), message: /without an External ID: Allowed/, simulated: true },
    {
      name: "External ID matched with StringLike *",
      policy: broken(valid, (s) => (s.Condition = { StringLike: { "sts:ExternalId": "*" } })),
      message: /wrong External ID .*: Allowed/,
      simulated: true,
    },
    {
      name: "External ID only if present",
      policy: broken(valid, (s) => (s.Condition = { StringEqualsIfExists: { "sts:ExternalId": externalId } })),
      message: /without an External ID: Allowed/,
      simulated: true,
    },
    {
      name: "External ID compared case-insensitively",
      policy: broken(valid, (s) => (s.Condition = { StringEqualsIgnoreCase: { "sts:ExternalId": externalId } })),
      message: /wrong External ID "8B6A1F0C2D3E4F5A6B7C8D9E0F1A2B3C": Allowed/,
      simulated: true,
    },
    { name: "another External ID", policy: broken(valid, (s) => (s.Condition.StringEquals["sts:ExternalId"] = "another-id")), message: /with the External ID: ImplicitlyDenied/, simulated: true },
    {
      name: "another Datadog site's account trusted too",
      policy: broken(valid, (s) => (s.Principal.AWS = [s.Principal.AWS, "arn:aws:iam::464622532012:root"])),
      message: /account 464622532012 .* Allowed/,
      simulated: true,
    },
    {
      name: "the wrong site's account (US1 for AP1)",
      policy: broken(valid, (s) => (s.Principal.AWS = "arn:aws:iam::464622532012:root")),
      message: /Datadog's role with the External ID: ImplicitlyDenied/,
      simulated: true,
    },
    // The simulator drops sts:ExternalId from other STS actions' requests, so the condition
    // alone refuses them: only the structural check sees sts:* while the condition stays.
    { name: "sts:* instead of sts:AssumeRole", policy: broken(valid, (s) => (s.Action = "sts:*")), message: /allows "sts:\*"; only "sts:AssumeRole"/, simulated: false },
    {
      name: "sts:* and no External ID condition",
      policy: broken(valid, (s) => {
        s.Action = "sts:*";
        delete s.Condition;
      }),
      message: /calling sts:TagSession: Allowed/,
      simulated: true,
    },
    { name: "a Deny instead of an Allow", policy: broken(valid, (s) => (s.Effect = "Deny")), message: /no statement allows anything/, simulated: true },
    {
      name: "the commercial partition's ARN in GovCloud",
      policy: broken(govValid, (s) => (s.Principal.AWS = "arn:aws:iam::065115117704:root")),
      message: /only "arn:aws-us-gov:iam::065115117704:root" may be trusted/,
      simulated: false,
    },
  ];

  test.each(cases)("$name: assertTrustPolicy throws", async ({ policy, message, name }) => {
    const e = name.includes("GovCloud") ? govExp : exp;
    await expect(assertTrustPolicy(policy, e)).rejects.toThrow(message);
  });

  test.each(cases.filter((c) => c.simulated))("$name: the simulation alone refuses it", async ({ policy }) => {
    const { problems } = await simulateTrustPolicy(policy, exp);
    expect(problems.length).toBeGreaterThan(0);
  });
});
