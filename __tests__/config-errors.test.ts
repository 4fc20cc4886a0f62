/**
 * Every class of bad input gets one message naming the environment and the field, what is
 * wrong and how to fix it. (The same cases through the real CLI: bad-input-cli.test.ts.)
 */
import { Testing, TerraformStack } from "cdktf";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { configWith, problemsOf } from "./support/synth";
import { DatadogAwsIntegration } from "../lib/constructs/datadog-aws-integration";

const one = (env: Record<string, unknown>, defaults?: Record<string, unknown>) => problemsOf(configWith(env, defaults, "prod"));

const CASES: [name: string, env: Record<string, unknown>, where: string, words: RegExp][] = [
  ["account ID with dashes", { awsAccountId: "1234-5678-9012" }, "environments.prod.awsAccountId", /without them: "123456789012"/],
  ["account ID too short", { awsAccountId: "12345" }, "environments.prod.awsAccountId", /5 digits.*exactly 12/],
  ["role name over 64 characters", { auth: { type: "role", roleName: "R".repeat(65) } }, "environments.prod.auth.roleName", /65 characters.*at most 64/],
  ["role name with a space", { auth: { type: "role", roleName: "Datadog Role" } }, "environments.prod.auth.roleName", /allow only letters/],
  ["user name with a slash", { awsRegion: "cn-north-1", auth: { type: "accessKeys", userName: "a/b" } }, "environments.prod.auth.userName", /"\/"/],
  ["unknown site", { datadogSite: "datadoghq.co" }, "environments.prod.datadogSite", /did you mean "datadoghq.com"/],
  ["site with the wrong top-level domain", { datadogSite: "datadoghq.us" }, "environments.prod.datadogSite", /did you mean "datadoghq.com"/],
  ["region format", { awsRegion: "US-EAST-1" }, "environments.prod.awsRegion", /lower case.*"us-east-1"/],
  ["access keys in the commercial partition", { auth: { type: "accessKeys" } }, "environments.prod.auth.type", /only for GovCloud.*and China.*"role"/],
  ["role delegation in China", { awsRegion: "cn-north-1" }, "environments.prod.auth.type", /not available for China.*accessKeys/],
  ["GovCloud role on a commercial site", { awsRegion: "us-gov-west-1" }, "environments.prod.datadogSite", /"ddog-gov.com", "us2.ddog-gov.com"/],
  ["CSPM without resource collection", { cspm: true, resourceCollection: false }, "environments.prod.cspm", /"resourceCollection": true or "cspm": false/],
  ["both includeOnly and excludeOnly", { metrics: { namespaces: { includeOnly: ["AWS/EC2"], excludeOnly: ["AWS/SQS"] } } }, "environments.prod.metrics.namespaces", /keep includeOnly.*or excludeOnly/],
  ["Datadog tag format", { tags: ["env prod"] }, "environments.prod.tags[0]", /key:value/],
  ["AWS tag filter format", { metrics: { hostTags: ["monitored"] } }, "environments.prod.metrics.hostTags[0]", /"key:value"/],
  ["forwarder ARN format", { logs: { lambdaForwarderArns: ["DatadogForwarder"] } }, "environments.prod.logs.lambdaForwarderArns[0]", /full ARN/],
  ["forwarder in another partition", { awsRegion: "us-gov-west-1", datadogSite: "ddog-gov.com", logs: { lambdaForwarderArns: ["arn:aws:lambda:us-east-1:123456789012:function:F"] } }, "environments.prod.logs.lambdaForwarderArns[0]", /arn:aws-us-gov:lambda/],
  ["region of another partition", { regions: ["us-east-1", "cn-north-1"] }, "environments.prod.regions[1]", /only aws regions/],
  ["externalId missing in split duty", { manageDatadogIntegration: false }, "environments.prod.externalId", /copy the External ID/],
  ["externalId while Datadog generates one", { externalId: "abcdef0123456789" }, "environments.prod.externalId", /remove externalId/],
  ["live permissions without the Datadog provider", { manageDatadogIntegration: false, externalId: "abcdef0123456789", permissions: "live" }, "environments.prod.permissions", /use "pinned"/],
  ["unknown key", { regoins: "all" }, "environments.prod.regoins", /did you mean "regions"/],
  ["key with two letters swapped", { cpsm: true }, "environments.prod.cpsm", /did you mean "cspm"/],
  ["unknown nested key", { metrics: { hostTag: [] } }, "environments.prod.metrics.hostTag", /did you mean "hostTags"/],
  ["wrong type", { resourceCollection: "yes" }, "environments.prod.resourceCollection", /true or false/],
  ["unknown auth type", { auth: { type: "keys" } }, "environments.prod.auth.type", /"role" or "accessKeys"/],
  ["assume-role ARN that is a user", { awsAssumeRoleArn: "arn:aws:iam::123456789012:user/deploy" }, "environments.prod.awsAssumeRoleArn", /not an IAM role ARN/],
  ["assume-role ARN in the wrong partition", { awsAssumeRoleArn: "arn:aws-cn:iam::123456789012:role/deploy" }, "environments.prod.awsAssumeRoleArn", /"arn:aws:iam::"/],
  ["import ID that is an account ID", { import: { datadogAccountConfigId: "123456789012" } }, "environments.prod.import.datadogAccountConfigId", /AWS account ID, but Datadog imports by its own config ID/],
  ["imported role under another name", { import: { iamRole: "datadog-integration" } }, "environments.prod.import.iamRole", /set auth.roleName/],
  ["key variable Terraform cannot read", { datadogApiKeyEnv: "PROD_DD_KEY" }, "environments.prod.datadogApiKeyEnv", /TF_VAR_prod_dd_key/],
];

describe.each(CASES)("%s", (_name, env, where, words) => {
  test(`is reported at ${where}`, () => {
    const problems = one(env);
    const line = problems.find((p) => p.startsWith(`${where}: `));
    expect(line).toBeDefined();
    expect(line).toMatch(words);
  });
});

test("a value inherited from defaults is reported once, at defaults", () => {
  const problems = problemsOf({ defaults: { datadogSite: "eu" }, environments: { a: { awsAccountId: "123456789012" }, b: { awsAccountId: "210987654321" } } });
  expect(problems.filter((p) => p.startsWith("defaults.datadogSite: "))).toHaveLength(1);
  expect(problems.filter((p) => p.includes("environments."))).toHaveLength(0);
});

test("every problem in one run, across environments", () => {
  const problems = problemsOf({
    environments: { a: { awsAccountId: "1-2", cspm: true, resourceCollection: false }, b: { awsAccountId: "123456789012", tags: ["!"] } },
  });
  expect(problems.map((p) => p.split(":")[0])).toEqual(["environments.a.awsAccountId", "environments.a.cspm", "environments.b.tags[0]"]);
});

test("empty or missing environments, names that cannot be stack names", () => {
  expect(problemsOf({ environments: {} })[0]).toMatch(/^environments: is empty/);
  expect(problemsOf({})[0]).toMatch(/^environments: is required/);
  expect(problemsOf({ environments: { "prod env": { awsAccountId: "123456789012" } } })[0]).toMatch(/cannot be a stack name/);
  expect(problemsOf({ defaults: { awsAccountId: "123456789012" }, environments: { a: {} } })[0]).toMatch(/^defaults.awsAccountId: an account ID cannot be a default/);
});

test("two environments on one state key", () => {
  const s3 = { type: "s3", bucket: "tf-state", key: "datadog.tfstate" };
  const problems = problemsOf({ environments: { a: { awsAccountId: "123456789012", backend: s3 }, b: { awsAccountId: "210987654321", backend: s3 } } });
  expect(problems[0]).toMatch(/^environments.b.backend: keeps its state at s3:\/\/tf-state\/datadog.tfstate, the same place as environment "a"/);
});

describe("the construct validates its props the same way", () => {
  test("bad props throw with every problem, naming the construct path", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(() => new DatadogAwsIntegration(stack, "dd", { awsAccountId: "1234-5678-9012", cspm: true, resourceCollection: false })).toThrow(
      /Invalid DatadogAwsIntegration props at s\/dd:\n {2}- awsAccountId: .*"123456789012"\n {2}- cspm: CSPM needs resource collection/,
    );
  });

  test("values known only at plan time (tokens) are not judged at synth time", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const me = new DataAwsCallerIdentity(stack, "me");
    expect(() => new DatadogAwsIntegration(stack, "dd", { awsAccountId: me.accountId, permissions: "pinned" })).not.toThrow();
    const synth = JSON.parse(Testing.synth(stack));
    expect(synth.resource.datadog_integration_aws_account.dd_integration.aws_account_id).toBe("${data.aws_caller_identity.me.account_id}");
  });
});

test("an inherited value that is wrong for only some environments is reported at those environments", () => {
  const problems = problemsOf({
    defaults: { awsAssumeRoleSessionName: "pipeline" },
    environments: {
      a: { awsAccountId: "123456789012", awsAssumeRoleArn: "arn:aws:iam::123456789012:role/Deploy" },
      b: { awsAccountId: "210987654321" },
    },
  });
  expect(problems).toEqual([expect.stringMatching(/^environments\.b\.awsAssumeRoleSessionName: is set without awsAssumeRoleArn.*inherited from defaults/)]);
});

describe("Datadog key variables", () => {
  test("one variable for both keys is refused", () => {
    expect(one({ datadogApiKeyEnv: "TF_VAR_dd_key", datadogAppKeyEnv: "TF_VAR_dd_key" })).toEqual([expect.stringMatching(/^environments\.prod\.datadogAppKeyEnv: is the same variable as datadogApiKeyEnv/)]);
  });

  test("the access-key variables cannot double as Datadog key variables", () => {
    const problems = one({ awsRegion: "cn-north-1", auth: { type: "accessKeys", accessKey: "variables" }, datadogApiKeyEnv: "TF_VAR_datadog_aws_secret_access_key" });
    expect(problems).toEqual([expect.stringMatching(/^environments\.prod\.datadogApiKeyEnv: .*carries the AWS access key/)]);
  });

  test("a pasted key is never repeated in the message", () => {
    const key = "0123456789abcdef0123456789abcdef";
    const [problem] = one({ datadogApiKeyEnv: key });
    expect(problem).toMatch(/^environments\.prod\.datadogApiKeyEnv: is not the name of an environment variable/);
    expect(problem).not.toContain(key);
  });
});

test("two spellings of one local state file are one state", () => {
  const problems = problemsOf({
    environments: { a: { awsAccountId: "123456789012", backend: { type: "local", path: "a.tfstate" } }, b: { awsAccountId: "210987654321", backend: { type: "local", path: "./a.tfstate" } } },
  });
  expect(problems).toEqual([expect.stringMatching(/^environments\.b\.backend: keeps its state at local:a\.tfstate.*its own "path"/)]);
});

test("the construct refuses a region known only at plan time: it decides whom the role trusts", () => {
  const stack = new TerraformStack(Testing.app(), "s");
  const me = new DataAwsCallerIdentity(stack, "me");
  expect(() => new DatadogAwsIntegration(stack, "dd", { awsAccountId: "123456789012", awsRegion: me.id })).toThrow(/awsRegion: must be a literal region/);
});
