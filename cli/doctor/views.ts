/**
 * What the doctor's checks look at: the environment as the config says (`DoctorSubject`),
 * what AWS holds (`AwsView`, read by aws.ts) and what Datadog holds (`DatadogView`, read by
 * datadog.ts), and the permissions the role or user must have.
 */
import type { ResolvedEnvironment } from "../../lib/config/schema";
import { partitionOfRegion, type Partition } from "../../lib/facts/partitions";
import { permissionModeOf, pinnedListsFor } from "../../lib/config/contract";
import { findDatadogSite, type DatadogSite } from "../../lib/facts/sites";
import { metricStreamRegions } from "../../lib/constructs/private/metric-streams";
import { type LogDeliveryRegion, logDeliveryRegions } from "../../lib/config/log-delivery-regions";

/** An environment of the config, as far as the doctor needs it. */
export interface DoctorSubject {
  /** The environment's name (the stack's). */
  readonly environment: string;
  /** The config file it comes from, for fixes that edit it. */
  readonly configFile: string;
  readonly accountId: string;
  readonly partition: Partition;
  readonly site: DatadogSite;
  readonly auth: ResolvedEnvironment["auth"];
  readonly cspm: boolean;
  readonly resourceCollection: boolean;
  readonly metricsEnabled: boolean;
  readonly permissions: "pinned" | "live";
  readonly manageDatadogIntegration: boolean;
  /** Split duty: the External ID copied from the tile. */
  readonly externalId?: string;
  /** Metric streams (metricStreams): the regions they run in and the prefix of their names; undefined: off. */
  readonly metricStreams?: { readonly regions: readonly string[]; readonly namePrefix: string };
  /** Log delivery (logDelivery): each region and what it subscribes; undefined: off. */
  readonly logDelivery?: readonly LogDeliveryRegion[];
  /** Cloud Cost Management as the config says, the bucket's region filled in (checks/costs.ts). */
  readonly costs?: SubjectCosts;
}

/** The `costs` section with the bucket's region resolved (the account's awsRegion when left out). */
export interface SubjectCosts {
  readonly bucket: { readonly name: string; readonly region: string; readonly create: boolean };
  readonly export: { readonly name: string; readonly prefix: string; readonly create: boolean };
}

export function subjectOf(environment: string, config: ResolvedEnvironment, configFile: string): DoctorSubject {
  return {
    environment,
    configFile,
    accountId: config.awsAccountId,
    partition: partitionOfRegion(config.awsRegion),
    site: findDatadogSite(config.datadogSite)!,
    auth: config.auth,
    cspm: config.cspm,
    resourceCollection: config.resourceCollection,
    metricsEnabled: config.metrics.enabled,
    permissions: permissionModeOf(config),
    manageDatadogIntegration: config.manageDatadogIntegration,
    externalId: config.externalId,
    metricStreams: config.metricStreams
      ? { regions: metricStreamRegions(config, config.metricStreams), namePrefix: config.metricStreams.namePrefix }
      : undefined,
    costs: config.costs
      ? { export: config.costs.export, bucket: { ...config.costs.bucket, region: config.costs.bucket.region ?? config.awsRegion } }
      : undefined,
    logDelivery: config.logDelivery ? logDeliveryRegions(config) : undefined,
  };
}

/** A policy that applies to the role or user, with its document. */
export interface PolicyView {
  /** As people name it: the managed policy's name, or the inline policy's. */
  readonly name: string;
  /** Managed policies only. */
  readonly arn?: string;
  readonly kind: "managed" | "inline";
  /** For a user: the group it comes through. */
  readonly group?: string;
  /** The document (URL-encoded JSON as IAM returns it, or parsed). */
  readonly document: unknown;
}

/** The role (or user) as IAM holds it. */
export interface AwsPrincipalView {
  readonly kind: "role" | "user";
  /** The name IAM holds, exact case. */
  readonly name: string;
  readonly arn: string;
  /** Roles: the trust policy (AssumeRolePolicyDocument). */
  readonly trustPolicy?: unknown;
  /** Every identity policy that applies: attached managed, inline, and (users) their groups'. */
  readonly policies: readonly PolicyView[];
  readonly permissionsBoundary?: PolicyView;
  /** Users: their access keys. */
  readonly accessKeys?: readonly { readonly id: string; readonly status: string }[];
}

export interface AwsView {
  /** Who the doctor read AWS as. */
  readonly callerArn: string;
  /** The configured role or user; undefined when IAM has none of that name. */
  readonly principal?: AwsPrincipalView;
  /** When it is missing: roles (users) whose names differ from the configured one only by case, or equal the name Datadog holds. */
  readonly similarNames: readonly string[];
  /** With costs: the CUR 2.0 export of the configured name (null: AWS Data Exports has none), read by aws-costs.ts. */
  readonly costExport?: CostExportView | null;
  /** Why the export could not be read (AWS refused ListExports / GetExport). */
  readonly costExportNotRead?: string;
  /** Each metric stream region as CloudWatch and Firehose hold it (read when metricStreams is on). */
  readonly metricStreams?: readonly MetricStreamRegionView[];
  /** Each log delivery region as Firehose and CloudWatch Logs hold it (read when logDelivery is on). */
  readonly logDelivery?: readonly LogDeliveryRegionView[];
}

/** One region's logs delivery stream and subscriptions, as read (undefined: not there). */
export interface LogDeliveryRegionView {
  readonly region: string;
  /** DescribeDeliveryStream: its status (`ACTIVE`, `CREATING`, ...). */
  readonly deliveryStream?: { readonly name: string; readonly arn: string; readonly status: string };
  /** The account-level subscription filter policy (accountLevel regions): where it sends, which log groups it leaves out. */
  readonly accountPolicy?: { readonly name: string; readonly destinationArn: string; readonly selectionCriteria: string };
  /** Each named log group (logGroups regions): whether it exists, and the stack's filter on it. */
  readonly logGroups?: readonly { readonly logGroup: string; readonly exists: boolean; readonly filter?: { readonly destinationArn: string } }[];
  /** What could not be read, and why; the check then says it did not check it. */
  readonly unread?: { readonly deliveryStream?: string; readonly subscriptions?: string };
}

/** One region's metric stream and delivery stream, as read (undefined: not there). */
export interface MetricStreamRegionView {
  readonly region: string;
  /** GetMetricStream: its state (`running`, `stopped`) and the Firehose it puts to. */
  readonly metricStream?: { readonly name: string; readonly arn: string; readonly state: string; readonly firehoseArn: string };
  /** DescribeDeliveryStream: its status (`ACTIVE`, `CREATING`, ...). */
  readonly deliveryStream?: { readonly name: string; readonly arn: string; readonly status: string };
  /** Why either could not be read (access denied, unreachable); the check then says it did not check that one. */
  readonly unread?: { readonly metricStream?: string; readonly deliveryStream?: string };
}

/** A CUR 2.0 export as AWS Data Exports holds it (GetExport). */
export interface CostExportView {
  readonly name: string;
  readonly arn: string;
  readonly bucket?: string;
  readonly prefix?: string;
  readonly region?: string;
  /** HEALTHY or UNHEALTHY (GetExport's ExportStatus), with AWS's reason. */
  readonly status?: string;
  readonly statusReason?: string;
}

/** One `data_export_configs` entry Datadog holds (GET /api/v2/integration/aws/accounts/{id}/ccm_config). */
export interface DatadogDataExportConfig {
  readonly report_name?: string;
  readonly report_prefix?: string;
  readonly report_type?: string;
  readonly bucket_name?: string;
  readonly bucket_region?: string;
}

/** An AWS account integration as Datadog's API returns it (`data[]` of GET /api/v2/integration/aws/accounts). */
export interface DatadogAccount {
  readonly id: string;
  readonly attributes: {
    readonly aws_account_id?: string;
    readonly aws_partition?: string;
    readonly auth_config?: { readonly role_name?: string; readonly external_id?: string; readonly access_key_id?: string };
    readonly metrics_config?: { readonly enabled?: boolean };
    readonly resources_config?: { readonly cloud_security_posture_management_collection?: boolean; readonly extended_collection?: boolean };
    readonly [key: string]: unknown;
  };
}

export interface DatadogView {
  /** The API the integration was read from. */
  readonly apiUrl: string;
  /** The integration of the environment's AWS account, if Datadog has one. */
  readonly account?: DatadogAccount;
  /**
   * Why Datadog was not read at all (split duty without Datadog keys); the Datadog-side
   * checks are then listed as not checked, and `account` says nothing.
   */
  readonly notRead?: string;
  /** Whether metrics from the account reached Datadog (read when the integration exists and collects metrics). */
  readonly metrics?: MetricsArrival;
  /** Why the metrics could not be read (the application key lacks metrics_read). */
  readonly metricsNotRead?: string;
  /** With costs: the export configs Datadog holds for the integration ([]: none), read by datadog-costs.ts. */
  readonly ccmConfig?: readonly DatadogDataExportConfig[];
}

/** What Datadog answered about metrics tagged `aws_account:<id>` (GET /api/v1/metrics). */
export interface MetricsArrival {
  /** From when metrics counted: the integration's creation, or the last hour for an older one. */
  readonly from: Date;
  /** The integration's creation, as Datadog reports it (created_at). */
  readonly createdAt?: Date;
  /** Names of the metrics that arrived since `from`. */
  readonly metrics: readonly string[];
  /** When Datadog was last asked. */
  readonly checkedAt: Date;
  /** With --wait: how long the doctor waited, and how often it asked. */
  readonly waitedMs?: number;
  readonly polls?: number;
}

/** The permissions the role or user must have: Datadog's lists as the environment takes them. */
export interface RequiredPermissions {
  /** Where the list comes from, for people: `Datadog's pinned lists standard + resource-collection (2026-03-10)`. */
  readonly source: string;
  readonly actions: readonly string[];
}

/** Datadog's pinned lists for an environment (standard, plus resource collection when on). */
export function pinnedRequirements(subject: Pick<DoctorSubject, "resourceCollection">): RequiredPermissions {
  const lists = pinnedListsFor(subject.resourceCollection);
  return {
    source: `Datadog's pinned lists (${lists.map((l) => l.name).join(" + ")}, ${lists[0].date})`,
    actions: [...new Set(lists.flatMap((l) => l.actions))].sort(),
  };
}
