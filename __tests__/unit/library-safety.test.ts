/**
 * The construct in someone else's stack: aliased providers for several accounts, the
 * partition taken from the AWS provider, no two integrations silently sharing a Terraform
 * address or an IAM name, an honest quota, and native S3 locking from TypeScript.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript5";
import { S3Backend, Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DatadogProvider } from "@cdktf/provider-datadog/lib/provider";
import { Construct } from "constructs";
import { DatadogAwsIntegration } from "../../lib/constructs/datadog-aws-integration";
import { DatadogAwsIntegrationConfig } from "../../lib/constructs/integration-config";
import { enableS3Lockfile } from "../../lib/constructs/s3-lockfile";
import { ConfigError, tooManyManagedPolicies } from "../../lib/errors";
import { configWith, problemsOf } from "../support/synth";
import { refusalOf } from "../support/config-issues";

const synth = (stack: TerraformStack) => JSON.parse(Testing.synth(stack, true));
const newStack = () => new TerraformStack(Testing.app(), "consumer");
const split = { manageDatadogIntegration: false, externalId: "0123456789abcdef0123456789abcdef" } as const;

describe("compliant", () => {
  test("two accounts in one stack through aliased providers, each with its own account guard", () => {
    const stack = newStack();
    const prod = new AwsProvider(stack, "aws-prod", { alias: "prod", region: "us-east-1", allowedAccountIds: ["111111111111"] });
    const dev = new AwsProvider(stack, "aws-dev", { alias: "dev", region: "eu-west-1", allowedAccountIds: ["222222222222"] });
    const datadog = new DatadogProvider(stack, "dd", { apiUrl: "https://api.datadoghq.com" });
    new DatadogAwsIntegration(stack, "prod", { awsAccountId: "111111111111", awsProvider: prod, datadogProvider: datadog, permissions: "pinned" });
    new DatadogAwsIntegration(stack, "dev", { awsAccountId: "222222222222", awsProvider: dev, datadogProvider: datadog, permissions: "pinned" });
    const tf = synth(stack);
    expect(tf.resource.aws_iam_role.prod_role.provider).toBe("aws.prod");
    expect(tf.resource.aws_iam_role.dev_role.provider).toBe("aws.dev");
    const awsResources = ["aws_iam_role", "aws_iam_policy", "aws_iam_role_policy_attachment"].flatMap((t) => Object.entries(tf.resource[t]));
    for (const [name, r] of awsResources) expect([name, (r as { provider?: string }).provider]).toEqual([name, name.startsWith("prod_") ? "aws.prod" : "aws.dev"]);
    expect(tf.resource.datadog_integration_aws_account.prod_integration.aws_account_id).toBe("111111111111");
    expect(tf.provider.aws.map((p: { alias: string; allowed_account_ids: string[] }) => [p.alias, p.allowed_account_ids])).toEqual([
      ["prod", ["111111111111"]],
      ["dev", ["222222222222"]],
    ]);
  });

  test("the same role name in two accounts is two roles", () => {
    const stack = newStack();
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    new DatadogAwsIntegration(stack, "a", { awsAccountId: "111111111111", ...split });
    new DatadogAwsIntegration(stack, "b", { awsAccountId: "222222222222", ...split });
    expect(Object.keys(synth(stack).resource.aws_iam_role)).toEqual(["a_role", "b_role"]);
  });

  test("awsRegion left out takes the partition from the stack's AWS provider (China: access keys, aws-cn ARNs)", () => {
    const stack = newStack();
    new AwsProvider(stack, "aws", { region: "cn-north-1" });
    const dd = new DatadogAwsIntegration(stack, "cn", { awsAccountId: "333333333333", auth: { type: "accessKeys" }, manageDatadogIntegration: false, permissions: "pinned", cspm: true });
    expect(dd.partition).toBe("aws-cn");
    expect(synth(stack).resource.aws_iam_user_policy_attachment.cn_security_audit.policy_arn).toBe("arn:aws-cn:iam::aws:policy/SecurityAudit");
  });

  test("enableS3Lockfile turns on Terraform's native S3 locking", () => {
    const stack = newStack();
    enableS3Lockfile(new S3Backend(stack, { bucket: "state", key: "k", region: "us-east-1" }));
    expect(synth(stack).terraform.backend.s3).toEqual({ bucket: "state", key: "k", region: "us-east-1", use_lockfile: true });
  });

  test("a raised managed-policy quota is used by the live permissions' precondition", () => {
    const stack = newStack();
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    new DatadogProvider(stack, "dd-provider", {});
    new DatadogAwsIntegration(stack, "dd", { awsAccountId: "111111111111", permissions: "live", managedPolicyQuota: 15 });
    // + 1: SecurityAudit, attached with resource collection (on by default).
    expect(synth(stack).resource.aws_iam_role.dd_role.lifecycle.precondition[0].condition).toBe("${length(local.dd_permission_chunks) + 1 <= 15}");
  });
});

describe("non-compliant", () => {
  test.each([
    ["ids that differ only in punctuation", (s: TerraformStack) => [new Construct(s, "x"), "dd-prod", s, "dd_prod"] as const],
    ["the same id under two parents", (s: TerraformStack) => [new Construct(s, "team-a"), "dd", new Construct(s, "team-b"), "dd"] as const],
  ])("%s: an error naming both, not one role silently replacing the other", (_name, scopes) => {
    const stack = newStack();
    const [scopeA, idA, scopeB, idB] = scopes(stack);
    new DatadogAwsIntegration(scopeA, idA, { awsAccountId: "111111111111", ...split });
    const e = refusalOf(() => new DatadogAwsIntegration(scopeB, idB, { awsAccountId: "222222222222", ...split }));
    expect(e.message).toContain(`consumer/${scopeB === stack ? "" : "team-b/"}${idB} and consumer/${scopeA === stack ? "" : `${scopeA.node.id}/`}${idA} would share the Terraform names`);
    expect(e.message).toContain("give each integration a construct id that differs in letters or digits");
  });

  test("the same role in the same account under two ids: an error naming both", () => {
    const stack = newStack();
    new DatadogAwsIntegration(stack, "first", { awsAccountId: "111111111111", ...split });
    const e = refusalOf(() => new DatadogAwsIntegration(stack, "second", { awsAccountId: "111111111111", ...split }));
    expect(e.problems).toEqual([
      "consumer/second and consumer/first would share IAM role DatadogIntegrationRole (and its policies) in account 111111111111; give one a different auth.roleName, or integrate the account once",
    ]);
  });

  test("awsRegion in another partition than the AWS provider's", () => {
    const stack = newStack();
    new AwsProvider(stack, "aws", { region: "cn-north-1" });
    const props: DatadogAwsIntegrationConfig = { awsAccountId: "333333333333", awsRegion: "us-east-1", ...split };
    expect(refusalOf(() => new DatadogAwsIntegration(stack, "dd", props)).problems).toEqual([
      'awsRegion: "us-east-1" is in partition aws, but the AWS provider these resources are created with is in "cn-north-1" (aws-cn); leave awsRegion out to use the provider\'s, or give the construct an awsProvider in the right partition',
    ]);
  });

  test("China through the provider's region refuses role delegation, as a config would", () => {
    const stack = newStack();
    new AwsProvider(stack, "aws", { region: "cn-northwest-1" });
    const e = refusalOf(() => new DatadogAwsIntegration(stack, "dd", { awsAccountId: "333333333333", ...split }));
    expect(e.problems[0]).toMatch(/^auth\.type: "role" is not possible in partition aws-cn/);
  });

  test.each([
    [9, /9 is below IAM's default of 10/],
    [21, /21 is over 20, the most AWS raises/],
  ])("managedPolicyQuota %d", (quota, message) => {
    expect(problemsOf(configWith({ managedPolicyQuota: quota }, undefined, "prod"))).toEqual([expect.stringMatching(message)]);
  });

  test("the quota error is a configuration error whose advice names the prop, and stops at AWS's maximum", () => {
    const raisable = tooManyManagedPolicies("stack/dd", 12, 10, 20);
    expect(raisable).toBeInstanceOf(ConfigError);
    expect(raisable.problems[0]).toBe(
      'stack/dd: 12 managed policies would be attached, over the quota of 10 per role or user; turn off cspm or resourceCollection, or ask AWS to raise the account\'s "Managed policies per role" quota (Service Quotas, up to 20) and set managedPolicyQuota to the new value',
    );
    expect(tooManyManagedPolicies("stack/dd", 21, 20, 20).problems[0]).toMatch(/\(20 is already the most AWS allows\)$/);
  });
});

describe('the package boundary: what `import ... from "datadog-aws-cdktf"` reaches', () => {
  const LIB = path.join(__dirname, "..", "..", "lib");
  /** Every module lib/index.ts imports, directly or through others: local files by path, packages by name. */
  const reached = (() => {
    const files = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (files.has(file)) return;
      files.add(file);
      for (const { fileName } of ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles) {
        if (!fileName.startsWith(".")) {
          packages.add(fileName);
          continue;
        }
        const target = path.resolve(path.dirname(file), fileName);
        const source = [`${target}.ts`, path.join(target, "index.ts")].find((f) => fs.existsSync(f));
        if (source) visit(source);
      }
    };
    visit(path.join(LIB, "index.ts"));
    return { files: [...files].map((f) => path.relative(LIB, f)), packages: [...packages] };
  })();

  test("only files of lib/, none of the commands (cli/) or the doctor", () => {
    expect(reached.files).toContain(path.join("stack", "environment-stack.ts"));
    expect(reached.files.filter((f) => f.startsWith("..") || f.startsWith(`doctor${path.sep}`))).toEqual([]);
  });

  test("only the package's dependencies and peers, never the AWS SDK or the HCL formatter", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(LIB, "..", "package.json"), "utf8"));
    const allowed = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)]);
    const packageOf = (specifier: string) =>
      specifier
        .split("/")
        .slice(0, specifier.startsWith("@") ? 2 : 1)
        .join("/");
    const outside = reached.packages.filter((p) => !p.startsWith("node:") && !allowed.has(packageOf(p)));
    expect(outside).toEqual([]);
    expect(Object.keys(manifest.dependencies).filter((name) => name.startsWith("@aws-sdk/") || name === "@cdktf/hcl-tools")).toEqual([]);
  });
});
