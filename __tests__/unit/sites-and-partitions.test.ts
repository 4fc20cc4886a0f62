/**
 * Every Datadog site and every AWS partition: trusted account, API URL, and ARNs.
 * Facts under test come from Datadog's public docs (sites:
 * https://docs.datadoghq.com/getting_started/site/) and CloudFormation template (trust
 * accounts: https://github.com/DataDog/cloudformation-template `aws_quickstart/main_v2.yaml`,
 * `DdAccountIdBySite`), and AWS's ARN reference for partitions; the expectations are
 * written out in the tests (support/expected-facts.ts), not read from lib/facts, so a
 * wrong fact fails a test.
 */
import { resourcesOf, synthOne, TerraformJson } from "../support/synth";
import { EXPECTED_TRUST_ACCOUNTS } from "../support/expected-facts";
import { DATADOG_SITE_NAMES, siteOfAddress } from "../../lib/facts/sites";

const API_URLS: Record<string, string> = {
  "datadoghq.com": "https://api.datadoghq.com",
  "us3.datadoghq.com": "https://api.us3.datadoghq.com",
  "us5.datadoghq.com": "https://api.us5.datadoghq.com",
  "datadoghq.eu": "https://api.datadoghq.eu",
  "ap1.datadoghq.com": "https://api.ap1.datadoghq.com",
  "ap2.datadoghq.com": "https://api.ap2.datadoghq.com",
  "uk1.datadoghq.com": "https://api.uk1.datadoghq.com",
  "ddog-gov.com": "https://api.ddog-gov.com",
  "us2.ddog-gov.com": "https://api.us2.ddog-gov.com",
};
const SITES = Object.entries(API_URLS).map(([site, apiUrl]) => [site, apiUrl, EXPECTED_TRUST_ACCOUNTS[site].aws!] as const);

test("the expectations name every site the product offers, and only those", () => {
  // A site added to (or dropped from) lib/facts/sites.ts must be checked against its source here.
  const offered = [...DATADOG_SITE_NAMES].sort();
  expect(Object.keys(API_URLS).sort()).toEqual(offered);
  expect(Object.keys(EXPECTED_TRUST_ACCOUNTS).sort()).toEqual(offered);
});

/** Every ARN anywhere in the stack's resources and outputs. */
function arnsIn(stack: TerraformJson): string[] {
  const text = JSON.stringify({ resource: stack.resource, output: stack.output });
  return [...text.matchAll(/arn:[a-z-]+:[^"\\ ]*/g)].map((m) => m[0]);
}

function trustPolicy(stack: TerraformJson): string {
  return resourcesOf(stack, "aws_iam_role").datadog_role.assume_role_policy;
}

describe.each(SITES)("role delegation on %s (commercial account)", (site, apiUrl, trustAccount) => {
  const stack = synthOne({ datadogSite: site, cspm: true, permissions: "pinned" });

  test(`trusts ${trustAccount} and calls ${apiUrl}`, () => {
    expect(trustPolicy(stack)).toContain(`"AWS" = "arn:aws:iam::${trustAccount}:root"`);
    expect(stack.provider?.datadog[0].api_url).toBe(apiUrl);
    expect(resourcesOf(stack, "datadog_integration_aws_account").datadog_integration.aws_partition).toBe("aws");
  });

  test("every ARN is in the aws partition", () => {
    const arns = arnsIn(stack);
    expect(arns).toContain("arn:aws:iam::aws:policy/SecurityAudit");
    for (const arn of arns) expect(arn.startsWith("arn:aws:")).toBe(true);
  });
});

describe.each([
  ["ddog-gov.com", EXPECTED_TRUST_ACCOUNTS["ddog-gov.com"]["aws-us-gov"]!, "us-gov-west-1"],
  ["us2.ddog-gov.com", EXPECTED_TRUST_ACCOUNTS["us2.ddog-gov.com"]["aws-us-gov"]!, "us-gov-east-1"],
])("GovCloud by role on %s", (site, govTrustAccount, region) => {
  const stack = synthOne({ datadogSite: site, awsRegion: region, cspm: true, permissions: "pinned" });

  test(`trusts the site's GovCloud account ${govTrustAccount} in aws-us-gov`, () => {
    expect(trustPolicy(stack)).toContain(`"AWS" = "arn:aws-us-gov:iam::${govTrustAccount}:root"`);
    expect(resourcesOf(stack, "datadog_integration_aws_account").datadog_integration.aws_partition).toBe("aws-us-gov");
    expect(stack.provider?.aws[0].region).toBe(region);
  });

  test("SecurityAudit and every other ARN are in aws-us-gov", () => {
    const arns = arnsIn(stack);
    expect(arns).toContain("arn:aws-us-gov:iam::aws:policy/SecurityAudit");
    for (const arn of arns) expect(arn.startsWith("arn:aws-us-gov:")).toBe(true);
  });
});

describe.each([
  ["GovCloud", "us-gov-west-1", "ddog-gov.com", "aws-us-gov"],
  ["China", "cn-north-1", "datadoghq.com", "aws-cn"],
  ["China (Ningxia)", "cn-northwest-1", "datadoghq.eu", "aws-cn"],
])("%s by access keys", (_name, region, site, partition) => {
  const stack = synthOne({
    awsRegion: region,
    datadogSite: site,
    auth: { type: "accessKeys" },
    cspm: true,
    permissions: "pinned",
    logs: { lambdaForwarderArns: [`arn:${partition}:lambda:${region}:123456789012:function:DatadogForwarder`] },
  });

  test(`integration in ${partition} with the user's key`, () => {
    const i = resourcesOf(stack, "datadog_integration_aws_account").datadog_integration;
    expect(i.aws_partition).toBe(partition);
    expect(i.auth_config).toEqual({
      aws_auth_config_keys: {
        access_key_id: "${aws_iam_access_key.datadog_access_key.id}",
        secret_access_key: "${aws_iam_access_key.datadog_access_key.secret}",
      },
    });
  });

  test(`SecurityAudit and every other ARN are in ${partition}`, () => {
    const arns = arnsIn(stack);
    expect(arns).toContain(`arn:${partition}:iam::aws:policy/SecurityAudit`);
    for (const arn of arns) expect(arn.startsWith(`arn:${partition}:`)).toBe(true);
  });

  test("no role and no trust policy", () => {
    expect(stack.resource?.aws_iam_role).toBeUndefined();
    expect(JSON.stringify(stack)).not.toContain("sts:AssumeRole");
  });
});

describe("the site of an address a person pastes (issue 19, item 5)", () => {
  test.each([
    ["app.datadoghq.com", "datadoghq.com"],
    ["https://app.datadoghq.com/", "datadoghq.com"],
    ["https://api.datadoghq.com", "datadoghq.com"],
    ["app.datadoghq.eu", "datadoghq.eu"],
    ["api.datadoghq.eu", "datadoghq.eu"],
    ["https://app.datadoghq.eu/dashboard/lists?from=now", "datadoghq.eu"],
    ["https://us5.datadoghq.com/", "us5.datadoghq.com"],
    ["api.us5.datadoghq.com", "us5.datadoghq.com"],
    ["app.us5.datadoghq.com", "us5.datadoghq.com"],
    ["HTTPS://APP.DDOG-GOV.COM", "ddog-gov.com"],
    ["ap1.datadoghq.com", "ap1.datadoghq.com"],
  ])("%s is on %s", (address, site) => {
    expect(siteOfAddress(address)?.site).toBe(site);
  });

  test.each(["datadoghq.ue", "app.datadoghq.us", "example.com", ""])("%j is no address of a site (edit distance judges it)", (address) => {
    expect(siteOfAddress(address)).toBeUndefined();
  });
});
