/**
 * The combinations the shipped config and the examples leave out (lifecycle-matrix.test.ts
 * proves them with real providers; json-schema-agreement.test.ts checks the schema takes them).
 */
export const MATRIX = {
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
