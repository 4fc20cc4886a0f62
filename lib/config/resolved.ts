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

export interface ResolvedTagFilter {
  namespace: string;
  tags: string[];
}

export interface ResolvedMetrics {
  enabled: boolean;
  hostTags: string[];
  lambdaTags: string[];
  tagFilters: ResolvedTagFilter[];
  newNamespaces: string[];
  automute: boolean;
  collectCloudwatchAlarms: boolean;
  collectCustomMetrics: boolean;
  namespaces?: { includeOnly?: string[]; excludeOnly?: string[] };
}

export interface ResolvedLogs {
  lambdaForwarderArns: string[];
  sources: string[];
  newSources: string[];
}

export interface ResolvedImport {
  datadogAccountConfigId?: string;
  iamRole?: string;
  iamUser?: string;
}

/** The integration's settings after validation, defaults applied. */
export interface ResolvedIntegration {
  awsAccountId: string;
  awsRegion: string;
  datadogSite: string;
  auth: ResolvedAuth;
  regions: string[] | "all";
  tags: string[];
  metrics: ResolvedMetrics;
  resourceCollection: boolean;
  cspm: boolean;
  managedPolicyQuota: number;
  logs: ResolvedLogs;
  manageDatadogIntegration: boolean;
  permissions?: "pinned" | "live";
  xrayServices?: string[] | "all";
  externalId?: string;
  import?: ResolvedImport;
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
  backend: ResolvedBackend;
  datadogApiKeyEnv: string;
  datadogAppKeyEnv: string;
  awsAssumeRoleArn?: string;
  awsAssumeRoleSessionName?: string;
  awsAssumeRoleExternalId?: string;
  awsProfile?: string;
}

/** One account of the accounts file `npm run discover` writes. */
export interface AccountEntry {
  environment: string;
  name: string;
  leftOrganization?: string;
  closed?: string;
  outsideSelection?: string;
}

/** What `npm run discover` writes: the organization, and every account it enrolled, by account ID. */
export interface AccountsFile {
  organizationId: string;
  managementAccountId: string;
  partition: "aws" | "aws-us-gov" | "aws-cn";
  accounts: Record<string, AccountEntry>;
  $comment?: string;
}
