// What a run needs to know from a synthesized stack: the partition of its AWS provider and stand-in values for its input variables.
import type { TerraformJson } from "./synth";

/** Partition of the stack's AWS provider: its region decides it. */
export function partitionOfStack(tf: TerraformJson): string {
  const region: string = (tf.provider?.aws?.[0]?.region as string | undefined) ?? "us-east-1";
  return region.startsWith("us-gov-") ? "aws-us-gov" : region.startsWith("cn-") ? "aws-cn" : "aws";
}

/** Stand-in values for input variables without a default (e.g. an existing access key's ID and secret). */
export function standInVariables(tf: TerraformJson): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tf.variable ?? {})
      .filter(([, v]) => (v as { default?: unknown }).default === undefined)
      .map(([name]) => [name, `stand-in-${name.replace(/_/g, "-")}`]),
  );
}

/** Stand-in values for input variables; an access key ID must have AWS's shape for the Datadog provider. */
export function lifecycleVariables(stack: TerraformJson): Record<string, string> {
  const variables = standInVariables(stack);
  if ("datadog_aws_access_key_id" in variables) variables.datadog_aws_access_key_id = "AKIAEXAMPLEVARIABLE1";
  return variables;
}
