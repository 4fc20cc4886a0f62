/**
 * The Datadog AWS integration of one AWS account: the Datadog side
 * (`datadog_integration_aws_account`) and the AWS side (an IAM role trusting Datadog,
 * or in GovCloud and China an IAM user with an access key), with Datadog's permissions.
 *
 * Construct ids are a contract: they decide Terraform addresses, and a changed address
 * destroys and recreates a live role. Every resource gets an explicit logical id
 * `<id>_<name>` (see ADDRESSES); `__tests__/addresses.test.ts` pins them.
 */
import { Construct } from "constructs";
import { Fn, TerraformLocal, TerraformOutput, TerraformResource, TerraformStack, TerraformVariable, TerraformCount, Token, TerraformElement } from "cdktf";
import { IntegrationAwsAccount, IntegrationAwsAccountConfig } from "@cdktf/provider-datadog/lib/integration-aws-account";
import { DataDatadogIntegrationAwsIamPermissions } from "@cdktf/provider-datadog/lib/data-datadog-integration-aws-iam-permissions";
import { DataDatadogIntegrationAwsIamPermissionsStandard } from "@cdktf/provider-datadog/lib/data-datadog-integration-aws-iam-permissions-standard";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DatadogProvider } from "@cdktf/provider-datadog/lib/provider";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { IamAccessKey } from "@cdktf/provider-aws/lib/iam-access-key";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamUserPolicyAttachment } from "@cdktf/provider-aws/lib/iam-user-policy-attachment";
import { conflictingIntegrations, invalidIntegrationProps, tooManyManagedPolicies } from "../errors";
import { integrationSchema, ResolvedIntegration } from "../config/schema";
import { describeIssue, flattenIssues, formatPath } from "../config/messages";
import { isToken } from "../config/rules";
import { accountRootArn, managedPolicyArn, Partition, partitionOfRegion } from "../facts/partitions";
import { awsIntegrationPageUrl, DatadogSite, findDatadogSite } from "../facts/sites";
import { IAM_QUOTAS } from "../facts/iam-quotas";
import { PermissionList, RESOURCE_COLLECTION_PERMISSIONS, SECURITY_AUDIT_POLICY_NAME, STANDARD_PERMISSIONS } from "../facts/permissions";
import { requireProviderRanges } from "./provider-requirements";
import { MovedBlocks } from "./private/moved-blocks";
import { chunkingExpressions, mergeActions, packActions, permissionsDocument, POLICY_VERSION, STATEMENT_SID } from "./policy-packing";

/** Role delegation: Datadog assumes an IAM role, guarded by an External ID. */
export interface RoleAuthConfig {
  /** Role delegation. */
  readonly type: "role";
  /**
   * Name of the IAM role; Datadog's tile needs it exactly as created (case-sensitive).
   * @default "DatadogIntegrationRole"
   */
  readonly roleName?: string;
}

/** Access keys (GovCloud and China only): Datadog uses an IAM user's access key. */
export interface AccessKeysAuthConfig {
  /** Access keys. */
  readonly type: "accessKeys";
  /**
   * Name of the IAM user.
   * @default "DatadogIntegrationUser"
   */
  readonly userName?: string;
  /**
   * Where the access key comes from. `"create"`: Terraform creates it (the secret is then
   * in Terraform state). `"variables"`: an existing key, through the sensitive input
   * variables `datadog_aws_access_key_id` and `datadog_aws_secret_access_key`.
   * @default "create"
   */
  readonly accessKey?: "create" | "variables";
}

/** What Datadog collects from CloudWatch. */
export interface MetricsConfig {
  /** Collect CloudWatch metrics. @default true */
  readonly enabled?: boolean;
  /**
   * Services to collect metrics from: `includeOnly` or `excludeOnly` CloudWatch namespaces.
   * @default - the provider's default, which excludes AWS/SQS, AWS/ElasticMapReduce and AWS/Usage
   */
  readonly namespaces?: { readonly includeOnly?: string[]; readonly excludeOnly?: string[] };
  /** Only EC2 hosts (and their EBS volumes) with these AWS tags ("key:value"). @default - all hosts */
  readonly hostTags?: string[];
  /** Only Lambda functions with these AWS tags ("key:value"). @default - all functions */
  readonly lambdaTags?: string[];
  /** AWS tag filters for other namespaces. @default - none */
  readonly tagFilters?: { readonly namespace: string; readonly tags: string[] }[];
  /**
   * CloudWatch namespaces Datadog accepts that are newer than this project's dated list:
   * listed here, they pass the synth-time check and Datadog's API judges them at apply.
   * @default - none
   */
  readonly newNamespaces?: string[];
  /** Mute monitors of EC2 hosts AWS shut down on purpose. @default true */
  readonly automute?: boolean;
  /** Collect CloudWatch alarms as Datadog events. @default false */
  readonly collectCloudwatchAlarms?: boolean;
  /** Collect custom CloudWatch metrics. @default false */
  readonly collectCustomMetrics?: boolean;
}

/** Logs Datadog's Forwarder Lambda functions collect. */
export interface LogsConfig {
  /** ARNs of Datadog Forwarder Lambda functions. @default - none */
  readonly lambdaForwarderArns?: string[];
  /** AWS services whose logs the forwarders collect, as Datadog names them, e.g. "s3". @default - none */
  readonly sources?: string[];
  /** Log sources Datadog accepts that are newer than this project's dated list. @default - none */
  readonly newSources?: string[];
}

/** What exists already and is adopted (Terraform import blocks) instead of created. */
export interface ImportConfig {
  /** Datadog's config ID (UUID) of an integration made by hand, to import. @default - nothing imported */
  readonly datadogAccountConfigId?: string;
  /** Name of an existing IAM role to import; must equal `auth.roleName`. @default - nothing imported */
  readonly iamRole?: string;
  /** Name of an existing IAM user to import; must equal `auth.userName`. @default - nothing imported */
  readonly iamUser?: string;
}

/** Settings of one AWS account's Datadog integration: the config file's keys, and the providers to use. */
export interface DatadogAwsIntegrationConfig {
  /** The AWS account to integrate: 12 digits, no dashes. */
  readonly awsAccountId: string;
  /**
   * Region of the AWS provider these resources are created with; decides the partition
   * (`us-gov-*` is `aws-us-gov`, `cn-*` is `aws-cn`) and so every ARN.
   * @default "us-east-1"
   */
  readonly awsRegion?: string;
  /**
   * The Datadog site; decides the Datadog AWS account the role trusts.
   * @default "datadoghq.com"
   */
  readonly datadogSite?: string;
  /**
   * How Datadog authenticates: role delegation (everywhere but China) or an IAM user's
   * access key (GovCloud and China only).
   * @default - role delegation with the role "DatadogIntegrationRole"
   */
  readonly auth?: RoleAuthConfig | AccessKeysAuthConfig;
  /** `"all"` or the regions Datadog collects from. @default "all" */
  readonly regions?: "all" | string[];
  /** Datadog tags added to every host and metric of the account. @default - none */
  readonly tags?: string[];
  /** What Datadog collects from CloudWatch. @default - metrics on, Datadog's defaults */
  readonly metrics?: MetricsConfig;
  /** Collect resource configuration (adds the resource-collection permissions). @default true */
  readonly resourceCollection?: boolean;
  /** Cloud Security Posture Management: attaches SecurityAudit; needs resourceCollection. @default false */
  readonly cspm?: boolean;
  /**
   * `"pinned"`: the dated lists shipped with this project. `"live"`: Datadog's current
   * lists, read at plan time through the Datadog provider.
   * @default - "live" when manageDatadogIntegration is true, else "pinned"
   */
  readonly permissions?: "pinned" | "live";
  /** Log forwarders and the sources they collect. @default - no log forwarders */
  readonly logs?: LogsConfig;
  /** `"all"` or the services whose X-Ray traces Datadog collects. @default - the provider's default */
  readonly xrayServices?: "all" | string[];
  /**
   * false: create only the AWS side; a Datadog admin completes the tile with the outputs.
   * @default true
   */
  readonly manageDatadogIntegration?: boolean;
  /**
   * External ID from the Datadog tile. Required with role auth when
   * manageDatadogIntegration is false; not allowed otherwise.
   * @default - generated by Datadog
   */
  readonly externalId?: string;
  /** Adopt resources made by hand through Terraform import blocks. @default - nothing imported */
  readonly import?: ImportConfig;
  /**
   * Managed policies IAM lets this account attach to one role or user: set it after AWS
   * raised the quota (Service Quotas, "Managed policies per role"), up to 20.
   * @default 10
   */
  readonly managedPolicyQuota?: number;
  /**
   * The AWS provider (account and region) to create the role or user with, e.g. an aliased
   * provider when one stack integrates several accounts. Its region decides the partition
   * when `awsRegion` is left out; give it `allowedAccountIds: [awsAccountId]` as its guard.
   * @default - the stack's default AWS provider
   */
  readonly awsProvider?: AwsProvider;
  /**
   * The Datadog provider to create the integration and read the permission lists with.
   * @default - the stack's default Datadog provider
   */
  readonly datadogProvider?: DatadogProvider;
}

/** Props of the construct only (objects of the stack), not settings the config file can hold. */
const CONSTRUCT_ONLY_PROPS = ["awsProvider", "datadogProvider"] as const;

/** Terraform names (`<construct id>_<name>`) of what the construct creates. */
export const ADDRESSES = {
  integration: "integration",
  role: "role",
  user: "user",
  accessKey: "access_key",
  policy: (n: number) => `permissions_${n}`,
  roleAttachment: (n: number) => `permissions_${n}_attachment`,
  livePolicy: "permissions",
  liveAttachment: "permissions_attachment",
  livePermissionList: "permission_list",
  securityAudit: "security_audit",
} as const;

/** Tag on each permissions policy saying which of Datadog's lists it holds (pinned and their dates, or live). */
export const PERMISSIONS_TAG = "datadog-permissions";

/** Input variable that carries an existing access key's ID (`accessKey: "variables"`). */
export const ACCESS_KEY_ID_VARIABLE = "datadog_aws_access_key_id";
/** Sensitive input variable that carries an existing access key's secret (`accessKey: "variables"`). */
export const SECRET_ACCESS_KEY_VARIABLE = "datadog_aws_secret_access_key";

/** The pinned lists are constants: pack them once per combination, not once per stack. */
const packedPinnedLists = new Map<string, string[][]>();
function pinnedChunks(lists: readonly PermissionList[]): string[][] {
  const key = lists.map((l) => `${l.name}@${l.date}`).join("+");
  let chunks = packedPinnedLists.get(key);
  if (!chunks) {
    chunks = packActions(mergeActions(...lists.map((l) => l.actions)));
    packedPinnedLists.set(key, chunks);
  }
  return chunks;
}

/**
 * `resource.importFrom(id)` (an import block), without the synth-time check cdktf adds
 * with it: that check runs `terraform version` on the machine that synthesizes, so a
 * synth without Terraform installed failed, and it costs a process per import. Terraform
 * itself refuses an import block before 1.5, and the app's stacks require 1.5
 * (`requireTerraformVersion`).
 */
function adopt(resource: TerraformResource, id: string): void {
  const node = resource.node;
  const addValidation = node.addValidation;
  node.addValidation = () => undefined;
  try {
    resource.importFrom(id);
  } finally {
    node.addValidation = addValidation;
  }
}

/** Parses props with the config file's schema; throws one error listing every problem. */
export function resolveIntegrationConfig(props: DatadogAwsIntegrationConfig, where: string): ResolvedIntegration {
  const settings = Object.fromEntries(Object.entries(props).filter(([k]) => !(CONSTRUCT_ONLY_PROPS as readonly string[]).includes(k)));
  const result = integrationSchema.safeParse(settings, { error: describeIssue });
  if (!result.success) {
    throw invalidIntegrationProps(where, flattenIssues(result.error).map((i) => `${formatPath(i.path) || "(props)"}: ${i.message}`));
  }
  return result.data;
}

/** What the integrations of one stack have claimed: Terraform name prefixes and IAM names, by construct path. */
const claims = new WeakMap<TerraformStack, Map<string, string>>();

/** Claims `key` for the construct at `path` in its stack; returns the path that already holds it. */
function claim(stack: TerraformStack, key: string, path: string): string | undefined {
  let taken = claims.get(stack);
  if (!taken) claims.set(stack, (taken = new Map()));
  const holder = taken.get(key);
  if (holder === undefined) taken.set(key, path);
  return holder;
}

/** The stack's AWS provider without an alias, the one resources use when none is given. */
function defaultAwsProvider(stack: TerraformStack): AwsProvider | undefined {
  return stack.node.findAll().find((c): c is AwsProvider => c instanceof AwsProvider && c.alias === undefined);
}

/**
 * The Datadog AWS integration of one AWS account: the Datadog side (which generates the
 * External ID) and the AWS side (a role trusting Datadog's account with that External ID,
 * or an IAM user with an access key in GovCloud and China), with Datadog's permissions.
 * Construct ids are a contract: they name every Terraform address it writes.
 */
export class DatadogAwsIntegration extends Construct {
  /** The resolved settings, defaults applied. */
  readonly config: ResolvedIntegration;
  /** The AWS partition of the account, from its region. */
  readonly partition: Partition;
  /** The Datadog site the account reports to. */
  readonly site: DatadogSite;
  /** Whether the permissions are the pinned lists or read from Datadog at plan time. */
  readonly permissionMode: "pinned" | "live";
  /** The Datadog side; undefined when manageDatadogIntegration is false. */
  readonly integration?: IntegrationAwsAccount;
  /** The role Datadog assumes (role delegation). */
  readonly role?: IamRole;
  /** The IAM user whose key Datadog uses (access keys). */
  readonly user?: IamUser;
  /** The access key Terraform creates (access keys, `accessKey: "create"`). */
  readonly accessKey?: IamAccessKey;
  /** The External ID the role's trust policy requires (a Terraform reference when Datadog generates it). */
  readonly externalId?: string;
  /** The role's trust policy as an object, before Terraform's jsonencode renders it. */
  readonly trustPolicyDocument?: Record<string, unknown>;

  private readonly prefix: string;
  private readonly awsProvider?: AwsProvider;
  private readonly datadogProvider?: DatadogProvider;

  constructor(scope: Construct, id: string, props: DatadogAwsIntegrationConfig) {
    super(scope, id);
    this.prefix = id.replace(/[^A-Za-z0-9_]/g, "_");
    this.awsProvider = props.awsProvider;
    this.datadogProvider = props.datadogProvider;
    const stack = TerraformStack.of(this);
    // The AWS provider's region decides the partition when the props leave it out.
    const providerRegion = (props.awsProvider ?? defaultAwsProvider(stack))?.region;
    const knownProviderRegion = providerRegion !== undefined && !isToken(providerRegion) ? providerRegion : undefined;
    this.config = resolveIntegrationConfig({ ...props, awsRegion: props.awsRegion ?? knownProviderRegion }, this.node.path);
    const c = this.config;
    if (isToken(c.awsRegion)) {
      // The partition decides every ARN, including whom the role trusts: never guess it.
      throw invalidIntegrationProps(this.node.path, ["awsRegion: must be a literal region, not a value known only at plan time, because it decides the partition of every ARN"]);
    }
    this.partition = partitionOfRegion(c.awsRegion);
    if (knownProviderRegion !== undefined && partitionOfRegion(knownProviderRegion) !== this.partition) {
      throw invalidIntegrationProps(this.node.path, [
        `awsRegion: ${JSON.stringify(c.awsRegion)} is in partition ${this.partition}, but the AWS provider these resources are created with is in ${JSON.stringify(knownProviderRegion)} (${partitionOfRegion(knownProviderRegion)}); leave awsRegion out to use the provider's, or give the construct an awsProvider in the right partition`,
      ]);
    }
    this.claimNames(stack);
    this.site = findDatadogSite(c.datadogSite)!;
    this.permissionMode = c.permissions ?? (c.manageDatadogIntegration ? "live" : "pinned");

    if (c.auth.type === "role") {
      const roleName = c.auth.roleName;
      if (c.manageDatadogIntegration) {
        // Datadog's recommended order: the account is created with a literal role name and
        // no External ID, Datadog generates one, and the trust policy reads it. No cycle,
        // and no separately generated ID that could expire before an account uses it.
        this.integration = this.createIntegration({ awsAuthConfigRole: { roleName } });
        this.externalId = this.integration.authConfig.awsAuthConfigRole.externalId;
      } else {
        this.externalId = c.externalId!;
      }
      this.trustPolicyDocument = this.trustPolicy(this.externalId);
      this.role = new IamRole(this, "role", {
        provider: this.awsProvider,
        name: roleName,
        description: `Datadog AWS integration (${this.site.site}); managed by Terraform`,
        // jsonencode, not JSON.stringify: the document holds a Terraform reference, and
        // only a Terraform expression renders as valid HCL under `cdktf synth --hcl`.
        assumeRolePolicy: Fn.jsonencode(this.trustPolicyDocument),
        maxSessionDuration: 3600,
      });
      this.name(this.role, ADDRESSES.role);
      if (c.import?.iamRole) adopt(this.role, c.import.iamRole);
    } else {
      this.user = new IamUser(this, "user", { provider: this.awsProvider, name: c.auth.userName });
      this.name(this.user, ADDRESSES.user);
      if (c.import?.iamUser) adopt(this.user, c.import.iamUser);
      let keys: { accessKeyId: string; secretAccessKey: string };
      if (c.auth.accessKey === "create") {
        // Rotation (`terraform apply -replace=...`) creates the new key, points Datadog at it,
        // and only then deletes the old one: no window without a working key.
        this.accessKey = new IamAccessKey(this, "access-key", { provider: this.awsProvider, user: this.user.name, lifecycle: { createBeforeDestroy: true } });
        this.name(this.accessKey, ADDRESSES.accessKey);
        keys = { accessKeyId: this.accessKey.id, secretAccessKey: this.accessKey.secret };
      } else {
        const id = new TerraformVariable(this, "access-key-id", { type: "string", description: `Access key ID of IAM user ${c.auth.userName}, for Datadog` });
        id.overrideLogicalId(ACCESS_KEY_ID_VARIABLE);
        const secret = new TerraformVariable(this, "secret-access-key", { type: "string", sensitive: true, description: `Secret access key of IAM user ${c.auth.userName}; pass it as TF_VAR_${SECRET_ACCESS_KEY_VARIABLE}` });
        secret.overrideLogicalId(SECRET_ACCESS_KEY_VARIABLE);
        keys = { accessKeyId: id.stringValue, secretAccessKey: secret.stringValue };
      }
      if (c.manageDatadogIntegration) {
        this.integration = this.createIntegration({ awsAuthConfigKeys: keys });
      } else {
        this.output("tile_access_key_id", keys.accessKeyId, "Access key ID to enter in the Datadog AWS tile (Access Keys tab)");
        this.output("tile_secret_access_key", keys.secretAccessKey, "Secret access key to enter in the Datadog AWS tile; read it with terraform output -raw", true);
      }
    }

    const managedPolicyCount = this.attachPermissions();
    if (c.cspm) this.attach(managedPolicyArn(this.partition, SECURITY_AUDIT_POLICY_NAME), ADDRESSES.securityAudit);
    if (managedPolicyCount !== undefined) {
      const total = managedPolicyCount + (c.cspm ? 1 : 0);
      if (total > c.managedPolicyQuota) {
        throw tooManyManagedPolicies(this.node.path, total, c.managedPolicyQuota, IAM_QUOTAS.managedPoliciesPerPrincipalMax);
      }
    }
    this.createOutputs();
    // Our ranges, not the bindings' exact pins, wherever the construct is used.
    requireProviderRanges(TerraformStack.of(this), { datadog: this.integration !== undefined || this.permissionMode === "live" });
  }

  /**
   * Refuses a second integration in the stack that would write the same Terraform
   * addresses (ids equal once punctuation becomes "_", or the same id under two parents)
   * or the same IAM role or user in the same account: the second would silently replace
   * the first.
   */
  private claimNames(stack: TerraformStack): void {
    const c = this.config;
    const here = this.node.path;
    const address = claim(stack, `address:${this.prefix}`, here);
    if (address) {
      throw conflictingIntegrations(address, here, `the Terraform names ${this.prefix}_* (e.g. aws_iam_role.${this.prefix}_role)`, "give each integration a construct id that differs in letters or digits, not only in punctuation or parent");
    }
    const principal = c.auth.type === "role" ? `role ${c.auth.roleName}` : `user ${c.auth.userName}`;
    const iam = claim(stack, `iam:${this.partition}:${c.awsAccountId}:${principal}`, here);
    if (iam) {
      throw conflictingIntegrations(iam, here, `IAM ${principal} (and its policies) in account ${c.awsAccountId}`, `give one a different ${c.auth.type === "role" ? "auth.roleName" : "auth.userName"}, or integrate the account once`);
    }
  }

  /** The Terraform resources' logical ids are `<construct id>_<name>`, independent of nesting. */
  private name(element: TerraformElement, name: string): void {
    element.overrideLogicalId(`${this.prefix}_${name}`);
  }

  private createIntegration(authConfig: IntegrationAwsAccountConfig["authConfig"]): IntegrationAwsAccount {
    const c = this.config;
    const m = c.metrics;
    const tagFilters = [
      ...(m.hostTags.length ? [{ namespace: "AWS/EC2", tags: m.hostTags }] : []),
      ...(m.lambdaTags.length ? [{ namespace: "AWS/Lambda", tags: m.lambdaTags }] : []),
      ...m.tagFilters,
    ];
    const integration = new IntegrationAwsAccount(this, "integration", {
      provider: this.datadogProvider,
      awsAccountId: c.awsAccountId,
      awsPartition: this.partition,
      // Always written, [] included: the attribute is Optional + Computed, so leaving it out
      // after the last tag is removed would plan no change and leave the tags in Datadog.
      accountTags: c.tags,
      authConfig,
      awsRegions: c.regions === "all" ? { includeAll: true } : { includeOnly: c.regions },
      logsConfig: { lambdaForwarder: { lambdas: c.logs.lambdaForwarderArns, sources: c.logs.sources } },
      metricsConfig: {
        enabled: m.enabled,
        automuteEnabled: m.automute,
        collectCloudwatchAlarms: m.collectCloudwatchAlarms,
        collectCustomMetrics: m.collectCustomMetrics,
        // The provider requires the block (ExactlyOneOf validator); empty means its default.
        namespaceFilters: m.namespaces ?? {},
        tagFilters: tagFilters.length ? tagFilters : undefined,
      },
      resourcesConfig: {
        extendedCollection: c.resourceCollection,
        cloudSecurityPostureManagementCollection: c.cspm,
      },
      // The provider requires the xray_services block too; empty means no X-Ray traces.
      tracesConfig: {
        xrayServices: c.xrayServices === undefined ? {} : c.xrayServices === "all" ? { includeAll: true } : { includeOnly: c.xrayServices },
      },
    });
    this.name(integration, ADDRESSES.integration);
    if (c.import?.datadogAccountConfigId) adopt(integration, c.import.datadogAccountConfigId);
    return integration;
  }

  /** Only Datadog's account root may assume the role, and only with the External ID. */
  private trustPolicy(externalId: string): Record<string, unknown> {
    const trustAccount = this.site.trustAccountByPartition[this.partition];
    if (!trustAccount) {
      // The schema refuses such combinations; trusting another partition's account would be wrong.
      throw invalidIntegrationProps(this.node.path, [`datadogSite: ${this.site.site} offers no role delegation for ${this.partition} accounts`]);
    }
    return {
      Version: POLICY_VERSION,
      Statement: [
        {
          Sid: "DatadogAssumeRoleWithExternalId",
          Effect: "Allow",
          Principal: { AWS: accountRootArn(this.partition, trustAccount) },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": externalId } },
        },
      ],
    };
  }

  private principalName(): string {
    const auth = this.config.auth;
    return auth.type === "role" ? auth.roleName : auth.userName;
  }

  private attach(policyArn: string, name: string, count?: TerraformCount): void {
    const attachment = this.role
      ? new IamRolePolicyAttachment(this, name, { provider: this.awsProvider, role: this.role.name, policyArn, count })
      : new IamUserPolicyAttachment(this, name, { provider: this.awsProvider, user: this.user!.name, policyArn, count });
    this.name(attachment, name);
  }

  /**
   * Moved blocks between the pinned addresses (`_permissions_<n>`) and the live ones
   * (`_permissions[n-1]`) of the same policies and attachments, so switching an
   * environment between the two modes updates them in place. A move whose source is not
   * in state does nothing; a live part beyond the new count is destroyed as usual.
   */
  private movePermissions(parts: readonly { pinned: number; live: number }[], direction: "to pinned" | "to live"): void {
    const attachment = this.role ? "aws_iam_role_policy_attachment" : "aws_iam_user_policy_attachment";
    const pinned = (n: number) => [`aws_iam_policy.${this.prefix}_${ADDRESSES.policy(n)}`, `${attachment}.${this.prefix}_${ADDRESSES.roleAttachment(n)}`];
    const live = (i: number) => [`aws_iam_policy.${this.prefix}_${ADDRESSES.livePolicy}[${i}]`, `${attachment}.${this.prefix}_${ADDRESSES.liveAttachment}[${i}]`];
    const moves = parts.flatMap(({ pinned: n, live: i }) => {
      const [from, to] = direction === "to pinned" ? [live(i), pinned(n)] : [pinned(n), live(i)];
      return from.map((address, k) => ({ from: address, to: to[k] }));
    });
    new MovedBlocks(this, "moved-permissions", moves);
  }

  /** Returns how many managed policies were attached, or undefined when known only at plan time. */
  private attachPermissions(): number | undefined {
    const c = this.config;
    const principal = this.principalName();
    // The description says only what never changes: IAM cannot change a policy's
    // description, so Terraform would replace the policy (a moment without the permission)
    // whenever it changed. Which lists a policy holds is in a tag, which updates in place;
    // descriptions written by earlier versions are left as they are (ignore_changes).
    const description = (part: number | string) => `Datadog AWS integration permissions for ${principal}, part ${part}`;
    if (this.permissionMode === "pinned") {
      const lists = c.resourceCollection ? [STANDARD_PERMISSIONS, RESOURCE_COLLECTION_PERMISSIONS] : [STANDARD_PERMISSIONS];
      const chunks = pinnedChunks(lists);
      const listNames = lists.map((l) => `${l.name}-${l.date}`).join(" + ");
      chunks.forEach((actions, i) => {
        const n = i + 1;
        const policy = new IamPolicy(this, ADDRESSES.policy(n), {
          provider: this.awsProvider,
          name: `${principal}-permissions-${n}`,
          description: description(n),
          policy: JSON.stringify(permissionsDocument(actions)),
          tags: { [PERMISSIONS_TAG]: `pinned ${listNames}` },
          lifecycle: { ignoreChanges: ["description"] },
        });
        this.name(policy, ADDRESSES.policy(n));
        this.attach(policy.arn, ADDRESSES.roleAttachment(n));
      });
      // From live permissions: part n keeps its name, so it is updated in place (no new
      // policy under a name that still exists, no moment without the permission).
      this.movePermissions(chunks.map((_, i) => ({ pinned: i + 1, live: i })), "to pinned");
      return chunks.length;
    }

    // Live: Datadog's current lists, read and split at plan time.
    const list = c.resourceCollection
      ? new DataDatadogIntegrationAwsIamPermissions(this, ADDRESSES.livePermissionList, { provider: this.datadogProvider })
      : new DataDatadogIntegrationAwsIamPermissionsStandard(this, ADDRESSES.livePermissionList, { provider: this.datadogProvider });
    this.name(list, ADDRESSES.livePermissionList);
    const localName = (name: string) => `${this.prefix}_permission_${name}`;
    const exprs = chunkingExpressions(`data.${list.terraformResourceType}.${this.prefix}_${ADDRESSES.livePermissionList}.iam_permissions`, (n) => `local.${localName(n)}`);
    for (const [name, expression] of Object.entries(exprs)) {
      new TerraformLocal(this, localName(name), `\${${expression}}`).overrideLogicalId(localName(name));
    }
    const chunks = `local.${localName("chunks")}`;
    const reserved = c.cspm ? 1 : 0;
    const count = TerraformCount.of(Token.asNumber(`\${length(${chunks})}`));
    const document = `jsonencode({Version = "${POLICY_VERSION}", Statement = [{Sid = "${STATEMENT_SID}", Effect = "Allow", Action = ${chunks}[count.index], Resource = "*"}]})`;
    const policy = new IamPolicy(this, ADDRESSES.livePolicy, {
      provider: this.awsProvider,
      count,
      name: `${principal}-permissions-\${count.index + 1}`,
      description: description("\${count.index + 1}"),
      policy: `\${${document}}`,
      tags: { [PERMISSIONS_TAG]: "live" },
      lifecycle: {
        ignoreChanges: ["description"],
        precondition: [
          {
            condition: `\${length(${document}) <= ${IAM_QUOTAS.managedPolicyChars}}`,
            errorMessage: `Datadog permissions part \${count.index + 1} is over IAM's ${IAM_QUOTAS.managedPolicyChars} characters.`,
          },
        ],
      },
    });
    // On the principal, not the counted policy, so a failure is reported once.
    // No double quotes in these messages: cdktf's HCL rendering does not escape them.
    (this.role ?? this.user!).addOverride("lifecycle.precondition", [
      {
        condition: `\${length(${chunks}) + ${reserved} <= ${c.managedPolicyQuota}}`,
        error_message: `Datadog's permission lists need \${length(${chunks})} policies, ${reserved ? "plus SecurityAudit, " : ""}over the quota of ${c.managedPolicyQuota} managed policies per role or user. Switch this environment to pinned permissions, or have AWS raise the quota and set managedPolicyQuota.`,
      },
    ]);
    this.name(policy, ADDRESSES.livePolicy);
    const attachCount = TerraformCount.of(Token.asNumber(`\${length(${chunks})}`));
    this.attach(`\${aws_iam_policy.${this.prefix}_${ADDRESSES.livePolicy}[count.index].arn}`, ADDRESSES.liveAttachment, attachCount);
    // From pinned permissions: as many parts as the quota allows a principal.
    this.movePermissions(Array.from({ length: c.managedPolicyQuota }, (_, i) => ({ pinned: i + 1, live: i })), "to live");
    return undefined;
  }

  private output(name: string, value: string, description: string, sensitive = false): void {
    new TerraformOutput(this, name, { value, description, sensitive }).overrideLogicalId(`${this.prefix}_${name}`);
  }

  private createOutputs(): void {
    const c = this.config;
    if (this.role) {
      this.output("role_arn", this.role.arn, "ARN of the IAM role Datadog assumes");
      this.output("role_name", this.role.name, "Name of the IAM role, as the Datadog tile needs it (case-sensitive)");
      this.output("external_id", this.externalId!, "External ID the role's trust policy requires");
    }
    if (this.user) {
      this.output("user_name", this.user.name, "Name of the IAM user whose access key Datadog uses");
      this.output("user_arn", this.user.arn, "ARN of the IAM user");
    }
    if (this.accessKey) this.output("access_key_id", this.accessKey.id, "Access key ID Datadog uses (the secret stays in Terraform state)");
    if (!c.manageDatadogIntegration) {
      this.output("tile_aws_account_id", c.awsAccountId, "AWS account ID to enter in the Datadog AWS tile (no dashes)");
      if (this.role) this.output("tile_role_name", this.role.name, "Role name to enter in the Datadog AWS tile, exactly as written");
    }
    this.output("integration_page_url", awsIntegrationPageUrl(this.site), "Datadog's AWS integration page, to watch data arrive (about 10 minutes)");
  }
}
