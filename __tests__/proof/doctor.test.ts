/**
 * `npm run doctor -- <environment>` (issue 13, item 4): the real command against moto (IAM,
 * STS) and the local Datadog API, with each known cause of "Datadog is not authorized to
 * perform sts:AssumeRole" and of missing data put there on purpose. A healthy setup (made as
 * the stack makes it) reports nothing and exits 0; each fault exits 1 with its finding and
 * fix; bad input and credential problems exit 2 with a message and no stack trace.
 *
 * Each check is also tested in-process, with a passing and a failing case per finding code
 * (__tests__/unit/doctor/).
 */
import { GetRoleCommand, CreatePolicyVersionCommand, DetachRolePolicyCommand, ListAttachedRolePoliciesCommand, UpdateAccessKeyCommand, CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { permissionsDocument } from "../../lib/constructs/private/policy-packing";
import { RESOURCE_COLLECTION_PERMISSIONS, STANDARD_PERMISSIONS } from "../../lib/facts/permissions";
import { proofToolsReady } from "../support/proof-guards";
import { LocalDatadogApi, LOCAL_DD_API_KEY, LOCAL_DD_APP_KEY } from "../support/local-datadog-api";
import { MotoServer, type AwsCredentials } from "../support/moto-server";
import { findProofTools } from "../support/test-tools";
import { createStackRole, createStackUser, DoctorWorkspace, pinnedChunks, runDoctor, stackTrustPolicy } from "../support/doctor-fixtures";
import { run, userEnv, type RunResult } from "../support/cli";

const EXTERNAL_ID = "0123456789abcdef0123456789abcd01";
const COMMERCIAL = "464622532012";
const ROLE = "DatadogIntegrationRole";
const USER = "DatadogIntegrationUser";

/** No stack trace, no Datadog key, in anything the command printed. */
/** The codes of the problems printed on stderr (each problem line ends with its code). */
const codesOf = (stderr: string) => [...stderr.matchAll(/^ {2}- .* \[([a-z0-9]+\/[a-z0-9-]+)\]$/gm)].map((m) => m[1]);

function expectClean(r: RunResult): void {
  const all = r.stdout + r.stderr;
  expect(all).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  expect(all).not.toContain(LOCAL_DD_API_KEY);
  expect(all).not.toContain(LOCAL_DD_APP_KEY);
}

// ---------------------------------------------------------------------------------------
// Bad input: no AWS or Datadog needed
// ---------------------------------------------------------------------------------------

describe("bad input", () => {
  const ws = new DoctorWorkspace();
  afterAll(() => ws.cleanup());

  test("an unknown environment: did you mean, the environments, exit 2", async () => {
    const config = ws.config({ production: { awsAccountId: "123456789012" }, staging: { awsAccountId: "210987654321" } });
    const r = await runDoctor({ config, environment: "prodution" });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`has no environment "prodution"; did you mean "production"? its environments: "production", "staging"`);
    expect(codesOf(r.stderr)).toEqual(["doctor/unknown-environment"]);
    expectClean(r);
  });

  test("no environment named: usage with the environments, exit 2", async () => {
    const config = ws.config({ prod: { awsAccountId: "123456789012" } });
    const r = await run("node", ["dist/cli/doctor/main.js"], userEnv({ DATADOG_AWS_CONFIG: config }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("name the environment to diagnose; the environments of");
    expect(codesOf(r.stderr)).toEqual(["doctor/usage"]);
    expect(r.stderr).toContain("Usage: npm run doctor -- <environment>");
  });

  test("missing Datadog keys: names the variables the environment reads, exit 2", async () => {
    const config = ws.config({ eu: { awsAccountId: "123456789012", datadogSite: "datadoghq.eu", datadogApiKeyEnv: "TF_VAR_dd_api_key_eu", datadogAppKeyEnv: "TF_VAR_dd_app_key_eu" } });
    const r = await runDoctor({ config, environment: "eu", keys: { TF_VAR_dd_api_key_eu: "set-but-not-the-app-key" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Cannot diagnose environment "eu":\n  - TF_VAR_dd_app_key_eu is not set;`);
    expect(r.stderr).toContain("of your Datadog organization on datadoghq.eu");
    expect(codesOf(r.stderr)).toEqual(["doctor/datadog-keys-missing"]);
    expect(r.stderr).not.toContain("set-but-not-the-app-key");
    expectClean(r);
  });

  test("--wait with something that is no duration: usage, exit 2", async () => {
    const config = ws.config({ prod: { awsAccountId: "123456789012" } });
    const r = await runDoctor({ config, environment: "prod", args: ["--wait", "soon"] });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--wait "soon" is not a duration; write seconds or minutes, e.g. 600, 600s or 10m');
    expect(codesOf(r.stderr)).toEqual(["doctor/usage"]);
    const interval = await runDoctor({ config, environment: "prod", args: ["--interval", "5s"] });
    expect(interval.stderr).toContain("--interval is only used with --wait");
  });

  test("an invalid config: its problems, exit 2", async () => {
    const config = ws.config({ prod: { awsAccountId: "1234" } });
    const r = await runDoctor({ config, environment: "prod" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("environments.prod.awsAccountId");
    expect(codesOf(r.stderr)).toEqual(["value/aws-account-id"]);
    expectClean(r);
  });
});

// ---------------------------------------------------------------------------------------
// Against moto and the local Datadog API
// ---------------------------------------------------------------------------------------

const TITLE = "npm run doctor against moto and the local Datadog API";
if (proofToolsReady(TITLE)) {
  describe(TITLE, () => {
    let moto: MotoServer;
    let api: LocalDatadogApi;
    const ws = new DoctorWorkspace();
    let accounts = 0;
    /** A fresh AWS account in moto for each test, so faults never meet. */
    const nextAccount = () => `1100000000${String(++accounts).padStart(2, "0")}`;

    beforeAll(async () => {
      moto = await MotoServer.start(findProofTools().motoPython!);
    }, 60_000);
    afterAll(async () => {
      await moto?.close();
      ws.cleanup();
    });
    beforeEach(async () => {
      api = await LocalDatadogApi.start();
    });
    afterEach(() => api.close());

    interface Account {
      readonly accountId: string;
      readonly credentials: AwsCredentials;
      readonly iam: IAMClient;
    }
    const clients: IAMClient[] = [];
    afterAll(() => clients.forEach((c) => c.destroy()));
    async function account(partition = "aws"): Promise<Account> {
      const accountId = nextAccount();
      const credentials = await moto.credentialsFor(accountId, partition);
      const iam = moto.iam(credentials, partition);
      clients.push(iam);
      return { accountId, credentials, iam };
    }

    /** A role account as the stack leaves it, faults applied after. */
    async function roleAccount(
      o: {
        site?: string;
        trustAccount?: string;
        externalId?: string;
        datadogRoleName?: string;
        resourceCollection?: boolean;
        cspm?: boolean;
        trustPolicy?: Record<string, unknown>;
        actions?: (c: string[][]) => string[][];
      } = {},
    ) {
      const a = await account();
      await createStackRole(
        a.iam,
        { name: ROLE, trustAccount: o.trustAccount ?? COMMERCIAL, externalId: EXTERNAL_ID, trustPolicy: o.trustPolicy },
        { partition: "aws", resourceCollection: o.resourceCollection, cspm: o.cspm, actions: o.actions },
      );
      return a;
    }
    const seedRole = (accountId: string, o: { roleName?: string; externalId?: string; attributes?: Record<string, unknown> } = {}) =>
      api.seedAccount({ aws_account_id: accountId, aws_partition: "aws", auth_config: { role_name: o.roleName ?? ROLE, external_id: o.externalId ?? EXTERNAL_ID }, ...o.attributes });
    const doctor = (a: Account, environment: Record<string, unknown>, extra: Partial<Parameters<typeof runDoctor>[0]> = {}) =>
      runDoctor({ config: ws.config({ prod: { awsAccountId: a.accountId, ...environment } }), environment: "prod", awsEndpoint: moto.url, credentials: a.credentials, datadogUrl: api.url, ...extra });

    /** The finding with this code, as printed. */
    function finding(r: RunResult, code: string): string {
      const block = r.stdout.split(/\n(?=\d+\. \[)/).find((b) => b.startsWith(`[${code}]`, b.indexOf("[")));
      if (!block) throw new Error(`no finding [${code}] in:\n${r.stdout}\n${r.stderr}`);
      return block.split(/\n\n/)[0];
    }
    const codes = (r: RunResult) => [...r.stdout.matchAll(/^\d+\. \[([a-z-]+)\]/gm)].map((m) => m[1]);

    describe("compliant", () => {
      test("a role as the stack makes it, live permissions: no problems, exit 0", async () => {
        const a = await roleAccount();
        const integration = seedRole(a.accountId);
        const r = await doctor(a, {});
        expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
        // No state to read here: what to add, should a deploy meet the 409 (not a finding).
        expect(r.stdout).toContain(
          `Adoption:\n  Datadog's integration of account ${a.accountId} (config ID ${integration.id}) and IAM role ${ROLE} exist, and the environment's import settings do not name them.\n`,
        );
        expect(r.stdout).toMatch(
          / {2}The state at \S+cdktf\.out\/stacks\/prod\/terraform\.tfstate was not read \(there is no state file there \(not deployed from this folder yet\)\)\. Where it does not hold them/,
        );
        expect(r.stdout).toContain(`  Fix: set environments.prod.import in ${ws.dir}`);
        expect(r.stdout).toContain(` to {"datadogAccountConfigId":"${integration.id}","iamRole":"${ROLE}"}, then run \`npm run synth\`, then \`npx cdktf deploy prod\``);
        expect(r.stdout).toContain("Compliant: no problems found. Checked:");
        expect(r.stdout).toContain(`ok  IAM role ${ROLE} (arn:aws:iam::${a.accountId}:role/${ROLE}) exists`);
        expect(r.stdout).toContain(`ok  trust policy: only arn:aws:iam::${COMMERCIAL}:root (Datadog, datadoghq.com) may assume the role, with sts:ExternalId ********cd01, the ID Datadog holds`);
        expect(r.stdout).toContain(`ok  role name Datadog holds: "${ROLE}", exactly the role's`);
        expect(r.stdout).toMatch(
          /ok {2}permissions: all \d+ actions of Datadog's current lists \(standard \+ resource collection, from GET \/api\/v2\/integration\/aws\/iam_permissions\) are granted/,
        );
        expect(r.stdout).toContain("ok  SecurityAudit (arn:aws:iam::aws:policy/SecurityAudit) is attached, as resource collection needs");
        // The live lists came from Datadog's API, and the integration was asked for by account ID.
        expect(api.requests.map((q) => `${q.method} ${q.path}${q.query.aws_account_id ? `?aws_account_id=${q.query.aws_account_id}` : ""}`)).toEqual([
          `GET /api/v2/integration/aws/accounts?aws_account_id=${a.accountId}`,
          "GET /api/v2/integration/aws/iam_permissions",
          "GET /api/v1/metrics",
        ]);
        // Just created, no metrics yet: not a problem within Datadog's 10 minutes.
        expect(r.stdout).toMatch(
          new RegExp(`--  metrics arriving: none tagged aws_account:${a.accountId} yet; the integration is [\\d.]+s old and data can take 10m to arrive: run again with --wait`),
        );
        expectClean(r);
      });

      test("wildcards in the granted policies count (ec2:Describe* grants every ec2:Describe action), CSPM with SecurityAudit", async () => {
        const a = await roleAccount({
          cspm: true,
          actions: (chunks) => chunks.map((c) => [...c.filter((x) => !x.startsWith("ec2:Describe")), ...(c.some((x) => x.startsWith("ec2:Describe")) ? ["ec2:Describe*"] : [])]),
        });
        seedRole(a.accountId, { attributes: { resources_config: { cloud_security_posture_management_collection: true, extended_collection: true } } });
        const r = await doctor(a, { permissions: "pinned", cspm: true });
        expect(r.code).toBe(0);
        expect(r.stdout).toContain("of Datadog's pinned lists (standard + resource-collection, ");
        expect(r.stdout).toContain("ok  SecurityAudit (arn:aws:iam::aws:policy/SecurityAudit) is attached, as resource collection and CSPM need");
      });

      test("credentials from the environment's awsProfile (a shared credentials file, no key variables)", async () => {
        const a = await roleAccount();
        seedRole(a.accountId);
        const file = ws.credentialsFile("doctor-test", a.credentials);
        const r = await doctor(a, { awsProfile: "doctor-test", permissions: "pinned" }, { credentials: undefined, env: { AWS_SHARED_CREDENTIALS_FILE: file } });
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
      });

      test("credentials through the environment's awsAssumeRoleArn, from another account", async () => {
        const target = await roleAccount();
        seedRole(target.accountId);
        await target.iam.send(
          new CreateRoleCommand({
            RoleName: "OrganizationAccountAccessRole",
            AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::110000009999:root" }, Action: "sts:AssumeRole" }] }),
          }),
        );
        const management = await moto.credentialsFor("110000009999");
        const r = await doctor(
          target,
          { awsAssumeRoleArn: `arn:aws:iam::${target.accountId}:role/OrganizationAccountAccessRole`, awsAssumeRoleSessionName: "doctor-test", permissions: "pinned" },
          { credentials: management },
        );
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(r.stdout).toContain(`read as arn:aws:sts::${target.accountId}:assumed-role/OrganizationAccountAccessRole/doctor-test`);
      });

      test("access keys (GovCloud): the user's active key is the one Datadog holds", async () => {
        const a = await account("aws-us-gov");
        const key = await createStackUser(a.iam, USER, { partition: "aws-us-gov" });
        api.seedAccount({ aws_account_id: a.accountId, aws_partition: "aws-us-gov", auth_config: { access_key_id: key.accessKeyId, secret_access_key: key.secretAccessKey } });
        const r = await doctor(a, { awsRegion: "us-gov-west-1", datadogSite: "ddog-gov.com", auth: { type: "accessKeys" }, permissions: "pinned" });
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(r.stdout).toContain(`ok  access key Datadog holds: ${key.accessKeyId}, an active key of user ${USER}`);
        expect(r.stdout).not.toContain(key.secretAccessKey);
      });
    });

    describe("non-compliant", () => {
      test("no role of the configured name", async () => {
        const a = await account();
        seedRole(a.accountId);
        const r = await doctor(a, { permissions: "pinned" });
        expect(r.code).toBe(1);
        expect(codes(r)).toEqual(["role-missing"]);
        expect(finding(r, "role-missing")).toContain(`there is no IAM role named "${ROLE}", so Datadog's AssumeRole fails ("Datadog is not authorized to perform sts:AssumeRole")`);
        expect(finding(r, "role-missing")).toContain(`where: IAM role ${ROLE} in AWS account ${a.accountId} (aws) (environments.prod.auth.roleName in `);
        expect(finding(r, "role-missing")).toContain("fix:   npx cdktf deploy prod creates it");
        expect(r.stdout).toContain("Not checked:\n  --  the trust policy and the External ID: there is no role to read them from");
        expectClean(r);
      });

      test("the trust policy names the commercial Datadog account on a FED site", async () => {
        const a = await roleAccount({ trustAccount: COMMERCIAL });
        seedRole(a.accountId);
        const r = await doctor(a, { datadogSite: "ddog-gov.com", permissions: "pinned" });
        expect(r.code).toBe(1);
        expect(codes(r)).toEqual(["trust-wrong-account"]);
        const f = finding(r, "trust-wrong-account");
        expect(f).toContain(`the trust policy does not let Datadog's AWS account for ddog-gov.com (US1-FED, partition aws) assume the role`);
        expect(f).toContain(`where: IAM role ${ROLE} (arn:aws:iam::${a.accountId}:role/${ROLE}), trust policy`);
        expect(f).toContain("must trust: arn:aws:iam::392588925713:root");
        expect(f).toContain(`trusts: arn:aws:iam::${COMMERCIAL}:root (Datadog's AWS account for datadoghq.com (aws), us3.datadoghq.com (aws)`);
        expect(f).toContain(`fix:   npx cdktf deploy prod writes the trust policy for datadogSite "ddog-gov.com"`);
        expect(f).toContain(`set environments.prod.datadogSite in `);
      });

      test("the External ID in the trust policy differs from the one Datadog holds", async () => {
        const a = await roleAccount();
        seedRole(a.accountId, { externalId: "fedcba9876543210fedcba98765499ff" });
        const r = await doctor(a, { permissions: "pinned" });
        expect(r.code).toBe(1);
        expect(codes(r)).toEqual(["external-id-mismatch"]);
        const f = finding(r, "external-id-mismatch");
        expect(f).toContain("the External ID the trust policy requires is not the one Datadog holds");
        expect(f).toContain("where: IAM role DatadogIntegrationRole");
        expect(f).toContain("condition StringEquals sts:ExternalId");
        expect(f).toContain("trust policy requires: ********cd01");
        expect(f).toContain("Datadog holds:         ********99ff");
        expect(f).toContain("fix:   npx cdktf deploy prod writes the External ID Datadog holds into the trust policy (the stack reads it from the integration)");
        expect(r.stdout).not.toContain(EXTERNAL_ID);
        expect(r.stdout).not.toContain("fedcba9876543210fedcba98765499ff");
      });

      test("split duty: Datadog holds a newer External ID than the config's", async () => {
        const a = await roleAccount();
        seedRole(a.accountId, { externalId: "fedcba9876543210fedcba98765499ff" });
        const r = await doctor(a, { manageDatadogIntegration: false, externalId: EXTERNAL_ID });
        expect(r.code).toBe(1);
        const f = finding(r, "external-id-mismatch");
        expect(f).toContain("fix:   Datadog holds another External ID than environments.prod.externalId in");
        expect(f).toContain("(ending in 99ff) into environments.prod.externalId");
      });

      test("the role name Datadog holds differs from the role only by case", async () => {
        const a = await roleAccount();
        seedRole(a.accountId, { roleName: ROLE.toLowerCase() });
        const r = await doctor(a, { permissions: "pinned" });
        expect(r.code).toBe(1);
        expect(codes(r)).toEqual(["role-name-case"]);
        const f = finding(r, "role-name-case");
        expect(f).toContain(`Datadog assumes role "datadogintegrationrole", but the role is "${ROLE}": they differ only by case, and Datadog's role name is case-sensitive`);
        expect(f).toContain("auth_config.role_name");
        expect(f).toContain(`fix:   npx cdktf deploy prod sets the role name Datadog holds to "${ROLE}"`);
      });

      test("the role name Datadog holds is another role's", async () => {
        const a = await roleAccount();
        seedRole(a.accountId, { roleName: "DatadogAWSIntegrationRole" });
        const r = await doctor(a, { permissions: "pinned", manageDatadogIntegration: false, externalId: EXTERNAL_ID });
        expect(codes(r)).toEqual(["role-name-mismatch"]);
        expect(finding(r, "role-name-mismatch")).toContain(`set the role name to "${ROLE}" exactly (the datadog_tile_role_name output`);
      });

      test("a permission missing from the policies", async () => {
        const a = await roleAccount();
        seedRole(a.accountId);
        // Someone edits the stack's first policy by hand and drops one action.
        const attached = await a.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: ROLE }));
        // A write action of Datadog's: SecurityAudit, attached beside (read-only), does not grant it.
        const dropped = "events:CreateEventBus";
        const part = pinnedChunks(true).findIndex((c) => c.includes(dropped));
        const first = attached.AttachedPolicies!.find((p) => p.PolicyName === `${ROLE}-permissions-${part + 1}`)!;
        const actions = pinnedChunks(true)[part];
        await a.iam.send(new CreatePolicyVersionCommand({ PolicyArn: first.PolicyArn, PolicyDocument: JSON.stringify(permissionsDocument(actions.filter((x) => x !== dropped))), SetAsDefault: true }));
        const r = await doctor(a, { permissions: "pinned" });
        expect(r.code).toBe(1);
        expect(codes(r)).toEqual(["permissions-missing"]);
        const f = finding(r, "permissions-missing");
        const [service, name] = dropped.split(":");
        expect(f).toMatch(/1 of the \d+ actions in Datadog's pinned lists \(standard \+ resource-collection, [\d-]+\) is not granted to the role/);
        expect(f).toContain(`missing ${service}: ${name}`);
        expect(f).toContain("fix:   npx cdktf deploy prod restores Datadog's permission policies and their attachments");
      });

      test("live permissions: an action Datadog's current list added since is missing", async () => {
        // Resource collection off: no SecurityAudit, whose read actions would grant the new one.
        const a = await roleAccount({ resourceCollection: false });
        await api.close();
        const standard = [...STANDARD_PERMISSIONS.actions, "bedrock:ListFoundationModels"];
        api = await LocalDatadogApi.start({ permissions: { standard, resourceCollection: RESOURCE_COLLECTION_PERMISSIONS.actions } });
        seedRole(a.accountId, { attributes: { resources_config: { extended_collection: false } } });
        const r = await doctor(a, { resourceCollection: false, cspm: false });
        expect(r.code).toBe(1);
        expect(codes(r)).toEqual(["permissions-missing"]);
        const f = finding(r, "permissions-missing");
        expect(f).toContain("actions in Datadog's current standard list (from GET /api/v2/integration/aws/iam_permissions/standard) is not granted");
        expect(f).toContain("missing bedrock: ListFoundationModels");
        expect(f).toContain("with Datadog's current lists, read at plan time");
      });

      test("SecurityAudit not attached while resource collection is on (the default), CSPM off", async () => {
        const a = await roleAccount();
        seedRole(a.accountId);
        await a.iam.send(new DetachRolePolicyCommand({ RoleName: ROLE, PolicyArn: "arn:aws:iam::aws:policy/SecurityAudit" }));
        const r = await doctor(a, { permissions: "pinned" });
        expect(r.code).toBe(1);
        expect(codes(r)).toEqual(["security-audit-missing"]);
        const f = finding(r, "security-audit-missing");
        expect(f).toContain("resource collection is on in the config and in Datadog, but the AWS managed policy SecurityAudit is not attached");
        expect(f).toContain("fix:   npx cdktf deploy prod attaches it");
      });

      test("SecurityAudit not attached while the config turns CSPM on", async () => {
        const a = await roleAccount({ cspm: true });
        seedRole(a.accountId, { attributes: { resources_config: { cloud_security_posture_management_collection: true, extended_collection: true } } });
        await a.iam.send(new DetachRolePolicyCommand({ RoleName: ROLE, PolicyArn: "arn:aws:iam::aws:policy/SecurityAudit" }));
        const r = await doctor(a, { permissions: "pinned", cspm: true });
        expect(r.code).toBe(1);
        expect(codes(r)).toEqual(["security-audit-missing"]);
        const f = finding(r, "security-audit-missing");
        expect(f).toContain("CSPM is on in the config and in Datadog, but the AWS managed policy SecurityAudit is not attached");
        expect(f).toContain(`or right away: \`aws iam attach-role-policy --role-name ${ROLE} --policy-arn arn:aws:iam::aws:policy/SecurityAudit\``);
      });

      test("metric collection turned off in Datadog", async () => {
        const a = await roleAccount();
        seedRole(a.accountId, { attributes: { metrics_config: { enabled: false } } });
        const r = await doctor(a, { permissions: "pinned" });
        expect(r.code).toBe(1);
        expect(codes(r)).toEqual(["integration-disabled"]);
        const f = finding(r, "integration-disabled");
        expect(f).toContain("metric collection is off in Datadog (metrics_config.enabled is false)");
        expect(f).toContain("fix:   npx cdktf deploy prod turns it on again");
      });

      test("no integration in Datadog", async () => {
        const a = await roleAccount();
        const r = await doctor(a, { permissions: "pinned" });
        expect(r.code).toBe(1);
        expect(codes(r)).toEqual(["integration-missing"]);
        expect(finding(r, "integration-missing")).toContain(`Datadog has no AWS integration for account ${a.accountId}`);
      });

      test("access keys: the key Datadog holds is inactive", async () => {
        const a = await account("aws-us-gov");
        const key = await createStackUser(a.iam, USER, { partition: "aws-us-gov" });
        api.seedAccount({ aws_account_id: a.accountId, aws_partition: "aws-us-gov", auth_config: { access_key_id: key.accessKeyId, secret_access_key: key.secretAccessKey } });
        await a.iam.send(new UpdateAccessKeyCommand({ UserName: USER, AccessKeyId: key.accessKeyId, Status: "Inactive" }));
        const r = await doctor(a, { awsRegion: "us-gov-west-1", datadogSite: "ddog-gov.com", auth: { type: "accessKeys" }, permissions: "pinned" });
        expect(r.code).toBe(1);
        expect(codes(r)).toEqual(["access-key-inactive"]);
        expect(finding(r, "access-key-inactive")).toContain(`fix:   \`aws iam update-access-key --user-name ${USER} --access-key-id ${key.accessKeyId} --status Active\``);
        expect(r.stdout).not.toContain(key.secretAccessKey);
      });

      test("access keys: the key Datadog holds is not one of the user's", async () => {
        const a = await account("aws-us-gov");
        const key = await createStackUser(a.iam, USER, { partition: "aws-us-gov" });
        api.seedAccount({ aws_account_id: a.accountId, aws_partition: "aws-us-gov", auth_config: { access_key_id: "AKIAOTHERKEY00000001", secret_access_key: "other" } });
        const r = await doctor(a, { awsRegion: "us-gov-west-1", datadogSite: "ddog-gov.com", auth: { type: "accessKeys", accessKey: "variables" }, permissions: "pinned" });
        expect(r.code).toBe(1);
        expect(codes(r)).toEqual(["access-key-unknown"]);
        const f = finding(r, "access-key-unknown");
        expect(f).toContain(`the access key Datadog holds (AKIAOTHERKEY00000001) is not a key of user ${USER}`);
        expect(f).toContain(`the user's keys: ${key.accessKeyId} (Active)`);
        expect(f).toContain(`aws iam create-access-key --user-name ${USER}`);
      });

      test("several faults at once are all reported", async () => {
        const a = await roleAccount({
          trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: [`arn:aws:iam::${COMMERCIAL}:root`, "arn:aws:iam::999999999999:root"] }, Action: "sts:AssumeRole" }] },
        });
        seedRole(a.accountId, { attributes: { metrics_config: { enabled: false } } });
        const r = await doctor(a, { permissions: "pinned" });
        expect(r.code).toBe(1);
        expect(codes(r)).toEqual(["trust-no-external-id", "trust-too-broad", "integration-disabled"]);
        expect(finding(r, "trust-too-broad")).toContain("a statement lets arn:aws:iam::999999999999:root do sts:AssumeRole");
        // The role itself is as IAM holds it.
        expect((await a.iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role?.RoleName).toBe(ROLE);
      });
    });

    describe("metrics arriving (issue 19, item 15)", () => {
      const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
      const seedAt = (accountId: string, createdAt: Date) =>
        api.seedAccount({ aws_account_id: accountId, aws_partition: "aws", auth_config: { role_name: ROLE, external_id: EXTERNAL_ID } }, undefined, createdAt);
      const metricsRequests = () => api.requests.filter((q) => q.path === "/api/v1/metrics");

      test("metrics tagged with the account arrived since the integration was created: ok, exit 0", async () => {
        const a = await roleAccount();
        const created = minutesAgo(20);
        seedAt(a.accountId, created);
        api.submitMetric("aws.ec2.cpuutilization", [`aws_account:${a.accountId}`, "region:us-east-1"], minutesAgo(5));
        api.submitMetric("aws.rds.cpuutilization", ["aws_account:999999999999"], minutesAgo(5));
        const r = await doctor(a, { permissions: "pinned" });
        expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
        expect(r.stdout).toContain(
          `ok  metrics arriving: 1 metric tagged aws_account:${a.accountId} reached Datadog since the integration was created (${created.toISOString()}), e.g. aws.ec2.cpuutilization`,
        );
        expect(metricsRequests().map((q) => q.query)).toEqual([{ from: String(Math.floor(created.getTime() / 1000)), tag_filter: `aws_account:${a.accountId}` }]);
        expect(metricsRequests()[0].status).toBe(200);
      });

      test("none 20 minutes after the integration was created: a finding with what to look at next, exit 1", async () => {
        const a = await roleAccount();
        seedAt(a.accountId, minutesAgo(20));
        api.submitMetric("aws.ec2.cpuutilization", [`aws_account:${a.accountId}`], minutesAgo(30)); // before the integration: not counted
        api.submitMetric("aws.ec2.cpuutilization", ["aws_account:999999999999"], minutesAgo(1)); // another account's
        const r = await doctor(a, { permissions: "pinned" });
        expect(r.code).toBe(1);
        expect(codes(r)).toEqual(["metrics-not-arriving"]);
        const f = finding(r, "metrics-not-arriving");
        expect(f).toContain(`no metrics tagged aws_account:${a.accountId} reached Datadog since the integration was created`);
        expect(f).toContain(`where: Datadog's metrics (GET /api/v1/metrics?tag_filter=aws_account:${a.accountId}); the Datadog AWS integration of account ${a.accountId} on datadoghq.com`);
        expect(f).toContain("the integration as Datadog holds it: metric collection on; regions all;");
        expect(f).toContain("the role's trust policy and permissions were checked without a problem (above)");
        expect(f).toContain(`look at the errors Datadog reports on Datadog's AWS integration page (https://app.datadoghq.com/integrations/amazon-web-services), account ${a.accountId}`);
        expect(f).toContain("then run this doctor again with --wait 10m");
        expectClean(r);
      });

      test("none, with other problems found: no wait, and they come first in what to do", async () => {
        const a = await roleAccount({ trustAccount: "999999999999" });
        seedAt(a.accountId, minutesAgo(20));
        const r = await doctor(a, { permissions: "pinned" }, { args: ["--wait", "10m"] });
        expect(codes(r)).toEqual(["trust-wrong-account", "metrics-not-arriving"]);
        // No point waiting while Datadog cannot assume the role: asked once.
        expect(r.stderr).toBe("not waiting for metrics: 1 problem found (trust-wrong-account); fix them first\n");
        expect(metricsRequests()).toHaveLength(1);
        const f = finding(r, "metrics-not-arriving");
        expect(f).toContain("problems found above: trust-wrong-account");
        expect(f).toContain("fix:   fix the problems above first (trust-wrong-account)");
      });

      test("--wait asks again, with a progress line, until metrics arrive", async () => {
        const a = await roleAccount();
        seedAt(a.accountId, new Date());
        const running = doctor(a, { permissions: "pinned" }, { args: ["--wait", "60s", "--interval", "0.3s"] });
        // The first metric reaches Datadog after the doctor has asked once and found none.
        while (metricsRequests().length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
        api.submitMetric("aws.lambda.invocations", [`aws_account:${a.accountId}`]);
        const r = await running;
        expect(r.code).toBe(0);
        const progress = r.stderr.split("\n").filter((l) => l.startsWith("waiting for metrics"));
        expect(progress.length).toBeGreaterThanOrEqual(2);
        expect(progress[0]).toMatch(
          new RegExp(`^waiting for metrics from AWS account ${a.accountId} \\(tag aws_account:${a.accountId}\\) since \\S+Z: none yet, [\\d.]+s of 1m waited, asking again in 0.3s$`),
        );
        expect(r.stdout).toMatch(
          new RegExp(
            `ok {2}metrics arriving: 1 metric tagged aws_account:${a.accountId} reached Datadog since the integration was created \\(\\S+\\), after waiting [\\d.]+s \\(\\d+ looks\\), e.g. aws.lambda.invocations`,
          ),
        );
      });

      test("--wait gives up at the limit the user set, then reports the finding", async () => {
        const a = await roleAccount();
        seedAt(a.accountId, minutesAgo(15));
        const started = Date.now();
        const r = await doctor(a, { permissions: "pinned" }, { args: ["--wait=1s", "--interval=250ms"] });
        expect(r.code).toBe(1);
        expect(codes(r)).toEqual(["metrics-not-arriving"]);
        expect(r.stderr.split("\n").filter((l) => l.startsWith("waiting for metrics")).length).toBeGreaterThanOrEqual(3);
        expect(finding(r, "metrics-not-arriving")).toMatch(/reached Datadog since the integration was created \(\S+\), after waiting [\d.]+s \(\d+ looks\)/);
        expect(metricsRequests().length).toBeGreaterThanOrEqual(4);
        expect(Date.now() - started).toBeLessThan(60_000);
      });

      test("an application key without metrics_read: the metrics are named as not checked, the rest is reported", async () => {
        const a = await roleAccount();
        await api.close();
        api = await LocalDatadogApi.start({ metricsRead: false });
        seedAt(a.accountId, minutesAgo(20));
        const r = await doctor(a, { permissions: "pinned" });
        expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
        expect(r.stdout).toContain("--  metrics arriving: Datadog refused GET /api/v1/metrics to these keys; give the application key (DD_APP_KEY) the metrics_read permission");
        expect(metricsRequests().map((q) => q.status)).toEqual([403]);
      });

      test("metric collection off in Datadog: no question about metrics, and no wait", async () => {
        const a = await roleAccount();
        seedRole(a.accountId, { attributes: { metrics_config: { enabled: false } } });
        const r = await doctor(a, { permissions: "pinned" }, { args: ["--wait", "30s"] });
        expect(codes(r)).toEqual(["integration-disabled"]);
        expect(metricsRequests()).toEqual([]);
        expect(r.stdout).toContain("--  metrics arriving: metric collection is off in Datadog");
      });
    });

    describe("split duty without Datadog keys (issue 19, item 9)", () => {
      const split = { manageDatadogIntegration: false, externalId: EXTERNAL_ID };

      test("the AWS side is checked, the Datadog side is named as not checked, exit 0", async () => {
        const a = await roleAccount();
        const r = await doctor(a, split, { keys: {} });
        expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
        expect(r.stdout).toContain("Datadog site datadoghq.com, not read (no Datadog keys: only the AWS side is checked)");
        expect(r.stdout).toContain(`ok  IAM role ${ROLE} (arn:aws:iam::${a.accountId}:role/${ROLE}) exists`);
        expect(r.stdout).toContain(`ok  trust policy: only arn:aws:iam::${COMMERCIAL}:root (Datadog, datadoghq.com) may assume the role, with sts:ExternalId ********cd01, the config's externalId`);
        expect(r.stdout).toMatch(/ok {2}permissions: all \d+ actions of Datadog's pinned lists/);
        expect(r.stdout).toContain(
          "Not checked:\n  --  the Datadog side (whether the integration exists, its state, the role name and External ID it holds, whether metrics arrive): DD_API_KEY and DD_APP_KEY are not set, as is usual in split duty",
        );
        expect(api.requests).toEqual([]);
        expectClean(r);
      });

      test("a trust policy with another External ID than the config's is found without Datadog", async () => {
        const a = await roleAccount({ trustPolicy: stackTrustPolicy(`arn:aws:iam::${COMMERCIAL}:root`, "fedcba9876543210fedcba98765499ff") });
        const r = await doctor(a, split, { keys: {} });
        expect(r.code).toBe(1);
        expect(codes(r)).toEqual(["external-id-mismatch"]);
        const f = finding(r, "external-id-mismatch");
        expect(f).toContain("is not the config's externalId (the one copied from the Datadog tile)");
        expect(f).toContain("trust policy requires: ********99ff");
        expect(f).toContain("the config's externalId: ********cd01 (environments.prod.externalId in ");
        expect(api.requests).toEqual([]);
      });

      test("an environment whose stack manages the Datadog side still needs the keys", async () => {
        const a = await roleAccount();
        const r = await doctor(a, {}, { keys: {} });
        expect(r.code).toBe(2);
        expect(codesOf(r.stderr)).toEqual(["doctor/datadog-keys-missing"]);
      });
    });

    describe("credential and API errors (exit 2)", () => {
      test("credentials of another account", async () => {
        const a = await roleAccount();
        seedRole(a.accountId);
        const other = await moto.credentialsFor("110000008888");
        const r = await doctor(a, { permissions: "pinned" }, { credentials: other });
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`are for account 110000008888 (arn:aws:iam::110000008888:user/`);
        expect(r.stderr).toContain(`but the environment's awsAccountId is ${a.accountId}`);
        expect(codesOf(r.stderr)).toEqual(["doctor/aws-wrong-account"]);
        expectClean(r);
      });

      test("no AWS credentials at all", async () => {
        const a = await account();
        seedRole(a.accountId);
        const r = await doctor(a, { permissions: "pinned" }, { credentials: undefined });
        expect(r.code).toBe(2);
        expect(r.stderr).toContain("no AWS credentials were found");
        expect(codesOf(r.stderr)).toEqual(["doctor/aws-credentials-missing"]);
        expectClean(r);
      });

      test("Datadog refuses the keys", async () => {
        const a = await account();
        const r = await doctor(a, { permissions: "pinned" }, { keys: { DD_API_KEY: "wrong-api-key", DD_APP_KEY: "wrong-app-key" } });
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(
          `Datadog's API at ${api.url} refused the keys (HTTP 403); check that DD_API_KEY holds an API key and DD_APP_KEY an application key of the organization on datadoghq.com`,
        );
        expect(codesOf(r.stderr)).toEqual(["doctor/datadog-keys-refused"]);
        expect(r.stderr).not.toContain("wrong-api-key");
        expect(r.stderr).not.toContain("wrong-app-key");
      });
    });
  });
}
