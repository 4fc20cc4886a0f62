/**
 * The settings after validation, defaults applied, written out as plain types.
 *
 * zod's inferred types would do, but they are part of the package's public declarations,
 * and zod's own declarations do not compile under every consumer's settings (with cdktf's
 * app template and `skipLibCheck: false`, 60+ errors in zod's files). Written out, the
 * public .d.ts does not import zod at all. schema.ts checks at compile time that these
 * are exactly what its schemas produce, so they cannot drift apart.
 */

/** How Datadog reaches the account: a role it assumes, or a user's access keys (GovCloud, China). */
export type ResolvedAuth = { type: "role"; roleName: string } | { type: "accessKeys"; userName: string; accessKey: "create" | "variables" };

/** AWS tag filters for one CloudWatch namespace. */
export interface ResolvedTagFilter {
  /** The CloudWatch namespace the filter applies to. */
  namespace: string;
  /** AWS tag filters (`key:value`, wildcards, a leading `!` excludes). */
  tags: string[];
}

/** AWS tag filters for one log source. */
export interface ResolvedLogTagFilter {
  /** The log source (one of `logs.sources`) the filter applies to. */
  source: string;
  /** AWS tag filters (`key:value`, wildcards, a leading `!` excludes). */
  tags: string[];
}

/** Which metric names of one CloudWatch namespace are collected: one of includeOnly or excludeOnly. */
export interface ResolvedMetricNameFilter {
  /** The CloudWatch namespace the filter applies to. */
  namespace: string;
  /** Collect only the metric names matching one of these patterns. */
  includeOnly?: string[];
  /** Collect all metric names but those matching one of these patterns. */
  excludeOnly?: string[];
}

/** Metric collection, resolved. */
export interface ResolvedMetrics {
  /** Whether metrics are collected at all. */
  enabled: boolean;
  /** AWS tags a host must carry for its metrics to be collected. */
  hostTags: string[];
  /** AWS tags a Lambda function must carry for its metrics to be collected. */
  lambdaTags: string[];
  /** AWS tag filters for other namespaces. */
  tagFilters: ResolvedTagFilter[];
  /** Per namespace, the metric names collected (Datadog provider 4.16.0 and later). */
  metricNameFilters: ResolvedMetricNameFilter[];
  /** Namespaces newer than the pinned list, accepted as written. */
  newNamespaces: string[];
  /** Mute monitors of EC2 hosts AWS stops on purpose. */
  automute: boolean;
  /** Collect CloudWatch alarms as Datadog events. */
  collectCloudwatchAlarms: boolean;
  /** Collect custom CloudWatch metrics. */
  collectCustomMetrics: boolean;
  /** Only these namespaces (`includeOnly`) or all but these (`excludeOnly`); none: all. */
  namespaces?: { includeOnly?: string[]; excludeOnly?: string[] };
}

/** Log collection, resolved. */
export interface ResolvedLogs {
  /** Datadog Forwarder functions that send the account's logs. */
  lambdaForwarderArns: string[];
  /** AWS services whose logs the forwarders collect. */
  sources: string[];
  /** Per log source, the AWS tags a resource must carry for its logs to be collected. */
  tagFilters: ResolvedLogTagFilter[];
  /** Log sources newer than the pinned list, accepted as written. */
  newSources: string[];
}

/** What one region of log delivery subscribes: the whole account, or named log groups. */
export interface ResolvedLogDeliveryMode {
  /** The whole account, through an account-level subscription filter policy. */
  accountLevel?: { excludeLogGroups: string[] };
  /** Only these log groups, one subscription filter each. */
  logGroups?: string[];
}

/** Log delivery through Firehose, resolved (see lib/config/log-delivery-regions.ts for what each region gets). */
export interface ResolvedLogDelivery {
  /** The regions given; none: the integration's regions, or awsRegion when they are "all". */
  regions?: string[];
  /** The whole account in every region without its own choice (the default when logGroups is not set). */
  accountLevel?: { excludeLogGroups: string[] };
  /** Only these log groups in every region without its own choice. */
  logGroups?: string[];
  /** Per region, what it subscribes when it differs. */
  byRegion?: Record<string, ResolvedLogDeliveryMode>;
  /** The filter pattern of every subscription ("" passes every event). */
  filterPattern: string;
}

/** What exists already and is adopted instead of created. */
export interface ResolvedImport {
  /** Datadog's config ID of an integration made by hand, to import. */
  datadogAccountConfigId?: string;
  /** Name of an existing IAM role to import. */
  iamRole?: string;
  /** Name of an existing IAM user to import. */
  iamUser?: string;
}

/** Where Kinesis Data Firehose gets the Datadog API key: a Secrets Manager secret (by name, in every delivery region) or a sensitive input variable. */
export type ResolvedFirehoseApiKey = { source: "secretsManager"; secretName: string } | { source: "variable" };

/** CloudWatch Metric Streams to Datadog, resolved. */
export interface ResolvedMetricStreams {
  /** Regions to stream from; none: the integration's regions, or awsRegion when they are "all". */
  regions?: string[];
  /** Only these namespaces (`includeOnly`) or all but these (`excludeOnly`); none: every namespace. */
  namespaces?: { includeOnly?: string[]; excludeOnly?: string[] };
  /** Also stream linked source accounts' metrics. */
  includeLinkedAccounts: boolean;
  /** Start of every AWS name created. */
  namePrefix: string;
}

/** Cloud Cost Management (CUR 2.0), resolved. */
export interface ResolvedCosts {
  /** The S3 bucket the export writes to. */
  bucket: {
    /** The bucket's name. */
    name: string;
    /** Whether the stack creates it. */
    create: boolean;
    /** Its region; none: the account's awsRegion. */
    region?: string;
  };
  /** The CUR 2.0 export Datadog reads. */
  export: {
    /** The export's name. */
    name: string;
    /** The S3 prefix it writes under. */
    prefix: string;
    /** Whether the stack creates it. */
    create: boolean;
  };
}

/** The integration's settings after validation, defaults applied. */
export interface ResolvedIntegration {
  /** The AWS account (12 digits). */
  awsAccountId: string;
  /** The region the AWS provider uses (and so the partition). */
  awsRegion: string;
  /** The Datadog site, e.g. `datadoghq.com`. */
  datadogSite: string;
  /** How Datadog reaches the account. */
  auth: ResolvedAuth;
  /** `"all"` or the regions Datadog collects from. */
  regions: string[] | "all";
  /** Regions newer than the pinned list of AWS's regions, accepted as written. */
  newRegions: string[];
  /** Datadog tags added to every host and metric of the account. */
  tags: string[];
  /** What metrics are collected. */
  metrics: ResolvedMetrics;
  /** Collect resource configuration. */
  resourceCollection: boolean;
  /** Cloud Security Posture Management (attaches SecurityAudit). */
  cspm: boolean;
  /** The account's quota of managed policies per role or user. */
  managedPolicyQuota: number;
  /** What logs are collected. */
  logs: ResolvedLogs;
  /** CloudWatch Logs sent to Datadog through Firehose; none: no log delivery. */
  logDelivery?: ResolvedLogDelivery;
  /** Whether the stack also manages the Datadog side. */
  manageDatadogIntegration: boolean;
  /** Where the permission lists come from: pinned in the package, or Datadog's live lists. */
  permissions?: "pinned" | "live";
  /** `"all"` or the services whose X-Ray traces Datadog collects; none: no traces. */
  xrayServices?: string[] | "all";
  /** The External ID from the Datadog AWS tile, when the Datadog side is not managed. */
  externalId?: string;
  /** Resources made by hand, adopted through Terraform import blocks. */
  import?: ResolvedImport;
  /** Where Firehose gets the Datadog API key for metric streams and log delivery; none: not set. */
  firehoseApiKey?: ResolvedFirehoseApiKey;
  /** CloudWatch Metric Streams to Datadog; none: off. */
  metricStreams?: ResolvedMetricStreams;
  /** Cloud Cost Management (CUR 2.0); none: not configured. */
  costs?: ResolvedCosts;
}

/** Where a stack keeps its Terraform state. */
export type ResolvedBackend =
  | { type: "local"; path?: string }
  | {
      type: "s3";
      bucket: string;
      useLockfile: boolean;
      encrypt: boolean;
      key?: string;
      region?: string;
      dynamodbTable?: string;
      profile?: string;
      roleArn?: string;
      kmsKeyId?: string;
    };

/** An environment's settings after validation, defaults applied: the integration's and its stack's. */
export interface ResolvedEnvironment extends ResolvedIntegration {
  /** Where the stack keeps its Terraform state. */
  backend: ResolvedBackend;
  /** The variable Terraform reads the Datadog API key from. */
  datadogApiKeyEnv: string;
  /** The variable Terraform reads the Datadog application key from. */
  datadogAppKeyEnv: string;
  /** A role the AWS provider assumes. */
  awsAssumeRoleArn?: string;
  /** The session name for awsAssumeRoleArn. */
  awsAssumeRoleSessionName?: string;
  /** The External ID for awsAssumeRoleArn. */
  awsAssumeRoleExternalId?: string;
  /** The AWS profile the provider uses. */
  awsProfile?: string;
  /** The Datadog provider range the stack declares instead of its own (a Terraform version constraint). */
  datadogProviderVersion?: string;
}

/** One account of the accounts file `npm run discover` writes. */
export interface AccountEntry {
  /** The environment (and stack) name, never changed once written. */
  environment: string;
  /** The account's name in AWS Organizations. */
  name: string;
  /** When discover noticed the account left the organization. */
  leftOrganization?: string;
  /** When discover noticed the account was closed or suspended. */
  closed?: string;
  /** When discover noticed the account was no longer selected. */
  outsideSelection?: string;
  /** What discover or doctor found already in place (an integration, a role), merged into the environment's `import`. */
  import?: Pick<ResolvedImport, "datadogAccountConfigId" | "iamRole">;
}

/** What `npm run discover` writes: the organization, and every account it enrolled, by account ID. */
export interface AccountsFile {
  /** The organization (`o-...`). */
  organizationId: string;
  /** Its management account. */
  managementAccountId: string;
  /** Its AWS partition. */
  partition: "aws" | "aws-us-gov" | "aws-cn";
  /** Every enrolled account, by account ID. */
  accounts: Record<string, AccountEntry>;
  /** What the file is, for a reader. */
  $comment?: string;
}
