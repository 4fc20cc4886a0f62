/**
 * `npm run discover` against moto's AWS Organizations (moto 5.2.5 from the venv the
 * provisioning script makes), through the same SDK calls it makes against AWS: the real
 * command (`node dist/cli/discover/main.js`) with AWS_ENDPOINT_URL pointing at moto and
 * credentials moto takes for the management account.
 *
 * The organization: nested OUs (Workloads > Prod, Dev; Sandbox > Deep) and 60 member
 * accounts besides the management account, so ListAccounts takes 4 pages of 20 (AWS's
 * largest page for it) and Prod's 25 accounts take 2 pages of ListAccountsForParent. One
 * account is closed before the first run; between runs one joins, one leaves the
 * organization, one is closed and one moves between OUs. Then bad input: each case exits
 * non-zero with a clear message, prints no stack trace and leaves the accounts file byte for
 * byte as it was. Last, synth of the discovered config through the real command.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  RemoveAccountFromOrganizationCommand,
} from "@aws-sdk/client-organizations";
import { discover } from "../../cli/discover/discover";
import type { ErrorCode } from "../../lib/errors";
import { AwsCredentials, OrganizationsMoto } from "../support/moto-organizations";
import { motoReady } from "../support/proof-guards";
import { findProofTools } from "../support/test-tools";
import { run, RunResult, userEnv, buildProject } from "../support/cli";

type Json = Record<string, any>;

const TITLE = "npm run discover against moto's AWS Organizations";
const MGMT = "100000000001";
const ROLE = "arn:{partition}:iam::{accountId}:role/OrganizationAccountAccessRole";
const SPECIAL_NAMES = ["Payments Prod", "payments prod", "Émilie's Sandbox", "123 Data", "!!!", "L".repeat(70)];
const TEMPLATE = { awsAssumeRoleArn: ROLE, awsAssumeRoleSessionName: "datadog-discover", tags: ["managed-by:terraform", "account:{accountId}"] };
const STACK_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;
const STACK_TRACE = /\n\s+at .+:\d+:\d+\)?\n/;

interface Member {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  ou: string;
}

function fileState(file: string): { sha256: string; size: number; mtimeMs: number; ino: number } {
  const st = fs.statSync(file);
  return { sha256: createHash("sha256").update(fs.readFileSync(file)).digest("hex"), size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
}

if (motoReady(TITLE)) {
  describe(TITLE, () => {
    let moto: OrganizationsMoto;
    let mgmt: AwsCredentials;
    let orgs: OrganizationsClient;
    let organizationId: string;
    let rootId: string;
    const ou: Record<"workloads" | "prod" | "dev" | "sandbox" | "deep", string> = { workloads: "", prod: "", dev: "", sandbox: "", deep: "" };
    const members: Member[] = [];
    let dir: string;
    let home: string;
    /** Config A: every account, with a hand-written environment for the management account. */
    let configA: string;
    let accountsA: string;
    /** Config B: the Workloads OU only, one account excluded, its own accounts file. */
    let configB: string;
    let accountsB: string;
    const member = (index: number) => members.find((m) => m.index === index)!;

    /** A shell with no AWS settings of the machine's: no profile, no files, no instance metadata. */
    const awsEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
      const env = userEnv({});
      for (const key of Object.keys(env)) if (key.startsWith("AWS_")) delete env[key];
      return {
        ...env,
        HOME: home,
        AWS_CONFIG_FILE: path.join(home, "no-config"),
        AWS_SHARED_CREDENTIALS_FILE: path.join(home, "no-credentials"),
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_ENDPOINT_URL: moto.url,
        ...extra,
      };
    };
    const withKeys = (c: AwsCredentials) => ({ AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey });
    const discoverAs = (config: string, credentials: AwsCredentials | undefined, extra: Record<string, string> = {}): Promise<RunResult> =>
      run(process.execPath, ["dist/cli/discover/main.js"], awsEnv({ DATADOG_AWS_CONFIG: config, ...(credentials ? withKeys(credentials) : {}), ...extra }));
    const readAccounts = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as { organizationId: string; accounts: Record<string, Json> };
    const namesOf = (file: string) => Object.fromEntries(Object.entries(readAccounts(file).accounts).map(([id, e]) => [id, e.environment as string]));

    const createAccount = async (name: string, email: string): Promise<string> => {
      const status = await orgs.send(new CreateAccountCommand({ AccountName: name, Email: email }));
      return status.CreateAccountStatus!.AccountId!;
    };
    const move = async (m: Member, to: string) => {
      await orgs.send(new MoveAccountCommand({ AccountId: m.id, SourceParentId: m.ou, DestinationParentId: to }));
      m.ou = to;
    };

    beforeAll(async () => {
      await buildProject();
      moto = await OrganizationsMoto.start(findProofTools().motoPython!);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "organization-discover-"));
      home = path.join(dir, "home");
      fs.mkdirSync(home);

      mgmt = await moto.credentialsFor(MGMT);
      orgs = moto.organizations(mgmt);
      organizationId = (await orgs.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }))).Organization!.Id!;
      rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0].Id!;
      const createOu = async (parent: string, name: string) => (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name }))).OrganizationalUnit!.Id!;
      ou.workloads = await createOu(rootId, "Workloads");
      ou.prod = await createOu(ou.workloads, "Prod");
      ou.dev = await createOu(ou.workloads, "Dev");
      ou.sandbox = await createOu(rootId, "Sandbox");
      ou.deep = await createOu(ou.sandbox, "Deep");
      // 0-24 Prod (25: two pages of ListAccountsForParent), 25-34 Dev, 35-49 Sandbox, 50-54 Deep, 55-59 the root.
      const placeOf = (i: number) => (i < 25 ? ou.prod : i < 35 ? ou.dev : i < 50 ? ou.sandbox : i < 55 ? ou.deep : rootId);
      for (let i = 0; i < 60; i++) {
        const name = SPECIAL_NAMES[i] ?? `Team ${String(i).padStart(2, "0")}`;
        const m: Member = { index: i, id: await createAccount(name, `account-${i}@example.com`), name, ou: rootId };
        members.push(m);
        if (placeOf(i) !== rootId) await move(m, placeOf(i));
      }
      await orgs.send(new CloseAccountCommand({ AccountId: member(59).id }));

      configA = path.join(dir, "org.config.json");
      accountsA = path.join(dir, "datadog-aws.accounts.json");
      fs.writeFileSync(
        configA,
        JSON.stringify(
          { defaults: { tags: ["managed-by:terraform"] }, organization: { environment: TEMPLATE }, environments: { management: { awsAccountId: MGMT, awsProfile: "org-management" } } },
          null,
          2,
        ),
      );
      configB = path.join(dir, "workloads.config.json");
      accountsB = path.join(dir, "workloads.accounts.json");
      fs.writeFileSync(configB, JSON.stringify({ organization: { ouIds: [ou.workloads], excludeAccountIds: [member(1).id], output: "workloads.accounts.json", environment: TEMPLATE } }, null, 2));
    }, 300_000);

    afterAll(async () => {
      await moto?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    let firstNames: Record<string, string>;

    test("first run: every active account enrolled under a stack name of its own, the closed one skipped and listed", async () => {
      const r = await discoverAs(configA, mgmt);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
      const file = readAccounts(accountsA);
      expect(file.organizationId).toBe(organizationId);
      const active = members.filter((m) => m.index !== 59);
      expect(Object.keys(file.accounts).sort()).toEqual([MGMT, ...active.map((m) => m.id)].sort());

      firstNames = namesOf(accountsA);
      const names = Object.values(firstNames);
      expect(names.every((n) => STACK_NAME.test(n))).toBe(true);
      expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
      const [first, second] = [member(0), member(1)].sort((a, b) => a.id.localeCompare(b.id));
      expect([firstNames[first.id], firstNames[second.id]]).toEqual(["payments-prod", `payments-prod-${second.id}`]);
      expect(firstNames[member(2).id]).toBe("emilie-s-sandbox");
      expect(firstNames[member(3).id]).toBe("account-123-data");
      expect(firstNames[member(4).id]).toBe(`account-${member(4).id}`);
      expect(firstNames[member(5).id]).toBe("l".repeat(63));
      expect(firstNames[member(42).id]).toBe("team-42");
      expect(file.accounts[member(42).id]).toEqual({ environment: "team-42", name: "Team 42" });

      expect(r.stdout).toContain(`Organization ${organizationId} (management account ${MGMT}, partition aws): 61 account(s); pages read: ListAccounts 4.`);
      expect(r.stdout).toMatch(/^ {2}added \(60\):$/m);
      expect(r.stdout).toMatch(/^ {2}kept \(0\)$/m);
      expect(r.stdout).toMatch(/^ {2}left \(0\)$/m);
      expect(r.stdout).toContain(`  skipped (1):\n    ${member(59).id} "Team 59"  not active (SUSPENDED); enrolled if it becomes active\n`);
      expect(r.stdout).toContain(`Account ${MGMT} "master": the hand-written environment "management" wins over its discovered environment "master".`);
      expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    });

    test("every page is read through the SDK's paginators (requests counted in the client)", async () => {
      const counted = new OrganizationsClient({ endpoint: moto.url, region: "us-east-1", credentials: mgmt, maxAttempts: 1 });
      const requests: Record<string, number> = {};
      counted.middlewareStack.add(
        (next, context) => (args) => {
          requests[context.commandName!] = (requests[context.commandName!] ?? 0) + 1;
          return next(args);
        },
        { step: "initialize", name: "countRequests" },
      );
      try {
        const sub = path.join(dir, "in-process");
        fs.mkdirSync(sub);
        const config = path.join(sub, "c.json");
        fs.writeFileSync(config, JSON.stringify({ organization: { ouIds: [ou.workloads], environment: TEMPLATE } }));
        const result = await discover(config, { client: counted, today: "2026-01-02" });
        // 61 accounts in pages of 20; Workloads (no account of its own), Prod (25: two pages) and Dev.
        expect(requests).toEqual({ DescribeOrganizationCommand: 1, ListAccountsCommand: 4, ListAccountsForParentCommand: 4, ListOrganizationalUnitsForParentCommand: 3 });
        expect(result.view.pages).toEqual({ ListAccounts: 4, ListAccountsForParent: 4, ListOrganizationalUnitsForParent: 3 });
        expect(result.view.accounts).toHaveLength(61);
        expect([...result.view.selected!].sort()).toEqual(
          members
            .filter((m) => m.index < 35)
            .map((m) => m.id)
            .sort(),
        );
      } finally {
        counted.destroy();
      }
    });

    test("second run: a new account added, one that left the organization kept and flagged, a closed one flagged, every name as before", async () => {
      const joined: Member = { index: 60, id: await createAccount("New Team", "new@example.com"), name: "New Team", ou: rootId };
      members.push(joined);
      await orgs.send(new RemoveAccountFromOrganizationCommand({ AccountId: member(55).id }));
      await orgs.send(new CloseAccountCommand({ AccountId: member(10).id }));
      await move(member(30), ou.sandbox);

      // First as a dry run, through npm as a user types it: the same reading, nothing written, the file's diff printed.
      const before = fileState(accountsA);
      const dry = await run("npm", ["run", "--silent", "discover", "--", "--dry-run"], awsEnv({ DATADOG_AWS_CONFIG: configA, ...withKeys(mgmt) }));
      expect({ code: dry.code, stderr: dry.stderr }).toEqual({ code: 0, stderr: "" });
      expect(fileState(accountsA)).toEqual(before);
      expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
      expect(dry.stdout).toContain(`Since the last run (${accountsA} not written: dry run):\n  added (1):\n    new-team  `);
      // A unified diff (the `diff` package), as `git diff` prints one: file headers, then hunks.
      expect(dry.stdout).toContain(`Dry run: ${accountsA} would change as follows; nothing was written.\n--- ${accountsA}\tas it is\n+++ ${accountsA}\tas discover would write it\n@@ -`);
      expect(dry.stdout).toMatch(new RegExp(`^\\+ +"${joined.id}": \\{$`, "m"));
      expect(dry.stdout).toMatch(/^\+ +"leftOrganization": "\d{4}-\d{2}-\d{2}"$/m);
      expect(dry.stdout).toMatch(/^\+ +"closed": "\d{4}-\d{2}-\d{2}"$/m);

      const r = await discoverAs(configA, mgmt);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
      const file = readAccounts(accountsA);
      const names = namesOf(accountsA);
      for (const [id, name] of Object.entries(firstNames)) expect({ id, name: names[id] }).toEqual({ id, name });
      expect(names[joined.id]).toBe("new-team");
      expect(file.accounts[member(55).id]).toEqual({ environment: "team-55", name: "Team 55", leftOrganization: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
      expect(file.accounts[member(10).id]).toEqual({ environment: "team-10", name: "Team 10", closed: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
      expect(file.accounts[member(30).id]).toEqual({ environment: "team-30", name: "Team 30" });

      expect(r.stdout).toContain("  added (1):\n    new-team  ");
      expect(r.stdout).toMatch(/^ {2}kept \(58\)$/m);
      expect(r.stdout).toContain(
        `  left (1): kept in the file and still synthesized, so that their stacks can be destroyed\n    team-55  ${member(55).id} "Team 55"  left the organization (noticed now)\n`,
      );
      expect(r.stdout).toContain(
        `  no longer enrolled (1): kept in the file and still synthesized, so that their stacks can be destroyed\n    team-10  ${member(10).id} "Team 10"  closed or suspended (noticed now)\n`,
      );
      expect(r.stdout).toMatch(/^ {2}skipped \(1\):$/m);
      expect(r.stdout).toContain("`npx cdktf destroy <environment>` (team-10, team-55)");
    });

    test("a run that finds nothing new leaves the file untouched, byte for byte, and says so", async () => {
      const before = fileState(accountsA);
      const r = await discoverAs(configA, mgmt);
      expect(r.code).toBe(0);
      expect(fileState(accountsA)).toEqual(before);
      expect(r.stdout).toContain(`Since the last run (${accountsA} unchanged):`);
      expect(r.stdout).toMatch(/^ {2}added \(0\)$/m);
      expect(r.stdout).toContain("left the organization (noticed 20");
      const dry = await run(process.execPath, ["dist/cli/discover/main.js", "--dry-run"], awsEnv({ DATADOG_AWS_CONFIG: configA, ...withKeys(mgmt) }));
      expect({ code: dry.code, stderr: dry.stderr }).toEqual({ code: 0, stderr: "" });
      expect(dry.stdout).toContain(`Dry run: ${accountsA} would not change; nothing was written.\n`);
      expect(dry.stdout).not.toContain("@@");
    });

    test("ouIds: only accounts under those OUs (at any depth); an account moved in is added, one moved out is kept and flagged", async () => {
      const r1 = await discoverAs(configB, mgmt);
      expect({ code: r1.code, stderr: r1.stderr }).toEqual({ code: 0, stderr: "" });
      const underWorkloads = members.filter((m) => [ou.prod, ou.dev].includes(m.ou));
      const expected = underWorkloads.filter((m) => m.index !== 10 && m.index !== 1).map((m) => m.id);
      expect(Object.keys(readAccounts(accountsB).accounts).sort()).toEqual(expected.sort());
      expect(expected).not.toContain(member(30).id); // moved to Sandbox before this run
      expect(r1.stdout).toContain(`    ${member(1).id} "payments prod"  in organization.excludeAccountIds\n`);
      expect(r1.stdout).toContain(`    ${member(10).id} "Team 10"  not active (SUSPENDED)`);
      expect(r1.stdout).toMatch(/^ {4}\d+ account\(s\) outside organization\.ouIds$/m);
      expect(r1.stdout).toMatch(/, 34 under organization\.ouIds; pages read: ListAccounts 4, ListAccountsForParent 4, ListOrganizationalUnitsForParent 3\./);
      const before = namesOf(accountsB);

      await move(member(30), ou.dev); // filtered in
      await move(member(20), ou.deep); // filtered out
      const r2 = await discoverAs(configB, mgmt);
      expect(r2.code).toBe(0);
      const file = readAccounts(accountsB);
      expect(file.accounts[member(30).id]).toEqual({ environment: "team-30", name: "Team 30" });
      expect(file.accounts[member(20).id]).toEqual({ environment: "team-20", name: "Team 20", outsideSelection: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
      const after = namesOf(accountsB);
      for (const [id, name] of Object.entries(before)) expect(after[id]).toBe(name);
      expect(r2.stdout).toContain(`  added (1):\n    team-30  ${member(30).id} "Team 30"\n`);
      expect(r2.stdout).toContain(`    team-20  ${member(20).id} "Team 20"  no longer selected by organization.ouIds or excludeAccountIds (noticed now)\n`);
    });

    test("npm run discover runs it as a user does: credentials and region from a named profile (AWS_PROFILE)", async () => {
      const credentials = path.join(home, "credentials");
      const config = path.join(home, "config");
      fs.writeFileSync(credentials, `[org-management]\naws_access_key_id = ${mgmt.accessKeyId}\naws_secret_access_key = ${mgmt.secretAccessKey}\n`);
      fs.writeFileSync(config, "[profile org-management]\nregion = us-east-1\n");
      const r = await run(
        "npm",
        ["run", "--silent", "discover"],
        awsEnv({ DATADOG_AWS_CONFIG: configB, AWS_PROFILE: "org-management", AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: config }),
      );
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
      expect(r.stdout).toContain(`Since the last run (${accountsB} unchanged):`);
    });

    describe("bad input: a clear error, exit 2, no stack trace, and the accounts file byte for byte as it was", () => {
      const badConfig = (name: string, organization: Json) => {
        const file = path.join(dir, `${name}.config.json`);
        fs.writeFileSync(file, JSON.stringify({ organization: { output: "datadog-aws.accounts.json", environment: TEMPLATE, ...organization } }));
        return file;
      };
      /** Exit 2, the words and the problems' codes (each printed line ends with one) on stderr, no trace, the accounts file as it was. */
      const expectUntouched = async (r: Promise<RunResult>, codes: readonly ErrorCode[], words: (string | RegExp)[], debug = false) => {
        const before = fileState(accountsA);
        const result = await r;
        expect(result.code).toBe(2);
        expect(result.stdout).toBe("");
        expect([...new Set([...result.stderr.matchAll(/^ {2}- .* \[([a-z0-9]+\/[a-z0-9-]+)\]$/gm)].map((m) => m[1]))]).toEqual(codes);
        for (const w of words) expect(result.stderr).toMatch(typeof w === "string" ? new RegExp(w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : w);
        if (debug) expect(result.stderr).toMatch(STACK_TRACE);
        else expect(result.stderr).not.toMatch(STACK_TRACE);
        expect(fileState(accountsA)).toEqual(before);
        expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
        return result;
      };

      test("an OU ID of the wrong shape: a config error before any call (AWS_ENDPOINT_URL points at nothing)", async () => {
        const r = await expectUntouched(
          discoverAs(badConfig("bad-ou", { ouIds: ["ou-12"] }), mgmt, { AWS_ENDPOINT_URL: "http://127.0.0.1:9" }),
          ["value/organization-parent-id"],
          ["1 problem; nothing was written.", 'organization.ouIds[0]: "ou-12" is not an OU ID; give an OU ID ("ou-" followed by 4 to 32 letters or digits'],
        );
        expect(r.stderr).not.toContain("cannot reach");
      });

      test("no credentials", async () => {
        await expectUntouched(
          discoverAs(configA, undefined),
          ["discover/credentials-missing"],
          [
            "Cannot discover the organization's accounts:\n  - no AWS credentials were found (Could not load credentials from any providers); give the organization's management account credentials the standard way: AWS_PROFILE",
            "Nothing was written: the accounts file is as it was.",
          ],
        );
      });

      test("no credentials, with DEBUG=1: the same message, then the stack trace", async () => {
        await expectUntouched(discoverAs(configA, undefined, { DEBUG: "1" }), ["discover/credentials-missing"], ["no AWS credentials were found"], true);
      });

      test("credentials of a member account: not the management account", async () => {
        const memberKeys = await moto.credentialsFor(member(2).id);
        await expectUntouched(
          discoverAs(configA, memberKeys),
          ["discover/not-management-account"],
          [
            `these credentials are not those of organization ${organizationId}'s management account (${MGMT}): AWS Organizations lists its accounts only to the management account and delegated administrators`,
          ],
        );
      });

      test("credentials of an account in no organization", async () => {
        const loner = await moto.credentialsFor("999999999999");
        await expectUntouched(
          discoverAs(configA, loner),
          ["discover/not-in-organization"],
          ["the account of these credentials is not in an AWS Organization (AWSOrganizationsNotInUseException: Your account is not a member of an organization.)"],
        );
      });

      test("access denied: a user of the management account without Organizations permissions", async () => {
        const limited = await moto.credentialsFor(MGMT);
        await moto.enforceIam(true);
        try {
          await expectUntouched(
            discoverAs(configA, limited),
            ["discover/access-denied"],
            [
              "AWS Organizations refused DescribeOrganization to these credentials (HTTP 403 Forbidden: the request was refused); discover needs the organization's management account",
              "organizations:DescribeOrganization, organizations:ListAccounts, organizations:ListAccountsForParent, organizations:ListOrganizationalUnitsForParent",
            ],
          );
        } finally {
          await moto.enforceIam(false);
        }
      });

      test("an OU that does not exist in the organization, named by its place in the config", async () => {
        const missing = `ou-${rootId.slice(2)}-zzzzzzzz`;
        await expectUntouched(
          discoverAs(badConfig("missing-ou", { ouIds: [ou.dev, missing] }), mgmt),
          ["discover/ou-not-found"],
          [`organization.ouIds[1]: "${missing}" is not an OU or the root of organization ${organizationId} (ParentNotFoundException: You specified parent that doesn't exist.)`],
        );
      });

      test("an account name that makes organization.environment invalid: found before writing, the account named", async () => {
        await expectUntouched(
          discoverAs(badConfig("bad-name", { environment: { ...TEMPLATE, tags: ["account:{accountName}"] } }), mgmt),
          ["value/datadog-tag"],
          [
            /organization\.environment\.tags\[0\]: "account:Payments Prod" contains " "; .* \(for the discovered environment "payments-prod(-\d{12})?", account \d{12} \("Payments Prod"\), in .*datadog-aws\.accounts\.json\)/,
          ],
        );
      });

      test("a config without an organization section", async () => {
        const plain = path.join(dir, "plain.config.json");
        fs.writeFileSync(plain, JSON.stringify({ environments: { prod: { awsAccountId: "123456789012" } } }));
        await expectUntouched(discoverAs(plain, mgmt), ["discover/no-organization-section"], [`${plain}: has no "organization" section, so there is nothing to discover; add "organization": {}`]);
      });
    });

    test("synth of the discovered config: one stack per enrolled account with the placeholders filled in, left and closed ones still there and named", async () => {
      const outdir = path.join(dir, "out");
      const r = await run(process.execPath, ["dist/main.js"], userEnv({ DATADOG_AWS_CONFIG: configA, CDKTF_OUTDIR: outdir }));
      expect(r.code).toBe(0);
      const entries = readAccounts(accountsA).accounts;
      const discovered = Object.entries(entries).filter(([id]) => id !== MGMT);
      const expectedStacks = ["management", ...discovered.map(([, e]) => e.environment as string)].sort();
      expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(expectedStacks);
      expect(r.stdout).toContain(`Synthesized ${expectedStacks.length} stack(s) from ${configA}`);
      // Every active member account, plus the one that left and the closed one, to be destroyed.
      expect(discovered.length).toBe(members.filter((m) => m.index !== 59).length);

      for (const [id, entry] of discovered) {
        const stack = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", entry.environment, "cdk.tf.json"), "utf8"));
        const aws = stack.provider.aws[0];
        expect({ id, allowed: aws.allowed_account_ids, role: aws.assume_role?.[0]?.role_arn, session: aws.assume_role?.[0]?.session_name }).toEqual({
          id,
          allowed: [id],
          role: `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`,
          session: "datadog-discover",
        });
        expect(stack.resource.datadog_integration_aws_account.datadog_integration.account_tags).toEqual(["managed-by:terraform", `account:${id}`].sort()); // sorted: the order Datadog's API returns
      }
      const management = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "management", "cdk.tf.json"), "utf8"));
      expect(management.provider.aws[0]).toMatchObject({ allowed_account_ids: [MGMT], profile: "org-management" });
      expect(management.provider.aws[0].assume_role).toBeUndefined();

      expect(r.stderr).toContain(`Account ${MGMT} ("master") has the hand-written environment "management" in ${configA}, which wins over its discovered environment "master" in ${accountsA}.`);
      expect(r.stderr).toMatch(
        new RegExp(
          `Discovered environment "team-55" \\(account ${member(55).id} \\("Team 55"\\)\\) left the organization \\(noted \\d{4}-\\d{2}-\\d{2}\\); it is still synthesized so that its stack can be destroyed: run \`npx cdktf destroy team-55\`, then delete its entry from `,
        ),
      );
      expect(r.stderr).toContain(`Discovered environment "team-10" (account ${member(10).id} ("Team 10")) was closed or suspended`);
    });
  });
}
