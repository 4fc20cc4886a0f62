/**
 * Package entry point: what a cdktf app imports. The construct, the per-environment stack and
 * its deployer's policy, config loading, errors and the facts; never the commands (cli/), the
 * AWS SDK they use, or zod's objects (a zod major would otherwise be this package's).
 */
export { DatadogAwsIntegration } from "./constructs/datadog-aws-integration";
export {
  AccessKeysAuthConfig,
  CostBucketConfig,
  CostExportConfig,
  CostsConfig,
  DatadogAwsIntegrationConfig,
  ImportConfig,
  LogDeliveryAccountLevelConfig,
  LogDeliveryConfig,
  LogDeliveryModeConfig,
  LogsConfig,
  MetricsConfig,
  MetricStreamsConfig,
  resolveIntegrationConfig,
  RoleAuthConfig,
  SecretsManagerApiKeyConfig,
  VariableApiKeyConfig,
} from "./constructs/integration-config";
export { ACCESS_KEY_ID_VARIABLE, ADDRESSES, PERMISSIONS_TAG, SECRET_ACCESS_KEY_VARIABLE } from "./constructs/names";
export { DatadogAwsStack, DatadogAwsStackConfig, INTEGRATION_ID } from "./stack/environment-stack";
export { enableS3Lockfile } from "./constructs/s3-lockfile";
export {
  PROVIDER_CONSTRAINTS,
  TERRAFORM_REQUIRED_VERSION,
  pinProviderVersion,
  providerFeaturesOf,
  providerRange,
  requireProviderFeature,
  requireProviderRanges,
  requireTerraformVersion,
} from "./constructs/provider-requirements";
export type { ProviderPinOrigin } from "./constructs/provider-requirements";
export { PROVIDER_FEATURES } from "./facts/provider-features";
export type { ProviderFeature, ProviderFeatureName, ProviderName } from "./facts/provider-features";
export { deployerPolicy, DEPLOYER_POLICY_SIDS, DeployerPolicyDocument, DeployerPolicySid, DeployerPolicyStatement, SynthesizedStack } from "./stack/deployer-policy";
export { loadConfigFile, resolveConfig, EnvironmentConfig } from "./config/load-config";
export type {
  ResolvedAuth,
  ResolvedBackend,
  ResolvedEnvironment,
  ResolvedCosts,
  ResolvedImport,
  ResolvedIntegration,
  ResolvedLogDelivery,
  ResolvedLogDeliveryMode,
  ResolvedLogs,
  ResolvedLogTagFilter,
  ResolvedMetricNameFilter,
  ResolvedMetrics,
  ResolvedMetricStreams,
  ResolvedFirehoseApiKey,
  ResolvedTagFilter,
} from "./config/resolved";
export { CodedError, ConfigError, ERROR_CODES, ErrorCode, ErrorCodeInfo, Problem, ServiceError } from "./errors";
export * from "./facts/sites";
export * from "./facts/partitions";
export * from "./facts/iam-quotas";
export * from "./facts/permissions";
