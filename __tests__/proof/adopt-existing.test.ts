/**
 * Enrolling an organization that is partly integrated already (issue 19, item 14), and the
 * way out of an apply killed after Datadog created the account (issue 18, section 6). Real
 * commands (`discover`, `synth`, `doctor`), real Terraform with the real AWS and Datadog
 * providers, against one moto holding the organization and the local Datadog API.
 *
 * The organization, besides its management account (excluded):
 * - "hand-made": integrated by hand from Datadog's guide: an integration in Datadog and the
 *   role DatadogIntegrationRole with a hand-made policy attached;
 * - "datadog-only": an integration in Datadog, no role yet (what Datadog's CloudFormation
 *   leaves when its role stack was deleted, and what a killed apply leaves);
 * - "new": nothing yet.
 * Without Datadog keys discover says which accounts it could not check; with them it
 * records the config IDs and the role, and the first apply of each stack imports instead of
 * creating: no 409, no DELETE, the hand-made policy still attached, a clean second plan.
 *
 * Then "new" meets a runner dying mid-apply: the local API stores the account and drops the
 * connection, so Terraform never saves it. The next apply gets Datadog's 409 (as users do,
 * every run); `doctor`, reading the state where deploy keeps it (backend.path), reports the
 * integration in Datadog but not in the state, records the import in the accounts file and
 * prints the way out; synth and apply then adopt it: one integration, no duplicate, a clean
 * second plan, and the doctor finds nothing left to adopt. Once per Datadog provider version.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, IAMClient, ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { CLOUDWATCH_NAMESPACES, LOG_SOURCES } from "../../lib/facts/datadog-lists";
import { buildProject, run, type RunResult, userEnv } from "../support/cli";
import { LOCAL_DD_API_KEY, LOCAL_DD_APP_KEY, LocalDatadogApi } from "../support/local-datadog-api";
import { type AwsCredentials, MotoServer } from "../support/moto-server";
import { countProof } from "../support/proof-counters";
import { availableDatadogProviders, proofToolsReady } from "../support/proof-guards";
import { datadogProviderSet } from "../support/provider-sets";
import type { TerraformJson } from "../support/synth";
import { lifecycleVariables } from "../support/terraform-stack-inputs";
import { TerraformWorkspace } from "../support/terraform-workspace";
import { type DatadogProvider, findProofTools } from "../support/test-tools";

const TITLE = "adopting integrations and roles already in place, and recovering a killed apply";
const MGMT = "100000000001";
const ROLE = "DatadogIntegrationRole";
const DATADOG_COMMERCIAL = "464622532012";
const HAND_MADE_ID = "0b8e6a3c-5d1f-4e2a-9c7b-3f6d8e1a2b4c";
const DATADOG_ONLY_ID = "7f3a2c1e-9b8d-4c6a-8e5f-1d2c3b4a5e6f";

type Json = Record<string, any>;

const proofsReady = proofToolsReady(TITLE);
const providers = proofsReady ? availableDatadogProviders(TITLE) : [];
// Every Datadog provider version the machine has, each with its own moto and Datadog.
const proveWith = (datadog: DatadogProvider) => () => {
  let moto: MotoServer;
  let api: LocalDatadogApi;
  let mgmt: AwsCredentials;
  let dir: string;
  let config: string;
  let accountsFile: string;
  let outdir: string;
  const ids: Record<"handMade" | "datadogOnly" | "fresh", string> = { handMade: "", datadogOnly: "", fresh: "" };
  const workspaces: TerraformWorkspace[] = [];
  const clients: { destroy(): void }[] = [];

  /** A user's shell: the management account's keys, moto as AWS, nothing of the machine's AWS settings. */
  const shell = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
    const env = userEnv({});
    for (const key of Object.keys(env)) if (key.startsWith("AWS_") || key.startsWith("DD_")) delete env[key];
    return {
      ...env,
      HOME: dir,
      AWS_CONFIG_FILE: path.join(dir, "no-config"),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "no-credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_ENDPOINT_URL: moto.url,
      AWS_ACCESS_KEY_ID: mgmt.accessKeyId,
      AWS_SECRET_ACCESS_KEY: mgmt.secretAccessKey,
      DATADOG_AWS_CONFIG: config,
      CDKTF_OUTDIR: outdir,
      DATADOG_API_URL: api.url,
      ...extra,
    };
  };
  const keys = { DD_API_KEY: LOCAL_DD_API_KEY, DD_APP_KEY: LOCAL_DD_APP_KEY };
  const discover = (extra: Record<string, string> = {}) => run(process.execPath, ["dist/cli/discover/main.js"], shell(extra));
  const synth = () => run(process.execPath, ["dist/main.js"], shell());
  const doctor = (environment: string) => run(process.execPath, ["dist/cli/doctor/main.js", environment], shell(keys));
  const entries = (): Record<string, Json> => JSON.parse(fs.readFileSync(accountsFile, "utf8")).accounts;
  const environmentOf = (id: string): string => entries()[id].environment;
  const stackOf = (id: string): TerraformJson => JSON.parse(fs.readFileSync(path.join(outdir, "stacks", environmentOf(id), "cdk.tf.json"), "utf8"));
  const iamIn = async (accountId: string): Promise<IAMClient> => {
    const client = moto.iam(await moto.credentialsFor(accountId));
    clients.push(client);
    return client;
  };
  const workspace = async (id: string): Promise<TerraformWorkspace> => {
    const stack = stackOf(id);
    const ws = await TerraformWorkspace.create(stack, {
      terraform: findProofTools().terraform!.terraform,
      mirrors: datadogProviderSet(datadog).mirrors,
      aws: { endpoint: moto.url, credentials: mgmt },
      datadog: { url: api.url, apiKey: LOCAL_DD_API_KEY, appKey: LOCAL_DD_APP_KEY },
      variables: lifecycleVariables(stack),
    });
    workspaces.push(ws);
    return ws;
  };
  const requestsFor = (accountId: string) => api.requests.filter((r) => JSON.stringify(r.body ?? "").includes(accountId) || r.query.aws_account_id === accountId);
  const integrationsOf = (accountId: string) => api.accounts().filter((a) => a.attributes.aws_account_id === accountId);
  const expectOk = (r: RunResult) => {
    if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  };

  beforeAll(async () => {
    await buildProject();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-existing-"));
    config = path.join(dir, "datadog-aws.config.json");
    accountsFile = path.join(dir, "datadog-aws.accounts.json");
    outdir = path.join(dir, "cdktf.out");
    [moto, api] = await Promise.all([MotoServer.start(findProofTools().motoPython!), LocalDatadogApi.start({ namespaces: CLOUDWATCH_NAMESPACES.names, logSources: LOG_SOURCES.names })]);
    mgmt = await moto.credentialsFor(MGMT);
    const orgs = new OrganizationsClient({ endpoint: moto.url, region: "us-east-1", credentials: mgmt, maxAttempts: 1 });
    clients.push(orgs);
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
    const create = async (name: string) => (await orgs.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))).CreateAccountStatus!.AccountId!;
    ids.handMade = await create("hand-made");
    ids.datadogOnly = await create("datadog-only");
    ids.fresh = await create("new");

    // What a person made by hand from Datadog's guide, long ago.
    const handIam = await iamIn(ids.handMade);
    const trust = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${DATADOG_COMMERCIAL}:root` }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "id-from-the-tile-long-ago" } } },
      ],
    };
    await handIam.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: JSON.stringify(trust), Description: "Made by hand following Datadog's setup guide" }));
    const handPolicy = await handIam.send(
      new CreatePolicyCommand({
        PolicyName: "DatadogAWSIntegrationPolicy",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["cloudwatch:Get*", "cloudwatch:List*"], Resource: "*" }] }),
      }),
    );
    await handIam.send(new AttachRolePolicyCommand({ RoleName: ROLE, PolicyArn: handPolicy.Policy!.Arn! }));
    const seed = (accountId: string, id: string) =>
      api.seedAccount({ aws_account_id: accountId, aws_partition: "aws", account_tags: ["made-by-hand"], auth_config: { role_name: ROLE }, aws_regions: { include_all: true } }, id);
    seed(ids.handMade, HAND_MADE_ID);
    seed(ids.datadogOnly, DATADOG_ONLY_ID);

    fs.writeFileSync(
      config,
      JSON.stringify(
        {
          organization: {
            excludeAccountIds: [MGMT],
            environment: {
              awsAssumeRoleArn: "arn:{partition}:iam::{accountId}:role/OrganizationAccountAccessRole",
              awsAssumeRoleSessionName: "datadog-adopt",
              // Where deploy keeps each stack's state, and the doctor reads it.
              backend: { type: "local", path: path.join(dir, "terraform.{accountId}.tfstate") },
            },
          },
        },
        null,
        2,
      ),
    );
  }, 180_000);

  afterAll(async () => {
    for (const ws of workspaces) await ws.dispose();
    for (const c of clients) c.destroy();
    await Promise.all([moto?.close(), api?.close()]);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("without Datadog keys, discover records nothing and names every account it could not check", async () => {
    const r = await discover();
    expectOk(r);
    const names = [environmentOf(ids.datadogOnly), environmentOf(ids.fresh), environmentOf(ids.handMade)].sort();
    expect(names).toEqual(["datadog-only", "hand-made", "new"]);
    expect(r.stdout).toContain(`Not checked (3 account(s)): if one of these is integrated already, its first deploy meets Datadog's 409 "Account already exists"`);
    expect(r.stdout).toContain(`    Datadog integration of ${names.join(", ")}: DD_API_KEY and DD_APP_KEY are not set; export the Datadog API and application keys of datadoghq.com and run again`);
    expect(r.stdout).not.toContain("In place already");
    for (const id of Object.values(ids)) expect(entries()[id].import).toBeUndefined();
    expect(api.requests).toEqual([]);
  }, 120_000);

  test("with the keys, discover records each integration's config ID; the accounts file keeps it across runs", async () => {
    const r = await discover(keys);
    expectOk(r);
    expect(entries()[ids.handMade].import).toEqual({ datadogAccountConfigId: HAND_MADE_ID, iamRole: ROLE });
    expect(entries()[ids.datadogOnly].import).toEqual({ datadogAccountConfigId: DATADOG_ONLY_ID });
    expect(entries()[ids.fresh].import).toBeUndefined();
    expect(r.stdout).toContain(`In place already (2), recorded in ${accountsFile} as import settings`);
    expect(r.stdout).toContain(`    hand-made  ${ids.handMade}  Datadog integration ${HAND_MADE_ID}; IAM role ${ROLE}\n`);
    expect(r.stdout).toContain(`    datadog-only  ${ids.datadogOnly}  Datadog integration ${DATADOG_ONLY_ID}\n`);
    expect(r.stdout).not.toContain("Not checked");
    // The role is looked up where Datadog holds an integration; the hand-made policy is named.
    expect(r.stdout).toContain("hand-made: role DatadogIntegrationRole has 1 managed policy attached that the stack does not manage (DatadogAWSIntegrationPolicy)");
    for (const id of Object.values(ids)) expect(requestsFor(id).filter((q) => q.method === "GET").length).toBeGreaterThan(0);
    // Nothing changed since: the same bytes, untouched.
    const before = fs.readFileSync(accountsFile, "utf8");
    const again = await discover(keys);
    expectOk(again);
    expect(again.stdout).toContain(`(${accountsFile} unchanged)`);
    expect(fs.readFileSync(accountsFile, "utf8")).toBe(before);
  }, 120_000);

  test("synth emits the import blocks; one apply per stack imports what exists: no 409, nothing deleted, a clean second plan", async () => {
    expectOk(await synth());
    expect(stackOf(ids.handMade).import).toEqual(
      expect.arrayContaining([
        { to: "datadog_integration_aws_account.datadog_integration", id: HAND_MADE_ID },
        { to: "aws_iam_role.datadog_role", id: ROLE },
      ]),
    );
    expect(stackOf(ids.datadogOnly).import).toEqual([{ to: "datadog_integration_aws_account.datadog_integration", id: DATADOG_ONLY_ID }]);
    expect(stackOf(ids.fresh).import).toBeUndefined();

    const handIam = await iamIn(ids.handMade);
    const handPolicyArn = `arn:aws:iam::${ids.handMade}:policy/DatadogAWSIntegrationPolicy`;
    for (const id of [ids.handMade, ids.datadogOnly]) {
      const ws = await workspace(id);
      const plan = await ws.plan();
      const changes = plan.resource_changes ?? [];
      expect(
        changes
          .filter((c) => c.change.importing)
          .map((c) => c.type)
          .sort(),
      ).toEqual(id === ids.handMade ? ["aws_iam_role", "datadog_integration_aws_account"] : ["datadog_integration_aws_account"]);
      expect(changes.filter((c) => c.change.actions.includes("delete"))).toEqual([]);
      countProof(`lifecycle:${datadogProviderSet(datadog).label}:import`);
      await ws.apply();
      countProof(`lifecycle:${datadogProviderSet(datadog).label}:apply`);
      expect(await ws.pendingChanges()).toEqual([]);
      countProof(`lifecycle:${datadogProviderSet(datadog).label}:replan`);
    }
    // Datadog: the same integrations, updated in place, never created or deleted again.
    const calls = api.requests.filter((r) => r.path.startsWith("/api/v2/integration/aws/accounts"));
    expect(calls.filter((r) => r.status === 409)).toEqual([]);
    expect(calls.filter((r) => r.method === "POST" || r.method === "DELETE")).toEqual([]);
    expect(integrationsOf(ids.handMade).map((a) => a.id)).toEqual([HAND_MADE_ID]);
    expect(integrationsOf(ids.datadogOnly).map((a) => a.id)).toEqual([DATADOG_ONLY_ID]);
    expect(integrationsOf(ids.handMade)[0].attributes.account_tags).not.toContain("made-by-hand");
    // AWS: the hand-made role adopted (its hand-made policy still attached, beside the stack's).
    const attached = (await handIam.send(new ListAttachedRolePoliciesCommand({ RoleName: ROLE }))).AttachedPolicies!.map((p) => p.PolicyArn!);
    expect(attached).toContain(handPolicyArn);
    expect(attached.filter((a) => a.includes(`:policy/${ROLE}-permissions-`)).length).toBeGreaterThan(0);
  }, 600_000);

  test("an apply killed after Datadog created the account: the next apply meets 409, doctor records the import and prints the way out, then one apply adopts it", async () => {
    const env = environmentOf(ids.fresh);
    const ws = await workspace(ids.fresh);
    // The runner dies once Datadog has stored the account: Terraform never gets its ID.
    api.dropNextCreates();
    countProof("faults:injected:killed-apply");
    const killed = await ws.applyFailing();
    expect(api.requests.filter((r) => r.dropped).length).toBe(1);
    expect(integrationsOf(ids.fresh)).toHaveLength(1);
    const created = integrationsOf(ids.fresh)[0].id;
    // What the provider says when the answer never comes; Terraform saved what else it made.
    expect(killed).toMatch(/error creating AWS Account Integration[\s\S]*Post "[^"]+\/api\/v2\/integration\/aws\/accounts": EOF/);

    // The next run, as users meet it: Datadog's 409, and still one integration.
    const next = await ws.applyFailing();
    expect(next).toMatch(/409 Conflict/);
    expect(next).toMatch(/Account already\s+exists/);
    expect(integrationsOf(ids.fresh).map((a) => a.id)).toEqual([created]);

    // doctor reads the state where deploy keeps it (the workspace's, put at backend.path):
    // the integration is in Datadog and not in the state. It records the import and says what to run.
    const keepState = () => fs.copyFileSync(path.join(ws.dir, "terraform.tfstate"), path.join(dir, `terraform.${ids.fresh}.tfstate`));
    keepState();
    const d = await doctor(env);
    expect({ code: d.code, stderr: d.stderr }).toEqual({ code: 1, stderr: "" });
    expect(d.stdout).toContain(
      `1. [integration-not-in-state] Datadog's integration of account ${ids.fresh} (config ID ${created}) exists, but the stack's Terraform state does not hold it: \`npx cdktf deploy ${env}\` fails with Datadog's 409 "Account already exists" on every run`,
    );
    expect(d.stdout).toContain(`where: the state at ${path.join(dir, `terraform.${ids.fresh}.tfstate`)}`);
    expect(d.stdout).toContain(
      `fix:   Recorded in ${accountsFile} (the environment is discovered): "import": {"datadogAccountConfigId":"${created}"}. Now run \`npm run synth\`, then \`npx cdktf deploy ${env}\``,
    );
    expect(entries()[ids.fresh].import).toEqual({ datadogAccountConfigId: created });

    // The way out, as printed: synth, deploy.
    expectOk(await synth());
    await ws.replaceStack(stackOf(ids.fresh));
    const plan = await ws.plan();
    const integration = (plan.resource_changes ?? []).find((c) => c.type === "datadog_integration_aws_account")!;
    expect(integration.change.importing).toEqual({ id: created });
    const before = api.requests.length;
    await ws.apply();
    expect(api.requests.slice(before).filter((r) => r.status === 409 || r.method === "POST" || r.method === "DELETE")).toEqual([]);
    expect(integrationsOf(ids.fresh).map((a) => a.id)).toEqual([created]);
    expect(await ws.pendingChanges()).toEqual([]);
    countProof("faults:survived:killed-apply");

    // With the state as the apply left it, the doctor finds nothing left to adopt.
    keepState();
    const healed = await doctor(env);
    expect(healed.stdout).not.toContain("Adoption:");
    expect(healed.stdout).not.toContain("not-in-state]");
    expect(entries()[ids.fresh].import).toEqual({ datadogAccountConfigId: created });
  }, 600_000);
};

for (const datadog of providers) describe(`${TITLE} [datadog-${datadog.version}]`, proveWith(datadog));
