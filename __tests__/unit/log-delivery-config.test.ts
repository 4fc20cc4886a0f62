/**
 * The logDelivery section: what each region gets (regions by default, byRegion's modes), and
 * every way it is refused, each with its code, the field's path and the words a user needs.
 */
import { configWith } from "../support/synth";
import { issueAt, issuesOf } from "../support/config-issues";
import { resolveConfig } from "../../lib/config/load-config";
import { logDeliveryRegions } from "../../lib/config/log-delivery-regions";
import type { ErrorCode } from "../../lib/errors";

const KEY = { firehoseApiKey: { source: "variable" } };
const resolved = (env: Record<string, unknown>) => resolveConfig(configWith({ ...KEY, ...env }, undefined, "prod"), "test.config.json")[0].config;
const regionsOf = (env: Record<string, unknown>) =>
  logDeliveryRegions(resolved(env)).map((r) => `${r.region}:${r.mode.kind === "logGroups" ? r.mode.logGroups.join(",") : `account-${r.mode.excludeLogGroups.join(",")}`}`);

describe("what each region gets", () => {
  test("no section, no region", () => {
    expect(logDeliveryRegions(resolved({}))).toEqual([]);
  });
  test('regions "all": awsRegion alone, the whole account (Datadog\'s template)', () => {
    expect(regionsOf({ awsRegion: "eu-west-1", logDelivery: {} })).toEqual(["eu-west-1:account-"]);
  });
  test("the integration's regions by default; logGroups for each", () => {
    expect(regionsOf({ regions: ["us-east-1", "us-west-2"], logDelivery: { logGroups: ["/aws/lambda/api"] } })).toEqual(["us-east-1:/aws/lambda/api", "us-west-2:/aws/lambda/api"]);
  });
  test("byRegion changes a region's mode and adds regions not listed", () => {
    const env = {
      logDelivery: {
        regions: ["eu-west-1", "us-west-2"],
        logGroups: ["/aws/lambda/api", "/ecs/web"],
        byRegion: { "us-east-1": { accountLevel: { excludeLogGroups: ["/noisy"] } }, "us-west-2": { logGroups: ["/aws/lambda/west"] } },
      },
    };
    expect(regionsOf(env)).toEqual(["eu-west-1:/aws/lambda/api,/ecs/web", "us-west-2:/aws/lambda/west", "us-east-1:account-/noisy"]);
  });
  test("a byRegion entry without a mode takes the section's", () => {
    expect(regionsOf({ logDelivery: { regions: ["eu-west-1"], logGroups: ["/a"], byRegion: { "us-east-2": {} } } })).toEqual(["eu-west-1:/a", "us-east-2:/a"]);
  });
  test("filterPattern defaults to every event, as Datadog's template", () => {
    expect(resolved({ logDelivery: {} }).logDelivery?.filterPattern).toBe("");
  });
});

const CASES: [name: string, env: Record<string, unknown>, where: string, code: ErrorCode, words: RegExp][] = [
  [
    "no key source",
    { firehoseApiKey: undefined, logDelivery: {} },
    "environments.prod.firehoseApiKey",
    "delivery/api-key-missing",
    /logDelivery sends data through Kinesis Data Firehose.*secretsManager/,
  ],
  ["a China account", { awsRegion: "cn-north-1", auth: { type: "accessKeys" }, logDelivery: {} }, "environments.prod.logDelivery", "delivery/partition", /partition aws-cn/],
  [
    "a GovCloud account on a commercial site",
    { awsRegion: "us-gov-west-1", auth: { type: "accessKeys" }, datadogSite: "datadoghq.com", logDelivery: {} },
    "environments.prod.logDelivery",
    "delivery/site",
    /"ddog-gov.com"/,
  ],
  [
    "a China region in a commercial account",
    { logDelivery: { regions: ["cn-north-1"] } },
    "environments.prod.logDelivery.regions[0]",
    "delivery/region-partition",
    /"cn-north-1" is in partition aws-cn.*"us-east-1"/,
  ],
  ["a GovCloud region in byRegion", { logDelivery: { byRegion: { "us-gov-east-1": {} } } }, "environments.prod.logDelivery.byRegion.us-gov-east-1", "delivery/region-partition", /aws-us-gov/],
  [
    "a Firehose error log group named",
    { logDelivery: { logGroups: ["/aws/kinesisfirehose/datadog-logs-delivery"] } },
    "environments.prod.logDelivery.logGroups[0]",
    "delivery/log-delivery-loop",
    /errors back through Firehose/,
  ],
  ["both modes at the top", { logDelivery: { accountLevel: {}, logGroups: ["/a"] } }, "environments.prod.logDelivery", "delivery/log-delivery-modes", /both "accountLevel".*"logGroups".*byRegion/],
  [
    "both modes in one region",
    { logDelivery: { byRegion: { "us-east-1": { accountLevel: {}, logGroups: ["/a"] } } } },
    "environments.prod.logDelivery.byRegion.us-east-1",
    "delivery/log-delivery-modes",
    /keep one/,
  ],
  ["a byRegion key that is no region", { logDelivery: { byRegion: { "US East": {} } } }, 'environments.prod.logDelivery.byRegion["US East"]', "delivery/log-delivery-region", /not a region code/],
  ["a misspelt region", { logDelivery: { regions: ["us-esat-1"] } }, "environments.prod.logDelivery.regions[0]", "value/unknown-region", /newRegions/],
  ["a misspelt byRegion key", { logDelivery: { byRegion: { "eu-wset-1": {} } } }, "environments.prod.logDelivery.byRegion.eu-wset-1", "value/unknown-region", /newRegions/],
  ["a log group twice", { logDelivery: { logGroups: ["/a", "/a"] } }, "environments.prod.logDelivery.logGroups[1]", "delivery/log-delivery-duplicate", /"\/a" is listed twice/],
  [
    "an excluded log group twice",
    { logDelivery: { accountLevel: { excludeLogGroups: ["/x", "/x"] } } },
    "environments.prod.logDelivery.accountLevel.excludeLogGroups[1]",
    "delivery/log-delivery-duplicate",
    /twice/,
  ],
  ["an empty log group name", { logDelivery: { logGroups: [""] } }, "environments.prod.logDelivery.logGroups[0]", "value/log-group-name", /is empty/],
  [
    "a log group ARN",
    { logDelivery: { logGroups: ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/api:*"] } },
    "environments.prod.logDelivery.logGroups[0]",
    "value/log-group-name",
    /is an ARN.*"\/aws\/lambda\/api"/,
  ],
  ["a log group name with a space", { logDelivery: { logGroups: ["/aws/lambda/my api"] } }, "environments.prod.logDelivery.logGroups[0]", "value/log-group-name", /" ".*only letters/],
  ["no log groups", { logDelivery: { logGroups: [] } }, "environments.prod.logDelivery.logGroups", "value/empty", /./],
  ["a filter pattern over 1,024 characters", { logDelivery: { filterPattern: "x".repeat(1025) } }, "environments.prod.logDelivery.filterPattern", "value/invalid", /./],
];

test.each(CASES)("%s is refused", (_, env, where, code, words) => {
  const problem = issueAt(issuesOf(configWith({ ...KEY, ...env }, undefined, "prod")), where);
  expect(problem.code).toBe(code);
  expect(problem.message).toMatch(words);
});
