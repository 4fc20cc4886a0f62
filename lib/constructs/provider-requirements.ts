/**
 * The Terraform and provider versions every stack that holds the integration requires.
 *
 * cdktf's prebuilt bindings pin the exact versions they were generated from
 * (AWS 6.25.0, Datadog 3.82.0). CDKTF is archived, so those bindings are final, and
 * an exact pin would lock users' pipelines to them forever. We write ranges instead, and
 * the construct writes them into whatever stack holds it, so a stack built from the
 * construct alone gets the same ranges as the app's:
 * - hashicorp/aws ">= 5.0, < 7.0": the IAM resources we emit (aws_iam_role, _user,
 *   _access_key, _policy, _role/_user_policy_attachment) have the same arguments in 5.x
 *   and 6.x; the tests apply every stack with AWS 5.100.0 and the bindings come from 6.25.0.
 * - DataDog/datadog ">= 3.82.0, < 5.0.0": 3.82.0 is what the bindings describe. 4.0
 *   removed only resources we do not emit (`datadog_integration_aws` and its v1
 *   siblings), and `datadog_integration_aws_account` is unchanged through 4.19.0 apart
 *   from the optional `metric_name_filters` (4.16.0); the lifecycle tests apply every
 *   stack with 3.82.0 and 4.19.0 where those providers can be had.
 * - Terraform ">= 1.5.0": import blocks (adopting hand-made resources) need 1.5; the
 *   Datadog provider 4.x needs 1.1.5.
 */
import { TerraformStack } from "cdktf";

/** The version ranges of the providers every stack with the integration requires (see the file comment). */
export const PROVIDER_CONSTRAINTS = {
  aws: { source: "hashicorp/aws", version: ">= 5.0, < 7.0" },
  datadog: { source: "DataDog/datadog", version: ">= 3.82.0, < 5.0.0" },
} as const;

/** The Terraform version stacks require: import blocks need 1.5. */
export const TERRAFORM_REQUIRED_VERSION = ">= 1.5.0";

/**
 * Writes our provider ranges into the stack's `terraform` block, replacing the bindings'
 * exact pins. Idempotent, so every integration in a stack may call it.
 */
export function requireProviderRanges(stack: TerraformStack, providers: { readonly datadog: boolean }): void {
  stack.addOverride("terraform.required_providers.aws", PROVIDER_CONSTRAINTS.aws);
  if (providers.datadog) stack.addOverride("terraform.required_providers.datadog", PROVIDER_CONSTRAINTS.datadog);
}

/**
 * Writes `required_version` into the stack's `terraform` block. Not done by the construct
 * itself: cdktf 0.21 renders this attribute as broken HCL under `cdktf synth --hcl`
 * (see app/hcl-repair.ts, which the app applies); JSON output is fine.
 */
export function requireTerraformVersion(stack: TerraformStack): void {
  stack.addOverride("terraform.required_version", TERRAFORM_REQUIRED_VERSION);
}
