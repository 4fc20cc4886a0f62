// Which real providers a proof runs a stack with (AWS alone, or AWS with one Datadog provider version), each from its own filesystem mirror.
import type { ProviderMirror } from "./terraform-providers";
import { DatadogProvider, findProofTools } from "./test-tools";

/** Providers one lifecycle runs with: their label in test names and the proof summary (no spaces), and where they come from. */
export interface ProviderSet {
  readonly label: string;
  readonly mirrors: readonly ProviderMirror[];
  readonly datadog?: DatadogProvider;
}

export function awsProviderMirror(): ProviderMirror {
  return { path: findProofTools().terraform!.mirror, include: ["registry.terraform.io/hashicorp/*"] };
}

/** The AWS provider alone (stacks that do not configure the Datadog provider). */
export function awsProviderSet(label = "aws"): ProviderSet {
  return { label, mirrors: [awsProviderMirror()] };
}

/** The AWS provider with one Datadog provider version (its own mirror, so the stack's constraint must admit it). */
export function datadogProviderSet(datadog: DatadogProvider): ProviderSet {
  return {
    label: `datadog-${datadog.version}`,
    datadog,
    mirrors: [awsProviderMirror(), { path: datadog.mirror!, include: ["registry.terraform.io/datadog/*"] }],
  };
}
