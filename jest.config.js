/**
 * Jest transpiles TypeScript with SWC (no per-file type-checking: `tsc -b` type-checks the
 * whole project once before the tests, see `npm test`).
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/setup.ts"],
  globalSetup: "<rootDir>/__tests__/support/global-setup.js",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.js",
  reporters: ["default", "<rootDir>/__tests__/support/summary-reporter.js"],
  // Two workers on the 2-core machines: the Terraform and child-process tests wait on I/O.
  maxWorkers: 2,
  testTimeout: 120000,
};
