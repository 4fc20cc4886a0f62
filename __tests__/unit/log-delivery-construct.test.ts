/**
 * What log delivery synthesizes per region: the CloudWatch Logs role (trust and policy), the
 * account policy (never subscribing Firehose's error log groups) or one filter per log group,
 * on the region's provider alias; the provider range it declares; the deployer policy's
 * statements for it; and nothing secret in the output.
 */
import { synthConfig, TerraformJson } from "../support/synth";
import { deployerPolicy } from "../../lib/stack/deployer-policy";
import { logGroupKey, selectionCriteria } from "../../lib/constructs/private/log-subscriptions";

type Json = Record<string, any>;
const ACCOUNT = "123456789012";
const env = (logDelivery: Json, over: Json = {}) => ({
  environments: { prod: { awsAccountId: ACCOUNT, permissions: "pinned", regions: ["eu-west-1", "us-east-1"], firehoseApiKey: { source: "variable" }, logDelivery, ...over } },
});
const synth = (logDelivery: Json, over: Json = {}): TerraformJson => synthConfig(env(logDelivery, over)).prod;

describe("per region", () => {
  const out = synth({ logGroups: ["/aws/lambda/checkout"], byRegion: { "us-east-1": { accountLevel: { excludeLogGroups: ["/noisy"] } } }, filterPattern: "ERROR" });
  const r = out.resource as Json;

  test("a role CloudWatch Logs assumes for this account's log groups of its region only, putting into its stream only", () => {
    const role = r.aws_iam_role.datadog_logs_eu_west_1_subscription_role;
    expect(role.name).toBe("datadog-logs-subscription-eu-west-1");
    expect(role.provider).toBe("aws.datadog_eu_west_1");
    // The documents are jsonencode() expressions: asserted as text.
    expect(role.assume_role_policy).toContain('"Service" = "logs.amazonaws.com"');
    expect(role.assume_role_policy).toContain(`"aws:SourceArn" = "arn:aws:logs:eu-west-1:${ACCOUNT}:*"`);
    expect(role.assume_role_policy).toContain(`"aws:SourceAccount" = "${ACCOUNT}"`);
    const policy = r.aws_iam_role_policy.datadog_logs_eu_west_1_subscription_role_policy;
    expect(policy.policy).toContain('"firehose:PutRecord", "firehose:PutRecordBatch"');
    expect(policy.policy).toContain("aws_kinesis_firehose_delivery_stream.datadog_logs_eu_west_1_firehose.arn");
    expect(role.tags).toEqual({ "managed-by": "datadog-aws-cdktf" });
  });

  test("named log groups: one filter each, to the region's stream, with the pattern given", () => {
    const key = logGroupKey("/aws/lambda/checkout");
    expect(Object.keys(r.aws_cloudwatch_log_subscription_filter)).toEqual([`datadog_logs_eu_west_1_subscription_${key}`]);
    const filter = r.aws_cloudwatch_log_subscription_filter[`datadog_logs_eu_west_1_subscription_${key}`];
    expect(filter).toMatchObject({
      name: "datadog-logs-to-datadog",
      log_group_name: "/aws/lambda/checkout",
      filter_pattern: "ERROR",
      destination_arn: "${aws_kinesis_firehose_delivery_stream.datadog_logs_eu_west_1_firehose.arn}",
      role_arn: "${aws_iam_role.datadog_logs_eu_west_1_subscription_role.arn}",
      provider: "aws.datadog_eu_west_1",
    });
    expect(filter.depends_on).toEqual(["aws_iam_role_policy.datadog_logs_eu_west_1_subscription_role_policy", "aws_kinesis_firehose_delivery_stream.datadog_logs_eu_west_1_firehose"]);
  });

  test("the whole account: one account policy, as Datadog's template, leaving out Firehose's error log groups and the ones given", () => {
    const policy = r.aws_cloudwatch_log_account_policy.datadog_logs_us_east_1_account_policy;
    expect(policy).toMatchObject({ policy_name: "datadog-logs-to-datadog", policy_type: "SUBSCRIPTION_FILTER_POLICY", scope: "ALL", provider: "aws.datadog_us_east_1" });
    expect(policy.selection_criteria).toBe('LogGroupName NOT IN ["/aws/kinesisfirehose/datadog-logs-delivery","/aws/kinesisfirehose/datadog-metrics-delivery","/noisy"]');
    expect(policy.policy_document).toContain('"FilterPattern" = "ERROR", "Distribution" = "Random"');
    expect(policy.policy_document).toContain('"RoleArn" = aws_iam_role.datadog_logs_us_east_1_subscription_role.arn');
  });

  test("the account policy raises the AWS provider's floor to 5.58.0", () => {
    expect((out.terraform as Json).required_providers.aws.version).toBe(">= 5.58.0, < 7.0");
    const namedOnly = synth({ logGroups: ["/a"] });
    expect((namedOnly.terraform as Json).required_providers.aws.version).toBe(">= 5.0, < 7.0");
  });

  test("the key is never in the output: a sensitive variable", () => {
    const http = r.aws_kinesis_firehose_delivery_stream.datadog_logs_eu_west_1_firehose.http_endpoint_configuration;
    expect(http.access_key).toBe("${var.datadog_firehose_api_key}");
    expect(http.url).toBe("https://aws-kinesis-http-intake.logs.datadoghq.com/v1/input");
    expect((out.variable as Json).datadog_firehose_api_key.sensitive).toBe(true);
  });
});

test("selection criteria name each log group once, quoted as JSON", () => {
  expect(selectionCriteria(["/a", 'we"ird', "/a"])).toBe('LogGroupName NOT IN ["/a","we\\"ird"]');
});

test("a log group's Terraform name stays with it when the list is reordered", () => {
  const a = synth({ logGroups: ["/aws/lambda/a", "/ecs/b"] }).resource as Json;
  const b = synth({ logGroups: ["/ecs/b", "/aws/lambda/a"] }).resource as Json;
  expect(Object.keys(a.aws_cloudwatch_log_subscription_filter).sort()).toEqual(Object.keys(b.aws_cloudwatch_log_subscription_filter).sort());
  expect(logGroupKey("/a.b")).not.toBe(logGroupKey("/a_b"));
});

test("the deployer policy: filters on their log groups, the account policy in its regions only, the role passed to CloudWatch Logs only", () => {
  const policy = deployerPolicy(synth({ logGroups: ["/aws/lambda/checkout"], byRegion: { "us-east-1": { accountLevel: {} } } }) as never);
  const bySid = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));
  expect(bySid.WriteLogSubscriptionFilters.Resource).toEqual([
    `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/checkout`,
    `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/checkout:*`,
    `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:*`,
  ]);
  expect(bySid.WriteLogAccountPolicies).toMatchObject({ Resource: ["*"], Condition: { StringEquals: { "aws:RequestedRegion": ["us-east-1"] } } });
  expect(bySid.PassLogSubscriptionRoles).toEqual({
    Sid: "PassLogSubscriptionRoles",
    Effect: "Allow",
    Action: ["iam:PassRole"],
    Resource: [`arn:aws:iam::${ACCOUNT}:role/datadog-logs-subscription-eu-west-1`, `arn:aws:iam::${ACCOUNT}:role/datadog-logs-subscription-us-east-1`],
    Condition: { StringEquals: { "iam:PassedToService": ["logs.amazonaws.com"] } },
  });
});

test("without logDelivery, none of it", () => {
  const r = synth(undefined as never).resource as Json;
  expect([r.aws_cloudwatch_log_subscription_filter, r.aws_cloudwatch_log_account_policy, r.aws_kinesis_firehose_delivery_stream]).toEqual([undefined, undefined, undefined]);
});
