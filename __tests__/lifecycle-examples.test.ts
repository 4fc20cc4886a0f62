/**
 * Every example (examples/*.config.json and examples/programmatic.ts), through its whole
 * life against the real providers and local AWS (moto) and Datadog APIs
 * (support/lifecycle-suite.ts).
 */
import { configuredStacks } from "./support/configured-stacks";
import { describeLifecycles } from "./support/lifecycle-suite";

describeLifecycles("lifecycle of the examples", () => configuredStacks().filter((c) => c.label.startsWith("examples/")));
