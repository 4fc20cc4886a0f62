/**
 * One region's delivery of CloudWatch data to Datadog: a Kinesis Data Firehose delivery stream
 * with an HTTP endpoint destination (the site's metrics or logs intake), an S3 bucket for what
 * fails delivery, the role Firehose writes that bucket and its error logs with, and the log
 * group those errors go to. Metric streams (kind "metrics") and log delivery (kind "logs")
 * both put their data into it. Every setting follows Datadog's template for the kind
 * (lib/facts/delivery.ts); where this differs, the comment says why.
 */
import { Construct } from "constructs";
import { Fn, TerraformStack, TerraformVariable } from "cdktf";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import { DataAwsSecretsmanagerSecret } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import type { ResolvedFirehoseApiKey } from "../../config/resolved";
import { FIREHOSE_API_KEY_VARIABLE } from "../../config/fields/firehose-api-key";
import { deliveryNameTooLong } from "../../errors";
import { type DeliveryKind, FIREHOSE_TEMPLATE_SETTINGS } from "../../facts/delivery";
import type { Partition } from "../../facts/partitions";
import type { DatadogSite } from "../../facts/sites";
import { requireProviderFeature } from "../provider-requirements";
import { IntegrationNaming } from "./naming";

/** Days a record that failed delivery stays in the bucket: long enough to notice and replay it (the templates keep it forever). */
export const FAILED_RECORD_RETENTION_DAYS = 30;

/** AWS's limits on the names built here. */
const NAME_LIMITS = { deliveryStream: 64, bucket: 63, role: 64, logGroup: 512 } as const;

/** What one region's delivery is built from. */
export interface FirehoseDeliveryProps {
  /** The regional AWS provider alias (regional-providers.ts). */
  readonly provider: AwsProvider;
  /** The region the provider is in; part of the global names (bucket, role). */
  readonly region: string;
  /** The account's partition (every ARN built by hand follows it). */
  readonly partition: Partition;
  /** The account (12 digits): bucket names are global, so they carry it. */
  readonly accountId: string;
  /** The Datadog site, whose intake the stream delivers to. */
  readonly site: DatadogSite;
  /** Metric streams or logs: decides the intake and the template settings. */
  readonly kind: DeliveryKind;
  /** Where Firehose gets the Datadog API key. */
  readonly apiKey: ResolvedFirehoseApiKey;
  /** Start of every AWS name, e.g. "datadog" (lower case: bucket names must be). */
  readonly namePrefix: string;
  /** The integration's Terraform names (`<prefix>_<kind>_<region>_<what>`). */
  readonly naming: IntegrationNaming;
  /** AWS tags on everything that takes them. */
  readonly tags: Record<string, string>;
}

/** The Terraform names of one region's delivery, e.g. `datadog_metrics_us_east_1_firehose`. */
export function deliveryLogicalId(naming: IntegrationNaming, kind: DeliveryKind, region: string, what: string): string {
  return naming.logicalId(`${kind}_${region.replace(/-/g, "_")}_${what}`);
}

/** The AWS names of one region's delivery (a function of the props alone, so docs and doctor can name them too). */
export function deliveryNames(namePrefix: string, kind: DeliveryKind, accountId: string, region: string) {
  const deliveryStream = `${namePrefix}-${kind}-delivery`;
  return {
    deliveryStream,
    bucket: `${namePrefix}-${kind}-failed-${accountId}-${region}`,
    firehoseRole: `${namePrefix}-${kind}-firehose-${region}`,
    // Firehose's console names its error log groups so; log delivery must keep them out of Firehose.
    logGroup: `/aws/kinesisfirehose/${deliveryStream}`,
  };
}

/** A delivery stream to Datadog in one region, and what it needs. */
export class FirehoseDelivery extends Construct {
  /** The delivery stream. */
  readonly deliveryStream: KinesisFirehoseDeliveryStream;
  /** Its ARN (what a metric stream or subscription filter puts to). */
  readonly deliveryStreamArn: string;
  /** Its name. */
  readonly deliveryStreamName: string;
  /** The bucket failed records go to. */
  readonly bucket: S3Bucket;
  /** The role Firehose writes the bucket and its error logs with. */
  readonly role: IamRole;
  /** The log group of Firehose's errors (log delivery must not send it back into Firehose). */
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: FirehoseDeliveryProps) {
    super(scope, id);
    const { provider, kind, region, naming, tags } = props;
    const settings = FIREHOSE_TEMPLATE_SETTINGS[kind];
    const names = deliveryNames(props.namePrefix, kind, props.accountId, region);
    for (const [what, max] of Object.entries(NAME_LIMITS) as [keyof typeof NAME_LIMITS, number][]) {
      const name = what === "deliveryStream" ? names.deliveryStream : what === "bucket" ? names.bucket : what === "role" ? names.firehoseRole : names.logGroup;
      if (name.length > max) throw deliveryNameTooLong(this.node.path, what, name, max);
    }
    const named = <T extends { overrideLogicalId(id: string): void }>(element: T, what: string): T => {
      element.overrideLogicalId(deliveryLogicalId(naming, kind, region, what));
      return element;
    };

    this.logGroup = named(new CloudwatchLogGroup(this, "log-group", { provider, name: names.logGroup, retentionInDays: settings.errorLogRetentionDays, tags }), "error_log_group");
    // Two streams as the metrics template has: one per destination whose errors Firehose logs.
    const httpLogStream = named(new CloudwatchLogStream(this, "http-log-stream", { provider, name: "http_endpoint_delivery", logGroupName: this.logGroup.name }), "error_log_stream_http");
    const s3LogStream = named(new CloudwatchLogStream(this, "s3-log-stream", { provider, name: "s3_backup", logGroupName: this.logGroup.name }), "error_log_stream_s3");

    // force_destroy stays false: records in it failed to reach Datadog, and destroying the
    // stack must not delete them unread (the templates' bucket outlives nothing either).
    this.bucket = named(new S3Bucket(this, "bucket", { provider, bucket: names.bucket, tags }), "failed_bucket");
    named(
      new S3BucketPublicAccessBlock(this, "bucket-public-access", {
        provider,
        bucket: this.bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      }),
      "failed_bucket_public_access",
    );
    // aws:kms with the AWS managed key, as the template; the bucket key (not in the template)
    // saves a KMS request per object.
    named(
      new S3BucketServerSideEncryptionConfigurationA(this, "bucket-encryption", {
        provider,
        bucket: this.bucket.id,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true }],
      }),
      "failed_bucket_encryption",
    );
    // The templates keep failed records forever; a bucket nobody reads should not grow forever.
    named(
      new S3BucketLifecycleConfiguration(this, "bucket-lifecycle", {
        provider,
        bucket: this.bucket.id,
        rule: [
          {
            id: "expire-failed-records",
            status: "Enabled",
            filter: [{ prefix: "" }],
            expiration: [{ days: FAILED_RECORD_RETENTION_DAYS }],
            abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
          },
        ],
      }),
      "failed_bucket_lifecycle",
    );

    // Firehose reading the key from Secrets Manager is newer than the AWS provider's 5.0.
    if (props.apiKey.source === "secretsManager") requireProviderFeature(this, "firehoseSecretsManager");
    const secret = props.apiKey.source === "secretsManager" ? named(new DataAwsSecretsmanagerSecret(this, "api-key-secret", { provider, name: props.apiKey.secretName }), "api_key_secret") : undefined;

    // The template's service role trusts firehose.amazonaws.com alone; the ExternalId condition
    // (AWS's advice for Firehose roles) keeps another account's stream from using it.
    this.role = named(
      new IamRole(this, "role", {
        provider,
        name: names.firehoseRole,
        description: `Kinesis Data Firehose ${names.deliveryStream} (${region}): failed ${kind} to its bucket, errors to its log group`,
        assumeRolePolicy: Fn.jsonencode({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "firehose.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": props.accountId } } }],
        }),
        tags,
      }),
      "firehose_role",
    );
    // The template's S3 actions, on this bucket only (the template allows every bucket of its
    // name pattern); plus writing its error logs, which the template's role lacks so Firehose
    // cannot log; plus reading the key's secret when there is one.
    const statements: Record<string, unknown>[] = [
      {
        Sid: "FailedRecordsToItsBucket",
        Effect: "Allow",
        Action: ["s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject"],
        Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
      },
      { Sid: "ErrorsToItsLogGroup", Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: [`${this.logGroup.arn}:log-stream:*`] },
    ];
    if (secret) statements.push({ Sid: "ReadTheApiKeySecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [secret.arn] });
    const rolePolicy = named(
      new IamRolePolicy(this, "role-policy", { provider, name: "firehose-delivery", role: this.role.id, policy: Fn.jsonencode({ Version: "2012-10-17", Statement: statements }) }),
      "firehose_role_policy",
    );

    const errorLogs = (stream: CloudwatchLogStream) => ({ enabled: true, logGroupName: this.logGroup.name, logStreamName: stream.name });
    this.deliveryStream = named(
      new KinesisFirehoseDeliveryStream(this, "delivery-stream", {
        provider,
        name: names.deliveryStream,
        destination: "http_endpoint",
        httpEndpointConfiguration: {
          url: kind === "metrics" ? props.site.metricsIntakeUrl : props.site.logsIntakeUrl,
          name: settings.endpointName,
          // The key: read by Firehose from the secret, or the sensitive variable's value.
          ...(secret ? { secretsManagerConfiguration: { enabled: true, secretArn: secret.arn, roleArn: this.role.arn } } : { accessKey: apiKeyVariable(this).stringValue }),
          roleArn: this.role.arn,
          bufferingSize: settings.bufferingSizeMb,
          bufferingInterval: settings.bufferingIntervalSeconds,
          retryDuration: settings.retryDurationSeconds,
          s3BackupMode: "FailedDataOnly",
          requestConfiguration: { contentEncoding: settings.contentEncoding },
          cloudwatchLoggingOptions: errorLogs(httpLogStream),
          s3Configuration: {
            roleArn: this.role.arn,
            bucketArn: this.bucket.arn,
            bufferingSize: settings.bufferingSizeMb,
            bufferingInterval: settings.bufferingIntervalSeconds,
            compressionFormat: settings.backupCompression,
            errorOutputPrefix: settings.backupPrefix.error,
            prefix: settings.backupPrefix.regionPrefix ? `${region}/` : undefined,
            cloudwatchLoggingOptions: errorLogs(s3LogStream),
          },
        },
        tags,
        // The role's policy must be in place before Firehose checks it can write the bucket.
        dependsOn: [rolePolicy],
      }),
      "firehose",
    );
    this.deliveryStreamArn = this.deliveryStream.arn;
    this.deliveryStreamName = this.deliveryStream.name;
  }
}

/** The sensitive input variable of the `variable` key source, one per stack whatever the regions and kinds. */
function apiKeyVariable(scope: Construct): TerraformVariable {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(FIREHOSE_API_KEY_VARIABLE);
  if (existing instanceof TerraformVariable) return existing;
  const variable = new TerraformVariable(stack, FIREHOSE_API_KEY_VARIABLE, {
    type: "string",
    sensitive: true,
    description: `Datadog API key Kinesis Data Firehose sends to Datadog; set TF_VAR_${FIREHOSE_API_KEY_VARIABLE}. Terraform keeps it in state (sensitive).`,
  });
  variable.overrideLogicalId(FIREHOSE_API_KEY_VARIABLE);
  return variable;
}
