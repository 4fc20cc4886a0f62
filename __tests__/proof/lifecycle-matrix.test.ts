/**
 * The combinations the shipped config and the examples leave out, through the same whole
 * life (support/lifecycle-suite.ts): live permissions without resource collection (the
 * standard-list data source), access keys with live permissions and CSPM in GovCloud,
 * split duty with access keys, and split duty adopting a hand-made role.
 */
import { stacksOfConfig } from "../support/configured-stacks";
import { MATRIX } from "../support/matrix-config";
import { describeLifecycles } from "../support/lifecycle-suite";

describeLifecycles("lifecycle of the auth, partition and permission matrix", () => stacksOfConfig("matrix", MATRIX));
