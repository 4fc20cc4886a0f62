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
 *
 * Ranges by feature. Those ranges are floors for what every stack emits. A feature a later
 * release added (lib/facts/provider-features.ts: feature → provider → first version, with
 * its source) raises the floor of the stack that uses it, and only of that stack: the part
 * of the construct that emits it calls `requireProviderFeature(scope, "<feature>")`, which
 * records the feature on the stack (a stack-keyed registry, so calling it again, or from
 * two integrations in one stack, changes nothing) and rewrites the stack's
 * `terraform.required_providers.<provider>` as ">= <highest minimum>, < <ceiling>". A stack
 * that records no feature writes exactly the ranges above, byte for byte. A user may pin a
 * provider's range instead (`pinProviderVersion`; the app's config: `datadogProviderVersion`):
 * the stack then writes that constraint verbatim, and refuses, as it is built, a pin that
 * admits any version below what the stack uses (the floor above included), naming the
 * setting, the feature, the version needed and the fix. Terraform would otherwise pick such
 * a version and fail later with a provider's "Unsupported argument" or "unknown resource".
 */
import type { IConstruct } from "constructs";
import { TerraformStack } from "cdktf";
import { invalidProviderVersion, providerVersionExcludesFeature } from "../errors";
import { PROVIDER_FEATURES, PROVIDER_LABELS, type ProviderFeatureName, type ProviderName } from "../facts/provider-features";
import { admitsAtLeast, admitsBelow, compareVersions, formatVersion, lowestAdmitted, parseVersion, parseVersionConstraint, type Version } from "../config/version-constraint";

/** The version ranges of the providers every stack with the integration requires (see the file comment). */
export const PROVIDER_CONSTRAINTS = {
  aws: { source: "hashicorp/aws", version: ">= 5.0, < 7.0" },
  datadog: { source: "DataDog/datadog", version: ">= 3.82.0, < 5.0.0" },
} as const;

/** The Terraform version stacks require: import blocks need 1.5. */
export const TERRAFORM_REQUIRED_VERSION = ">= 1.5.0";

/** Where a pinned range comes from, for messages: the environment and the setting. */
export interface ProviderPinOrigin {
  /**
   * The config's environment the stack is for; messages then name `environments.<environment>.<field>`.
   * @default none: messages name the stack's construct path
   */
  readonly environment?: string;
  /**
   * The setting that holds the range.
   * @default "datadogProviderVersion" for the Datadog provider, "awsProviderVersion" for AWS
   */
  readonly field?: string;
}

interface ProviderState {
  /** The stack uses the provider (the construct said so, or asked for one of its features). */
  used: boolean;
  readonly features: Set<ProviderFeatureName>;
  pin?: { readonly constraint: string; readonly where: string; readonly field: string };
}

type StackProviders = Record<ProviderName, ProviderState>;

const PROVIDERS: readonly ProviderName[] = ["aws", "datadog"];
const STACKS = new WeakMap<TerraformStack, StackProviders>();

function stateOf(stack: TerraformStack): StackProviders {
  let state = STACKS.get(stack);
  if (!state) {
    state = { aws: { used: false, features: new Set() }, datadog: { used: false, features: new Set() } };
    STACKS.set(stack, state);
  }
  return state;
}

/** The floor of our own range for a provider (">= 3.82.0" of ">= 3.82.0, < 5.0.0"). */
function baseFloor(provider: ProviderName): Version {
  const constraint = parseVersionConstraint(PROVIDER_CONSTRAINTS[provider].version);
  return (typeof constraint === "string" ? undefined : lowestAdmitted(constraint)) ?? [0, 0, 0];
}

/**
 * The range a stack using `features` declares for `provider`, without a pin: our range, its
 * floor raised to the highest minimum among the features of that provider. With none, our
 * range exactly as written.
 */
export function providerRange(provider: ProviderName, features: Iterable<ProviderFeatureName> = []): string {
  const base = PROVIDER_CONSTRAINTS[provider].version;
  let floor = baseFloor(provider);
  for (const f of features) {
    const feature = PROVIDER_FEATURES[f];
    const minimum = parseVersion(feature.minimum)!;
    if (feature.provider === provider && compareVersions(minimum, floor) > 0) floor = minimum;
  }
  if (compareVersions(floor, baseFloor(provider)) === 0) return base;
  // Our range's other terms (its ceiling) stay as written; only the floor moves.
  return [
    `>= ${formatVersion(floor)}`,
    ...base
      .split(",")
      .map((t) => t.trim())
      .filter((t) => !t.startsWith(">")),
  ].join(", ");
}

/** What must hold of a pin: each used feature's minimum, and our floor (the resources every stack emits). */
function requirements(provider: ProviderName, state: ProviderState): { version: Version; what: string }[] {
  const floor = { version: baseFloor(provider), what: `the resources every stack emits (${PROVIDER_CONSTRAINTS[provider].version} is the range they are proven with)` };
  const features = [...state.features].map((f) => ({ version: parseVersion(PROVIDER_FEATURES[f].minimum)!, what: PROVIDER_FEATURES[f].what }));
  return [floor, ...features];
}

/** Refuses a pin that admits a version below something the stack uses. */
function checkPin(provider: ProviderName, state: ProviderState): void {
  const pin = state.pin;
  if (!pin || !state.used) return;
  const constraint = parseVersionConstraint(pin.constraint);
  if (typeof constraint === "string") return; // refused when pinned
  for (const need of requirements(provider, state)) {
    if (!admitsBelow(constraint, need.version)) continue;
    const needed = formatVersion(need.version);
    const label = PROVIDER_LABELS[provider];
    const what = admitsAtLeast(constraint, need.version)
      ? `${JSON.stringify(pin.constraint)} also admits ${label} versions below ${needed}, which lack ${need.what}`
      : `${JSON.stringify(pin.constraint)} admits no ${label} version with ${need.what}, which needs ${needed} or later`;
    const fix = `raise the range's floor, e.g. ${JSON.stringify(providerRange(provider, state.features))}, or remove ${pin.field} so the stack declares that range itself`;
    throw providerVersionExcludesFeature(pin.where, `${what}; ${fix}`);
  }
}

/** Writes the stack's ranges: a provider's pin if it has one, else ours, raised for its features. */
function write(stack: TerraformStack, state: StackProviders): void {
  for (const provider of PROVIDERS) {
    const s = state[provider];
    if (!s.used) continue;
    checkPin(provider, s);
    const version = s.pin?.constraint ?? providerRange(provider, s.features);
    stack.addOverride(`terraform.required_providers.${provider}`, { source: PROVIDER_CONSTRAINTS[provider].source, version });
  }
}

/**
 * Writes our provider ranges into the stack's `terraform` block, replacing the bindings'
 * exact pins. Idempotent, so every integration in a stack may call it.
 */
export function requireProviderRanges(stack: TerraformStack, providers: { readonly datadog: boolean }): void {
  const state = stateOf(stack);
  state.aws.used = true;
  if (providers.datadog) state.datadog.used = true;
  write(stack, state);
}

/**
 * Records that the stack holding `scope` uses a feature only later provider releases have
 * (lib/facts/provider-features.ts), and raises that provider's declared range to its
 * version. Idempotent. Throws a `ConfigError` (`combination/provider-version-feature`) when
 * the stack's pinned range admits a version without it.
 */
export function requireProviderFeature(scope: IConstruct, feature: ProviderFeatureName): void {
  const stack = TerraformStack.of(scope);
  const state = stateOf(stack);
  const provider = PROVIDER_FEATURES[feature].provider;
  state.aws.used = true;
  state[provider].used = true;
  state[provider].features.add(feature);
  write(stack, state);
}

/**
 * Makes the stack declare `constraint` (a Terraform version constraint) for `provider`
 * instead of our range, once the stack uses that provider. Throws a `ConfigError`
 * (`value/provider-version`) for a constraint that is none or admits no version, and
 * (`combination/provider-version-feature`), now or when a feature is required later, for
 * one that admits a version without a feature the stack uses.
 */
export function pinProviderVersion(stack: TerraformStack, provider: ProviderName, constraint: string, origin: ProviderPinOrigin = {}): void {
  const field = origin.field ?? `${provider}ProviderVersion`;
  const where = origin.environment !== undefined ? `environments.${origin.environment}.${field}` : `${stack.node.path} (${field})`;
  const parsed = parseVersionConstraint(constraint);
  if (typeof parsed === "string") throw invalidProviderVersion(where, parsed);
  if (!lowestAdmitted(parsed)) throw invalidProviderVersion(where, `${JSON.stringify(constraint)} admits no version at all; ${admitsNothingFix}`);
  const state = stateOf(stack);
  state[provider].pin = { constraint, where, field };
  write(stack, state);
}

const admitsNothingFix = 'its terms contradict each other; write a range such as ">= 4.16.0, < 5.0.0"';

/** The features recorded on a stack, by provider (for tests and tools). */
export function providerFeaturesOf(stack: TerraformStack): Readonly<Record<ProviderName, readonly ProviderFeatureName[]>> {
  const state = stateOf(stack);
  return { aws: [...state.aws.features], datadog: [...state.datadog.features] };
}

/**
 * Writes `required_version` into the stack's `terraform` block. Not done by the construct
 * itself: cdktf 0.21 renders this attribute as broken HCL under `cdktf synth --hcl`
 * (see app/hcl-repair.ts, which the app applies); JSON output is fine.
 */
export function requireTerraformVersion(stack: TerraformStack): void {
  stack.addOverride("terraform.required_version", TERRAFORM_REQUIRED_VERSION);
}
