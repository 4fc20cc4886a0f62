/**
 * Every class of bad input gets one problem with a stable code (lib/errors/), naming the
 * environment and the field, what is wrong and how to fix it, on a printed line that ends in
 * the code docs/errors.md explains. Tests assert the code and
 * the parts of the message a user relies on, not the whole wording. (The same cases
 * through the real CLI: bad-input-cli.test.ts.)
 */
import { Testing, TerraformStack } from "cdktf";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { configWith } from "../support/synth";
import { issueAt, issuesOf, refusalOf } from "../support/config-issues";
import { DatadogAwsIntegration } from "../../lib/constructs/datadog-aws-integration";
import { resolveConfig } from "../../lib/config/load-config";
import { DatadogAwsStack } from "../../lib/stack/environment-stack";
import type { ErrorCode } from "../../lib/errors";
import { renderErrorCodes } from "../../scripts/write-error-codes";

const one = (env: Record<string, unknown>, defaults?: Record<string, unknown>) => issuesOf(configWith(env, defaults, "prod"));

const CASES: [name: string, env: Record<string, unknown>, where: string, code: ErrorCode, words: RegExp][] = [
  ["account ID with dashes", { awsAccountId: "1234-5678-9012" }, "environments.prod.awsAccountId", "value/aws-account-id", /without them: "123456789012"/],
  ["account ID too short", { awsAccountId: "12345" }, "environments.prod.awsAccountId", "value/aws-account-id", /5 digits.*exactly 12/],
  ["role name over 64 characters", { auth: { type: "role", roleName: "R".repeat(65) } }, "environments.prod.auth.roleName", "value/iam-name", /65 characters.*at most 64/],
  ["role name with a space", { auth: { type: "role", roleName: "Datadog Role" } }, "environments.prod.auth.roleName", "value/iam-name", /allow only letters/],
  ["user name with a slash", { awsRegion: "cn-north-1", auth: { type: "accessKeys", userName: "a/b" } }, "environments.prod.auth.userName", "value/iam-name", /"\/"/],
  ["unknown site", { datadogSite: "datadoghq.co" }, "environments.prod.datadogSite", "value/not-allowed", /did you mean "datadoghq.com"/],
  ["site with the wrong top-level domain", { datadogSite: "datadoghq.us" }, "environments.prod.datadogSite", "value/not-allowed", /did you mean "datadoghq.com"/],
  ["region format", { awsRegion: "US-EAST-1" }, "environments.prod.awsRegion", "value/region", /lower case.*"us-east-1"/],
  ["access keys in the commercial partition", { auth: { type: "accessKeys" } }, "environments.prod.auth.type", "combination/auth-partition", /only for GovCloud.*and China.*"role"/],
  ["role delegation in China", { awsRegion: "cn-north-1" }, "environments.prod.auth.type", "combination/auth-partition", /not available for China.*accessKeys/],
  ["GovCloud role on a commercial site", { awsRegion: "us-gov-west-1" }, "environments.prod.datadogSite", "combination/site-partition", /"ddog-gov.com", "us2.ddog-gov.com"/],
  [
    "CSPM without resource collection",
    { cspm: true, resourceCollection: false },
    "environments.prod.cspm",
    "combination/cspm-without-resource-collection",
    /"resourceCollection": true or "cspm": false/,
  ],
  [
    "both includeOnly and excludeOnly",
    { metrics: { namespaces: { includeOnly: ["AWS/EC2"], excludeOnly: ["AWS/SQS"] } } },
    "environments.prod.metrics.namespaces",
    "combination/include-and-exclude",
    /keep includeOnly.*or excludeOnly/,
  ],
  ["Datadog tag format", { tags: ["env prod"] }, "environments.prod.tags[0]", "value/datadog-tag", /key:value/],
  ["AWS tag filter format", { metrics: { hostTags: ["monitored"] } }, "environments.prod.metrics.hostTags[0]", "value/aws-tag-filter", /"key:value"/],
  ["forwarder ARN format", { logs: { lambdaForwarderArns: ["DatadogForwarder"] } }, "environments.prod.logs.lambdaForwarderArns[0]", "value/lambda-arn", /full ARN/],
  [
    "forwarder in another partition",
    { awsRegion: "us-gov-west-1", datadogSite: "ddog-gov.com", logs: { lambdaForwarderArns: ["arn:aws:lambda:us-east-1:123456789012:function:F"] } },
    "environments.prod.logs.lambdaForwarderArns[0]",
    "combination/forwarder-partition",
    /arn:aws-us-gov:lambda/,
  ],
  ["region of another partition", { regions: ["us-east-1", "cn-north-1"] }, "environments.prod.regions[1]", "combination/region-partition", /only aws regions/],
  ["externalId missing in split duty", { manageDatadogIntegration: false }, "environments.prod.externalId", "combination/external-id-required", /copy the External ID/],
  ["externalId while Datadog generates one", { externalId: "abcdef0123456789" }, "environments.prod.externalId", "combination/external-id-unused", /remove externalId/],
  [
    "live permissions without the Datadog provider",
    { manageDatadogIntegration: false, externalId: "abcdef0123456789", permissions: "live" },
    "environments.prod.permissions",
    "combination/live-permissions-unmanaged",
    /use "pinned"/,
  ],
  ["unknown key", { regoins: "all" }, "environments.prod.regoins", "value/unknown-key", /did you mean "regions"/],
  ["key with two letters swapped", { cpsm: true }, "environments.prod.cpsm", "value/unknown-key", /did you mean "cspm"/],
  ["unknown nested key", { metrics: { hostTag: [] } }, "environments.prod.metrics.hostTag", "value/unknown-key", /did you mean "hostTags"/],
  ["wrong type", { resourceCollection: "yes" }, "environments.prod.resourceCollection", "value/wrong-type", /true or false/],
  ["unknown auth type", { auth: { type: "keys" } }, "environments.prod.auth.type", "value/unknown-variant", /"role" or "accessKeys"/],
  ["assume-role ARN that is a user", { awsAssumeRoleArn: "arn:aws:iam::123456789012:user/deploy" }, "environments.prod.awsAssumeRoleArn", "value/iam-role-arn", /not an IAM role ARN/],
  [
    "assume-role ARN in the wrong partition",
    { awsAssumeRoleArn: "arn:aws-cn:iam::123456789012:role/deploy" },
    "environments.prod.awsAssumeRoleArn",
    "combination/assume-role-partition",
    /"arn:aws:iam::"/,
  ],
  [
    "import ID that is an account ID",
    { import: { datadogAccountConfigId: "123456789012" } },
    "environments.prod.import.datadogAccountConfigId",
    "value/datadog-config-id",
    /AWS account ID, but Datadog imports by its own config ID/,
  ],
  ["imported role under another name", { import: { iamRole: "datadog-integration" } }, "environments.prod.import.iamRole", "combination/import-name-mismatch", /set auth.roleName/],
  [
    "log tag filter that is not key:value",
    { logs: { sources: ["s3"], tagFilters: [{ source: "s3", tags: ["env=prod"] }] } },
    "environments.prod.logs.tagFilters[0].tags[0]",
    "value/aws-tag-filter",
    /"env=prod" is not an AWS tag filter; write "key:value"/,
  ],
  [
    "log tag filter for a source not collected",
    { logs: { sources: ["s3", "lambda"], tagFilters: [{ source: "cloudtrail", tags: ["env:prod"] }] } },
    "environments.prod.logs.tagFilters[0].source",
    "combination/log-tag-filter-source",
    /"cloudtrail" is not a log source this integration collects.*it collects "s3", "lambda": add "cloudtrail" to logs.sources, or remove this filter/,
  ],
  [
    "log tag filter when no source is collected",
    { logs: { tagFilters: [{ source: "s3", tags: ["env:prod"] }] } },
    "environments.prod.logs.tagFilters[0].source",
    "combination/log-tag-filter-source",
    /it collects none \(logs.sources is empty\)/,
  ],
  [
    "two log tag filters for one source",
    {
      logs: {
        sources: ["s3"],
        tagFilters: [
          { source: "s3", tags: ["env:prod"] },
          { source: "s3", tags: ["team:a"] },
        ],
      },
    },
    "environments.prod.logs.tagFilters[1].source",
    "combination/log-tag-filter-twice",
    /"s3" already has tag filters in logs.tagFilters\[0\]; give each source one filter/,
  ],
  ["log tag filter without tags", { logs: { sources: ["s3"], tagFilters: [{ source: "s3", tags: [] }] } }, "environments.prod.logs.tagFilters[0].tags", "value/empty", /at least 1/],
  ["key variable Terraform cannot read", { datadogApiKeyEnv: "PROD_DD_KEY" }, "environments.prod.datadogApiKeyEnv", "value/key-variable", /TF_VAR_prod_dd_key/],
];

/** The error tables of docs/errors.md, as `npm run schema` writes them. */
const ERROR_TABLE = renderErrorCodes();

describe.each(CASES)("%s", (_name, env, where, code, words) => {
  test(`is reported at ${where} as ${code}`, () => {
    const error = refusalOf(() => resolveConfig(configWith(env, undefined, "prod"), "test.config.json"));
    const issue = issueAt(error.issues, where);
    expect(issue.code).toBe(code);
    expect(issue.message).toMatch(words);
    // What the user reads: a line naming the environment's field, ending in a code the error table explains.
    expect(error.message.split("\n")).toContain(`  - ${where}: ${issue.message} [${code}]`);
    expect(ERROR_TABLE).toContain(`| \`${code}\` |`);
  });
});

test("a value inherited from defaults is reported once, at defaults", () => {
  const issues = issuesOf({ defaults: { datadogSite: "eu" }, environments: { a: { awsAccountId: "123456789012" }, b: { awsAccountId: "210987654321" } } });
  expect(issues).toEqual([{ code: "value/not-allowed", path: "defaults.datadogSite", message: expect.stringContaining('"eu" is not allowed') }]);
});

test("every problem in one run, across environments", () => {
  const issues = issuesOf({
    environments: { a: { awsAccountId: "1-2", cspm: true, resourceCollection: false }, b: { awsAccountId: "123456789012", tags: ["!"] } },
  });
  expect(issues.map(({ path, code }) => [path, code])).toEqual([
    ["environments.a.awsAccountId", "value/aws-account-id"],
    ["environments.a.cspm", "combination/cspm-without-resource-collection"],
    ["environments.b.tags[0]", "value/datadog-tag"],
  ]);
});

test("empty or missing environments, names that cannot be stack names", () => {
  expect(issuesOf({ environments: {} })).toEqual([{ code: "config/no-environments", path: "environments", message: expect.stringContaining('add at least one, e.g. "prod"') }]);
  expect(issuesOf({})).toEqual([{ code: "value/required", path: "environments", message: expect.stringMatching(/^is required but missing; add it/) }]);
  expect(issuesOf({ environments: { "prod env": { awsAccountId: "123456789012" } } })).toEqual([
    { code: "config/stack-name", path: "environments.prod env", message: expect.stringMatching(/^environment name "prod env" cannot be a stack name.*a letter followed by/) },
  ]);
  expect(issueAt(issuesOf({ defaults: { awsAccountId: "123456789012" }, environments: { a: {} } }), "defaults.awsAccountId")).toEqual({
    code: "config/account-id-in-defaults",
    path: "defaults.awsAccountId",
    message: expect.stringContaining("move it into each environment"),
  });
});

test("two environments on one state key", () => {
  const s3 = { type: "s3", bucket: "tf-state", key: "datadog.tfstate" };
  const issues = issuesOf({ environments: { a: { awsAccountId: "123456789012", backend: s3 }, b: { awsAccountId: "210987654321", backend: s3 } } });
  expect(issues).toEqual([
    { code: "config/shared-state", path: "environments.b.backend", message: expect.stringMatching(/s3:\/\/tf-state\/datadog\.tfstate, the same place as environment "a".*its own "key"/) },
  ]);
});

describe("the construct validates its props the same way", () => {
  test("bad props throw with every problem, naming the construct path", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const e = refusalOf(() => new DatadogAwsIntegration(stack, "dd", { awsAccountId: "1234-5678-9012", cspm: true, resourceCollection: false }));
    expect(e.code).toBe("construct/invalid-props");
    expect(e.message).toMatch(
      /^Invalid DatadogAwsIntegration props at s\/dd:\n {2}- awsAccountId: .*"123456789012".* \[[a-z]+\/[a-z-]+\]\n {2}- cspm: CSPM needs resource collection.* \[[a-z]+\/[a-z-]+\]$/,
    );
    expect(e.issues.map((i) => i.path ?? i.message.split(":")[0])).toEqual(["awsAccountId", "cspm"]);
  });

  test("settings the config loader validated are validated again once changed, reused or passed by hand", () => {
    const bad = { awsAccountId: "1234-5678-9012", cspm: true, resourceCollection: false };
    const handWritten = refusalOf(() => new DatadogAwsIntegration(new TerraformStack(Testing.app(), "s"), "dd", bad));
    const expectSameRefusal = (e: ReturnType<typeof refusalOf>, at: string) => {
      expect(e.code).toBe("construct/invalid-props");
      expect(e.message).toBe(handWritten.message.replace("at s/dd:", `at ${at}:`));
      expect(e.issues).toEqual(handWritten.issues);
    };
    const [prod] = resolveConfig(configWith({}, undefined, "prod"), "test.config.json");
    // The settings the stack handed its construct, taken by a library user, made bad and reused.
    const reused = { ...new DatadogAwsStack(Testing.app(), "prod", { environment: prod.config }).integration.config, ...bad };
    expectSameRefusal(
      refusalOf(() => new DatadogAwsIntegration(new TerraformStack(Testing.app(), "s"), "dd", reused)),
      "s/dd",
    );
    // The same object, unchanged, in a second construct: validated (and accepted) again, not waved through twice.
    const handedOver = new DatadogAwsStack(Testing.app(), "prod", { environment: prod.config }).integration.config;
    Object.assign(handedOver, bad);
    expectSameRefusal(
      refusalOf(() => new DatadogAwsIntegration(new TerraformStack(Testing.app(), "s"), "dd", handedOver)),
      "s/dd",
    );
    // A loaded environment changed after loading.
    Object.assign(prod.config, bad);
    expectSameRefusal(
      refusalOf(() => new DatadogAwsStack(Testing.app(), "changed", { environment: prod.config })),
      "changed/datadog",
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
  const issues = issuesOf({
    defaults: { awsAssumeRoleSessionName: "pipeline" },
    environments: {
      a: { awsAccountId: "123456789012", awsAssumeRoleArn: "arn:aws:iam::123456789012:role/Deploy" },
      b: { awsAccountId: "210987654321" },
    },
  });
  expect(issues).toEqual([
    {
      code: "combination/assume-role-without-arn",
      path: "environments.b.awsAssumeRoleSessionName",
      message: expect.stringMatching(/^is set without awsAssumeRoleArn.*inherited from defaults; override it here/),
    },
  ]);
});

describe("Datadog key variables", () => {
  test("one variable for both keys is refused", () => {
    expect(one({ datadogApiKeyEnv: "TF_VAR_dd_key", datadogAppKeyEnv: "TF_VAR_dd_key" })).toEqual([
      { code: "combination/same-key-variable", path: "environments.prod.datadogAppKeyEnv", message: expect.stringMatching(/TF_VAR_dd_key.*give each its own variable/) },
    ]);
  });

  test("the access-key variables cannot double as Datadog key variables", () => {
    const issues = one({ awsRegion: "cn-north-1", auth: { type: "accessKeys", accessKey: "variables" }, datadogApiKeyEnv: "TF_VAR_datadog_aws_secret_access_key" });
    expect(issues).toEqual([
      {
        code: "combination/reserved-key-variable",
        path: "environments.prod.datadogApiKeyEnv",
        message: expect.stringMatching(/"TF_VAR_datadog_aws_secret_access_key" .*carries the AWS access key.*"TF_VAR_dd_api_key"/),
      },
    ]);
  });

  test("a pasted key is never repeated in the message", () => {
    const key = "0123456789abcdef0123456789abcdef";
    const e = refusalOf(() => resolveConfig(configWith({ datadogApiKeyEnv: key }, undefined, "prod"), "test.config.json"));
    expect(e.issues).toEqual([{ code: "value/key-variable", path: "environments.prod.datadogApiKeyEnv", message: expect.stringMatching(/^is not the name of an environment variable/) }]);
    expect(e.message).not.toContain(key);
  });
});

test("two spellings of one local state file are one state", () => {
  const issues = issuesOf({
    environments: { a: { awsAccountId: "123456789012", backend: { type: "local", path: "a.tfstate" } }, b: { awsAccountId: "210987654321", backend: { type: "local", path: "./a.tfstate" } } },
  });
  expect(issues).toEqual([{ code: "config/shared-state", path: "environments.b.backend", message: expect.stringMatching(/^keeps its state at local:a\.tfstate.*its own "path"/) }]);
});

test("the construct refuses a region known only at plan time: it decides whom the role trusts", () => {
  const stack = new TerraformStack(Testing.app(), "s");
  const me = new DataAwsCallerIdentity(stack, "me");
  expect(() => new DatadogAwsIntegration(stack, "dd", { awsAccountId: "123456789012", awsRegion: me.id })).toThrow(/awsRegion: must be a literal region/);
});
