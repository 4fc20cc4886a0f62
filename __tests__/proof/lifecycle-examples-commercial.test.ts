/**
 * Every example (examples/*.config.json and examples/programmatic.ts) goes through its whole
 * life against the real providers and local AWS (moto) and Datadog APIs
 * (support/lifecycle-suite.ts), in two files split by partition: the commercial `aws`
 * partition here, GovCloud and China in lifecycle-examples-govcloud-china.test.ts. A new
 * example is picked up by the file of its partition.
 */
import { examplesInPartition } from "../support/configured-stacks";
import { describeLifecycles } from "../support/lifecycle-suite";

describeLifecycles("lifecycle of the examples in the aws partition", () => examplesInPartition("aws"));
