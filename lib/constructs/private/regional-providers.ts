/**
 * One AWS provider per delivery region, inside the stack that holds the integration: each an
 * alias of the provider the integration's account resources use, with every setting of it
 * (allowed_account_ids, assume_role, profile, endpoints, default tags...) but the region.
 * So a regional resource can reach only the environment's account, exactly as the main
 * provider can, whoever built that provider (the app's stack or a library user).
 */
import { TerraformStack } from "cdktf";
import { AwsProvider, type AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
import { IntegrationNaming } from "./naming";

/** Every setting of an AWS provider a regional alias copies: all of AwsProviderConfig but region and alias. */
const COPIED_SETTINGS = [
  "accessKey",
  "allowedAccountIds",
  "customCaBundle",
  "ec2MetadataServiceEndpoint",
  "ec2MetadataServiceEndpointMode",
  "forbiddenAccountIds",
  "httpProxy",
  "httpsProxy",
  "insecure",
  "maxRetries",
  "noProxy",
  "profile",
  "retryMode",
  "s3UsEast1RegionalEndpoint",
  "s3UsePathStyle",
  "secretKey",
  "sharedConfigFiles",
  "sharedCredentialsFiles",
  "skipCredentialsValidation",
  "skipMetadataApiCheck",
  "skipRegionValidation",
  "skipRequestingAccountId",
  "stsRegion",
  "tagPolicyCompliance",
  "token",
  "tokenBucketRateLimiterCapacity",
  "useDualstackEndpoint",
  "useFipsEndpoint",
  "assumeRole",
  "assumeRoleWithWebIdentity",
  "defaultTags",
  "endpoints",
  "ignoreTags",
] as const satisfies readonly Exclude<keyof AwsProviderConfig, "region" | "alias">[];

/** The stack's AWS provider without an alias, the one resources use when none is given. */
function defaultAwsProvider(stack: TerraformStack): AwsProvider | undefined {
  return stack.node.findAll().find((c): c is AwsProvider => c instanceof AwsProvider && c.alias === undefined);
}

/**
 * The provider alias for `region`, made once per integration and region: `<prefix>_<region>`
 * with `-` as `_` (e.g. `datadog_eu_west_1`), so two integrations in one stack, each pinned to
 * its own account, never share one. The metric streams and log delivery of one region share it.
 */
export function regionalAwsProvider(stack: TerraformStack, naming: IntegrationNaming, base: AwsProvider | undefined, region: string): AwsProvider {
  const alias = naming.logicalId(region.replace(/-/g, "_"));
  const id = `provider-aws-${alias}`;
  const existing = stack.node.tryFindChild(id);
  if (existing instanceof AwsProvider) return existing;
  const from = base ?? defaultAwsProvider(stack);
  const settings: Record<string, unknown> = {};
  for (const key of COPIED_SETTINGS) {
    const value = from?.[key];
    if (value !== undefined) settings[key] = value;
  }
  return new AwsProvider(stack, id, { ...(settings as AwsProviderConfig), region, alias });
}
