/**
 * Two projects, one per folder (`npm test` runs both; `npm run test:unit` the first alone):
 * - __tests__/unit: the construct, config and facts in-process; seconds, no Terraform, no
 *   servers, no child processes;
 * - __tests__/proof: real Terraform and providers against local APIs (moto, the local Datadog API),
 *   IAM simulation, the real commands, the package as a consumer installs it.
 *
 * Jest transpiles TypeScript with SWC (no per-file type-checking: `tsc -b` type-checks the
 * whole project once before the tests, see `npm test`).
 */
const common = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/setup.ts"],
};

module.exports = {
  projects: [
    { ...common, displayName: "unit", testMatch: ["<rootDir>/__tests__/unit/**/*.test.ts"] },
    { ...common, displayName: "proof", testMatch: ["<rootDir>/__tests__/proof/**/*.test.ts"] },
  ],
  globalSetup: "<rootDir>/__tests__/support/global-setup.js",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.js",
  reporters: ["default", "<rootDir>/__tests__/support/summary-reporter.js"],
  // Two workers on the 2-core machines: the Terraform and child-process tests wait on I/O.
  maxWorkers: 2,
  testTimeout: 120000,
};
