/**
 * One environment's Terraform stack: providers for its AWS account and Datadog site,
 * its state backend, and the integration construct.
 */
import * as path from "node:path";
import { Construct } from "constructs";
import { LocalBackend, S3Backend, TerraformStack, TerraformVariable } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DatadogProvider } from "@cdktf/provider-datadog/lib/provider";
import { DatadogAwsIntegration } from "../constructs/datadog-aws-integration";
import { integrationFieldsOf } from "../config/schema";
import { validatedIntegrationOf } from "../config/validated";
import type { ResolvedEnvironment } from "../config/resolved";
import { DEFAULT_LOCAL_STATE_FILE, defaultStateKey, stackFolder } from "../config/contract";
import { findDatadogSite } from "../facts/sites";
import { pinProviderVersion, requireTerraformVersion } from "../constructs/provider-requirements";
import { enableS3Lockfile } from "../constructs/s3-lockfile";

/** Settings of one environment's stack. */
export interface DatadogAwsStackConfig {
  /** The environment's resolved config. */
  readonly environment: ResolvedEnvironment;
  /**
   * Folder the stack's Terraform runs in, relative to the project folder; local state
   * paths are written relative to it so the output is the same on every machine.
   * @default "cdktf.out/stacks/" followed by the stack name
   */
  readonly stackDir?: string;
}

/** Construct id of the integration inside every stack; part of every Terraform address. */
export const INTEGRATION_ID = "datadog";

/**
 * The stack the app writes for one environment: the AWS provider with its account guard,
 * the Datadog provider for the site (keys from the environment, never the config), the
 * state backend, and the integration.
 */
export class DatadogAwsStack extends TerraformStack {
  /** The environment's integration (construct id `datadog`). */
  readonly integration: DatadogAwsIntegration;

  constructor(scope: Construct, name: string, props: DatadogAwsStackConfig) {
    super(scope, name);
    const env = props.environment;

    new AwsProvider(this, "provider-aws", {
      region: env.awsRegion,
      // The provider's own guard: any other account's credentials fail before a change.
      allowedAccountIds: [env.awsAccountId],
      profile: env.awsProfile,
      assumeRole: env.awsAssumeRoleArn ? [{ roleArn: env.awsAssumeRoleArn, sessionName: env.awsAssumeRoleSessionName, externalId: env.awsAssumeRoleExternalId }] : undefined,
    });

    if (env.manageDatadogIntegration) {
      // Keys come from DD_API_KEY / DD_APP_KEY, which the provider reads itself, or from
      // sensitive input variables fed by TF_VAR_*; never from the config or the output.
      const key = (envName: string, what: string) =>
        envName.startsWith("TF_VAR_")
          ? new TerraformVariable(this, envName.slice("TF_VAR_".length), { type: "string", sensitive: true, description: `Datadog ${what} key; set ${envName}` }).stringValue
          : undefined;
      new DatadogProvider(this, "provider-datadog", {
        apiUrl: findDatadogSite(env.datadogSite)!.apiUrl,
        apiKey: key(env.datadogApiKeyEnv, "API"),
        appKey: key(env.datadogAppKeyEnv, "application"),
      });
    }

    this.configureBackend(name, env, props.stackDir ?? stackFolder(name));
    // Written instead of the stack's own range once the integration uses the provider, and checked against the features it uses.
    if (env.datadogProviderVersion !== undefined) pinProviderVersion(this, "datadog", env.datadogProviderVersion, { environment: name, field: "datadogProviderVersion" });
    // The integration writes the provider ranges into this stack. Settings the config loader
    // validated, unchanged since, are not validated a second time.
    this.integration = new DatadogAwsIntegration(this, INTEGRATION_ID, validatedIntegrationOf(env) ?? integrationFieldsOf(env));
    requireTerraformVersion(this);
  }

  private configureBackend(name: string, env: ResolvedEnvironment, stackDir: string): void {
    const b = env.backend;
    if (b.type === "local") {
      // cdktf's default writes an absolute path; a relative one keeps the output portable.
      // By default the state stays in the stack's folder, so a folder moved or published
      // as an artifact carries its state; a path given is relative to the project folder.
      new LocalBackend(this, { path: b.path ? path.relative(stackDir, b.path).split(path.sep).join("/") : DEFAULT_LOCAL_STATE_FILE });
      return;
    }
    const backend = new S3Backend(this, {
      bucket: b.bucket,
      key: b.key ?? defaultStateKey(name),
      region: b.region ?? env.awsRegion,
      encrypt: b.encrypt,
      dynamodbTable: b.dynamodbTable,
      profile: b.profile,
      kmsKeyId: b.kmsKeyId,
    });
    if (b.useLockfile) enableS3Lockfile(backend);
    // Terraform 1.6 replaced the backend's role_arn with an assume_role block.
    if (b.roleArn) backend.addOverride("assume_role", { role_arn: b.roleArn });
  }
}
