/**
 * What the construct takes: the config file's integration settings, and the providers to
 * create them with. The settings' types must equal the config schema's input type (checked
 * at compile time below), so the config file and the construct cannot drift apart; their
 * defaults and rules live once, in the schema (lib/config/schema.ts).
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DatadogProvider } from "@cdktf/provider-datadog/lib/provider";
import { invalidIntegrationProps } from "../errors";
import { IntegrationInput, integrationSchema } from "../config/schema";
import type { ResolvedIntegration } from "../config/resolved";
import { describeIssue, flattenIssues, toProblems } from "../config/messages";

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
  /**
   * AWS regions newer than the project's pinned list of AWS's regions: they pass the check
   * of `awsRegion` and `regions`, and AWS judges them at plan.
   * @default []
   */
  readonly newRegions?: string[];
  /** Datadog tags added to every host and metric of the account. @default - none */
  readonly tags?: string[];
  /** What Datadog collects from CloudWatch. @default - metrics on, Datadog's defaults */
  readonly metrics?: MetricsConfig;
  /** Collect resource configuration (adds the resource-collection permissions and SecurityAudit). @default true */
  readonly resourceCollection?: boolean;
  /** Cloud Security Posture Management in Datadog; needs resourceCollection (which attaches SecurityAudit). @default false */
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
type ConstructOnlyProp = (typeof CONSTRUCT_ONLY_PROPS)[number];

/** Parses props with the config file's schema, defaults applied; throws one error listing every problem. */
export function resolveIntegrationConfig(props: DatadogAwsIntegrationConfig, where: string): ResolvedIntegration {
  const settings = Object.fromEntries(Object.entries(props).filter(([k]) => !(CONSTRUCT_ONLY_PROPS as readonly string[]).includes(k)));
  const result = integrationSchema.safeParse(settings, { error: describeIssue });
  if (!result.success) {
    throw invalidIntegrationProps(where, toProblems(flattenIssues(result.error), "(props)"));
  }
  return result.data;
}

// Compile-time check: the props (less the providers) and the schema's input are the same type.
// `tsc -b` fails here when a setting is added, removed or retyped on one side only.
type Mutable<T> = T extends readonly (infer E)[] ? Mutable<E>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Settings = Mutable<Omit<DatadogAwsIntegrationConfig, ConstructOnlyProp>>;
const propsMatchSchema: Same<Settings, Mutable<IntegrationInput>> = true;
void propsMatchSchema;
