/**
 * The provider versions a stack with Cloud Cost Management needs, and only such a stack,
 * declared through the provider-ranges-by-feature mechanism (provider-requirements.ts,
 * lib/facts/provider-features.ts):
 * - DataDog/datadog 4.11.0 (`ccmConfig`): the first release with
 *   `datadog_integration_aws_account_ccm_config`;
 * - hashicorp/aws 5.48.0 (`bcmDataExports`): `aws_bcmdataexports_export`, for the export the
 *   stack creates (lib/facts/provider-features.ts gives the sources).
 */
import type { IConstruct } from "constructs";
import { requireProviderFeature } from "../provider-requirements";

/** Raises the stack's ranges for the cost resources it emits; the export's AWS floor only when it creates one. */
export function requireCostProviderRanges(scope: IConstruct, createsExport: boolean): void {
  requireProviderFeature(scope, "ccmConfig");
  if (createsExport) requireProviderFeature(scope, "bcmDataExports");
}
