/**
 * Role delegation (the manual guide's first tab), as a user reads the synthesized Terraform.
 */
import { resourcesOf, synthOne, TerraformJson } from "../support/synth";

const ROLE = "aws_iam_role";
const ACCOUNT = "datadog_integration_aws_account";

function integration(stack: TerraformJson) {
  return resourcesOf(stack, ACCOUNT).datadog_integration;
}

describe("a role-delegation stack with defaults", () => {
  const stack = synthOne({});

  test("configures the Datadog provider for the site without any credentials", () => {
    expect(stack.provider?.datadog).toEqual([{ api_url: "https://api.datadoghq.com" }]);
    expect(JSON.stringify(stack)).not.toMatch(/api_key|app_key/);
  });

  test("creates the integration with a literal role name and no External ID (Datadog generates it)", () => {
    const i = integration(stack);
    expect(i.aws_account_id).toBe("123456789012");
    expect(i.aws_partition).toBe("aws");
    expect(i.auth_config).toEqual({ aws_auth_config_role: { role_name: "DatadogIntegrationRole" } });
    expect(i.aws_regions).toEqual({ include_all: true });
    expect(i.resources_config).toEqual({ extended_collection: true, cloud_security_posture_management_collection: false });
    expect(i.metrics_config).toMatchObject({ enabled: true, automute_enabled: true, collect_cloudwatch_alarms: false, collect_custom_metrics: false });
  });

  test("writes every block the provider requires, empty where the config leaves Datadog's defaults", () => {
    // The provider's ExactlyOneOf validators refuse a stack without these blocks.
    const i = integration(stack);
    expect(i.metrics_config.namespace_filters).toEqual({});
    expect(i.traces_config).toEqual({ xray_services: {} });
    expect(i.logs_config).toEqual({ lambda_forwarder: { lambdas: [], sources: [] } });
    // account_tags is Optional + Computed: [] must be written, or removing the last tag leaves it in Datadog.
    expect(i.account_tags).toEqual([]);
  });

  test("the role trusts only Datadog's account root, with the integration's External ID, via jsonencode", () => {
    const role = resourcesOf(stack, ROLE).datadog_role;
    expect(role.name).toBe("DatadogIntegrationRole");
    const policy: string = role.assume_role_policy;
    expect(policy.startsWith("${jsonencode(")).toBe(true);
    expect(policy).toContain('"AWS" = "arn:aws:iam::464622532012:root"');
    expect(policy).toContain('"Action" = "sts:AssumeRole"');
    expect(policy).toContain('"sts:ExternalId" = datadog_integration_aws_account.datadog_integration.auth_config.aws_auth_config_role.external_id');
    expect(policy).not.toContain("Federated");
  });

  test("no dependency cycle: the integration does not reference the role", () => {
    expect(JSON.stringify(integration(stack))).not.toContain("aws_iam_role");
    expect(integration(stack).depends_on).toBeUndefined();
  });

  test("permissions default to live lists read through the provider's data source", () => {
    expect(Object.keys(stack.data?.datadog_integration_aws_iam_permissions ?? {})).toEqual(["datadog_permission_list"]);
    expect(resourcesOf(stack, "aws_iam_policy").datadog_permissions.count).toBe("${length(local.datadog_permission_chunks)}");
  });

  test("outputs the role ARN and name, the External ID and the integration page", () => {
    expect(stack.output?.datadog_role_arn.value).toBe("${aws_iam_role.datadog_role.arn}");
    expect(stack.output?.datadog_role_name.value).toBe("${aws_iam_role.datadog_role.name}");
    expect(stack.output?.datadog_external_id.value).toBe("${datadog_integration_aws_account.datadog_integration.auth_config.aws_auth_config_role.external_id}");
    expect(stack.output?.datadog_integration_page_url.value).toBe("https://app.datadoghq.com/integrations/amazon-web-services");
  });

  test("provider versions are ranges, not the bindings' exact pins, and Terraform is new enough for import blocks", () => {
    expect(stack.terraform?.required_providers).toEqual({
      aws: { source: "hashicorp/aws", version: ">= 5.0, < 7.0" },
      datadog: { source: "DataDog/datadog", version: ">= 3.82.0, < 5.0.0" },
    });
    expect(stack.terraform?.required_version).toBe(">= 1.5.0");
  });

  test("the AWS provider refuses any other account", () => {
    expect(stack.provider?.aws).toEqual([{ region: "us-east-1", allowed_account_ids: ["123456789012"] }]);
  });
});

describe("every option reaches datadog_integration_aws_account", () => {
  const stack = synthOne({
    regions: ["us-east-1", "eu-west-1"],
    tags: ["env:prod", "team:platform"],
    metrics: {
      enabled: true,
      namespaces: { includeOnly: ["AWS/EC2", "AWS/RDS"] },
      hostTags: ["datadog:monitored"],
      lambdaTags: ["datadog:lambda"],
      tagFilters: [{ namespace: "AWS/RDS", tags: ["env:prod"] }],
      automute: false,
      collectCloudwatchAlarms: true,
      collectCustomMetrics: true,
    },
    cspm: true,
    logs: { lambdaForwarderArns: ["arn:aws:lambda:us-east-1:123456789012:function:DatadogForwarder"], sources: ["s3", "elb"] },
    xrayServices: ["AWS/Lambda"],
  });
  const i = integration(stack);

  test("regions, account tags", () => {
    // Sorted, as the local Datadog API returns them (lib/facts/README.md, "List order").
    expect(i.aws_regions).toEqual({ include_only: ["eu-west-1", "us-east-1"] });
    expect(i.account_tags).toEqual(["env:prod", "team:platform"]);
  });

  test("metrics: namespaces, host and Lambda tag filters (the guide's 'to hosts/Lambdas with tag'), flags", () => {
    expect(i.metrics_config).toEqual({
      enabled: true,
      automute_enabled: false,
      collect_cloudwatch_alarms: true,
      collect_custom_metrics: true,
      namespace_filters: { include_only: ["AWS/EC2", "AWS/RDS"] },
      tag_filters: [
        { namespace: "AWS/EC2", tags: ["datadog:monitored"] },
        { namespace: "AWS/Lambda", tags: ["datadog:lambda"] },
        { namespace: "AWS/RDS", tags: ["env:prod"] },
      ],
    });
  });

  test("CSPM turns on collection and attaches SecurityAudit", () => {
    expect(i.resources_config).toEqual({ extended_collection: true, cloud_security_posture_management_collection: true });
    expect(resourcesOf(stack, "aws_iam_role_policy_attachment").datadog_security_audit.policy_arn).toBe("arn:aws:iam::aws:policy/SecurityAudit");
  });

  test("logs and traces", () => {
    expect(i.logs_config).toEqual({ lambda_forwarder: { lambdas: ["arn:aws:lambda:us-east-1:123456789012:function:DatadogForwarder"], sources: ["s3", "elb"] } });
    expect(i.traces_config).toEqual({ xray_services: { include_only: ["AWS/Lambda"] } });
    expect(integration(synthOne({ xrayServices: "all" })).traces_config).toEqual({ xray_services: { include_all: true } });
  });

  test("lists are written in the order Datadog's API returns them, whatever order they are given in", () => {
    const j = integration(
      synthOne({
        regions: ["us-west-2", "eu-west-1", "us-east-1"],
        tags: ["team:platform", "env:prod", "Zone:b"],
        metrics: {
          namespaces: { includeOnly: ["AWS/Usage", "Glue", "AWS/ELB", "AWS/ApiGateway", "AWS/NewService"] },
          newNamespaces: ["AWS/NewService"],
          hostTags: ["z:1", "a:1"],
          tagFilters: [{ namespace: "AWS/RDS", tags: ["b:1", "a:1"] }],
          lambdaTags: ["x:1"],
        },
        logs: {
          lambdaForwarderArns: ["arn:aws:lambda:us-east-1:123456789012:function:B", "arn:aws:lambda:us-east-1:123456789012:function:A"],
          sources: ["s3", "elb", "cloudtrail"],
        },
        xrayServices: ["AWS/SQS", "AWS/Lambda"],
      }),
    );
    expect(j.aws_regions).toEqual({ include_only: ["eu-west-1", "us-east-1", "us-west-2"] });
    expect(j.account_tags).toEqual(["Zone:b", "env:prod", "team:platform"]);
    // Datadog's published order (AWS/ApiGateway, AWS/ELB, Glue, AWS/Usage), newer names last.
    expect(j.metrics_config.namespace_filters).toEqual({ include_only: ["AWS/ApiGateway", "AWS/ELB", "Glue", "AWS/Usage", "AWS/NewService"] });
    expect(j.metrics_config.tag_filters).toEqual([
      { namespace: "AWS/EC2", tags: ["a:1", "z:1"] },
      { namespace: "AWS/Lambda", tags: ["x:1"] },
      { namespace: "AWS/RDS", tags: ["a:1", "b:1"] },
    ]);
    expect(j.logs_config.lambda_forwarder).toEqual({
      lambdas: ["arn:aws:lambda:us-east-1:123456789012:function:A", "arn:aws:lambda:us-east-1:123456789012:function:B"],
      sources: ["s3", "elb", "cloudtrail"],
    });
    expect(j.traces_config).toEqual({ xray_services: { include_only: ["AWS/Lambda", "AWS/SQS"] } });
    // Datadog's default exclusion, given in another order, in the order its API returns it.
    const d = integration(synthOne({ metrics: { namespaces: { excludeOnly: ["AWS/Usage", "AWS/SQS", "AWS/ElasticMapReduce"] } } }));
    expect(d.metrics_config.namespace_filters).toEqual({ exclude_only: ["AWS/SQS", "AWS/ElasticMapReduce", "AWS/Usage"] });
  });

  test("log source tag filters: written in the order given, each one's tags sorted (as Datadog keeps them)", () => {
    const logs = (l: Record<string, unknown>) => integration(synthOne({ logs: l })).logs_config.lambda_forwarder;
    const forwarder = logs({
      sources: ["s3", "lambda", "cloudtrail"],
      tagFilters: [
        { source: "lambda", tags: ["team:b", "env:prod", "!stage:dev"] },
        { source: "s3", tags: ["logs:*"] },
      ],
    });
    expect(forwarder.log_source_config).toEqual({
      tag_filters: [
        { source: "lambda", tags: ["!stage:dev", "env:prod", "team:b"] },
        { source: "s3", tags: ["logs:*"] },
      ],
    });
    // Without filters the block is left out, as before the option existed (the provider then sends []).
    expect(logs({ sources: ["s3"] })).toEqual({ lambdas: [], sources: ["s3"] });
  });

  test("excludeOnly namespaces and metrics off", () => {
    const j = integration(synthOne({ metrics: { enabled: false, namespaces: { excludeOnly: ["AWS/SQS"] } } }));
    expect(j.metrics_config.enabled).toBe(false);
    expect(j.metrics_config.namespace_filters).toEqual({ exclude_only: ["AWS/SQS"] });
  });

  test("resource collection without CSPM attaches SecurityAudit too, as Datadog's templates do", () => {
    const s = synthOne({ permissions: "pinned" });
    expect(integration(s).resources_config).toEqual({ extended_collection: true, cloud_security_posture_management_collection: false });
    expect(resourcesOf(s, "aws_iam_role_policy_attachment").datadog_security_audit).toMatchObject({
      policy_arn: "arn:aws:iam::aws:policy/SecurityAudit",
      role: "${aws_iam_role.datadog_role.name}",
    });
  });

  test("resource collection off drops the resource-collection permissions and SecurityAudit", () => {
    const s = synthOne({ resourceCollection: false, permissions: "pinned" });
    expect(integration(s).resources_config).toEqual({ extended_collection: false, cloud_security_posture_management_collection: false });
    expect(Object.keys(resourcesOf(s, "aws_iam_policy"))).toEqual(["datadog_permissions_1"]);
    expect(resourcesOf(s, "aws_iam_role_policy_attachment").datadog_security_audit).toBeUndefined();
  });
});

describe("defaults are merged into every environment", () => {
  test("an environment's own value wins and lists are replaced, objects merged", () => {
    const stack = synthOne({ tags: ["env:prod"], metrics: { automute: false } }, { datadogSite: "datadoghq.eu", tags: ["team:platform"], metrics: { collectCustomMetrics: true } });
    const i = integration(stack);
    expect(stack.provider?.datadog[0].api_url).toBe("https://api.datadoghq.eu");
    expect(i.account_tags).toEqual(["env:prod"]);
    expect(i.metrics_config.automute_enabled).toBe(false);
    expect(i.metrics_config.collect_custom_metrics).toBe(true);
  });
});

describe("split duty: manageDatadogIntegration false", () => {
  const stack = synthOne({ manageDatadogIntegration: false, externalId: "abcdef0123456789abcdef0123456789", auth: { type: "role", roleName: "Datadog-Role" } });

  test("creates only the AWS side, with no Datadog provider", () => {
    expect(stack.provider?.datadog).toBeUndefined();
    expect(stack.resource?.[ACCOUNT]).toBeUndefined();
    expect(stack.data).toBeUndefined();
    expect(stack.terraform?.required_providers.datadog).toBeUndefined();
  });

  test("the trust policy uses the External ID from the config", () => {
    expect(resourcesOf(stack, ROLE).datadog_role.assume_role_policy).toContain('"sts:ExternalId" = "abcdef0123456789abcdef0123456789"');
  });

  test("uses pinned permissions", () => {
    expect(Object.keys(resourcesOf(stack, "aws_iam_policy")).length).toBeGreaterThan(1);
    expect(resourcesOf(stack, "aws_iam_policy").datadog_permissions_1.policy).toMatch(/^\{"Version":"2012-10-17"/);
  });

  test("outputs what the Datadog admin enters in the tile", () => {
    expect(stack.output?.datadog_tile_aws_account_id.value).toBe("123456789012");
    expect(stack.output?.datadog_tile_role_name.value).toBe("${aws_iam_role.datadog_role.name}");
    expect(stack.output?.datadog_external_id.value).toBe("abcdef0123456789abcdef0123456789");
  });
});
