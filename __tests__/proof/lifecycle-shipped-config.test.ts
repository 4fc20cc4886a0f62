/**
 * The shipped config's environments, through their whole life against the real providers
 * and local AWS (moto) and Datadog APIs (support/lifecycle-suite.ts).
 */
import { configuredStacks } from "../support/configured-stacks";
import { describeLifecycles } from "../support/lifecycle-suite";

describeLifecycles("lifecycle of datadog-aws.config.json", () => configuredStacks().filter((c) => c.label.startsWith("datadog-aws.config.json")));
