/**
 * metricStreams: the checks that refuse it where it cannot work (coded, naming environment and
 * field), the regions it defaults to, and what the construct synthesizes per region.
 */
import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { resolveConfig } from "../../lib/config/load-config";
import { DatadogAwsIntegration } from "../../lib/constructs/datadog-aws-integration";
import type { DatadogAwsIntegrationConfig } from "../../lib/constructs/integration-config";
import { metricStreamRegions } from "../../lib/constructs/private/metric-streams";
import { issueAt, issuesOf } from "../support/config-issues";

const ACCOUNT = "123456789012";
const KEY = { source: "variable" } as const;
const prod = (fields: Record<string, unknown>) => ({ environments: { prod: { awsAccountId: ACCOUNT, ...fields } } });
type Json = Record<string, any>;

describe("metricStreams is refused where it cannot work", () => {
  it("without a key source", () => {
    const i = issueAt(issuesOf(prod({ metricStreams: {} })), "environments.prod.firehoseApiKey");
    expect(i.code).toBe("delivery/api-key-missing");
    expect(i.message).toMatch(/"source": "secretsManager"/);
  });
  it("with a region of another partition, and an unknown region", () => {
    const issues = issuesOf(prod({ firehoseApiKey: KEY, metricStreams: { regions: ["eu-west-1", "us-gov-east-1", "eu-wset-1"] } }));
    expect(issueAt(issues, "environments.prod.metricStreams.regions[1]")).toMatchObject({
      code: "delivery/region-partition",
      message: expect.stringMatching(/aws-us-gov, but this account is in aws/),
    });
    expect(issueAt(issues, "environments.prod.metricStreams.regions[2]").code).toBe("value/unknown-region");
  });
  it("in China, where Datadog has no intake", () => {
    const i = issueAt(issuesOf(prod({ awsRegion: "cn-north-1", auth: { type: "accessKeys" }, firehoseApiKey: KEY, metricStreams: {} })), "environments.prod.metricStreams");
    expect(i.code).toBe("delivery/partition");
  });
  it("from GovCloud to a commercial site", () => {
    const i = issueAt(
      issuesOf(prod({ awsRegion: "us-gov-west-1", datadogSite: "datadoghq.eu", auth: { type: "accessKeys" }, firehoseApiKey: KEY, metricStreams: {} })),
      "environments.prod.metricStreams",
    );
    expect(i).toMatchObject({ code: "delivery/site", message: expect.stringMatching(/"ddog-gov.com", "us2.ddog-gov.com"/) });
  });
  it("with both namespace lists, or a namespace Datadog does not know", () => {
    const issues = issuesOf(prod({ firehoseApiKey: KEY, metricStreams: { namespaces: { includeOnly: ["AWS/EC"], excludeOnly: ["AWS/S3"] } } }));
    expect(issueAt(issues, "environments.prod.metricStreams.namespaces").code).toBe("delivery/include-and-exclude");
    expect(issueAt(issues, "environments.prod.metricStreams.namespaces.includeOnly[0]")).toMatchObject({
      code: "value/not-in-datadog-list",
      message: expect.stringMatching(/did you mean "AWS\/EC2"/),
    });
  });
  it("accepts a namespace newer than the list when metrics.newNamespaces has it", () => {
    expect(() => resolveConfig(prod({ firehoseApiKey: KEY, metrics: { newNamespaces: ["MyApp"] }, metricStreams: { namespaces: { includeOnly: ["MyApp"] } } }), "c.json")).not.toThrow();
  });
});

describe("metric stream regions", () => {
  const streams = { includeLinkedAccounts: false, namePrefix: "datadog" };
  it("are the integration's regions, or awsRegion when those are all, unless listed", () => {
    expect(metricStreamRegions({ regions: ["eu-west-1", "us-east-2"], awsRegion: "us-east-1" }, streams)).toEqual(["eu-west-1", "us-east-2"]);
    expect(metricStreamRegions({ regions: "all", awsRegion: "eu-central-1" }, streams)).toEqual(["eu-central-1"]);
    expect(metricStreamRegions({ regions: "all", awsRegion: "eu-central-1" }, { ...streams, regions: ["ap-south-1"] })).toEqual(["ap-south-1"]);
  });
});

function synth(props: Partial<DatadogAwsIntegrationConfig>): Json {
  const stack = new TerraformStack(Testing.app(), "s");
  new AwsProvider(stack, "aws", { region: "us-east-1", allowedAccountIds: [ACCOUNT] });
  new DatadogAwsIntegration(stack, "datadog", { awsAccountId: ACCOUNT, manageDatadogIntegration: false, externalId: "8b6a1f0c2d3e4f5a6b7c8d9e0f1a2b3c", permissions: "pinned", ...props });
  return JSON.parse(Testing.synth(stack));
}

describe("the construct with metricStreams", () => {
  it("makes, per region, a metric stream as Datadog's template into its own Firehose, with a role that puts only there", () => {
    const out = synth({ regions: ["us-east-1", "eu-west-1", "ap-southeast-2"], firehoseApiKey: KEY, metricStreams: { namespaces: { excludeOnly: ["AWS/Lambda"] } } });
    const streams = out.resource.aws_cloudwatch_metric_stream;
    expect(Object.keys(streams).sort()).toEqual(["datadog_metrics_ap_southeast_2_metric_stream", "datadog_metrics_eu_west_1_metric_stream", "datadog_metrics_us_east_1_metric_stream"]);
    const s = streams.datadog_metrics_eu_west_1_metric_stream;
    expect(s).toMatchObject({ provider: "aws.datadog_eu_west_1", name: "datadog-metric-stream", output_format: "opentelemetry1.0", exclude_filter: [{ namespace: "AWS/Lambda" }] });
    expect(s.firehose_arn).toBe("${aws_kinesis_firehose_delivery_stream.datadog_metrics_eu_west_1_firehose.arn}");
    // The template's percentiles, less those of the namespace left out.
    const namespaces = s.statistics_configuration.flatMap((c: Json) => c.include_metric.map((m: Json) => m.namespace));
    expect(namespaces).toContain("AWS/ApplicationELB");
    expect(namespaces).not.toContain("AWS/Lambda");
    const policy = out.resource.aws_iam_role_policy.datadog_metrics_eu_west_1_stream_role_policy.policy;
    expect(policy).toContain('"Resource" = [aws_kinesis_firehose_delivery_stream.datadog_metrics_eu_west_1_firehose.arn]');
    expect(policy).not.toContain("us_east_1");
    expect(out.resource.aws_iam_role.datadog_metrics_eu_west_1_stream_role.name).toBe("datadog-metric-stream-eu-west-1");
    expect(out.provider.aws.map((p: Json) => p.alias ?? "(default)").sort()).toEqual(["(default)", "datadog_ap_southeast_2", "datadog_eu_west_1", "datadog_us_east_1"]);
  });

  it("streams only the namespaces included, and keeps the template's statistics for those alone", () => {
    const s = synth({ firehoseApiKey: KEY, metricStreams: { namespaces: { includeOnly: ["AWS/EC2"] } } }).resource.aws_cloudwatch_metric_stream.datadog_metrics_us_east_1_metric_stream;
    expect(s.include_filter).toEqual([{ namespace: "AWS/EC2" }]);
    expect(s.statistics_configuration).toBeUndefined();
  });

  it("adds nothing without metricStreams: no alias, no variable", () => {
    const out = synth({ firehoseApiKey: KEY });
    expect(out.provider.aws).toHaveLength(1);
    expect(out.variable).toBeUndefined();
    expect(out.resource.aws_cloudwatch_metric_stream).toBeUndefined();
  });

  it("never writes a key: a sensitive variable, or the secret's ARN", () => {
    const withVariable = synth({ firehoseApiKey: KEY, metricStreams: {} });
    expect(withVariable.variable.datadog_firehose_api_key).toMatchObject({ sensitive: true, type: "string" });
    expect(withVariable.resource.aws_kinesis_firehose_delivery_stream.datadog_metrics_us_east_1_firehose.http_endpoint_configuration.access_key).toBe("${var.datadog_firehose_api_key}");
    expect(JSON.stringify(withVariable.variable.datadog_firehose_api_key)).not.toMatch(/default/);
    const withSecret = synth({ firehoseApiKey: { source: "secretsManager", secretName: "dd/key" }, metricStreams: {} });
    expect(JSON.stringify(withSecret)).not.toMatch(/access_key/);
    expect(withSecret.terraform.required_providers.aws.version).toBe(">= 5.59.0, < 7.0");
  });
});
