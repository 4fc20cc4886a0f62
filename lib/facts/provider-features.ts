/**
 * Which provider release first has each feature the stacks may use beyond the declared
 * ranges' floors (lib/constructs/provider-requirements.ts), with the changelog entry or
 * commit that says so. A stack that uses one declares a range starting at its version; a
 * stack that uses none keeps the floor. Add a feature here, then call
 * `requireProviderFeature(scope, "<name>")` where the construct emits it.
 */

/** The providers whose ranges the stacks declare (keys of `terraform.required_providers`). */
export type ProviderName = "aws" | "datadog";

/** The provider name as messages and docs write it. */
export const PROVIDER_LABELS: Readonly<Record<ProviderName, string>> = { aws: "AWS provider (hashicorp/aws)", datadog: "Datadog provider (DataDog/datadog)" };

/** One feature that needs a newer provider than the declared range's floor. */
export interface ProviderFeature {
  /** The provider that must have it. */
  readonly provider: ProviderName;
  /** The first release that has it (major.minor.patch). */
  readonly minimum: string;
  /** What uses it: the setting and the Terraform resource or attribute, as messages and docs name them. */
  readonly what: string;
  /** Where the version comes from: the provider's changelog entry or the commit that added it. */
  readonly source: string;
}

/**
 * Every feature with its minimum provider version, by the name the construct parts pass to
 * `requireProviderFeature`. Checked against the provider releases in the proofs (a stack
 * using one is validated with 4.19.0 and refused by 3.82.0's `terraform init`).
 */
export const PROVIDER_FEATURES = {
  metricNameFilters: {
    provider: "datadog",
    minimum: "4.16.0",
    what: "metrics.metricNameFilters (datadog_integration_aws_account metrics_config.metric_name_filters)",
    source:
      'DataDog/terraform-provider-datadog commit ddeb2f5b9 (PR #3945, 2026-07-13, "adding support for aws integration metric name filtering"), first released in v4.16.0 (2026-07-24); 4.16.0\'s CHANGELOG entry does not list it',
  },
  ccmConfig: {
    provider: "datadog",
    minimum: "4.11.0",
    what: "Cloud Cost Management (datadog_integration_aws_account_ccm_config)",
    source: 'DataDog/terraform-provider-datadog CHANGELOG 4.11.0 (2026-06-01): "[datadog_integration_aws_account_ccm_config] Add Terraform resource for AWS CCM CUR2.0 config" (PR #3426)',
  },
  firehoseSecretsManager: {
    provider: "aws",
    minimum: "5.59.0",
    what: 'firehoseApiKey { "source": "secretsManager" } (aws_kinesis_firehose_delivery_stream http_endpoint_configuration.secrets_manager_configuration)',
    source:
      'hashicorp/terraform-provider-aws CHANGELOG 5.59.0 (2024-07-19): "resource/aws_kinesis_firehose_delivery_stream: Add `secrets_manager_configuration` to `http_endpoint_configuration`" (PR #38245)',
  },
  bcmDataExports: {
    provider: "aws",
    minimum: "5.48.0",
    what: "costs.export.create (aws_bcmdataexports_export, the CUR 2.0 export)",
    source:
      'hashicorp/terraform-provider-aws PR #36847 added aws_bcmdataexports_export, released in 5.47.0 (PR #37144: "This resource was added in v5.47.0"); PR #37205 (merged 2024-05-01, after 5.47.0) fixed its table_configurations, so 5.48.0 is the first release that creates the export Datadog needs; vantage-sh/terraform-aws-vantage-integration PR #77 requires >= 5.48.0 for the same export',
  },
  logAccountPolicy: {
    provider: "aws",
    minimum: "5.58.0",
    what: "logDelivery's account level (aws_cloudwatch_log_account_policy, a subscription filter policy)",
    source: 'hashicorp/terraform-provider-aws CHANGELOG 5.58.0 (2024-07-11), FEATURES: "New Resource: `aws_cloudwatch_log_account_policy`" (PR #38328)',
  },
} as const satisfies Record<string, ProviderFeature>;

/** The name of a feature of `PROVIDER_FEATURES`. */
export type ProviderFeatureName = keyof typeof PROVIDER_FEATURES;
