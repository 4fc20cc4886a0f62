/**
 * `datadogProviderVersion`: the Datadog provider range an environment's stack declares
 * instead of the one the stack chooses (lib/constructs/provider-requirements.ts explains
 * both, and refuses a pin that admits versions without a feature the stack uses).
 */
import type { StringRule } from "./rules";
import { ruled } from "./ruled";
import { lowestAdmitted, parseVersionConstraint } from "../version-constraint";
import { PROVIDER_CONSTRAINTS } from "../../constructs/provider-requirements";

/** A Terraform version constraint that admits some version. */
export const providerVersionRule: StringRule = {
  code: "value/provider-version",
  check(value) {
    const parsed = parseVersionConstraint(value);
    if (typeof parsed === "string") return parsed;
    if (!lowestAdmitted(parsed)) return `${JSON.stringify(value)} admits no version at all; its terms contradict each other, write a range such as ">= 4.16.0, < 5.0.0"`;
    return undefined;
  },
};

export const datadogProviderVersionSchema = ruled(
  providerVersionRule,
  `Datadog provider version range the stack declares, as a Terraform version constraint, e.g. "~> 4.19.0". Default: ${JSON.stringify(PROVIDER_CONSTRAINTS.datadog.version)}, with its floor raised to the first release that has every feature the environment uses (docs/library.md, "Provider versions"); a range that admits an older one is refused.`,
).optional();
