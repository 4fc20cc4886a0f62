/**
 * What the construct takes: the config file's integration settings, and the providers to
 * create them with. The settings' types must equal the config schema's input type (checked
 * at compile time below), so the config file and the construct cannot drift apart; their
 * defaults, rules and descriptions live once, in the schema (lib/config/fields/). The
 * settings' comments below are written from there by scripts/write-props-docs.ts
 * (`npm run schema`); edit the schema, not them.
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
   * Name of the IAM role Datadog assumes; entered in the Datadog tile exactly as created
   * (case-sensitive).
   * @default "DatadogIntegrationRole"
   */
  readonly roleName?: string;
}

/** Access keys (GovCloud and China only): Datadog uses an IAM user's access key. */
export interface AccessKeysAuthConfig {
  /** Access keys. */
  readonly type: "accessKeys";
  /**
   * Name of the IAM user whose access key Datadog uses.
   * @default "DatadogIntegrationUser"
   */
  readonly userName?: string;
  /**
   * "create": Terraform creates the user's access key (its secret then lives in Terraform state).
   * "variables": bring an existing key through the sensitive input variables
   * datadog_aws_access_key_id and datadog_aws_secret_access_key.
   * @default "create"
   */
  readonly accessKey?: "create" | "variables";
}

/** What Datadog collects from CloudWatch. */
export interface MetricsConfig {
  /**
   * Collect CloudWatch metrics.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Which services to collect metrics from (the guide's list of services): includeOnly or
   * excludeOnly, not both.
   * @default - the provider's, which excludes AWS/SQS, AWS/ElasticMapReduce and AWS/Usage
   */
  readonly namespaces?: { readonly includeOnly?: string[]; readonly excludeOnly?: string[] };
  /**
   * Limit EC2 hosts (and their EBS volumes) to those with these AWS tags (the guide's "to hosts with
   * tag").
   * @default []
   */
  readonly hostTags?: string[];
  /**
   * Limit Lambda functions to those with these AWS tags (the guide's "to Lambdas with tag").
   * @default []
   */
  readonly lambdaTags?: string[];
  /**
   * AWS tag filters for other namespaces, e.g. [\{ "namespace": "AWS/RDS", "tags": ["env:prod"] \}];
   * one filter per namespace.
   * @default []
   */
  readonly tagFilters?: { readonly namespace: string; readonly tags: string[] }[];
  /**
   * Per namespace, which metric names Datadog collects: includeOnly or excludeOnly Datadog metric
   * names ("*" matches any run of characters), e.g. [\{ "namespace": "AWS/EC2", "includeOnly":
   * ["aws.ec2.network_*"] \}]; one filter per namespace, only namespaces the integration collects.
   * Needs Datadog provider 4.16.0 or later: the stack then declares that range (docs/library.md,
   * "Provider versions").
   * @default []
   */
  readonly metricNameFilters?: { readonly namespace: string; readonly includeOnly?: string[]; readonly excludeOnly?: string[] }[];
  /**
   * CloudWatch namespaces newer than this project's list of Datadog's (2024-12-09): names listed
   * here pass the synth-time check, and Datadog's API judges them at apply.
   * @default []
   */
  readonly newNamespaces?: string[];
  /**
   * Mute monitors of EC2 hosts that AWS shut down on purpose.
   * @default true
   */
  readonly automute?: boolean;
  /**
   * Collect CloudWatch alarms.
   * @default false
   */
  readonly collectCloudwatchAlarms?: boolean;
  /**
   * Collect custom CloudWatch metrics.
   * @default false
   */
  readonly collectCustomMetrics?: boolean;
}

/** Logs Datadog's Forwarder Lambda functions collect. */
export interface LogsConfig {
  /**
   * Datadog Forwarder Lambda functions that collect the logs, in the account's partition.
   * @default []
   */
  readonly lambdaForwarderArns?: string[];
  /**
   * AWS services whose logs the forwarders collect, e.g. "s3", "elb".
   * @default []
   */
  readonly sources?: string[];
  /**
   * Per log source, collect logs only from resources with these AWS tags, e.g. [\{ "source": "s3",
   * "tags": ["env:prod"] \}]; each source one filter, and only sources listed in logs.sources.
   * @default []
   */
  readonly tagFilters?: { readonly source: string; readonly tags: string[] }[];
  /**
   * Log sources newer than this project's list of Datadog's (2024-12-09): names listed here pass the
   * synth-time check, and Datadog's API judges them at apply.
   * @default []
   */
  readonly newSources?: string[];
}

/** The whole account of a region, through an account-level subscription filter policy. */
export interface LogDeliveryAccountLevelConfig {
  /**
   * Log groups the account-level policy leaves out (its selection criteria), besides the delivery
   * streams' own error log groups, which are always left out so Firehose's errors never loop back
   * into Firehose.
   * @default []
   */
  readonly excludeLogGroups?: string[];
}

/** What one region of log delivery subscribes: accountLevel or logGroups, not both. */
export interface LogDeliveryModeConfig {
  /** The whole account. */
  readonly accountLevel?: LogDeliveryAccountLevelConfig;
  /** Only these log groups. */
  readonly logGroups?: string[];
}

/** CloudWatch Logs sent to Datadog through a Firehose delivery stream per region. */
export interface LogDeliveryConfig {
  /**
   * Regions whose CloudWatch Logs go to Datadog. Regions named in byRegion are added.
   * @default - the integration's regions, or awsRegion alone when regions is "all" (as metricStreams)
   */
  readonly regions?: string[];
  /**
   * Subscribe every log group of the region through one account-level subscription filter policy
   * (one per region and account, as AWS allows).
   */
  readonly accountLevel?: LogDeliveryAccountLevelConfig;
  /**
   * Subscribe only these log groups (one subscription filter each), instead of the whole account.
   */
  readonly logGroups?: string[];
  /**
   * Per region, what it subscribes when it differs from the section's choice, e.g. \{ "us-east-1":
   * \{ "accountLevel": \{\} \} \}; each region named here gets log delivery.
   */
  readonly byRegion?: Record<string, LogDeliveryModeConfig>;
  /**
   * CloudWatch Logs filter pattern of every subscription: "" (every event, as Datadog's template) or
   * a pattern such as "ERROR".
   * @default ""
   */
  readonly filterPattern?: string;
}

/** What exists already and is adopted (Terraform import blocks) instead of created. */
export interface ImportConfig {
  /**
   * Datadog's config ID of the existing AWS account integration (a UUID).
   */
  readonly datadogAccountConfigId?: string;
  /**
   * Name of the existing IAM role to adopt; must equal auth.roleName.
   */
  readonly iamRole?: string;
  /**
   * Name of the existing IAM user to adopt; must equal auth.userName.
   */
  readonly iamUser?: string;
}

/** Firehose reads the Datadog API key from a Secrets Manager secret you already have (nothing secret in state). */
export interface SecretsManagerApiKeyConfig {
  /** A Secrets Manager secret. */
  readonly source: "secretsManager";
  /**
   * Name of a Secrets Manager secret holding the API key, present under this name in every delivery
   * region (Firehose reads a secret of its own region only; Secrets Manager's replication keeps the
   * name). Its value: the JSON object \{"api_key": "\<key\>"\}, the form Firehose reads for HTTP
   * endpoints.
   */
  readonly secretName: string;
}

/** Firehose gets the Datadog API key from the sensitive input variable datadog_firehose_api_key (kept in state). */
export interface VariableApiKeyConfig {
  /** The sensitive input variable. */
  readonly source: "variable";
}

/** CloudWatch Metric Streams to Datadog, per region. */
export interface MetricStreamsConfig {
  /**
   * Regions to stream from, each with its own metric stream and delivery stream.
   * @default - the integration's regions, or awsRegion alone when regions is "all"
   */
  readonly regions?: string[];
  /**
   * includeOnly or excludeOnly, not both.
   * @default - every namespace (as Datadog's template without filters)
   */
  readonly namespaces?: { readonly includeOnly?: string[]; readonly excludeOnly?: string[] };
  /**
   * Also stream the metrics of source accounts linked to this one (CloudWatch cross-account
   * observability monitoring account), as the template's IncludeLinkedAccounts.
   * @default false
   */
  readonly includeLinkedAccounts?: boolean;
  /**
   * Start of every AWS name it creates (metric stream, delivery stream, bucket, roles, log group).
   * @default "datadog"
   */
  readonly namePrefix?: string;
}

/** The S3 bucket the Cost and Usage Report 2.0 export writes to. */
export interface CostBucketConfig {
  /**
   * Name of the S3 bucket the export writes to (the bucket alone, not an ARN).
   */
  readonly name: string;
  /**
   * Region of the bucket, in the account's partition.
   * @default - the environment's awsRegion
   */
  readonly region?: string;
  /**
   * true: the stack creates the bucket (encrypted, public access blocked, tagged) with a policy
   * letting only the export write; false: the bucket exists.
   * @default true
   */
  readonly create?: boolean;
}

/** The Cost and Usage Report 2.0 export (AWS Data Exports) Datadog reads. */
export interface CostExportConfig {
  /**
   * Name of the AWS Data Exports export (CUR 2.0) Datadog reads.
   * @default "datadog-cost-and-usage"
   */
  readonly name?: string;
  /**
   * S3 prefix the export writes under (folders joined by /, no leading or trailing /).
   * @default "datadog-ccm"
   */
  readonly prefix?: string;
  /**
   * true: the stack creates the CUR 2.0 export (hourly, Parquet, the columns Datadog reads); false:
   * an export of this name already writes to the bucket.
   * @default true
   */
  readonly create?: boolean;
}

/** Cloud Cost Management (CUR 2.0): the export, its bucket, and Datadog told where they are. */
export interface CostsConfig {
  /**
   * The S3 bucket the Cost and Usage Report 2.0 export writes to.
   */
  readonly bucket: CostBucketConfig;
  /**
   * The Cost and Usage Report 2.0 export (AWS Data Exports) Datadog reads.
   * @default - `{}`
   */
  readonly export?: CostExportConfig;
}

/** Settings of one AWS account's Datadog integration: the config file's keys, and the providers to use. */
export interface DatadogAwsIntegrationConfig {
  /**
   * The AWS account to integrate: 12 digits, no dashes, as a string ("012345678901").
   */
  readonly awsAccountId: string;
  /**
   * Region of the AWS provider; decides the partition (us-gov-* is aws-us-gov, cn-* is aws-cn, any
   * other aws), which every ARN follows.
   * @default "us-east-1"
   */
  readonly awsRegion?: string;
  /**
   * The Datadog site your organization is on; decides the trusted Datadog AWS account and the API
   * URL.
   * @default "datadoghq.com"
   */
  readonly datadogSite?: string;
  /**
   * How Datadog reaches the account: an IAM role it assumes, or an IAM user's access key.
   * @default - `{ "type": "role" }`
   */
  readonly auth?: RoleAuthConfig | AccessKeysAuthConfig;
  /**
   * "all", or the regions Datadog collects from.
   * @default "all"
   */
  readonly regions?: "all" | string[];
  /**
   * AWS regions newer than this project's list of AWS's regions (2026-11-24): names listed here pass
   * the synth-time check in awsRegion, regions and backend.region, and AWS judges them at plan.
   * @default []
   */
  readonly newRegions?: string[];
  /**
   * Tags Datadog adds to every host and metric of this account.
   * @default []
   */
  readonly tags?: string[];
  /** What Datadog collects from CloudWatch. @default - metrics on, Datadog's defaults */
  readonly metrics?: MetricsConfig;
  /**
   * Collect resource configuration (adds Datadog's resource-collection permissions and
   * SecurityAudit).
   * @default true
   */
  readonly resourceCollection?: boolean;
  /**
   * Cloud Security Posture Management in Datadog; needs resourceCollection (which attaches
   * SecurityAudit).
   * @default false
   */
  readonly cspm?: boolean;
  /**
   * "pinned": the dated lists shipped with this project (lib/facts/permissions). "live": Datadog's
   * current lists, read at plan time through the Datadog provider's data sources.
   * @default - "live" when the stack manages the Datadog side, else "pinned"
   */
  readonly permissions?: "pinned" | "live";
  /** Log forwarders and the sources they collect. @default - no log forwarders */
  readonly logs?: LogsConfig;
  /**
   * Send CloudWatch Logs to Datadog through a Firehose delivery stream per region (Datadog's
   * account-level logs template), with the failure bucket and roles metricStreams uses. Each region
   * subscribes the whole account (accountLevel, the default) or named logGroups. Needs the Firehose
   * API key source.
   */
  readonly logDelivery?: LogDeliveryConfig;
  /**
   * "all", or the AWS services whose X-Ray traces Datadog collects, each named by its CloudWatch
   * namespace as Datadog lists them (e.g. "AWS/Lambda", "AWS/AppSync"; a newer one also in
   * metrics.newNamespaces).
   * @default - none (no X-Ray traces)
   */
  readonly xrayServices?: "all" | string[];
  /**
   * false: create only the AWS side (split duty); a Datadog admin completes the tile with the
   * outputs.
   * @default true
   */
  readonly manageDatadogIntegration?: boolean;
  /**
   * The External ID from the Datadog tile: required with manageDatadogIntegration false and role
   * auth, refused otherwise.
   */
  readonly externalId?: string;
  /**
   * Adopt resources made by hand: the stack emits Terraform import blocks so the first plan imports
   * them instead of creating new ones.
   */
  readonly import?: ImportConfig;
  /**
   * Managed policies IAM lets this account attach to one role or user: 10 unless you asked AWS
   * (Service Quotas) to raise it, up to 20.
   * @default 10
   */
  readonly managedPolicyQuota?: number;
  /**
   * The Datadog API key Kinesis Data Firehose sends to Datadog (metricStreams needs it): \{
   * "source": "secretsManager", "secretName": ... \} (nothing secret in state) or \{ "source":
   * "variable" \}.
   * @default - none
   */
  readonly firehoseApiKey?: SecretsManagerApiKeyConfig | VariableApiKeyConfig;
  /**
   * CloudWatch Metric Streams to Datadog (metrics within 2 to 3 minutes instead of polled every 10):
   * per region a metric stream, a Kinesis Data Firehose delivery stream to the site's metrics
   * intake, a bucket for failed deliveries, their roles and an error log group. Needs
   * firehoseApiKey.
   * @default - off
   */
  readonly metricStreams?: MetricStreamsConfig;
  /**
   * Cloud Cost Management (CUR 2.0), usually on the payer / management account: the export, its
   * bucket, Datadog's read access to both, and Datadog told where the export is
   * (datadog_integration_aws_account_ccm_config, Datadog provider 4.11.0 or later).
   * @default - none
   */
  readonly costs?: CostsConfig;
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
