/**
 * Benchmark TYPICAL baseline (see scripts/bench/main.ts): the same stacks as `npm run synth`
 * writes, built the way the cdktf docs and `cdktf init --template=typescript` set a project
 * up: barrel imports of the prebuilt providers, run by `cdktf synth` through
 * `npx ts-node main.ts` (type-checking on, as by default).
 *
 * Deliberately NOT how this project does it: the barrels load (and type-check) every
 * resource of both providers. This folder is excluded from the project's tsconfig and
 * exempt from the barrel-import lint rule (biome.jsonc); main.ts copies it into a temporary
 * project that links this project's node_modules.
 */
import * as fs from "fs";
import * as path from "path";
import { Construct } from "constructs";
import { App, Fn, LocalBackend, S3Backend, TerraformCount, TerraformElement, TerraformLocal, TerraformOutput, TerraformStack, TerraformVariable, Token } from "cdktf";
import * as aws from "@cdktf/provider-aws";
import * as datadog from "@cdktf/provider-datadog";

interface Environment {
  awsAccountId: string;
  awsRegion?: string;
  datadogSite?: string;
  auth?: { type: "role"; roleName?: string } | { type: "accessKeys"; userName?: string; accessKey?: "create" | "variables" };
  regions?: "all" | string[];
  tags?: string[];
  resourceCollection?: boolean;
  cspm?: boolean;
  permissions?: "pinned" | "live";
  manageDatadogIntegration?: boolean;
  externalId?: string;
  backend?: { type: "local" } | { type: "s3"; bucket: string };
}

const readList = (file: string): string[] => JSON.parse(fs.readFileSync(path.join(__dirname, "permissions", file), "utf8"));
const STANDARD = readList("standard.json");
const ALL = [...new Set([...STANDARD, ...readList("resource-collection.json")])].sort();

function chunks(actions: string[]): string[][] {
  const out: string[][] = [[]];
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

class DatadogIntegration extends Construct {
  constructor(scope: Construct, id: string, e: Environment, partition: string) {
    super(scope, id);
    const manage = e.manageDatadogIntegration !== false;
    const rc = e.resourceCollection !== false;
    const live = (e.permissions ?? (manage ? "live" : "pinned")) === "live";
    const named = <T extends TerraformElement>(element: T, logicalId: string): T => {
      element.overrideLogicalId(`datadog_${logicalId}`);
      return element;
    };
    const output = (name: string, value: string) => new TerraformOutput(this, name, { value, description: name }).overrideLogicalId(`datadog_${name}`);
    const integration = (authConfig: datadog.integrationAwsAccount.IntegrationAwsAccountAuthConfig) =>
      named(
        new datadog.integrationAwsAccount.IntegrationAwsAccount(this, "integration", {
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

    let role: aws.iamRole.IamRole | undefined;
    let user: aws.iamUser.IamUser | undefined;
    if (e.auth?.type !== "accessKeys") {
      const roleName = e.auth?.roleName ?? "DatadogIntegrationRole";
      const externalId = manage ? integration({ awsAuthConfigRole: { roleName } }).authConfig.awsAuthConfigRole.externalId : e.externalId!;
      const trust = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::464622532012:root` }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": externalId } } }],
      };
      role = named(new aws.iamRole.IamRole(this, "role", { name: roleName, assumeRolePolicy: Fn.jsonencode(trust), maxSessionDuration: 3600 }), "role");
      output("role_arn", role.arn);
      output("role_name", role.name);
      output("external_id", externalId);
    } else {
      user = named(new aws.iamUser.IamUser(this, "user", { name: e.auth.userName ?? "DatadogIntegrationUser" }), "user");
      let keys: { accessKeyId: string; secretAccessKey: string };
      if (e.auth.accessKey === "variables") {
        const keyId = new TerraformVariable(this, "access-key-id", { type: "string" });
        keyId.overrideLogicalId("datadog_aws_access_key_id");
        const secret = new TerraformVariable(this, "secret-access-key", { type: "string", sensitive: true });
        secret.overrideLogicalId("datadog_aws_secret_access_key");
        keys = { accessKeyId: keyId.stringValue, secretAccessKey: secret.stringValue };
      } else {
        const key = named(new aws.iamAccessKey.IamAccessKey(this, "access-key", { user: user.name }), "access_key");
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
    const attach = (name: string, policyArn: string, count?: TerraformCount) =>
      named(
        role
          ? new aws.iamRolePolicyAttachment.IamRolePolicyAttachment(this, name, { role: role.name, policyArn, count })
          : new aws.iamUserPolicyAttachment.IamUserPolicyAttachment(this, name, { user: user!.name, policyArn, count }),
        name,
      );

    if (live) {
      const list = named(
        rc
          ? new datadog.dataDatadogIntegrationAwsIamPermissions.DataDatadogIntegrationAwsIamPermissions(this, "permission_list", {})
          : new datadog.dataDatadogIntegrationAwsIamPermissionsStandard.DataDatadogIntegrationAwsIamPermissionsStandard(this, "permission_list", {}),
        "permission_list",
      );
      const local = (name: string, expression: string) => new TerraformLocal(this, `datadog_permission_${name}`, `\${${expression}}`).overrideLogicalId(`datadog_permission_${name}`);
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
      named(new aws.iamPolicy.IamPolicy(this, "permissions", { count: count(), name: "datadog-permissions-${count.index + 1}", policy: `\${${document}}` }), "permissions");
      attach("permissions_attachment", "${aws_iam_policy.datadog_permissions[count.index].arn}", count());
    } else {
      (rc ? PINNED.all : PINNED.standard).forEach((actions, i) => {
        const n = i + 1;
        const document = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] };
        const policy = named(new aws.iamPolicy.IamPolicy(this, `permissions_${n}`, { name: `datadog-permissions-${n}`, policy: JSON.stringify(document) }), `permissions_${n}`);
        attach(`permissions_${n}_attachment`, policy.arn);
      });
    }
    if (rc || e.cspm) attach("security_audit", `arn:${partition}:iam::aws:policy/SecurityAudit`);
    if (!manage) {
      output("datadog_tile_aws_account_id", e.awsAccountId);
      if (role) output("datadog_tile_role_name", role.name);
    }
    output("integration_page_url", "https://app.datadoghq.com/integrations/amazon-web-services");
  }
}

class EnvironmentStack extends TerraformStack {
  constructor(scope: Construct, name: string, e: Environment) {
    super(scope, name);
    const region = e.awsRegion ?? "us-east-1";
    const partition = region.startsWith("us-gov-") ? "aws-us-gov" : region.startsWith("cn-") ? "aws-cn" : "aws";
    const manage = e.manageDatadogIntegration !== false;
    new aws.provider.AwsProvider(this, "provider-aws", { region, allowedAccountIds: [e.awsAccountId] });
    if (manage) new datadog.provider.DatadogProvider(this, "provider-datadog", { apiUrl: `https://api.${e.datadogSite ?? "datadoghq.com"}` });
    if (e.backend?.type === "s3") new S3Backend(this, { bucket: e.backend.bucket, key: `datadog-aws/${name}/terraform.tfstate`, region, encrypt: true });
    else new LocalBackend(this, { path: "terraform.tfstate" });
    new DatadogIntegration(this, "datadog", e, partition);
    this.addOverride("terraform.required_providers.aws", { source: "hashicorp/aws", version: ">= 5.0, < 7.0" });
    if (manage) this.addOverride("terraform.required_providers.datadog", { source: "DataDog/datadog", version: ">= 3.82.0, < 4.0.0" });
  }
}

const config: { defaults?: Partial<Environment>; environments: Record<string, Environment> } = JSON.parse(fs.readFileSync(process.env.DATADOG_AWS_CONFIG ?? "datadog-aws.config.json", "utf8"));
const app = new App();
for (const [name, own] of Object.entries(config.environments)) new EnvironmentStack(app, name, { ...config.defaults, ...own });
app.synth();
