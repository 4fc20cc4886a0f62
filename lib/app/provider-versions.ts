/**
 * Provider version constraints written into every stack.
 *
 * cdktf's prebuilt bindings pin the exact versions they were generated from
 * (AWS 6.25.0, Datadog 3.82.0). CDKTF is archived, so those bindings are final, and
 * an exact pin would lock users' pipelines to them forever. We write ranges instead:
 * - hashicorp/aws ">= 5.0, < 7.0": the IAM resources we emit (aws_iam_role, _user,
 *   _access_key, _policy, _role/_user_policy_attachment) have the same arguments in 5.x
 *   and 6.x; the tests validate and plan the output with AWS 5.100.0 and the bindings
 *   come from 6.25.0.
 * - DataDog/datadog ">= 3.82.0, < 4.0.0": 3.82.0 is what the bindings describe; 4.0
 *   (2026-03) is a major release that removed resources, and nothing here has been
 *   checked against its schema, so it is left out until it is.
 */
export const PROVIDER_CONSTRAINTS = {
  aws: { source: "hashicorp/aws", version: ">= 5.0, < 7.0" },
  datadog: { source: "DataDog/datadog", version: ">= 3.82.0, < 4.0.0" },
} as const;
