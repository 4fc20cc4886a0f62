/**
 * The other half of the examples' lifecycles (see lifecycle-examples.test.ts).
 */
import { configuredStacks } from "./support/configured-stacks";
import { describeLifecycles } from "./support/lifecycle-suite";

describeLifecycles("lifecycle of the examples (2 of 2)", () =>
  configuredStacks()
    .filter((c) => c.label.startsWith("examples/"))
    .filter((_, i) => i % 2 === 1),
);
