/**
 * Provider ranges by feature (lib/constructs/provider-requirements.ts): a stack declares a
 * narrower range only for the features it uses, a pinned range is written verbatim, and a
 * pin that admits versions without a used feature is refused with its code, setting,
 * feature, version and fix. Also the version-constraint reading those checks rest on.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { PROVIDER_FEATURES_FILE, renderProviderFeatures, withProviderFeatures } from "../../scripts/write-provider-features";
import { refusalOf as refusal } from "../support/config-issues";
import { PROVIDER_FEATURES } from "../../lib/facts/provider-features";
import { pinProviderVersion, PROVIDER_CONSTRAINTS, providerFeaturesOf, providerRange, requireProviderFeature, requireProviderRanges } from "../../lib/constructs/provider-requirements";
import { admitsAtLeast, admitsBelow, constraintAdmits, lowestAdmitted, parseVersionConstraint, Version, VersionConstraint } from "../../lib/config/version-constraint";
import { configWith, problemsOf, synthOne, TerraformJson } from "../support/synth";

const requiredProviders = (stack: TerraformStack) => (JSON.parse(Testing.synth(stack)) as TerraformJson).terraform?.required_providers;
const constraint = (text: string) => parseVersionConstraint(text) as VersionConstraint;

describe("version constraints", () => {
  test.each([
    { text: ">= 4.16.0, < 5.0.0", lowest: "4.16.0", refused: "5.0.0" },
    { text: "~> 4.19.0", lowest: "4.19.0", refused: "4.20.0" },
    { text: "~> 4.19", lowest: "4.19.0", refused: "5.0.0" },
    { text: "4.19.0", lowest: "4.19.0", refused: "4.19.1" },
    { text: "> 4.15.0, != 4.15.1", lowest: "4.15.2", refused: "4.15.1" },
    { text: "< 4.0.0", lowest: "0.0.0", refused: "4.0.0" },
  ])("$text admits $lowest first, and not $refused", ({ text, lowest, refused }) => {
    const c = constraint(text);
    expect(lowestAdmitted(c)?.join(".")).toBe(lowest);
    expect(constraintAdmits(c, refused.split(".").map(Number) as unknown as Version)).toBe(false);
  });

  test("below and at-or-above a release", () => {
    expect(admitsBelow(constraint(">= 3.82.0, < 5.0.0"), [4, 16, 0])).toBe(true);
    expect(admitsBelow(constraint(">= 4.16.0, < 5.0.0"), [4, 16, 0])).toBe(false);
    expect(admitsAtLeast(constraint("~> 4.15.0"), [4, 16, 0])).toBe(false);
    expect(admitsAtLeast(constraint("~> 4.15"), [4, 16, 0])).toBe(true);
    // != excludes one version: the walk steps over it.
    expect(lowestAdmitted(constraint(">= 4.16.0, != 4.16.0, != 4.16.1"))?.join(".")).toBe("4.16.2");
    expect(lowestAdmitted(constraint(">= 5.0.0, < 4.0.0"))).toBeUndefined();
    expect(lowestAdmitted(constraint("= 4.16.0, != 4.16.0"))).toBeUndefined();
  });

  test.each([
    ["", /is empty/],
    ["4.x", /"4\.x" is not a version constraint/],
    [">= 4.0.0-rc.1", /pre-release/],
    ["=> 4.16.0", /is not a version constraint/],
  ])("%j is refused: %s", (text, message) => {
    expect(parseVersionConstraint(text)).toMatch(message);
  });
});

describe("ranges by feature", () => {
  test("a stack that uses no feature writes our ranges exactly", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    requireProviderRanges(stack, { datadog: true });
    expect(requiredProviders(stack)).toEqual({ aws: PROVIDER_CONSTRAINTS.aws, datadog: PROVIDER_CONSTRAINTS.datadog });
    expect(providerRange("datadog")).toBe(">= 3.82.0, < 5.0.0");
    expect(providerRange("aws")).toBe(">= 5.0, < 7.0");
  });

  test("a feature raises its provider's floor only, keeps the ceiling, and is idempotent", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    requireProviderFeature(stack, "ccmConfig");
    requireProviderFeature(stack, "metricNameFilters");
    requireProviderFeature(stack, "metricNameFilters");
    requireProviderRanges(stack, { datadog: true });
    expect(requiredProviders(stack)).toEqual({ aws: PROVIDER_CONSTRAINTS.aws, datadog: { source: "DataDog/datadog", version: ">= 4.16.0, < 5.0.0" } });
    expect(providerFeaturesOf(stack)).toEqual({ aws: [], datadog: ["ccmConfig", "metricNameFilters"] });
    expect(providerRange("datadog", ["ccmConfig"])).toBe(">= 4.11.0, < 5.0.0");
  });

  test("another stack of the same app keeps our range", () => {
    const app = Testing.app();
    const withFeature = new TerraformStack(app, "a");
    const without = new TerraformStack(app, "b");
    requireProviderFeature(withFeature, "metricNameFilters");
    requireProviderRanges(without, { datadog: true });
    expect(requiredProviders(without).datadog.version).toBe(">= 3.82.0, < 5.0.0");
  });

  test("every feature's minimum is a release above our floor", () => {
    for (const f of Object.values(PROVIDER_FEATURES)) {
      expect(f.minimum).toMatch(/^\d+\.\d+\.\d+$/);
      expect(admitsBelow(constraint(PROVIDER_CONSTRAINTS[f.provider].version), f.minimum.split(".").map(Number) as unknown as [number, number, number])).toBe(true);
      expect(f.source).toMatch(/DataDog\/terraform-provider-datadog|hashicorp\/terraform-provider-aws/);
    }
  });
});

describe("a pinned range", () => {
  test("is written verbatim when it admits only versions with the used features", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    pinProviderVersion(stack, "datadog", "~> 4.19.0", { environment: "prod" });
    requireProviderFeature(stack, "metricNameFilters");
    expect(requiredProviders(stack).datadog).toEqual({ source: "DataDog/datadog", version: "~> 4.19.0" });
  });

  test("is not written into a stack that does not use the provider", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    pinProviderVersion(stack, "datadog", "~> 4.19.0");
    requireProviderRanges(stack, { datadog: false });
    expect(requiredProviders(stack)).toEqual({ aws: PROVIDER_CONSTRAINTS.aws });
  });

  test("that admits no version with the feature is refused, whichever comes first", () => {
    const pinFirst = new TerraformStack(Testing.app(), "s");
    pinProviderVersion(pinFirst, "datadog", "~> 4.15.0", { environment: "prod" });
    const e = refusal(() => requireProviderFeature(pinFirst, "metricNameFilters"));
    expect(e.issues).toEqual([
      {
        code: "combination/provider-version-feature",
        path: "environments.prod.datadogProviderVersion",
        message: expect.stringMatching(
          /^"~> 4\.15\.0" admits no Datadog provider .* version with metrics\.metricNameFilters .*, which needs 4\.16\.0 or later; raise the range's floor, e\.g\. ">= 4\.16\.0, < 5\.0\.0", or remove datadogProviderVersion/,
        ),
      },
    ]);
    const featureFirst = new TerraformStack(Testing.app(), "s");
    requireProviderFeature(featureFirst, "metricNameFilters");
    expect(refusal(() => pinProviderVersion(featureFirst, "datadog", "~> 4.15.0")).issues[0]).toMatchObject({ code: "combination/provider-version-feature", path: "s (datadogProviderVersion)" });
  });

  test("that also admits older versions is refused", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    pinProviderVersion(stack, "datadog", ">= 4.0.0, < 5.0.0", { environment: "prod" });
    expect(refusal(() => requireProviderFeature(stack, "metricNameFilters")).message).toMatch(
      /">= 4\.0\.0, < 5\.0\.0" also admits Datadog provider .* versions below 4\.16\.0, which lack metrics\.metricNameFilters/,
    );
  });

  test("below our floor is refused once the stack uses the provider", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    pinProviderVersion(stack, "datadog", "~> 3.70", { environment: "prod" });
    expect(refusal(() => requireProviderRanges(stack, { datadog: true })).message).toMatch(/also admits .* versions below 3\.82\.0, which lack the resources every stack emits/);
  });

  test("that is no constraint, or admits nothing, is refused", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(refusal(() => pinProviderVersion(stack, "datadog", "latest", { environment: "prod" })).issues[0]).toMatchObject({
      code: "value/provider-version",
      path: "environments.prod.datadogProviderVersion",
    });
    expect(refusal(() => pinProviderVersion(stack, "datadog", ">= 5.0.0, < 4.0.0")).message).toMatch(/admits no version at all/);
  });
});

describe("datadogProviderVersion in the config", () => {
  test("is written instead of our range", () => {
    expect(synthOne({ datadogProviderVersion: "~> 4.19.0" }).terraform?.required_providers.datadog).toEqual({ source: "DataDog/datadog", version: "~> 4.19.0" });
    expect(synthOne({}, { datadogProviderVersion: "4.19.0" }).terraform?.required_providers.datadog.version).toBe("4.19.0");
  });

  test("is judged by its own rule", () => {
    expect(problemsOf(configWith({ datadogProviderVersion: "4.x" }))).toEqual([expect.stringMatching(/^environments\.test\.datadogProviderVersion: "4\.x" is not a version constraint/)]);
  });
});

test("docs/library.md's table of provider features is the facts as they are now (npm run schema)", () => {
  const text = readFileSync(path.join(__dirname, "..", "..", PROVIDER_FEATURES_FILE), "utf8");
  expect(withProviderFeatures(text)).toBe(text);
  expect(renderProviderFeatures()).toContain("| `metricNameFilters` | Datadog provider (DataDog/datadog) 4.16.0 | `>= 4.16.0, < 5.0.0` |");
});
