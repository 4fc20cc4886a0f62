/**
 * The provider versions a stack with Cloud Cost Management needs, and only such a stack:
 * - DataDog/datadog 4.11.0: the first release with `datadog_integration_aws_account_ccm_config`
 *   (provider changelog; ../reference datadog-provider-contract.md, "Versions that gate features");
 * - hashicorp/aws 5.48.0: `aws_bcmdataexports_export` came in 5.47.0 (hashicorp/terraform-provider-aws
 *   #36847, released in 5.47.0 per #37144) and its table_configurations were fixed right after
 *   (#37205, merged 2024-05-01, after 5.47.0); modules that make CUR 2.0 exports require
 *   ">= 5.48.0" for that reason (vantage-sh/terraform-aws-vantage-integration #77).
 * Upper bounds stay those of every stack (provider-requirements.ts).
 * TODO(merge s4-filters): declare these through the provider-ranges-by-feature mechanism.
 */
import { TerraformStack } from "cdktf";

/** The lowest versions cost stacks admit, in one place. */
export const COST_PROVIDER_MINIMUMS = { datadog: "4.11.0", aws: "5.48.0" } as const;

/** Narrows the stack's ranges for the cost resources (after requireProviderRanges, which it overrides). */
export function requireCostProviderRanges(stack: TerraformStack): void {
  stack.addOverride("terraform.required_providers.aws", { source: "hashicorp/aws", version: `>= ${COST_PROVIDER_MINIMUMS.aws}, < 7.0` });
  stack.addOverride("terraform.required_providers.datadog", { source: "DataDog/datadog", version: `>= ${COST_PROVIDER_MINIMUMS.datadog}, < 5.0.0` });
}
