/**
 * Benchmark FLOOR (see scripts/bench/main.ts): the least any cdktf app can do to write the
 * same output as `npm run synth`, byte for byte (the benchmark compares every file and
 * fails if one differs). Plain JavaScript, nothing compiled, no config validation, no
 * staging: it loads only `cdktf` and the provider resource modules it uses (deep imports),
 * reads the config file without checking it, merges defaults, and writes per environment
 * the same blocks with hard-coded shapes: the settings the example config and the
 * generated configs use (scripts/fixtures/generated-config.ts), no others. Beside each
 * stack it writes the deployer policy straight from those shapes, as an app that knows
 * what it created would, and the record of the config file synth keeps.
 *
 * Constant data comes from this project's compiled fact tables (sites, permission lists,
 * the deployer policy's actions), which hold only data.
 *
 * Run through npm (`npm run bench:floor`) so npm's start-up is counted as for the app.
 * Reads DATADOG_AWS_CONFIG and writes to CDKTF_OUTDIR, like the app.
 */
// biome-ignore lint/suspicious/noRedundantUseStrict: a CommonJS script (the package is not "type": "module"), where it is not implied
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { App, Fn, LocalBackend, S3Backend, TerraformCount, TerraformElement, TerraformLocal, TerraformOutput, TerraformStack, TerraformVariable, Token } = require("cdktf");
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
const { DATADOG_SITES } = require(path.join(root, "dist", "lib", "facts", "sites.js"));
const { ACTIONS } = require(path.join(root, "dist", "lib", "stack", "deployer-policy-statements.js"));
const facts = (file) => JSON.parse(fs.readFileSync(path.join(root, "lib", "facts", "permissions", file), "utf8"));
const DATES = facts("pinned.json");
const LISTS = { standard: facts("standard.json"), "resource-collection": facts("resource-collection.json") };
const SITES = new Map(DATADOG_SITES.map((s) => [s.site, s]));
const DEFAULT_EXCLUDED = ["AWS/SQS", "AWS/ElasticMapReduce", "AWS/Usage"];
const SID = "DatadogAwsIntegration";
const byCodePoint = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const sorted = (list) => [...list].sort(byCodePoint);

/** Sorted actions packed in order into documents of at most 6,144 characters (JSON without spaces). */
function pinnedDocuments(names) {
  const actions = [...new Set(names.flatMap((n) => LISTS[n]))].sort();
  const overhead = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: SID, Effect: "Allow", Action: [], Resource: "*" }] }).length;
  const chunks = [[]];
  let size = overhead;
  for (const a of actions) {
    const last = chunks[chunks.length - 1];
    if (last.length > 0 && size + a.length + 3 > 6144) {
      chunks.push([]);
      size = overhead;
    }
    size += a.length + (chunks[chunks.length - 1].length === 0 ? 2 : 3);
    chunks[chunks.length - 1].push(a);
  }
  return {
    tag: `pinned ${names.map((n) => `${n}-${DATES[n].date}`).join(" + ")}`,
    documents: chunks.map((Action) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: SID, Effect: "Allow", Action, Resource: "*" }] })),
  };
}
const PINNED = { standard: pinnedDocuments(["standard"]), all: pinnedDocuments(["standard", "resource-collection"]) };

/** Terraform `moved` blocks (cdktf moves whole resources only). */
class Moved extends TerraformElement {
  constructor(scope, id, moves) {
    super(scope, id);
    this.moves = moves;
  }
  toTerraform() {
    return { moved: this.moves };
  }
}

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const merge = (base, own) => {
  const out = { ...base };
  for (const [k, v] of Object.entries(own)) out[k] = isObject(v) && isObject(out[k]) ? merge(out[k], v) : v;
  return out;
};

function environmentStack(app, name, e) {
  const stack = new TerraformStack(app, name);
  const account = e.awsAccountId;
  const region = e.awsRegion ?? "us-east-1";
  const partition = region.startsWith("us-gov-") ? "aws-us-gov" : region.startsWith("cn-") ? "aws-cn" : "aws";
  const site = SITES.get(e.datadogSite ?? "datadoghq.com");
  const manage = e.manageDatadogIntegration !== false;
  const auth = { type: "role", ...e.auth };
  const rc = e.resourceCollection !== false;
  const cspm = e.cspm === true;
  const live = (e.permissions ?? (manage ? "live" : "pinned")) === "live";
  const metrics = e.metrics ?? {};
  const logs = e.logs ?? {};

  new AwsProvider(stack, "provider-aws", { region, allowedAccountIds: [account] });
  if (manage) new DatadogProvider(stack, "provider-datadog", { apiUrl: site.apiUrl });
  if (e.backend?.type === "s3") {
    const backend = new S3Backend(stack, { bucket: e.backend.bucket, key: `datadog-aws/${name}/terraform.tfstate`, region, encrypt: true });
    if (e.backend.useLockfile) backend.addOverride("use_lockfile", true);
  } else new LocalBackend(stack, { path: "terraform.tfstate" });

  const scope = new Construct(stack, "datadog");
  const id = (element, n) => {
    element.overrideLogicalId(`datadog_${n}`);
    return element;
  };
  const output = (n, value, description, sensitive = false) => new TerraformOutput(scope, n, { value, description, sensitive }).overrideLogicalId(`datadog_${n}`);
  const integration = (authConfig) => {
    const tagFilters = [
      ...(metrics.hostTags?.length ? [{ namespace: "AWS/EC2", tags: metrics.hostTags }] : []),
      ...(metrics.lambdaTags?.length ? [{ namespace: "AWS/Lambda", tags: metrics.lambdaTags }] : []),
      ...(metrics.tagFilters ?? []),
    ]
      .map((f) => ({ ...f, tags: sorted(f.tags) }))
      .sort((a, b) => byCodePoint(a.namespace, b.namespace));
    const x = e.xrayServices;
    return id(
      new IntegrationAwsAccount(scope, "integration", {
        awsAccountId: account,
        awsPartition: partition,
        accountTags: sorted(e.tags ?? []),
        authConfig,
        awsRegions: e.regions && e.regions !== "all" ? { includeOnly: sorted(e.regions) } : { includeAll: true },
        logsConfig: { lambdaForwarder: { lambdas: sorted(logs.lambdaForwarderArns ?? []), sources: logs.sources ?? [] } },
        metricsConfig: {
          enabled: metrics.enabled ?? true,
          automuteEnabled: metrics.automute ?? true,
          collectCloudwatchAlarms: metrics.collectCloudwatchAlarms ?? false,
          collectCustomMetrics: metrics.collectCustomMetrics ?? false,
          // The configs here exclude exactly Datadog's default namespaces, written in the API's order.
          namespaceFilters: metrics.namespaces?.excludeOnly ? { excludeOnly: DEFAULT_EXCLUDED } : {},
          tagFilters: tagFilters.length ? tagFilters : undefined,
        },
        resourcesConfig: { extendedCollection: rc, cloudSecurityPostureManagementCollection: cspm },
        tracesConfig: { xrayServices: x === undefined ? {} : x === "all" ? { includeAll: true } : { includeOnly: sorted(x) } },
      }),
      "integration",
    );
  };

  let principal, role, user, accessKey;
  if (auth.type === "role") {
    principal = auth.roleName ?? "DatadogIntegrationRole";
    const externalId = manage ? integration({ awsAuthConfigRole: { roleName: principal } }).authConfig.awsAuthConfigRole.externalId : e.externalId;
    const trust = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DatadogAssumeRoleWithExternalId",
          Effect: "Allow",
          Principal: { AWS: `arn:${partition}:iam::${site.trustAccountByPartition[partition]}:root` },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": externalId } },
        },
      ],
    };
    const description = `Datadog AWS integration (${site.site}); managed by Terraform`;
    role = id(new IamRole(scope, "role", { name: principal, description, assumeRolePolicy: Fn.jsonencode(trust), maxSessionDuration: 3600 }), "role");
    output("role_arn", role.arn, "ARN of the IAM role Datadog assumes");
    output("role_name", role.name, "Name of the IAM role, as the Datadog tile needs it (case-sensitive)");
    output("external_id", externalId, "External ID the role's trust policy requires");
  } else {
    principal = auth.userName ?? "DatadogIntegrationUser";
    user = id(new IamUser(scope, "user", { name: principal }), "user");
    let keys;
    if (auth.accessKey === "variables") {
      const keyId = new TerraformVariable(scope, "access-key-id", { type: "string", description: `Access key ID of IAM user ${principal}, for Datadog` });
      keyId.overrideLogicalId("datadog_aws_access_key_id");
      const secret = new TerraformVariable(scope, "secret-access-key", {
        type: "string",
        sensitive: true,
        description: `Secret access key of IAM user ${principal}; pass it as TF_VAR_datadog_aws_secret_access_key`,
      });
      secret.overrideLogicalId("datadog_aws_secret_access_key");
      keys = { accessKeyId: keyId.stringValue, secretAccessKey: secret.stringValue };
    } else {
      accessKey = id(new IamAccessKey(scope, "access-key", { user: user.name, lifecycle: { createBeforeDestroy: true } }), "access_key");
      keys = { accessKeyId: accessKey.id, secretAccessKey: accessKey.secret };
    }
    if (manage) integration({ awsAuthConfigKeys: keys });
    else {
      output("tile_access_key_id", keys.accessKeyId, "Access key ID to enter in the Datadog AWS tile (Access Keys tab)");
      output("tile_secret_access_key", keys.secretAccessKey, "Secret access key to enter in the Datadog AWS tile; read it with terraform output -raw", true);
    }
  }
  const attachmentType = role ? "aws_iam_role_policy_attachment" : "aws_iam_user_policy_attachment";
  const attach = (n, policyArn, count) =>
    id(role ? new IamRolePolicyAttachment(scope, n, { role: role.name, policyArn, count }) : new IamUserPolicyAttachment(scope, n, { user: user.name, policyArn, count }), n);
  const pinnedAddresses = (n) => [`aws_iam_policy.datadog_permissions_${n}`, `${attachmentType}.datadog_permissions_${n}_attachment`];
  const liveAddresses = (i) => [`aws_iam_policy.datadog_permissions[${i}]`, `${attachmentType}.datadog_permissions_attachment[${i}]`];
  const moves = (count, toLive) =>
    new Moved(
      scope,
      "moved-permissions",
      Array.from({ length: count }, (_, i) => {
        const [from, to] = toLive ? [pinnedAddresses(i + 1), liveAddresses(i)] : [liveAddresses(i), pinnedAddresses(i + 1)];
        return from.map((address, k) => ({ from: address, to: to[k] }));
      }).flat(),
    );
  const description = (part) => `Datadog AWS integration permissions for ${principal}, part ${part}`;

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
    const document = `jsonencode({Version = "2012-10-17", Statement = [{Sid = "${SID}", Effect = "Allow", Action = local.datadog_permission_chunks[count.index], Resource = "*"}]})`;
    const policy = new IamPolicy(scope, "permissions", {
      count: count(),
      name: `${principal}-permissions-\${count.index + 1}`,
      description: description("${count.index + 1}"),
      policy: `\${${document}}`,
      tags: { "datadog-permissions": "live" },
      lifecycle: {
        ignoreChanges: ["description"],
        precondition: [{ condition: `\${length(${document}) <= 6144}`, errorMessage: "Datadog permissions part ${count.index + 1} is over IAM's 6144 characters." }],
      },
    });
    (role ?? user).addOverride("lifecycle.precondition", [
      {
        condition: `\${length(local.datadog_permission_chunks) + ${rc || cspm ? 1 : 0} <= 10}`,
        error_message: `Datadog's permission lists need \${length(local.datadog_permission_chunks)} policies, ${rc || cspm ? "plus SecurityAudit, " : ""}over the quota of 10 managed policies per role or user. Switch this environment to pinned permissions, or have AWS raise the quota and set managedPolicyQuota.`,
      },
    ]);
    id(policy, "permissions");
    attach("permissions_attachment", "${aws_iam_policy.datadog_permissions[count.index].arn}", count());
    moves(10, true);
  } else {
    const pinned = rc ? PINNED.all : PINNED.standard;
    pinned.documents.forEach((document, i) => {
      const n = i + 1;
      const policy = new IamPolicy(scope, `permissions_${n}`, {
        name: `${principal}-permissions-${n}`,
        description: description(n),
        policy: document,
        tags: { "datadog-permissions": pinned.tag },
        lifecycle: { ignoreChanges: ["description"] },
      });
      id(policy, `permissions_${n}`);
      attach(`permissions_${n}_attachment`, policy.arn);
    });
    moves(pinned.documents.length, false);
  }
  const securityAudit = `arn:${partition}:iam::aws:policy/SecurityAudit`;
  if (rc || cspm) attach("security_audit", securityAudit);
  if (user) {
    output("user_name", user.name, "Name of the IAM user whose access key Datadog uses");
    output("user_arn", user.arn, "ARN of the IAM user");
  }
  if (accessKey) output("access_key_id", accessKey.id, "Access key ID Datadog uses (the secret stays in Terraform state)");
  if (!manage) {
    output("tile_aws_account_id", account, "AWS account ID to enter in the Datadog AWS tile (no dashes)");
    if (role) output("tile_role_name", role.name, "Role name to enter in the Datadog AWS tile, exactly as written");
  }
  output("integration_page_url", `${site.appUrl}/integrations/amazon-web-services`, "Datadog's AWS integration page, to watch data arrive (about 10 minutes)");
  stack.addOverride("terraform.required_providers.aws", { source: "hashicorp/aws", version: ">= 5.0, < 7.0" });
  if (manage || live) stack.addOverride("terraform.required_providers.datadog", { source: "DataDog/datadog", version: ">= 3.82.0, < 5.0.0" });
  stack.addOverride("terraform.required_version", ">= 1.5.0");

  // The deployer's policy: what applying this stack needs, on exactly what it creates.
  const arn = (kind, n) => `arn:${partition}:iam::${account}:${kind}/${n}`;
  const policies = [arn("policy", `${principal}-permissions-*`)];
  const statement = (Sid, Action, Resource, Condition) => ({ Sid, Effect: "Allow", Action: sorted(Action), Resource, ...(Condition ? { Condition } : {}) });
  const attached = { ArnLike: { "iam:PolicyARN": rc || cspm ? sorted([...policies, securityAudit]) : policies } };
  const Statement = [statement("ReadCallerIdentityForAccountGuard", ACTIONS.accountGuard, ["*"])];
  if (role) {
    const arns = [arn("role", principal)];
    Statement.push(statement("ReadIntegrationRole", ACTIONS.readRole, arns), statement("WriteIntegrationRole", ACTIONS.writeRole, arns));
    Statement.push(statement("AttachPoliciesToIntegrationRole", ACTIONS.attachToRole, arns, attached));
  } else {
    const arns = [arn("user", principal)];
    Statement.push(statement("ReadIntegrationUser", ACTIONS.readUser, arns), statement("WriteIntegrationUser", ACTIONS.writeUser, arns));
    Statement.push(statement("AttachPoliciesToIntegrationUser", ACTIONS.attachToUser, arns, attached));
    if (accessKey) Statement.push(statement("ReadIntegrationUserAccessKeys", ACTIONS.readAccessKeys, arns), statement("WriteIntegrationUserAccessKeys", ACTIONS.writeAccessKeys, arns));
  }
  Statement.push(statement("ReadIntegrationPolicies", ACTIONS.readPolicies, policies), statement("WriteIntegrationPolicies", ACTIONS.writePolicies, policies));
  Statement.push(statement("TagIntegrationPolicies", ACTIONS.tagPolicy, policies));
  return { Version: "2012-10-17", Statement };
}

const configFile = process.env.DATADOG_AWS_CONFIG || "datadog-aws.config.json";
const config = JSON.parse(fs.readFileSync(configFile, "utf8"));
const app = new App();
const deployerPolicies = Object.entries(config.environments).map(([name, own]) => [name, environmentStack(app, name, merge(config.defaults ?? {}, own))]);
app.synth();
for (const [name, policy] of deployerPolicies) fs.writeFileSync(path.join(app.outdir, "stacks", name, "deployer-policy.json"), `${JSON.stringify(policy, null, 2)}\n`);
const record = { configFile: path.relative(app.outdir, path.resolve(configFile)).split(path.sep).join("/") };
fs.writeFileSync(path.join(app.outdir, "synthesized-from.json"), `${JSON.stringify(record, null, 2)}\n`);
