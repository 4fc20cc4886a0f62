/**
 * The delivery part (lib/constructs/private/firehose-delivery.ts) and the regional provider
 * aliases it is created with: what one region's delivery synthesizes, per key source and kind.
 */
import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { FirehoseDelivery } from "../../lib/constructs/private/firehose-delivery";
import { IntegrationNaming } from "../../lib/constructs/private/naming";
import { regionalAwsProvider } from "../../lib/constructs/private/regional-providers";
import type { ResolvedFirehoseApiKey } from "../../lib/config/resolved";
import { findDatadogSite } from "../../lib/facts/sites";
import { ConfigError } from "../../lib/errors";

const ACCOUNT = "123456789012";
type Json = Record<string, any>;

function synth(apiKey: ResolvedFirehoseApiKey, kind: "metrics" | "logs" = "metrics", region = "eu-west-1", namePrefix = "datadog"): Json {
  const stack = new TerraformStack(Testing.app(), "s");
  new AwsProvider(stack, "aws", { region: "us-east-1", allowedAccountIds: [ACCOUNT], profile: "prod", assumeRole: [{ roleArn: `arn:aws:iam::${ACCOUNT}:role/deploy` }] });
  const naming = new IntegrationNaming("datadog");
  const provider = regionalAwsProvider(stack, naming, undefined, region);
  new FirehoseDelivery(stack, `${kind}-${region}`, {
    provider,
    region,
    partition: "aws",
    accountId: ACCOUNT,
    site: findDatadogSite("datadoghq.eu")!,
    kind,
    apiKey,
    namePrefix,
    naming,
    tags: { team: "platform" },
  });
  return JSON.parse(Testing.synth(stack));
}

describe("regional provider aliases", () => {
  it("copy the main provider's account guard, profile and role, with their own region and alias", () => {
    const out = synth({ source: "variable" });
    const aliased = out.provider.aws.find((p: Json) => p.alias === "datadog_eu_west_1");
    expect(aliased).toEqual({ alias: "datadog_eu_west_1", region: "eu-west-1", allowed_account_ids: [ACCOUNT], profile: "prod", assume_role: [{ role_arn: `arn:aws:iam::${ACCOUNT}:role/deploy` }] });
  });
});

describe("FirehoseDelivery", () => {
  it("delivers metrics to the site's metrics intake with the template's settings, failed records to its own bucket", () => {
    const r = synth({ source: "variable" }).resource;
    const stream = r.aws_kinesis_firehose_delivery_stream.datadog_metrics_eu_west_1_firehose;
    expect(stream.provider).toBe("aws.datadog_eu_west_1");
    expect(stream.name).toBe("datadog-metrics-delivery");
    const http = stream.http_endpoint_configuration;
    expect(http.url).toBe("https://awsmetrics-intake.datadoghq.eu/api/v2/awsmetrics?dd-protocol=aws-kinesis-firehose");
    expect([http.buffering_size, http.buffering_interval, http.retry_duration, http.s3_backup_mode]).toEqual([4, 60, 60, "FailedDataOnly"]);
    expect(http.access_key).toBe("${var.datadog_firehose_api_key}");
    expect(http.secrets_manager_configuration).toBeUndefined();
    expect(http.s3_configuration.bucket_arn).toBe("${aws_s3_bucket.datadog_metrics_eu_west_1_failed_bucket.arn}");
    expect(r.aws_s3_bucket.datadog_metrics_eu_west_1_failed_bucket.bucket).toBe(`datadog-metrics-failed-${ACCOUNT}-eu-west-1`);
    expect(r.aws_s3_bucket_public_access_block.datadog_metrics_eu_west_1_failed_bucket_public_access).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(r.aws_s3_bucket_lifecycle_configuration.datadog_metrics_eu_west_1_failed_bucket_lifecycle.rule[0].expiration).toEqual([{ days: 30 }]);
    expect(r.aws_cloudwatch_log_group.datadog_metrics_eu_west_1_error_log_group.name).toBe("/aws/kinesisfirehose/datadog-metrics-delivery");
    for (const type of ["aws_kinesis_firehose_delivery_stream", "aws_s3_bucket", "aws_iam_role", "aws_cloudwatch_log_group"]) {
      for (const res of Object.values(r[type]) as Json[]) expect(res.tags).toEqual({ team: "platform" });
    }
  });

  it("reads the key from the named secret of its region, so no key is in the configuration", () => {
    const out = synth({ source: "secretsManager", secretName: "datadog/api-key" });
    const http = out.resource.aws_kinesis_firehose_delivery_stream.datadog_metrics_eu_west_1_firehose.http_endpoint_configuration;
    expect(http.access_key).toBeUndefined();
    expect(http.secrets_manager_configuration).toEqual({
      enabled: true,
      secret_arn: "${data.aws_secretsmanager_secret.datadog_metrics_eu_west_1_api_key_secret.arn}",
      role_arn: "${aws_iam_role.datadog_metrics_eu_west_1_firehose_role.arn}",
    });
    expect(out.data.aws_secretsmanager_secret.datadog_metrics_eu_west_1_api_key_secret).toMatchObject({ name: "datadog/api-key", provider: "aws.datadog_eu_west_1" });
    expect(out.variable).toBeUndefined();
    const policy = out.resource.aws_iam_role_policy.datadog_metrics_eu_west_1_firehose_role_policy.policy;
    expect(policy).toContain("secretsmanager:GetSecretValue");
  });

  it("gzips logs to the site's logs intake, and keeps their failed records by region", () => {
    const http = synth({ source: "variable" }, "logs").resource.aws_kinesis_firehose_delivery_stream.datadog_logs_eu_west_1_firehose.http_endpoint_configuration;
    expect(http.url).toBe("https://aws-kinesis-http-intake.logs.datadoghq.eu/v1/input");
    expect(http.request_configuration).toEqual({ content_encoding: "GZIP" });
    expect(http.s3_configuration).toMatchObject({ compression_format: "UNCOMPRESSED", prefix: "eu-west-1/" });
  });

  it("refuses names longer than AWS allows", () => {
    expect(() => synth({ source: "variable" }, "metrics", "ap-southeast-4", "a-much-too-long-prefix")).toThrow(ConfigError);
    expect(() => synth({ source: "variable" }, "metrics", "ap-southeast-4", "a-much-too-long-prefix")).toThrow(/bucket name .* over AWS's 63/);
  });
});
