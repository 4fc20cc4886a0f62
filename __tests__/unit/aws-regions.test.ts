/**
 * Region codes are judged against AWS's dated list of each partition's regions at synth
 * time (issue 19, item 4): "us-est-1" has a region's shape and fails only at plan or at
 * Datadog's API. The refusals through `npm run synth` are in bad-input-cli.test.ts; here
 * the list itself, and the way to name a region newer than it.
 */
import { ALL_AWS_REGIONS, AWS_REGIONS, isListedRegion } from "../../lib/facts/aws-regions";
import { EXAMPLE_REGION, PARTITIONS, partitionOfRegion, REGION_PATTERN } from "../../lib/facts/partitions";
import { configWith, problemsOf, synthOne } from "../support/synth";

const problems = (env: Record<string, unknown>) => problemsOf(configWith(env, undefined, "prod"));
const integration = (env: Record<string, unknown>) => synthOne(env).resource!.datadog_integration_aws_account.datadog_integration;

describe("AWS's list of regions", () => {
  test("carries its date and source, and holds each supported partition's regions", () => {
    expect(AWS_REGIONS.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(AWS_REGIONS.source).toContain("@aws-sdk/core");
    expect(Object.keys(AWS_REGIONS.byPartition).sort()).toEqual([...PARTITIONS].sort());
    for (const partition of PARTITIONS) {
      const regions = Object.keys(AWS_REGIONS.byPartition[partition]);
      expect(regions).toContain(EXAMPLE_REGION[partition]);
      for (const region of regions) {
        expect(region).toMatch(REGION_PATTERN);
        expect(partitionOfRegion(region)).toBe(partition);
      }
    }
    expect(new Set(ALL_AWS_REGIONS).size).toBe(ALL_AWS_REGIONS.length);
    // Written out here, not read from the list: regions every reader knows exist.
    for (const region of ["us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-4", "us-gov-west-1", "us-gov-east-1", "cn-north-1", "cn-northwest-1"]) expect(isListedRegion(region)).toBe(true);
    for (const region of ["us-est-1", "us-east-7", "eu-wst-1", "cn-south-9"]) expect(isListedRegion(region)).toBe(false);
  });
});

describe("a region newer than the list", () => {
  test("is refused until the environment names it in newRegions", () => {
    expect(problems({ awsRegion: "eu-south-9" })).toEqual([expect.stringMatching(/^environments\.prod\.awsRegion: "eu-south-9" is not an AWS region .*also list it in newRegions$/)]);
    expect(problems({ regions: ["us-east-1", "us-east-7"] })).toEqual([expect.stringContaining('environments.prod.regions[1]: "us-east-7" is not an AWS region')]);
  });

  test("passes with newRegions, and reaches the integration as written", () => {
    expect(integration({ awsRegion: "eu-south-9", regions: ["eu-south-9"], newRegions: ["eu-south-9"] }).aws_regions).toEqual({ include_only: ["eu-south-9"] });
    expect(integration({ regions: ["us-east-1", "us-east-7"], newRegions: ["us-east-7"] }).aws_regions).toEqual({ include_only: ["us-east-1", "us-east-7"] });
  });

  test("newRegions holds region codes only", () => {
    expect(problems({ newRegions: ["Frankfurt"] })).toEqual([expect.stringContaining('environments.prod.newRegions[0]: "Frankfurt" is not an AWS region code')]);
  });
});
