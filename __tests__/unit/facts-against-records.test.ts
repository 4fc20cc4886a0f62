/**
 * lib/facts checked against what Datadog published, recorded outside the project
 * (__tests__/fixtures/datadog-recorded, see its README for sources), so a fact dropped,
 * misspelt or added by mistake fails here instead of agreeing with itself. Trust accounts,
 * sites and partitions have their written-out witness in support/expected-facts.ts and
 * sites-and-partitions.test.ts; IAM quotas in support/iam/quotas.ts.
 */
import { RESOURCE_COLLECTION_PERMISSIONS, STANDARD_PERMISSIONS } from "../../lib/facts/permissions";
import { CLOUDWATCH_NAMESPACES, DEFAULT_EXCLUDED_NAMESPACES, LOG_SOURCES } from "../../lib/facts/datadog-lists";
import { RECORDED_LOG_SOURCES, RECORDED_NAMESPACES, RECORDED_PERMISSIONS, RECORDED_STANDARD_FROM_API, type RecordedList } from "../support/datadog-api/recorded-lists";

/** What the product's list lacks and what it has beyond the record, so a failure names the action. */
function difference(product: readonly string[], record: RecordedList) {
  const ours = new Set(product);
  const theirs = new Set(record.items);
  return { missing: [...theirs].filter((a) => !ours.has(a)).sort(), extra: [...ours].filter((a) => !theirs.has(a)).sort() };
}

describe("pinned permissions against Datadog's published lists", () => {
  test.each([
    ["standard", STANDARD_PERMISSIONS, RECORDED_PERMISSIONS.standard],
    ["resource-collection", RESOURCE_COLLECTION_PERMISSIONS, RECORDED_PERMISSIONS.resourceCollection],
  ] as const)("%s: every action of the record, none beside it, same day", (_name, pinned, record) => {
    expect(difference(pinned.actions, record)).toEqual({ missing: [], extra: [] });
    expect(pinned.actions).toHaveLength(record.items.length);
    // Same day and same commit: a pinned list claiming a newer source must bring its record.
    expect(pinned.date).toBe(record.date);
    expect(pinned.source).toContain("commit 1ed6370");
  });

  test("every action Datadog's API returned for the standard set on 2025-10-03 is still pinned (the lists grow)", () => {
    expect(difference(STANDARD_PERMISSIONS.actions, RECORDED_STANDARD_FROM_API).missing).toEqual([]);
  });
});

describe("Datadog's names against its API's recorded answers", () => {
  test("CloudWatch namespaces: the API's list, in the API's order", () => {
    expect(CLOUDWATCH_NAMESPACES.names).toEqual(RECORDED_NAMESPACES.items);
    expect(CLOUDWATCH_NAMESPACES.date).toBe(RECORDED_NAMESPACES.date);
  });

  test("log sources: the API's list", () => {
    expect(LOG_SOURCES.names).toEqual(RECORDED_LOG_SOURCES.items);
    expect(LOG_SOURCES.date).toBe(RECORDED_LOG_SOURCES.date);
  });

  test("the namespaces excluded by default are names the API knows", () => {
    expect(DEFAULT_EXCLUDED_NAMESPACES.filter((n) => !RECORDED_NAMESPACES.items.includes(n))).toEqual([]);
  });
});
