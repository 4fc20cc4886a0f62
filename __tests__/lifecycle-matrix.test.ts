/**
 * The combinations the shipped config and the examples leave out, through the same whole
 * life (support/lifecycle-suite.ts): live permissions without resource collection (the
 * standard-list data source), access keys with live permissions and CSPM in GovCloud,
 * split duty with access keys, and split duty adopting a hand-made role.
 */
import { stacksOfConfig } from "./support/configured-stacks";
import { describeLifecycles } from "./support/lifecycle-suite";

const MATRIX = {
  environments: {
    "live-standard-only": { awsAccountId: "100000000001", permissions: "live", resourceCollection: false, tags: ["env:matrix"] },
    "gov-keys-live": {
      awsAccountId: "100000000002",
      awsRegion: "us-gov-west-1",
      datadogSite: "ddog-gov.com",
      auth: { type: "accessKeys", userName: "DatadogKeysUser" },
      permissions: "live",
      cspm: true,
      regions: ["us-gov-west-1"],
    },
    "split-duty-keys": {
      awsAccountId: "100000000003",
      awsRegion: "cn-northwest-1",
      auth: { type: "accessKeys", userName: "DatadogTileUser" },
      manageDatadogIntegration: false,
      resourceCollection: false,
    },
    "split-duty-adopt-role": {
      awsAccountId: "100000000004",
      awsRegion: "eu-west-1",
      datadogSite: "datadoghq.eu",
      manageDatadogIntegration: false,
      externalId: "abcdef0123456789abcdef0123456789",
      auth: { type: "role", roleName: "DatadogHandMadeRole" },
      import: { iamRole: "DatadogHandMadeRole" },
    },
  },
};

describeLifecycles("lifecycle of the auth, partition and permission matrix", () => stacksOfConfig("matrix", MATRIX));
