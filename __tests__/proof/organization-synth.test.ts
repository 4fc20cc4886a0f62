/**
 * Synth with an organization section, through the real command (`node dist/main.js`):
 * the accounts file `npm run discover` writes (here written by the test) is merged with
 * the hand-written environments. Discovered environments get organization.environment with
 * the placeholders filled in, merged over defaults like any environment; a hand-written
 * environment for the same account wins (with a note); environments no longer enrolled are
 * still synthesized and named; names that collide and broken accounts files are refused.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadConfig, loadConfigFile } from "../../lib/config/load-config";
import { AccountsFile, renderAccountsFile } from "../../lib/config/organization";
import { run, RunResult, userEnv, buildProject } from "../support/cli";

type Json = Record<string, any>;

const ROLE = "arn:{partition}:iam::{accountId}:role/OrganizationAccountAccessRole";
const ORG = { organizationId: "o-a1b2c3d4e5", managementAccountId: "100000000000", partition: "aws" } as const;

let dir: string;
beforeAll(async () => {
  await buildProject();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "organization-synth-"));
}, 300_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let cases = 0;
/** A folder with the config and (unless null) its accounts file; returns the config's path. */
function project(config: Json, accounts: AccountsFile | string | null, accountsName = "datadog-aws.accounts.json"): string {
  const folder = path.join(dir, `case-${++cases}`);
  fs.mkdirSync(folder);
  const file = path.join(folder, "datadog-aws.config.json");
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  if (accounts !== null) fs.writeFileSync(path.join(folder, accountsName), typeof accounts === "string" ? accounts : renderAccountsFile(accounts, file));
  return file;
}

const synth = (config: string): Promise<RunResult & { outdir: string }> => {
  const outdir = path.join(path.dirname(config), "out");
  return run(process.execPath, ["dist/main.js"], userEnv({ DATADOG_AWS_CONFIG: config, CDKTF_OUTDIR: outdir })).then((r) => ({ ...r, outdir }));
};
const stackOf = (outdir: string, name: string) => JSON.parse(fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));
const stacksIn = (outdir: string) => (fs.existsSync(path.join(outdir, "stacks")) ? fs.readdirSync(path.join(outdir, "stacks")).sort() : []);

const ACCOUNTS: AccountsFile = {
  ...ORG,
  accounts: {
    "200000000001": { environment: "payments", name: "Payments" },
    "200000000002": { environment: "old-sandbox", name: "Old Sandbox", leftOrganization: "2026-03-01" },
    "200000000003": { environment: "closing", name: "Closing", closed: "2026-03-02" },
    "200000000004": { environment: "elsewhere", name: "Elsewhere", outsideSelection: "2026-03-03" },
    "200000000005": { environment: "shared", name: "Shared Services" },
  },
};

const CONFIG = {
  defaults: { backend: { type: "s3", bucket: "org-terraform-state", region: "us-east-1" }, cspm: true, tags: ["managed-by:terraform"] },
  organization: {
    environment: {
      awsAssumeRoleArn: ROLE,
      tags: ["managed-by:terraform", "aws-account:{accountId}"],
      backend: { key: "datadog-aws/accounts/{accountId}/terraform.tfstate" },
    },
  },
  environments: {
    prod: { awsAccountId: "300000000001", awsProfile: "prod-admin" },
    "shared-services": { awsAccountId: "200000000005", awsProfile: "shared-admin", cspm: false },
  },
};

test("discovered environments are merged with the hand-written ones, placeholders filled, defaults under them", async () => {
  const config = project(CONFIG, ACCOUNTS);
  const r = await synth(config);
  expect(r.code).toBe(0);
  expect(stacksIn(r.outdir)).toEqual(["closing", "elsewhere", "old-sandbox", "payments", "prod", "shared-services"]);
  expect(r.stdout).toContain("Synthesized 6 stack(s)");

  for (const [id, name] of [
    ["200000000001", "payments"],
    ["200000000002", "old-sandbox"],
    ["200000000003", "closing"],
    ["200000000004", "elsewhere"],
  ]) {
    const stack = stackOf(r.outdir, name);
    expect(stack.provider.aws[0]).toMatchObject({ allowed_account_ids: [id], assume_role: [{ role_arn: `arn:aws:iam::${id}:role/OrganizationAccountAccessRole` }] });
    expect(stack.terraform.backend.s3).toMatchObject({ bucket: "org-terraform-state", key: `datadog-aws/accounts/${id}/terraform.tfstate`, region: "us-east-1" });
    expect(stack.resource.datadog_integration_aws_account.datadog_integration.account_tags).toEqual(["managed-by:terraform", `aws-account:${id}`].sort()); // sorted: the order Datadog's API returns
    // cspm from defaults (SecurityAudit comes with resource collection either way, so Datadog's side tells).
    expect(stack.resource.datadog_integration_aws_account.datadog_integration.resources_config.cloud_security_posture_management_collection).toBe(true);
  }
  // The hand-written environment for a discovered account wins, with its own settings.
  const shared = stackOf(r.outdir, "shared-services");
  expect(shared.provider.aws[0]).toMatchObject({ allowed_account_ids: ["200000000005"], profile: "shared-admin" });
  expect(shared.resource.datadog_integration_aws_account.datadog_integration.resources_config.cloud_security_posture_management_collection).toBe(false);
  expect(fs.existsSync(path.join(r.outdir, "stacks", "shared"))).toBe(false);

  const accountsFile = path.join(path.dirname(config), "datadog-aws.accounts.json");
  expect(r.stderr.trimEnd().split("\n")).toEqual([
    `Discovered environment "old-sandbox" (account 200000000002 ("Old Sandbox")) left the organization (noted 2026-03-01); it is still synthesized so that its stack can be destroyed: run \`npx cdktf destroy old-sandbox\`, then delete its entry from ${accountsFile}.`,
    `Discovered environment "closing" (account 200000000003 ("Closing")) was closed or suspended (noted 2026-03-02); it is still synthesized so that its stack can be destroyed: run \`npx cdktf destroy closing\`, then delete its entry from ${accountsFile}.`,
    `Discovered environment "elsewhere" (account 200000000004 ("Elsewhere")) is no longer selected (organization.ouIds or excludeAccountIds) (noted 2026-03-03); it is still synthesized so that its stack can be destroyed: run \`npx cdktf destroy elsewhere\`, then delete its entry from ${accountsFile}.`,
    `Account 200000000005 ("Shared Services") has the hand-written environment "shared-services" in ${config}, which wins over its discovered environment "shared" in ${accountsFile}.`,
  ]);
});

test("an environment that leaves the accounts file leaves the output, as a removed environment does", async () => {
  const config = project(CONFIG, ACCOUNTS);
  const first = await synth(config);
  expect(first.code).toBe(0);
  const { "200000000002": _gone, ...rest } = ACCOUNTS.accounts;
  fs.writeFileSync(path.join(path.dirname(config), "datadog-aws.accounts.json"), renderAccountsFile({ ...ACCOUNTS, accounts: rest }, config));
  const second = await synth(config);
  expect(second.code).toBe(0);
  expect(stacksIn(second.outdir)).not.toContain("old-sandbox");
  expect(second.stderr).toContain('Stack "old-sandbox" is no longer in');
});

test("{partition} is the organization's: a GovCloud organization gets aws-us-gov ARNs", async () => {
  const config = project(
    { defaults: { awsRegion: "us-gov-west-1", datadogSite: "ddog-gov.com" }, organization: { environment: { awsAssumeRoleArn: ROLE } } },
    { ...ORG, partition: "aws-us-gov", accounts: { "200000000001": { environment: "gov-workload", name: "Gov Workload" } } },
  );
  const r = await synth(config);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
  expect(stackOf(r.outdir, "gov-workload").provider.aws[0].assume_role[0].role_arn).toBe("arn:aws-us-gov:iam::200000000001:role/OrganizationAccountAccessRole");
});

test("organization.output names the accounts file, relative to the config", async () => {
  const config = project({ organization: { output: "org/accounts.json", environment: { awsAssumeRoleArn: ROLE } } }, null);
  fs.mkdirSync(path.join(path.dirname(config), "org"));
  fs.writeFileSync(path.join(path.dirname(config), "org", "accounts.json"), renderAccountsFile({ ...ORG, accounts: { "200000000001": { environment: "payments", name: "Payments" } } }, config));
  const r = await synth(config);
  expect(r.code).toBe(0);
  expect(stacksIn(r.outdir)).toEqual(["payments"]);
});

test("the library's loadConfigFile sees the discovered environments too, and loadConfig the notices the CLI prints", async () => {
  const config = project(CONFIG, ACCOUNTS);
  expect(loadConfigFile(config).map((e) => e.name)).toEqual(["prod", "shared-services", "payments", "old-sandbox", "closing", "elsewhere"]);
  const cli = await synth(config);
  expect(cli.code).toBe(0);
  expect(loadConfig(config).notices).toEqual(cli.stderr.trimEnd().split("\n"));
});

test("before the first discover: hand-written environments synthesize with a note; with none, nothing to synthesize", async () => {
  const withEnv = project({ organization: {}, environments: { prod: { awsAccountId: "300000000001" } } }, null);
  const r = await synth(withEnv);
  expect(r.code).toBe(0);
  expect(stacksIn(r.outdir)).toEqual(["prod"]);
  expect(r.stderr).toBe(
    `${withEnv} has an organization section, but ${path.join(path.dirname(withEnv), "datadog-aws.accounts.json")} does not exist yet: run \`npm run discover\` to enroll the organization's accounts.\n`,
  );

  const alone = project({ organization: {} }, null);
  const nothing = await synth(alone);
  expect(nothing.code).toBe(2);
  expect(nothing.stderr).toContain(
    `${alone}: has no environments, and ${path.join(path.dirname(alone), "datadog-aws.accounts.json")} does not exist yet or enrolls no account; run \`npm run discover\` first, or add an environment`,
  );
  expect(stacksIn(nothing.outdir)).toEqual([]);
});

describe("refused, naming what to fix; nothing is written", () => {
  const refused = async (config: string, ...lines: (string | RegExp)[]) => {
    const r = await synth(config);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    for (const l of lines) expect(r.stderr).toMatch(typeof l === "string" ? new RegExp(l.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : l);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(r.outdir)).toBe(false);
  };

  test("the same account in two hand-written environments", async () => {
    await refused(
      project({ organization: {}, environments: { a: { awsAccountId: "300000000001" }, b: { awsAccountId: "300000000001" } } }, ACCOUNTS),
      'environments.b.awsAccountId: "300000000001" is also the account of environment "a"',
      '(merge "a" and "b")',
    );
  });

  test("a hand-written environment named as a discovered one (names in the accounts file never change)", async () => {
    await refused(
      project({ organization: {}, environments: { Payments: { awsAccountId: "300000000001" } } }, ACCOUNTS),
      /environments\.Payments: the name is taken: .*datadog-aws\.accounts\.json gives "payments" to the discovered account 200000000001 \("Payments"\), and a discovered environment's name never changes once written; rename this environment/,
    );
  });

  test("an account name that a placeholder turns into an invalid value, with the account named", async () => {
    await refused(
      project({ organization: { environment: { tags: ["account:{accountName}"] } } }, ACCOUNTS),
      /organization\.environment\.tags\[0\]: "account:Old Sandbox" contains " "; .*\(for the discovered environment "old-sandbox", account 200000000002 \("Old Sandbox"\), in .*\)/,
      /organization\.environment\.tags\[0\]: "account:Shared Services" contains " "/,
    );
  });

  test("discovered environments sharing one state file", async () => {
    await refused(
      project({ defaults: { backend: { type: "s3", bucket: "org-terraform-state", key: "one.tfstate" } }, organization: {} }, ACCOUNTS),
      /organization\.environment\.backend: the discovered environment "old-sandbox" keeps its state at s3:\/\/org-terraform-state\/one\.tfstate, the same place as environment "payments"; .*or use a placeholder in it, e\.g\. "datadog-aws\/\{accountId\}\/terraform\.tfstate"/,
    );
  });

  test.each<[string, string, RegExp]>([
    ["not JSON", "{ nope", /datadog-aws\.accounts\.json: not valid JSON/],
    [
      "an entry without a valid name",
      renderAccountsFile({ ...ORG, accounts: { "200000000001": { environment: "2fast", name: "x" } } }, "c.json"),
      /datadog-aws\.accounts\.json: accounts\["200000000001"\]\.environment: environment name "2fast" cannot be a stack name/,
    ],
    ["an unknown key", JSON.stringify({ ...ORG, accounts: {}, extra: 1 }), /datadog-aws\.accounts\.json: extra: unknown key/],
  ])("an accounts file that is %s", async (_label, text, line) => {
    await refused(project({ organization: {} }, text), /is not as discover wrote it; fix the entries below, or delete the file and run `npm run discover` again/, line);
  });
});
