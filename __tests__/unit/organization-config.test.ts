/**
 * The organization section of the config (issue 14), without AWS: its keys and their
 * messages, placeholders, the environments it lets a config leave out, the rule that one
 * account has one hand-written environment, the names discover gives accounts, how an
 * accounts file changes from one run to the next, and the published JSON Schema agreeing
 * with the tool on the section.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { schemaAgreement } from "../support/schema-agreement";
import { resolveConfig, resolveConfigDetailed } from "../../lib/config/load-config";
import { AccountsFile, environmentNameFor, fillPlaceholders, freeEnvironmentName, parseAccountsFile, renderAccountsFile, unknownPlaceholders } from "../../lib/config/organization";
import { formatSummary, OrganizationView, planEnrollment } from "../../cli/discover/enrollment";
import { recordedImport } from "../../cli/discover/adoption";
import { CONFIG_FILES } from "../support/shipped-configs";
import { issueAt, issuesOf, refusalOf } from "../support/config-issues";

type Json = Record<string, any>;

const ROOT = path.join(__dirname, "..", "..");
const ROLE = "arn:{partition}:iam::{accountId}:role/OrganizationAccountAccessRole";
const org = (organization: Json, rest: Json = {}) => ({ organization, ...rest });
/** The problem lines that start with `where: ` (every problem is `<where>: <message>`). */
const at = (problems: string[], where: string) => problems.filter((p) => p.startsWith(`${where}: `)).map((p) => p.slice(where.length + 2));

describe("the organization section's own keys", () => {
  test("alone it is a whole config: every account, and environments may be empty or left out", () => {
    expect(resolveConfig(org({}), "c.json")).toEqual([]);
    expect(resolveConfig(org({}, { environments: {} }), "c.json")).toEqual([]);
    expect(resolveConfig(org({ environment: { awsAssumeRoleArn: ROLE } }, { environments: { prod: { awsAccountId: "123456789012" } } }), "c.json").map((e) => e.name)).toEqual(["prod"]);
  });

  test("without it, environments are required and may not be empty, as before", () => {
    expect(issuesOf({})).toEqual([{ code: "value/required", path: "environments", message: expect.stringContaining('add it (an object, e.g. { "prod": { "awsAccountId": "123456789012" } })') }]);
    expect(issuesOf({ environments: {} })).toEqual([
      { code: "config/no-environments", path: "environments", message: expect.stringContaining('add at least one, e.g. "prod": { "awsAccountId": "123456789012" }') },
    ]);
  });

  test.each([
    [
      "an OU ID of the wrong shape",
      "ou-1",
      /^"ou-1" is not an OU ID; give an OU ID \("ou-" followed by 4 to 32 letters or digits, "-", and 8 to 32 more, e\.g\. "ou-ab12-cd34ef56"\) or the root ID \(e\.g\. "r-ab12"\)/,
    ],
    ["an OU ID in upper case", "OU-AB12-CD34EF56", /^"OU-AB12-CD34EF56" must be written in lower case without spaces: "ou-ab12-cd34ef56"$/],
    ["an account ID", "123456789012", /^"123456789012" is an account ID; ouIds takes OU IDs .* list them in excludeAccountIds$/],
    ["an OU's ARN", "arn:aws:organizations::123456789012:ou/o-a1b2c3d4e5/ou-ab12-cd34ef56", /^".*" is an ARN; give the ID alone: "ou-ab12-cd34ef56"$/],
    ["the organization's ID", "o-a1b2c3d4e5", /^"o-a1b2c3d4e5" is the organization's ID; to take every account, leave ouIds out/],
    ["a root ID cut short", "r-ab", /^"r-ab" is not an OU ID/],
  ])("ouIds: %s is refused before any call to AWS", (_label, id, message) => {
    const issues = issuesOf(org({ ouIds: ["ou-ab12-cd34ef56", id] }));
    expect(issues).toEqual([{ code: "value/organization-parent-id", path: "organization.ouIds[1]", message: expect.stringMatching(message) }]);
  });

  test("ouIds: OU IDs and the root ID pass; an empty list is refused", () => {
    expect(resolveConfig(org({ ouIds: ["r-ab12", "ou-ab12-cd34ef56", "ou-zz9912345678901234567890123456-abcdefgh12345678"] }), "c.json")).toEqual([]);
    expect(issuesOf(org({ ouIds: [] }))).toEqual([{ code: "value/empty", path: "organization.ouIds", message: expect.stringMatching(/the list is empty; give at least 1 item or remove the field/) }]);
  });

  test("excludeAccountIds: account IDs, judged like awsAccountId", () => {
    expect(issuesOf(org({ excludeAccountIds: ["1234-5678-9012", 123456789012] }))).toEqual([
      { code: "value/aws-account-id", path: "organization.excludeAccountIds[0]", message: expect.stringMatching(/^"1234-5678-9012" has dashes or spaces; .*"123456789012"$/) },
      {
        code: "value/wrong-type",
        path: "organization.excludeAccountIds[1]",
        message: expect.stringMatching(/^is the number 123456789012; write it as a string in double quotes, e\.g\. "123456789012"/),
      },
    ]);
  });

  test("output: a file name, never the config file itself", () => {
    expect(resolveConfigDetailed(org({ output: "accounts/org.json" }), "conf/c.json").accountsFile).toBe(path.join("conf", "accounts", "org.json"));
    expect(resolveConfigDetailed(org({}), "conf/c.json").accountsFile).toBe(path.join("conf", "datadog-aws.accounts.json"));
    expect(issuesOf(org({ output: "" }))).toEqual([{ code: "value/empty", path: "organization.output", message: expect.stringMatching(/^is empty; give a value or remove the field/) }]);
    expect(issueAt(issuesOf(org({ output: "test.config.json" })), "organization.output")).toEqual({
      code: "organization/output-is-config",
      path: "organization.output",
      message: expect.stringMatching(/^"test\.config\.json" is this config file itself; discover would overwrite it: name another file/),
    });
  });

  test("unknown keys and a section that is not an object are refused, with what was meant", () => {
    expect(issuesOf(org({ ouId: ["r-ab12"] }))).toEqual([{ code: "value/unknown-key", path: "organization.ouId", message: expect.stringContaining('did you mean "ouIds"?') }]);
    expect(issuesOf(org({ exclude: [] }))).toEqual([
      { code: "value/unknown-key", path: "organization.exclude", message: expect.stringContaining("allowed keys here: ouIds, excludeAccountIds, output, environment") },
    ]);
    expect(issuesOf({ organization: true })).toEqual([{ code: "value/wrong-type", path: "organization", message: expect.stringMatching(/^expected an object .*, got boolean true$/) }]);
    expect(issuesOf({ organization: null })).toEqual([{ code: "value/wrong-type", path: "organization", message: expect.stringMatching(/^expected an object .*, got null$/) }]);
  });
});

describe("organization.environment: an environment for every account, with placeholders", () => {
  test("placeholders are filled in every string, at any depth; keys and other values are left alone", () => {
    const values = { accountId: "210987654321", accountName: "Payments Prod", partition: "aws-us-gov" };
    expect(fillPlaceholders({ a: "arn:{partition}:iam::{accountId}:role/R", b: ["x:{accountName}", 1, true, null], c: { "{accountId}": "{other}" } }, values)).toEqual({
      a: "arn:aws-us-gov:iam::210987654321:role/R",
      b: ["x:Payments Prod", 1, true, null],
      c: { "{accountId}": "{other}" },
    });
  });

  test.each([
    ["{accountID}", '"{accountId}"'],
    ["{AccountId}", '"{accountId}"'],
    ["{partiton}", '"{partition}"'],
    ["{account_name}", '"{accountName}"'],
  ])("%s is refused with what was meant", (written, meant) => {
    const issues = issuesOf(org({ environment: { awsAssumeRoleArn: `arn:aws:iam::${written}:role/R` } }));
    expect(issues).toEqual([
      {
        code: "organization/unknown-placeholder",
        path: "organization.environment.awsAssumeRoleArn",
        message: expect.stringContaining(`"${written}" in "arn:aws:iam::${written}:role/R" is not a placeholder`),
      },
    ]);
    expect(issues[0].message).toContain("{accountId}, {accountName}, {partition}");
    expect(issues[0].message).toMatch(new RegExp(`did you mean ${meant.replace(/[{}]/g, "\\$&")}\\?$`));
  });

  test("a placeholder nobody could mean is refused without a guess, wherever it is", () => {
    expect(unknownPlaceholders({ tags: ["a:b", "team:{squad}"] })).toEqual([
      {
        path: ["tags", 1],
        code: "organization/unknown-placeholder",
        message: expect.stringMatching(/^"\{squad\}" in "team:\{squad\}" is not a placeholder .*; write one of them, or leave braces out of the value$/),
      },
    ]);
  });

  test("awsAccountId cannot be given there: each account brings its own", () => {
    expect(issuesOf(org({ environment: { awsAccountId: "123456789012" } }))).toEqual([
      {
        code: "organization/account-id-in-template",
        path: "organization.environment.awsAccountId",
        message: expect.stringMatching(/each discovered environment gets its own account's ID; remove it$/),
      },
    ]);
  });

  test("it is checked as an environment (merged over defaults), with the placeholders filled in for an example account", () => {
    const issues = issuesOf({
      defaults: { awsRegion: "us-gov-west-1", datadogSite: "ddog-gov.com" },
      organization: { environment: { awsAssumeRoleArn: "arn:aws:iam::{accountId}:role/R", cspm: true, resourceCollection: false, regoins: "all", tags: ["account {accountId}"] } },
    });
    expect(issues.map((i) => `${i.path} ${i.code}`).sort()).toEqual([
      "organization.environment.awsAssumeRoleArn combination/assume-role-partition",
      "organization.environment.cspm combination/cspm-without-resource-collection",
      "organization.environment.regoins value/unknown-key",
      "organization.environment.tags[0] value/datadog-tag",
    ]);
    const problems = issues.map((i) => `${i.path}: ${i.message}`);
    expect(at(problems, "organization.environment.awsAssumeRoleArn")).toEqual([
      expect.stringMatching(
        /^"arn:aws:iam::123456789012:role\/R" is in partition aws, but awsRegion "us-gov-west-1" is in aws-us-gov; use a role ARN starting with "arn:aws-us-gov:iam::" \(with the placeholders filled in for an example account: accountId 123456789012, accountName "example", partition aws-us-gov\)$/,
      ),
    ]);
    expect(at(problems, "organization.environment.cspm")).toEqual([expect.stringMatching(/^CSPM needs resource collection/)]);
    expect(at(problems, "organization.environment.regoins")).toEqual([expect.stringMatching(/^unknown key; did you mean "regions"\?/)]);
    expect(at(problems, "organization.environment.tags[0]")).toEqual([expect.stringMatching(/^"account 123456789012" contains " "; .*\(with the placeholders filled in/)]);
  });

  test("{partition} follows the awsRegion the environment gets, so one template serves every partition", () => {
    for (const awsRegion of ["us-east-1", "us-gov-west-1", "cn-north-1"]) {
      const auth = awsRegion === "cn-north-1" ? { auth: { type: "accessKeys" } } : awsRegion.startsWith("us-gov") ? { datadogSite: "ddog-gov.com" } : {};
      expect(resolveConfig(org({ environment: { awsRegion, awsAssumeRoleArn: ROLE, ...auth } }), "c.json")).toEqual([]);
    }
  });

  test("null unsets what it would inherit from defaults, as in an environment; a required key cannot be unset", () => {
    expect(resolveConfig({ defaults: { awsProfile: "p" }, organization: { environment: { awsProfile: null, awsAssumeRoleArn: ROLE } } }, "c.json")).toEqual([]);
    expect(issuesOf({ defaults: { auth: { type: "role" } }, organization: { environment: { auth: { type: null } } } })).toEqual([
      {
        code: "config/null-not-unsettable",
        path: "organization.environment.auth.type",
        message: expect.stringMatching(/^is null, but auth\.type has no default, so it cannot be unset.*give "role" or "accessKeys"/),
      },
    ]);
  });

  test("a mistake in defaults that every environment inherits is reported once, at defaults, organization.environment included", () => {
    expect(issuesOf({ defaults: { tags: ["bad tag"] }, environments: { prod: { awsAccountId: "123456789012" } }, organization: {} })).toEqual([
      { code: "value/datadog-tag", path: "defaults.tags[0]", message: expect.stringMatching(/^"bad tag" contains " "/) },
    ]);
    expect(issuesOf({ defaults: { tags: ["bad tag"] }, organization: { environment: {} } })).toEqual([{ code: "value/datadog-tag", path: "defaults.tags[0]", message: expect.any(String) }]);
  });

  test("one run reports every problem: the section's keys, its environment and the environments", () => {
    const issues = issuesOf({
      environments: { prod: { awsAccountId: "1234" } },
      organization: { ouIds: ["ou-1"], environment: { awsAssumeRoleArn: "arn:aws:iam::{acountId}:role/R", cpsm: true } },
    });
    expect(issues.map((i) => `${i.path} ${i.code}`).sort()).toEqual([
      "environments.prod.awsAccountId value/aws-account-id",
      "organization.environment.awsAssumeRoleArn organization/unknown-placeholder",
      "organization.environment.cpsm value/unknown-key",
      "organization.ouIds[0] value/organization-parent-id",
    ]);
  });
});

describe("one account, one hand-written environment (a rule for every config)", () => {
  test("the same account in two environments is refused, naming both", () => {
    expect(issuesOf({ environments: { prod: { awsAccountId: "123456789012" }, "prod-eu": { awsAccountId: "123456789012", awsRegion: "eu-west-1" } } })).toEqual([
      {
        code: "config/same-account",
        path: "environments.prod-eu.awsAccountId",
        message: expect.stringMatching(/^"123456789012" is also the account of environment "prod"; .*keep one environment per account \(merge "prod" and "prod-eu"\)$/),
      },
    ]);
  });

  test.each(CONFIG_FILES)("%s keeps to it", (file) => {
    const raw = JSON.parse(readFileSync(path.join(ROOT, file), "utf8"));
    const envs = resolveConfig(raw, file);
    expect(new Set(envs.map((e) => e.config.awsAccountId)).size).toBe(envs.length);
  });
});

describe("environment names of discovered accounts", () => {
  test.each([
    ["Payments Prod", "payments-prod"],
    ["payments_prod", "payments_prod"],
    ["Émilie's Sandbox (old)", "emilie-s-sandbox-old"],
    ["  Data -- Lake  ", "data-lake"],
    ["123 Analytics", "account-123-analytics"],
    ["_internal", "internal"],
    ["!!!", "account-111122223333"],
    ["日本のアカウント", "account-111122223333"],
    ["A".repeat(80), "a".repeat(63)],
    [`${"x".repeat(62)}-y`, "x".repeat(62)],
  ])("%j becomes %j, a valid stack name", (accountName, expected) => {
    const name = environmentNameFor(accountName, "111122223333");
    expect(name).toBe(expected);
    expect(name).toMatch(/^[A-Za-z][A-Za-z0-9_-]{0,62}$/);
  });

  test("a name another environment has (in any case) gets the account ID, then a number", () => {
    expect(freeEnvironmentName("Prod", "111122223333", new Set(["prod"]))).toBe("prod-111122223333");
    expect(freeEnvironmentName("Prod", "111122223333", new Set(["prod", "prod-111122223333"]))).toBe("prod-111122223333-2");
    const long = freeEnvironmentName("L".repeat(70), "111122223333", new Set(["l".repeat(63)]));
    expect(long).toBe(`${"l".repeat(50)}-111122223333`);
    expect(long.length).toBeLessThanOrEqual(63);
  });
});

describe("how the accounts file changes from one run to the next", () => {
  const view = (accounts: [string, string, string?][], selected?: string[]): OrganizationView => ({
    organizationId: "o-a1b2c3d4e5",
    managementAccountId: "100000000000",
    partition: "aws",
    accounts: accounts.map(([id, name, state]) => ({ id, name, state: state ?? "ACTIVE" })),
    selected: selected ? new Set(selected) : undefined,
    pages: { ListAccounts: 1 },
  });
  const MGMT: [string, string] = ["100000000000", "Management"];

  test("first run: every active, selected account, named without collisions; the others skipped with why", () => {
    const plan = planEnrollment(
      undefined,
      view(
        [
          MGMT,
          ["200000000001", "Prod"],
          ["200000000002", "prod"],
          ["200000000003", "Gone", "SUSPENDED"],
          ["200000000004", "Audit"],
          ["200000000005", "Elsewhere"],
          ["200000000006", "New", "PENDING_ACTIVATION"],
        ],
        ["100000000000", "200000000001", "200000000002", "200000000003", "200000000004", "200000000006"],
      ),
      { excludeAccountIds: ["200000000004"] },
      [{ name: "management", accountId: "100000000000" }],
      "2026-05-01",
    );
    expect(plan.accounts.accounts).toEqual({
      "100000000000": { environment: "management-100000000000", name: "Management" },
      "200000000001": { environment: "prod", name: "Prod" },
      "200000000002": { environment: "prod-200000000002", name: "prod" },
    });
    expect(plan.skipped.map((s) => [s.id, s.reason, s.state])).toEqual([
      ["200000000003", "inactive", "SUSPENDED"],
      ["200000000004", "excluded", "ACTIVE"],
      ["200000000005", "outsideSelection", "ACTIVE"],
      ["200000000006", "inactive", "PENDING_ACTIVATION"],
    ]);
    expect(plan.handWritten).toEqual([{ id: "100000000000", name: "Management", environment: "management-100000000000", by: "management" }]);
    expect(plan.changed).toBe(true);
  });

  test("later runs: names never change; leaving, closing and deselection flag an entry (dated once); coming back clears it", () => {
    const previous: AccountsFile = {
      organizationId: "o-a1b2c3d4e5",
      managementAccountId: "100000000000",
      partition: "aws",
      accounts: {
        "200000000001": { environment: "prod", name: "Prod" },
        "200000000002": { environment: "staging", name: "Staging" },
        "200000000003": { environment: "sandbox", name: "Sandbox" },
        "200000000004": { environment: "audit", name: "Audit" },
        "200000000005": { environment: "old", name: "Old", leftOrganization: "2026-01-01" },
        "200000000006": { environment: "back", name: "Back", closed: "2026-01-01" },
      },
    };
    const now = view([MGMT, ["200000000001", "Production"], ["200000000003", "Sandbox", "SUSPENDED"], ["200000000004", "Audit"], ["200000000006", "Back"], ["200000000007", "Prod"]], undefined);
    const plan = planEnrollment(previous, now, { excludeAccountIds: ["200000000004", "100000000000"] }, [], "2026-05-01");
    expect(plan.accounts.accounts).toEqual({
      "200000000001": { environment: "prod", name: "Production" },
      "200000000002": { environment: "staging", name: "Staging", leftOrganization: "2026-05-01" },
      "200000000003": { environment: "sandbox", name: "Sandbox", closed: "2026-05-01" },
      "200000000004": { environment: "audit", name: "Audit", outsideSelection: "2026-05-01" },
      "200000000005": { environment: "old", name: "Old", leftOrganization: "2026-01-01" },
      "200000000006": { environment: "back", name: "Back" },
      "200000000007": { environment: "prod-200000000007", name: "Prod" },
    });
    expect(plan.added.map((a) => a.environment)).toEqual(["prod-200000000007"]);
    expect(plan.kept.map((a) => a.environment)).toEqual(["prod"]);
    expect(plan.renamed).toEqual([{ id: "200000000001", name: "Production", environment: "prod", from: "Prod" }]);
    expect(plan.back.map((a) => a.environment)).toEqual(["back"]);
    expect(plan.flagged.map((f) => [f.environment, f.flag, f.since, f.isNew])).toEqual([
      ["staging", "leftOrganization", "2026-05-01", true],
      ["sandbox", "closed", "2026-05-01", true],
      ["audit", "outsideSelection", "2026-05-01", true],
      ["old", "leftOrganization", "2026-01-01", false],
    ]);
    const summary = formatSummary(now, plan, "datadog-aws.accounts.json", true);
    expect(summary).toMatch(/^ {2}added \(1\):\n {4}prod-200000000007 {2}200000000007 "Prod"$/m);
    expect(summary).toMatch(/^ {2}kept \(2\), 1 of them enrolled again:$/m);
    expect(summary).toMatch(/^ {4}prod {2}200000000001 {2}renamed in AWS from "Prod" to "Production"; the environment keeps its name$/m);
    expect(summary).toMatch(
      /^ {2}left \(2\): kept in the file and still synthesized, so that their stacks can be destroyed\n {4}staging {2}200000000002 "Staging" {2}left the organization \(noticed now\)\n {4}old {2}200000000005 "Old" {2}left the organization \(noticed 2026-01-01\)$/m,
    );
    expect(summary).toMatch(/^ {2}skipped \(1\):\n {4}100000000000 "Management" {2}in organization\.excludeAccountIds$/m);

    // The same organization again: nothing changes, not even the dates.
    const again = planEnrollment(plan.accounts, now, { excludeAccountIds: ["200000000004", "100000000000"] }, [], "2026-06-01");
    expect(again.accounts).toEqual(plan.accounts);
    expect(again.changed).toBe(false);
    expect(renderAccountsFile(again.accounts, "c.json")).toBe(renderAccountsFile(plan.accounts, "c.json"));
  });

  test("the file round-trips, and a hand edit that breaks it is refused with the entry named", () => {
    const file: AccountsFile = {
      organizationId: "o-a1b2c3d4e5",
      managementAccountId: "100000000000",
      partition: "aws",
      accounts: { "200000000001": { environment: "prod", name: "Prod", closed: "2026-01-01" } },
    };
    expect(parseAccountsFile(renderAccountsFile(file, "c.json"), "a.json")).toEqual({ ...file, $comment: expect.any(String) });
    const bad = (edit: (j: Json) => void) => {
      const json = JSON.parse(renderAccountsFile(file, "c.json"));
      edit(json);
      const e = refusalOf(() => parseAccountsFile(JSON.stringify(json), "a.json"));
      expect(e.code).toBe("organization/accounts-file-invalid");
      return e.issues;
    };
    expect(bad((j) => (j.accounts["200000000001"].environment = "1prod"))).toEqual([
      { code: "config/stack-name", path: 'a.json: accounts["200000000001"].environment', message: expect.stringMatching(/^environment name "1prod" cannot be a stack name/) },
    ]);
    expect(bad((j) => (j.accounts["300000000001"] = { environment: "PROD", name: "x" }))).toEqual([
      {
        code: "organization/accounts-file-duplicate-name",
        path: 'a.json: accounts["300000000001"].environment',
        message: expect.stringMatching(/^"PROD" is also the environment of account 200000000001; each account needs its own name$/),
      },
    ]);
    expect(bad((j) => (j.accounts["12"] = { environment: "x", name: "x" }))).toEqual([
      { code: "organization/accounts-file-account-id", path: 'a.json: accounts["12"]', message: expect.stringMatching(/^the key "12" has 2 digits/) },
    ]);
    expect(bad((j) => (j.accounts["200000000001"].leftOrganization = "2026-02-02"))).toEqual([
      {
        code: "organization/accounts-file-flags",
        path: 'a.json: accounts["200000000001"]',
        message: "has leftOrganization and closed; an entry carries at most one of leftOrganization, closed, outsideSelection",
      },
    ]);
    expect(bad((j) => (j.accounts["200000000001"].closed = "yesterday"))).toEqual([
      { code: "value/date", path: 'a.json: accounts["200000000001"].closed', message: expect.stringMatching(/^"yesterday" is not a date; write it as YYYY-MM-DD$/) },
    ]);
    expect(bad((j) => (j.organizationId = "org-1"))).toEqual([{ code: "value/organization-id", path: "a.json: organizationId", message: expect.stringMatching(/^"org-1" is not an organization ID/) }]);
    expect(bad((j) => (j.managementAccountId = "1000"))).toEqual([
      { code: "value/aws-account-id", path: "a.json: managementAccountId", message: expect.stringMatching(/^"1000" is not an account ID \(12 digits\)$/) },
    ]);
    const notJson = refusalOf(() => parseAccountsFile("{", "a.json"));
    expect(notJson.issues).toEqual([{ code: "organization/accounts-file-not-json", path: "a.json", message: expect.stringMatching(/^not valid JSON/) }]);
    expect(notJson.message).toMatch(/^ {2}- a\.json: not valid JSON .* \[organization\/accounts-file-not-json\]$/m);
  });
});

describe("what discover found in place: the entry's import, merged into the environment's", () => {
  const CONFIG_ID = "0b8e6a3c-5d1f-4e2a-9c7b-3f6d8e1a2b4c";
  const file = (entry: Json): AccountsFile => ({
    organizationId: "o-a1b2c3d4e5",
    managementAccountId: "100000000000",
    partition: "aws",
    accounts: { "200000000001": { environment: "prod", name: "Prod", ...entry } } as AccountsFile["accounts"],
  });
  const resolved = (entry: Json, template: Json = {}) =>
    resolveConfigDetailed(org({ environment: { awsAssumeRoleArn: ROLE, ...template } }), "c.json", { accounts: file(entry) }).environments[0].config;

  test("synth takes it as the environment's import settings; the template's own import settings stay", () => {
    expect(resolved({ import: { datadogAccountConfigId: CONFIG_ID, iamRole: "DatadogIntegrationRole" } }).import).toEqual({
      datadogAccountConfigId: CONFIG_ID,
      iamRole: "DatadogIntegrationRole",
    });
    expect(resolved({}).import).toBeUndefined();
    expect(resolved({ import: { datadogAccountConfigId: CONFIG_ID } }, { auth: { type: "role", roleName: "Hand" }, import: { iamRole: "Hand" } }).import).toEqual({
      datadogAccountConfigId: CONFIG_ID,
      iamRole: "Hand",
    });
  });

  test("it round-trips, and a config ID or key that is not one is refused with the entry named", () => {
    const withImport = file({ import: { datadogAccountConfigId: CONFIG_ID, iamRole: "DatadogIntegrationRole" } });
    expect(parseAccountsFile(renderAccountsFile(withImport, "c.json"), "a.json")).toEqual({ ...withImport, $comment: expect.any(String) });
    const refused = (entry: Json) => refusalOf(() => parseAccountsFile(renderAccountsFile(file(entry), "c.json"), "a.json")).issues;
    expect(refused({ import: { datadogAccountConfigId: "123456789012" } })).toEqual([
      { code: "value/datadog-config-id", path: 'a.json: accounts["200000000001"].import.datadogAccountConfigId', message: expect.any(String) },
    ]);
    expect(refused({ import: { iamUser: "someone" } }).map((i) => i.path)).toEqual(['a.json: accounts["200000000001"].import.iamUser']);
  });

  test("a recorded role that is not auth.roleName is refused by synth, naming the accounts file", () => {
    const e = refusalOf(() => resolveConfigDetailed(org({ environment: { awsAssumeRoleArn: ROLE } }), "c.json", { accounts: file({ import: { iamRole: "Other" } }) }));
    expect(e.issues.map((i) => i.code)).toEqual(["combination/import-name-mismatch"]);
    expect(e.message).toContain('for the discovered environment "prod", account 200000000001 ("Prod"), in datadog-aws.accounts.json');
  });

  test("a later run keeps what it could not check, and drops what is gone", () => {
    const before = { datadogAccountConfigId: CONFIG_ID, iamRole: "DatadogIntegrationRole" };
    const found = (datadog: string | null | undefined, role: string | null | undefined) => ({
      environment: "prod",
      accountId: "200000000001",
      datadogAccountConfigId: datadog,
      iamRole: role,
      unchecked: [],
      notes: [],
    });
    expect(recordedImport(before, found(undefined, undefined))).toEqual(before);
    expect(recordedImport(before, found(null, undefined))).toEqual({ iamRole: "DatadogIntegrationRole" });
    expect(recordedImport(before, found(null, null))).toBeUndefined();
    expect(recordedImport(undefined, found(CONFIG_ID, null))).toEqual({ datadogAccountConfigId: CONFIG_ID });
  });
});

describe("the published JSON Schema and the tool agree on the section", () => {
  const { schemaErrors, toolAccepts } = schemaAgreement();
  const schemaAccepts = (config: unknown) => schemaErrors(config).length === 0;

  test.each<[string, Json]>([
    ["the section alone", org({})],
    ["with empty environments", org({}, { environments: {} })],
    [
      "every key, placeholders in strings whose patterns they break",
      org({
        ouIds: ["r-ab12"],
        excludeAccountIds: ["123456789012"],
        output: "x.json",
        environment: { awsAssumeRoleArn: ROLE, tags: ["account:{accountId}"], backend: { type: "s3", bucket: "b-state", key: "k/{accountId}" } },
      }),
    ],
    ["a null unsetting a default", { defaults: { awsProfile: "p" }, organization: { environment: { awsProfile: null } } }],
    ["part of an object from defaults", { defaults: { backend: { type: "s3", bucket: "b-state" } }, organization: { environment: { backend: { key: "k/{accountId}" } } } }],
    ["the example", JSON.parse(readFileSync(path.join(ROOT, "examples", "organization.config.json"), "utf8"))],
  ])("both accept %s", (_label, config) => {
    expect(toolAccepts(config)).toBe(true);
    expect(schemaErrors(config)).toEqual([]);
  });

  test.each<[string, Json]>([
    ["no environments and no section", {}],
    ["empty environments and no section", { environments: {} }],
    ["an unknown key in the section", org({ ouId: ["r-ab12"] })],
    ["an OU ID of the wrong shape", org({ ouIds: ["ou-1"] })],
    ["an empty list of OUs", org({ ouIds: [] })],
    ["an account ID with dashes to exclude", org({ excludeAccountIds: ["1234-5678-9012"] })],
    ["awsAccountId in organization.environment", org({ environment: { awsAccountId: "123456789012" } })],
    ["an unknown key in organization.environment", org({ environment: { regoins: "all" } })],
    ["a wrong type in organization.environment", org({ environment: { cspm: "yes" } })],
    ["a backend without type and nothing in defaults to give it", org({ environment: { backend: { bucket: "b-state" } } })],
    ["a section that is not an object", { organization: [] }],
  ])("both refuse %s", (_label, config) => {
    expect(toolAccepts(config)).toBe(false);
    expect(schemaAccepts(config)).toBe(false);
  });
});

test("the scheduled enrollment workflow runs discover, synth, then plan (apply on main) with OIDC credentials", () => {
  const workflow = readFileSync(path.join(ROOT, "examples", "ci", "organization-enroll.yml"), "utf8");
  expect(workflow).toMatch(/^on:\n {2}schedule:\n {4}- cron: "[^"]+"[^\n]*\n {2}workflow_dispatch:/m);
  expect(workflow).toMatch(/^ {6}id-token: write|^ {2}id-token: write/m);
  const steps = ["run: npm ci", "uses: aws-actions/configure-aws-credentials@", "run: npm run discover", "run: npm run synth", 'terraform -chdir="$dir" plan', 'terraform -chdir="$dir" apply'];
  const at = steps.map((s) => workflow.indexOf(s));
  expect(at.every((i) => i >= 0)).toBe(true);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
  expect(workflow).toContain("github.ref == 'refs/heads/main' && '1' || ''");
  // Stacks no longer enrolled are never applied by the job.
  expect(workflow).toContain("select(.leftOrganization or .closed or .outsideSelection)");
});
