/**
 * Benchmark FLOOR (see scripts/bench/main.ts): the least any cdktf app can do to write the
 * same stacks as `npm run synth`. Plain JavaScript, nothing compiled, no config
 * validation, no staging: it loads only `cdktf` and the provider resource modules it uses
 * (deep imports), reads the config file without checking it, and writes per environment
 * the same kinds and number of resources, data sources, locals, variables and outputs
 * as the real app, with hard-coded shapes.
 *
 * Run through npm (`npm run bench:floor`) so npm's start-up is counted as for the app.
 * Reads DATADOG_AWS_CONFIG and writes to CDKTF_OUTDIR, like the app.
 */
// biome-ignore lint/suspicious/noRedundantUseStrict: a CommonJS script (the package is not "type": "module"), where it is not implied
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { App, Fn, LocalBackend, S3Backend, TerraformCount, TerraformLocal, TerraformOutput, TerraformStack, TerraformVariable, Token } = require("cdktf");
const { Construct } = require("constructs");
const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");
const { IamRole } = require("@cdktf/provider-aws/lib/iam-role");
const { IamUser } = require("@cdktf/provider-aws/lib/iam-user");
const { IamAccessKey } = require("@cdktf/provider-aws/lib/iam-access-key");
const { IamPolicy } = require("@cdktf/provider-aws/lib/iam-policy");
const { IamRolePolicyAttachment } = require("@cdktf/provider-aws/lib/iam-role-policy-attachment");
const { IamUserPolicyAttachment } = require("@cdktf/provider-aws/lib/iam-user-policy-attachment");
const { DatadogProvider } = require("@cdktf/provider-datadog/lib/provider");
const { IntegrationAwsAccount } = require("@cdktf/provider-datadog/lib/integration-aws-account");
const { DataDatadogIntegrationAwsIamPermissions } = require("@cdktf/provider-datadog/lib/data-datadog-integration-aws-iam-permissions");
const { DataDatadogIntegrationAwsIamPermissionsStandard } = require("@cdktf/provider-datadog/lib/data-datadog-integration-aws-iam-permissions-standard");

const root = path.resolve(__dirname, "..", "..");
const permissions = (file) => JSON.parse(fs.readFileSync(path.join(root, "lib", "facts", "permissions", file), "utf8"));
const STANDARD = permissions("standard.json");
const ALL = [...new Set([...STANDARD, ...permissions("resource-collection.json")])].sort();

/** Greedy split into documents of at most 6,144 characters (same count as the app's). */
function chunks(actions) {
  const out = [[]];
  let size = 80;
  for (const a of actions) {
    if (size + a.length + 3 > 6144) {
      out.push([]);
      size = 80;
    }
    out[out.length - 1].push(a);
    size += a.length + 3;
  }
  return out;
}
const PINNED = { standard: chunks([...STANDARD].sort()), all: chunks(ALL) };

function environmentStack(app, name, e) {
  const stack = new TerraformStack(app, name);
  const region = e.awsRegion || "us-east-1";
  const partition = region.startsWith("us-gov-") ? "aws-us-gov" : region.startsWith("cn-") ? "aws-cn" : "aws";
  const manage = e.manageDatadogIntegration !== false;
  const auth = e.auth?.type || "role";
  const rc = e.resourceCollection !== false;
  const live = (e.permissions || (manage ? "live" : "pinned")) === "live";

  new AwsProvider(stack, "provider-aws", { region, allowedAccountIds: [e.awsAccountId] });
  if (manage) new DatadogProvider(stack, "provider-datadog", { apiUrl: `https://api.${e.datadogSite || "datadoghq.com"}` });
  if (e.backend && e.backend.type === "s3") new S3Backend(stack, { bucket: e.backend.bucket, key: `datadog-aws/${name}/terraform.tfstate`, region, encrypt: true });
  else new LocalBackend(stack, { path: `../../../terraform.${name}.tfstate` });

  const scope = new Construct(stack, "datadog");
  const id = (element, logicalId) => {
    element.overrideLogicalId(`datadog_${logicalId}`);
    return element;
  };
  const output = (n, value) => new TerraformOutput(scope, n, { value, description: n }).overrideLogicalId(`datadog_${n}`);
  const integration = (authConfig) =>
    id(
      new IntegrationAwsAccount(scope, "integration", {
        awsAccountId: e.awsAccountId,
        awsPartition: partition,
        accountTags: e.tags,
        authConfig,
        awsRegions: e.regions && e.regions !== "all" ? { includeOnly: e.regions } : { includeAll: true },
        logsConfig: { lambdaForwarder: { lambdas: [], sources: [] } },
        metricsConfig: { enabled: true, automuteEnabled: true, collectCloudwatchAlarms: false, collectCustomMetrics: false },
        resourcesConfig: { extendedCollection: rc, cloudSecurityPostureManagementCollection: !!e.cspm },
        tracesConfig: {},
      }),
      "integration",
    );

  let role, user;
  if (auth === "role") {
    const roleName = e.auth?.roleName || "DatadogIntegrationRole";
    const externalId = manage ? integration({ awsAuthConfigRole: { roleName } }).authConfig.awsAuthConfigRole.externalId : e.externalId;
    const trust = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::464622532012:root` }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": externalId } } }],
    };
    role = id(new IamRole(scope, "role", { name: roleName, assumeRolePolicy: Fn.jsonencode(trust), maxSessionDuration: 3600 }), "role");
    output("role_arn", role.arn);
    output("role_name", role.name);
    output("external_id", externalId);
  } else {
    user = id(new IamUser(scope, "user", { name: e.auth?.userName || "DatadogIntegrationUser" }), "user");
    let keys;
    if (e.auth.accessKey === "variables") {
      const keyId = new TerraformVariable(scope, "access-key-id", { type: "string" });
      keyId.overrideLogicalId("datadog_aws_access_key_id");
      const secret = new TerraformVariable(scope, "secret-access-key", { type: "string", sensitive: true });
      secret.overrideLogicalId("datadog_aws_secret_access_key");
      keys = { accessKeyId: keyId.stringValue, secretAccessKey: secret.stringValue };
    } else {
      const key = id(new IamAccessKey(scope, "access-key", { user: user.name }), "access_key");
      keys = { accessKeyId: key.id, secretAccessKey: key.secret };
      output("access_key_id", key.id);
    }
    if (manage) integration({ awsAuthConfigKeys: keys });
    else {
      output("datadog_tile_access_key_id", keys.accessKeyId);
      output("datadog_tile_secret_access_key", keys.secretAccessKey);
    }
    output("user_name", user.name);
    output("user_arn", user.arn);
  }
  const attach = (name, policyArn, count) =>
    id(role ? new IamRolePolicyAttachment(scope, name, { role: role.name, policyArn, count }) : new IamUserPolicyAttachment(scope, name, { user: user.name, policyArn, count }), name);

  if (live) {
    const list = id(
      rc ? new DataDatadogIntegrationAwsIamPermissions(scope, "permission_list", {}) : new DataDatadogIntegrationAwsIamPermissionsStandard(scope, "permission_list", {}),
      "permission_list",
    );
    const local = (n, expression) => new TerraformLocal(scope, `datadog_permission_${n}`, `\${${expression}}`).overrideLogicalId(`datadog_permission_${n}`);
    local("actions", `sort(distinct(data.${list.terraformResourceType}.datadog_permission_list.iam_permissions))`);
    local("costs", "[for a in local.datadog_permission_actions : length(a) + 3]");
    local("blocks", "chunklist(local.datadog_permission_costs, 32)");
    local("block_starts", "[for j, b in local.datadog_permission_blocks : j == 0 ? 0 : sum([for s in slice(local.datadog_permission_blocks, 0, j) : sum(s)])]");
    local("ends", "flatten([for j, b in local.datadog_permission_blocks : [for k, c in b : local.datadog_permission_block_starts[j] + sum(slice(b, 0, k + 1))]])");
    local(
      "chunks",
      "[for k in distinct([for e in local.datadog_permission_ends : floor(e / 5899)]) : [for i, a in local.datadog_permission_actions : a if floor(local.datadog_permission_ends[i] / 5899) == k]]",
    );
    const count = () => TerraformCount.of(Token.asNumber("${length(local.datadog_permission_chunks)}"));
    const document = 'jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = local.datadog_permission_chunks[count.index], Resource = "*"}]})';
    id(new IamPolicy(scope, "permissions", { count: count(), name: "datadog-permissions-${count.index + 1}", policy: `\${${document}}` }), "permissions");
    attach("permissions_attachment", "${aws_iam_policy.datadog_permissions[count.index].arn}", count());
  } else {
    (rc ? PINNED.all : PINNED.standard).forEach((actions, i) => {
      const n = i + 1;
      const document = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] };
      const policy = id(new IamPolicy(scope, `permissions_${n}`, { name: `datadog-permissions-${n}`, policy: JSON.stringify(document) }), `permissions_${n}`);
      attach(`permissions_${n}_attachment`, policy.arn);
    });
  }
  if (rc || e.cspm) attach("security_audit", `arn:${partition}:iam::aws:policy/SecurityAudit`);
  if (!manage) {
    output("datadog_tile_aws_account_id", e.awsAccountId);
    if (role) output("datadog_tile_role_name", role.name);
  }
  output("integration_page_url", "https://app.datadoghq.com/integrations/amazon-web-services");
  stack.addOverride("terraform.required_providers.aws", { source: "hashicorp/aws", version: ">= 5.0, < 7.0" });
  if (manage) stack.addOverride("terraform.required_providers.datadog", { source: "DataDog/datadog", version: ">= 3.82.0, < 4.0.0" });
}

const config = JSON.parse(fs.readFileSync(process.env.DATADOG_AWS_CONFIG || "datadog-aws.config.json", "utf8"));
const app = new App();
for (const [name, own] of Object.entries(config.environments)) environmentStack(app, name, { ...config.defaults, ...own });
app.synth();
