/**
 * Every example (examples/*.config.json and examples/programmatic.ts), through its whole
 * life against the real providers and local AWS (moto) and Datadog APIs
 * (support/lifecycle-suite.ts). Half of them here, half in lifecycle-examples-2.test.ts,
 * so both Jest workers share the work; new examples are picked up by either.
 */
import { configuredStacks } from "./support/configured-stacks";
import { describeLifecycles } from "./support/lifecycle-suite";

describeLifecycles("lifecycle of the examples (1 of 2)", () =>
  configuredStacks()
    .filter((c) => c.label.startsWith("examples/"))
    .filter((_, i) => i % 2 === 0),
);
