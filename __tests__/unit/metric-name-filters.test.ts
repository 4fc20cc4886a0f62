/**
 * metrics.metricNameFilters: what the stack writes (the block in the JSON and the HCL
 * rendering, in the order Datadog keeps it, and the provider range it needs), that a stack
 * without filters writes neither, and each refusal with its code, field and fix, the pinned
 * provider range's included.
 */
import { Testing } from "cdktf";
import { resolveConfig } from "../../lib/config/load-config";
import { DatadogAwsStack } from "../../lib/stack/environment-stack";
import { DatadogAwsIntegration } from "../../lib/constructs/datadog-aws-integration";
import type { ErrorCode } from "../../lib/errors";
import { issueAt, issuesOf, refusalOf } from "../support/config-issues";
import { configWith, synthConfig, synthOne, TerraformJson } from "../support/synth";

const account = (stack: TerraformJson) => stack.resource!.datadog_integration_aws_account.datadog_integration;
const FILTERS = [
  { namespace: "AWS/RDS", excludeOnly: ["aws.rds.burst_balance", "aws.rds.aurora_*"] },
  { namespace: "AWS/EC2", includeOnly: ["aws.ec2.network_*", "aws.ec2.cpuutilization"] },
];
/** As Datadog keeps them (the local API's order, lib/facts/README.md): by namespace, patterns sorted. */
const WRITTEN = [
  { namespace: "AWS/EC2", include_only: ["aws.ec2.cpuutilization", "aws.ec2.network_*"] },
  { namespace: "AWS/RDS", exclude_only: ["aws.rds.aurora_*", "aws.rds.burst_balance"] },
];

describe("what a stack with metric name filters writes", () => {
  const stack = synthOne({ metrics: { metricNameFilters: FILTERS } });

  test("the block inside metrics_config, by namespace, each one's patterns sorted", () => {
    expect(account(stack).metrics_config.metric_name_filters).toEqual(WRITTEN);
    // The rest of the metrics config is the binding's, as without filters.
    const { metric_name_filters: _, ...rest } = account(stack).metrics_config;
    expect(rest).toEqual(account(synthOne({})).metrics_config);
  });

  test("the Datadog provider range starts at 4.16.0; AWS's is unchanged", () => {
    expect(stack.terraform?.required_providers).toEqual({
      aws: { source: "hashicorp/aws", version: ">= 5.0, < 7.0" },
      datadog: { source: "DataDog/datadog", version: ">= 4.16.0, < 5.0.0" },
    });
  });

  test("the HCL rendering holds the same blocks (an addOverride would be lost there)", () => {
    const app = Testing.app();
    const env = resolveConfig(configWith({ metrics: { metricNameFilters: FILTERS } }), "test.config.json")[0];
    const hcl = new DatadogAwsStack(app, "test", { environment: env.config }).integration.integration!.toHclTerraform() as { resource: Record<string, Record<string, any>> };
    const metricsConfig = hcl.resource.datadog_integration_aws_account.datadog_integration.metrics_config;
    const blocks = metricsConfig.value.metric_name_filters;
    expect(blocks).toMatchObject({ isBlock: true, type: "list" });
    expect(blocks.value.map((b: Record<string, { value: unknown }>) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])))).toEqual(WRITTEN);
  });

  test("a stack without filters writes no block and keeps the range that admits 3.82.0", () => {
    const plain = synthOne({ metrics: { metricNameFilters: [] } });
    expect(account(plain).metrics_config).not.toHaveProperty("metric_name_filters");
    expect(plain.terraform?.required_providers.datadog.version).toBe(">= 3.82.0, < 5.0.0");
    // One environment's filters narrow its own stack only.
    const both = synthConfig({ environments: { a: { awsAccountId: "111111111111", metrics: { metricNameFilters: FILTERS } }, b: { awsAccountId: "222222222222" } } });
    expect([both.a.terraform?.required_providers.datadog.version, both.b.terraform?.required_providers.datadog.version]).toEqual([">= 4.16.0, < 5.0.0", ">= 3.82.0, < 5.0.0"]);
  });

  test("the construct takes them as a prop too", () => {
    const s = Testing.synthScope((scope) => {
      new DatadogAwsIntegration(scope, "dd", { awsAccountId: "123456789012", metrics: { metricNameFilters: FILTERS } });
    });
    const json = JSON.parse(s) as TerraformJson;
    expect(
      account({ resource: { datadog_integration_aws_account: { datadog_integration: Object.values(json.resource!.datadog_integration_aws_account)[0] } } }).metrics_config.metric_name_filters,
    ).toEqual(WRITTEN);
  });
});

describe("a pinned Datadog provider range", () => {
  test("that admits only versions with metric name filters is written as given", () => {
    expect(synthOne({ datadogProviderVersion: "~> 4.19.0", metrics: { metricNameFilters: FILTERS } }).terraform?.required_providers.datadog.version).toBe("~> 4.19.0");
  });

  test.each([
    ["~> 3.82", /"~> 3\.82" admits no Datadog provider .* version with metrics\.metricNameFilters .*, which needs 4\.16\.0 or later/],
    [">= 3.82.0, < 5.0.0", /">= 3\.82\.0, < 5\.0\.0" also admits Datadog provider .* versions below 4\.16\.0, which lack metrics\.metricNameFilters/],
  ])("%s is refused at synth, naming the environment, the field, the feature, the version and the fix", (pin, words) => {
    const raw = configWith({ datadogProviderVersion: pin, metrics: { metricNameFilters: FILTERS } }, undefined, "prod");
    const e = refusalOf(() => synthConfig(raw));
    expect(e.issues).toEqual([{ code: "combination/provider-version-feature", path: "environments.prod.datadogProviderVersion", message: expect.stringMatching(words) }]);
    expect(e.message).toMatch(/raise the range's floor, e\.g\. ">= 4\.16\.0, < 5\.0\.0", or remove datadogProviderVersion .* \[combination\/provider-version-feature\]$/);
  });
});

const CASES: [name: string, metrics: Record<string, unknown>, where: string, code: ErrorCode, words: RegExp][] = [
  [
    "both modes in one filter",
    { metricNameFilters: [{ namespace: "AWS/EC2", includeOnly: ["aws.ec2.network_in"], excludeOnly: ["aws.ec2.disk_*"] }] },
    "metrics.metricNameFilters[0]",
    "combination/metric-name-filter-mode",
    /sets both "includeOnly" and "excludeOnly"; a filter takes one of them/,
  ],
  ["no mode", { metricNameFilters: [{ namespace: "AWS/EC2" }] }, "metrics.metricNameFilters[0]", "combination/metric-name-filter-mode", /sets neither/],
  [
    "include for a namespace and exclude for it in another filter",
    {
      metricNameFilters: [
        { namespace: "AWS/EC2", includeOnly: ["aws.ec2.network_in"] },
        { namespace: "AWS/EC2", excludeOnly: ["aws.ec2.disk_*"] },
      ],
    },
    "metrics.metricNameFilters[1].namespace",
    "combination/metric-name-filter-twice",
    /"AWS\/EC2" already has a filter in metrics.metricNameFilters\[0\]; Datadog takes one filter per namespace, in one mode/,
  ],
  ["an empty list", { metricNameFilters: [{ namespace: "AWS/EC2", includeOnly: [] }] }, "metrics.metricNameFilters[0].includeOnly", "value/empty", /at least 1/],
  [
    "a CloudWatch metric name",
    { metricNameFilters: [{ namespace: "AWS/EC2", includeOnly: ["NetworkIn"] }] },
    "metrics.metricNameFilters[0].includeOnly[0]",
    "value/metric-name-pattern",
    /"NetworkIn" looks like a CloudWatch metric name; filters match Datadog's metric names .* "aws\.ec2\.network_in"/,
  ],
  [
    "capital letters",
    { metricNameFilters: [{ namespace: "AWS/EC2", includeOnly: ["aws.ec2.NetworkIn"] }] },
    "metrics.metricNameFilters[0].includeOnly[0]",
    "value/metric-name-pattern",
    /lower case: "aws\.ec2\.networkin"/,
  ],
  [
    "a ? wildcard",
    { metricNameFilters: [{ namespace: "AWS/EC2", excludeOnly: ["aws.ec2.cpu?"] }] },
    "metrics.metricNameFilters[0].excludeOnly[0]",
    "value/metric-name-pattern",
    /contains "\?" \("\?" is no wildcard here; "\*" matches any run of characters\)/,
  ],
  [
    "an unknown namespace",
    { metricNameFilters: [{ namespace: "AWS/EC22", includeOnly: ["aws.ec2.network_in"] }] },
    "metrics.metricNameFilters[0].namespace",
    "value/not-in-datadog-list",
    /"AWS\/EC22" is not a CloudWatch namespace Datadog knows .* did you mean "AWS\/EC2"\?/,
  ],
  [
    "a namespace left out of includeOnly",
    { namespaces: { includeOnly: ["AWS/EC2"] }, metricNameFilters: [{ namespace: "AWS/RDS", excludeOnly: ["aws.rds.aurora_*"] }] },
    "metrics.metricNameFilters[0].namespace",
    "combination/metric-name-filter-namespace",
    /collects no metric of "AWS\/RDS": metrics.namespaces.includeOnly does not list it; add "AWS\/RDS" there, or remove this filter/,
  ],
  [
    "a namespace in excludeOnly",
    { namespaces: { excludeOnly: ["AWS/RDS"] }, metricNameFilters: [{ namespace: "AWS/RDS", excludeOnly: ["aws.rds.aurora_*"] }] },
    "metrics.metricNameFilters[0].namespace",
    "combination/metric-name-filter-namespace",
    /metrics.namespaces.excludeOnly lists it/,
  ],
  [
    "a namespace Datadog's default leaves out",
    { metricNameFilters: [{ namespace: "AWS/SQS", includeOnly: ["aws.sqs.sent_message_size"] }] },
    "metrics.metricNameFilters[0].namespace",
    "combination/metric-name-filter-namespace",
    /Datadog's default leaves it out \(it excludes AWS\/SQS, AWS\/ElasticMapReduce, AWS\/Usage\)/,
  ],
  [
    "metrics off",
    { enabled: false, metricNameFilters: [{ namespace: "AWS/EC2", includeOnly: ["aws.ec2.network_in"] }] },
    "metrics.metricNameFilters[0].namespace",
    "combination/metric-name-filter-namespace",
    /metrics.enabled is false/,
  ],
];

describe("bad metric name filters are refused with their code, field and fix", () => {
  test.each(CASES)("%s", (_name, metrics, where, code, words) => {
    const problem = issueAt(issuesOf(configWith({ metrics }, undefined, "prod")), `environments.prod.${where}`);
    expect(problem).toEqual({ code, path: `environments.prod.${where}`, message: expect.stringMatching(words) });
  });

  test("compliant: each namespace once, in one mode, collected; a newer namespace named in newNamespaces", () => {
    const ok = {
      namespaces: { includeOnly: ["AWS/EC2", "AWS/RDS", "AWS/NewThing"] },
      newNamespaces: ["AWS/NewThing"],
      metricNameFilters: [...FILTERS, { namespace: "AWS/NewThing", includeOnly: ["aws.newthing.*"] }],
    };
    expect(resolveConfig(configWith({ metrics: ok }), "test.config.json")[0].config.metrics.metricNameFilters).toHaveLength(3);
    expect(resolveConfig(configWith({ metrics: { namespaces: { excludeOnly: ["AWS/Usage"] }, metricNameFilters: [{ namespace: "AWS/SQS", includeOnly: ["aws.sqs.*"] }] } }), "t")).toHaveLength(1);
  });
});
