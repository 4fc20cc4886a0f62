/**
 * "Did you mean": the name a person most likely meant, as a person would guess it. Typing
 * distance counts a swap of two neighbouring letters as one slip (optimal string alignment),
 * and a wrong word in a dotted name (the ".us" of "datadoghq.us") is not scored by how its
 * letters happen to resemble another word's. (Through the real CLI: bad-input-cli.test.ts.)
 */
import { closest, editDistance, likelyMeant } from "../../lib/config/messages";
import { environmentShape } from "../../lib/config/schema";
import { DATADOG_SITE_NAMES } from "../../lib/facts/sites";
import { CLOUDWATCH_NAMESPACES, LOG_SOURCES } from "../../lib/facts/datadog-lists";
import { configWith } from "../support/synth";
import { issuesOf } from "../support/config-issues";

const KEYS = Object.keys(environmentShape);
const LISTS: Record<string, readonly string[]> = {
  "environment keys": KEYS,
  sites: DATADOG_SITE_NAMES,
  "log sources": LOG_SOURCES.names,
};

describe("editDistance: optimal string alignment, ignoring case", () => {
  test.each([
    ["cpsm", "cspm", 1, "two neighbouring letters swapped: one slip"],
    ["regoins", "regions", 1, "a swap in the middle"],
    ["kitten", "sitting", 3, "substitutions and an insertion, as Levenshtein counts them"],
    ["ca", "abc", 3, "each part is edited once (the unrestricted distance would say 2)"],
    ["DatadogSite", "datadogsite", 0, "case is not a typo"],
    ["", "abc", 3, "from nothing"],
    ["abc", "", 3, "to nothing"],
    ["datadoghq.ue", "datadoghq.eu", 1, "a swapped top-level domain"],
  ])("%s → %s is %i (%s)", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe("compliant: the suggestion is what a person meant", () => {
  test.each([
    ["cpsm", "environment keys", "cspm"],
    ["regoins", "environment keys", "regions"],
    ["datadog_site", "environment keys", "datadogSite"],
    ["awsregion", "environment keys", "awsRegion"],
    ["awsAsumeRoleArn", "environment keys", "awsAssumeRoleArn"],
    ["datadoghq.us", "sites", "datadoghq.com"],
    ["datadoghq.co", "sites", "datadoghq.com"],
    ["datadoghq.ue", "sites", "datadoghq.eu"],
    ["datadoghq.e", "sites", "datadoghq.eu"],
    ["datadoghq.con", "sites", "datadoghq.com"],
    ["us3.datadoghq.co", "sites", "us3.datadoghq.com"],
    ["us5.datadoghq.eu", "sites", "us5.datadoghq.com"],
    ["ddog-gov.us", "sites", "ddog-gov.com"],
  ])("%s among the %s → %s", (word, list, meant) => {
    expect(closest(word, LISTS[list])).toBe(meant);
  });

  test("namespaces and log sources keep their suggestions", () => {
    expect(likelyMeant("AWS/Lamda", CLOUDWATCH_NAMESPACES.names)).toBe("AWS/Lambda");
    expect(likelyMeant("EC2", CLOUDWATCH_NAMESPACES.names)).toBe("AWS/EC2");
    expect(likelyMeant("cloudtrial", LOG_SOURCES.names)).toBe("cloudtrail");
  });
});

describe("no guess when nothing is close", () => {
  test.each([
    ["xyz", "environment keys"],
    ["example.org", "sites"],
    ["eu", "sites"],
    ["kinesis-firehose-delivery", "log sources"],
  ])("%s among the %s", (word, list) => {
    expect(closest(word, LISTS[list])).toBeUndefined();
  });
});

describe("in the config's messages", () => {
  const issues = (env: Record<string, unknown>) => issuesOf(configWith(env, undefined, "prod"));

  test.each([
    [{ cpsm: true }, "environments.prod.cpsm", "value/unknown-key", 'did you mean "cspm"?'],
    [{ regoins: "all" }, "environments.prod.regoins", "value/unknown-key", 'did you mean "regions"?'],
    [{ datadogSite: "datadoghq.us" }, "environments.prod.datadogSite", "value/not-allowed", '(did you mean "datadoghq.com"?)'],
    [{ datadogSite: "datadoghq.co" }, "environments.prod.datadogSite", "value/not-allowed", '(did you mean "datadoghq.com"?)'],
    [{ datadogSite: "datadoghq.ue" }, "environments.prod.datadogSite", "value/not-allowed", '(did you mean "datadoghq.eu"?)'],
    [{ metrics: { hostTgas: [] } }, "environments.prod.metrics.hostTgas", "value/unknown-key", 'did you mean "hostTags"?'],
  ])("%j is reported at %s as %s with %s", (env, where, code, words) => {
    expect(issues(env)).toEqual([{ code, path: where, message: expect.stringContaining(words) }]);
  });
});
