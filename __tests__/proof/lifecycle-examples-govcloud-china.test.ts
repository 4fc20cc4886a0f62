/**
 * The examples' stacks in the GovCloud and China partitions, through their whole life
 * (the commercial partition's are in lifecycle-examples-commercial.test.ts).
 */
import { examplesInPartition } from "../support/configured-stacks";
import { describeLifecycles } from "../support/lifecycle-suite";

describeLifecycles("lifecycle of the examples in the aws-us-gov and aws-cn partitions", () => [...examplesInPartition("aws-us-gov"), ...examplesInPartition("aws-cn")]);
