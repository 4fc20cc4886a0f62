/**
 * What `costs` adds to a stack (the Terraform names are a contract, as addresses.test.ts says),
 * in which order, with which providers and ranges; and that the construct refuses bad cost
 * props as the config file does.
 */
import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DatadogProvider } from "@cdktf/provider-datadog/lib/provider";
import { DatadogAwsIntegration } from "../../lib/constructs/datadog-aws-integration";
import { CodedError } from "../../lib/errors";
import { configWith, synthConfig, type TerraformJson } from "../support/synth";

type Json = Record<string, any>;
const NEW = { bucket: { name: "acme-billing-cur" } };
const EXISTING = { bucket: { name: "acme-billing", create: false }, export: { create: false, name: "acme-cur2", prefix: "cur/hourly" } };
const stackWith = (env: Json): TerraformJson => synthConfig(configWith({ permissions: "pinned", ...env })).test;
const costAddresses = (stack: TerraformJson) =>
  Object.entries(stack.resource as Record<string, Json>)
    .flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`))
    .filter((a) => /cost|ccm/.test(a))
    .sort();

test("a new bucket and export: every cost resource at its contract address", () => {
  expect(costAddresses(stackWith({ costs: NEW }))).toEqual([
    "aws_bcmdataexports_export.datadog_cost_export",
    "aws_iam_role_policy.datadog_cost_read",
    "aws_s3_bucket.datadog_cost_bucket",
    "aws_s3_bucket_ownership_controls.datadog_cost_bucket_ownership",
    "aws_s3_bucket_policy.datadog_cost_bucket_policy",
    "aws_s3_bucket_public_access_block.datadog_cost_bucket_public_access",
    "aws_s3_bucket_server_side_encryption_configuration.datadog_cost_bucket_encryption",
    "datadog_integration_aws_account_ccm_config.datadog_ccm_config",
  ]);
});

test("an existing export: only Datadog's read policy and the ccm config; the AWS range stays, the Datadog floor is 4.11.0", () => {
  const stack = stackWith({ costs: EXISTING });
  expect(costAddresses(stack)).toEqual(["aws_iam_role_policy.datadog_cost_read", "datadog_integration_aws_account_ccm_config.datadog_ccm_config"]);
  expect(stack.terraform!.required_providers).toEqual({
    aws: { source: "hashicorp/aws", version: ">= 5.0, < 7.0" },
    datadog: { source: "DataDog/datadog", version: ">= 4.11.0, < 5.0.0" },
  });
  expect(stack.resource!.datadog_integration_aws_account_ccm_config.datadog_ccm_config).toMatchObject({
    aws_account_config_id: "${datadog_integration_aws_account.datadog_integration.id}",
    ccm_config: { data_export_configs: [{ report_name: "acme-cur2", report_prefix: "cur/hourly", report_type: "CUR2.0", bucket_name: "acme-billing", bucket_region: "us-east-1" }] },
    depends_on: ["aws_iam_role_policy.datadog_cost_read"],
  });
});

test("without costs: nothing of it, and the ranges every stack has", () => {
  const stack = stackWith({});
  expect(costAddresses(stack)).toEqual([]);
  expect(stack.terraform!.required_providers.datadog.version).toBe(">= 3.82.0, < 5.0.0");
});

test("the export waits for the bucket policy, Datadog for the export and the read policy; the export is made in us-east-1 whatever the stack's region", () => {
  const stack = stackWith({ awsRegion: "eu-west-1", costs: NEW });
  const r = stack.resource as Record<string, Json>;
  expect(r.aws_bcmdataexports_export.datadog_cost_export.depends_on).toEqual(["aws_s3_bucket_policy.datadog_cost_bucket_policy"]);
  expect(r.datadog_integration_aws_account_ccm_config.datadog_ccm_config.depends_on).toEqual(["aws_bcmdataexports_export.datadog_cost_export", "aws_iam_role_policy.datadog_cost_read"]);
  expect(r.aws_bcmdataexports_export.datadog_cost_export.provider).toBe("aws.datadog_us_east_1");
  expect(r.aws_s3_bucket.datadog_cost_bucket.provider).toBeUndefined();
  expect((stack.provider!.aws as Json[]).find((p) => p.alias === "datadog_us_east_1")).toEqual({ alias: "datadog_us_east_1", region: "us-east-1", allowed_account_ids: ["123456789012"] });
  expect(stack.terraform!.required_providers.aws.version).toBe(">= 5.48.0, < 7.0");
  // In us-east-1 the stack's own provider makes the export: no alias.
  const east = stackWith({ costs: NEW });
  expect((east.provider!.aws as Json[]).map((p) => p.alias)).toEqual([undefined]);
});

test("the bucket policy: only AWS Data Exports of this account writes, only under the prefix, over TLS", () => {
  const policy = JSON.parse((stackWith({ costs: NEW }).resource as Record<string, Json>).aws_s3_bucket_policy.datadog_cost_bucket_policy.policy);
  expect(policy.Statement[0]).toEqual({
    Sid: "DataExportsWritesReports",
    Effect: "Allow",
    Principal: { Service: "bcm-data-exports.amazonaws.com" },
    Action: ["s3:PutObject", "s3:GetBucketPolicy"],
    Resource: ["arn:aws:s3:::acme-billing-cur", "arn:aws:s3:::acme-billing-cur/datadog-ccm/*"],
    Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:bcm-data-exports:us-east-1:123456789012:export/*" } },
  });
  expect(policy.Statement[1]).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
});

test("the construct refuses bad cost props as the config file does, with the same codes", () => {
  const stack = new TerraformStack(Testing.app(), "lib");
  new AwsProvider(stack, "aws", { region: "us-east-1", allowedAccountIds: ["123456789012"] });
  new DatadogProvider(stack, "dd", {});
  let error: unknown;
  try {
    new DatadogAwsIntegration(stack, "payer", { awsAccountId: "123456789012", costs: { bucket: { name: "Acme_Billing", region: "cn-north-1" }, export: { name: "cost report" } } });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CodedError);
  expect((error as CodedError).issues.map((i) => i.code).sort()).toEqual(["costs/bucket-name", "costs/bucket-partition", "costs/export-name"]);
});
