/**
 * Runs synthesized stacks through the real Terraform CLI, offline.
 *
 * How a run works (Terraform's own mechanisms only; the product's output is not edited):
 * - a fresh temp dir gets the stack's cdk.tf.json unchanged, plus `zz_test_override.tf.json`,
 *   which Terraform merges over it (`*_override.tf.json`): a local backend in the temp dir
 *   and stand-in AWS credentials for the AWS provider;
 * - providers come only from the filesystem mirror (CLI config written per run; no
 *   registry, no network). `terraform init` runs once per distinct set of required
 *   providers and its result is copied into each run (see providerSetup);
 * - `validate -json`, `plan -lock=false -refresh=false -out`, `show -json`;
 * - the temp dir is removed (KEEP_TF_TEST_DIRS=1 keeps it, for debugging).
 *
 * The stacks' AWS provider keeps its `allowed_account_ids` guard. The guard needs the
 * caller's account ID, and with `skip_requesting_account_id` the provider fails closed
 * ("AWS account ID not allowed: " with an empty ID). So instead of skipping the lookup,
 * every run gets a fake AWS endpoint on 127.0.0.1 (`FakeAws`) that answers STS
 * GetCallerIdentity with the stack's own account (or, to test the guard, another one),
 * STS AssumeRole for stacks that deploy through a role, and the IAM reads of an import.
 * The provider reaches it through `AWS_ENDPOINT_URL` (the SDK's standard variable) by
 * default: measured with AWS provider 5.100.0, an `endpoints` block in the provider config
 * costs about 2.5 s of CPU per plan, the variable nothing. `endpointsVia: "override"` uses
 * the `endpoints` block instead.
 *
 * Cost: each terraform command loads the AWS provider's schema (about 1.2 s of CPU), so a
 * stack's validate + plan + show takes about 5 s of CPU. Runs are CPU-bound; at most
 * TF_TEST_CONCURRENCY (default 2) run at once per Jest worker.
 *
 * Where Terraform or the mirror is missing, `describeWithTerraform` skips loudly, or fails
 * when REQUIRE_TERRAFORM=1 (CI).
 */
import { accessSync, constants, existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { countProof } from "./proof-counters";
import { readToolsJson } from "./tools-cache";
import { awsCredentialsFile, concurrencyLimit, runCommand, tail, TERRAFORM_SLOTS, terraformEnv } from "./terraform-process";
import { DEV_OVERRIDE_WARNING, layOutRun, providerSetup, releaseProviderSetups, RUN_BACKEND, terraformPlatform } from "./terraform-providers";
import type { TerraformJson } from "./synth";

// ---------------------------------------------------------------------------------------
// Finding Terraform and the provider mirror
// ---------------------------------------------------------------------------------------

export interface TerraformTools {
  readonly terraform: string;
  readonly mirror: string;
}

const DEFAULT_MIRROR = "/opt/tf-plugins";
const AWS_IN_MIRROR = "registry.terraform.io/hashicorp/aws";

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

let toolsCache: { tools?: TerraformTools; missing: string[] } | undefined;

/**
 * Looks for terraform (TERRAFORM_BIN, PATH, or the one provision.sh built) and the AWS
 * provider mirror (TF_PROVIDER_MIRROR or /opt/tf-plugins).
 */
export function findTerraformTools(): { tools?: TerraformTools; missing: string[] } {
  if (toolsCache) return toolsCache;
  const missing: string[] = [];

  let terraform: string | undefined;
  if (process.env.TERRAFORM_BIN) {
    terraform = process.env.TERRAFORM_BIN;
    if (!isExecutable(terraform)) missing.push(`TERRAFORM_BIN=${terraform} is not an executable file; point it at a Terraform CLI (1.5 or newer)`);
  } else {
    const built = readToolsJson()?.terraform?.path;
    terraform =
      (process.env.PATH ?? "").split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, "terraform")).find(isExecutable) ??
      (built && isExecutable(built) ? built : undefined);
    if (!terraform) {
      const why = readToolsJson()?.terraform?.error;
      missing.push(`no \`terraform\` on PATH${why ? ` and provision.sh could not build it (${why})` : ""}; install Terraform (1.5 or newer), set TERRAFORM_BIN to its path, or run \`bash scripts/test-tools/provision.sh\``);
    }
  }

  const mirror = process.env.TF_PROVIDER_MIRROR ?? DEFAULT_MIRROR;
  const awsDir = path.join(mirror, AWS_IN_MIRROR);
  const platform = terraformPlatform();
  const versions = existsSync(awsDir) ? readdirSync(awsDir).filter((v) => existsSync(path.join(awsDir, v, platform))) : [];
  if (versions.length === 0) {
    missing.push(
      `no hashicorp/aws provider for ${platform} in the filesystem mirror ${mirror} (expected ${AWS_IN_MIRROR}/<version>/${platform}/); ` +
        `create one with \`terraform providers mirror <dir>\` on a machine with network (unpacked layout), and set TF_PROVIDER_MIRROR=<dir>`,
    );
  }

  toolsCache = missing.length === 0 ? { tools: { terraform: terraform!, mirror }, missing } : { missing };
  return toolsCache;
}

function requireTools(): TerraformTools {
  const { tools, missing } = findTerraformTools();
  if (!tools) throw new Error(`Terraform tests cannot run:\n- ${missing.join("\n- ")}`);
  return tools;
}

/**
 * `describe` for suites that need Terraform. Without it: a loud warning and a skipped
 * suite, or, with REQUIRE_TERRAFORM=1 (CI), a failing test that says what is missing.
 */
export function describeWithTerraform(name: string, body: () => void): void {
  const { tools, missing } = findTerraformTools();
  if (tools) {
    describe(name, () => {
      afterAll(releaseTerraformRuns);
      body();
    });
    return;
  }
  const message = `Terraform tests cannot run:\n- ${missing.join("\n- ")}`;
  if (process.env.REQUIRE_TERRAFORM === "1") {
    describe(name, () => {
      test("Terraform CLI and AWS provider mirror are available (REQUIRE_TERRAFORM=1)", () => {
        throw new Error(message);
      });
    });
    return;
  }
  console.warn(`\n${"!".repeat(78)}\nSKIPPING "${name}": ${message}\nSet REQUIRE_TERRAFORM=1 to make this a failure.\n${"!".repeat(78)}\n`);
  describe.skip(name, body);
}

const withRunSlot = concurrencyLimit(TERRAFORM_SLOTS);

// ---------------------------------------------------------------------------------------
// A fake AWS endpoint: STS GetCallerIdentity and AssumeRole, the IAM reads of an import
// ---------------------------------------------------------------------------------------

export interface FakeRole {
  readonly name: string;
  /** Trust policy JSON, as IAM stores it. */
  readonly assumeRolePolicy: string;
  readonly description?: string;
  readonly maxSessionDuration?: number;
  readonly path?: string;
  readonly attachedPolicyArns?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
}

export interface FakeUser {
  readonly name: string;
  readonly path?: string;
  readonly attachedPolicyArns?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
}

/** The caller one access key stands for, and what its account holds. */
export interface FakeIdentity {
  readonly accountId: string;
  readonly partition: string;
  /** What GetCallerIdentity reports as the caller. @default an IAM user in the account */
  readonly callerArn?: string;
  readonly roles?: readonly FakeRole[];
  readonly users?: readonly FakeUser[];
}

export interface FakeAwsRequest {
  readonly accessKeyId: string;
  readonly service: string;
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  /** False when the fake answered InvalidAction (a call the fake does not know). */
  readonly handled: boolean;
}

const STAND_IN_SECRET = "stand-in-secret-for-offline-tests";
const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const tagsXml = (tags: Readonly<Record<string, string>> = {}) =>
  `<Tags>${Object.entries(tags).map(([k, v]) => `<member><Key>${xml(k)}</Key><Value>${xml(v)}</Value></member>`).join("")}</Tags>`;

/**
 * AWS query-protocol endpoint on 127.0.0.1 (random port). Callers are told apart by the
 * access key ID in the SigV4 Authorization header, so one server can play several accounts.
 */
export class FakeAws {
  readonly requests: FakeAwsRequest[] = [];
  private readonly identities = new Map<string, FakeIdentity>();
  /** Temporary keys from AssumeRole, by the key that assumed the role. */
  private readonly parentKey = new Map<string, string>();
  private nextKey = 1;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly host: string,
  ) {}

  static async start(): Promise<FakeAws> {
    let fake: FakeAws | undefined;
    const server = createServer((req, res) => fake!.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const address = server.address() as AddressInfo;
    fake = new FakeAws(server, `http://127.0.0.1:${address.port}`, address.address);
    return fake;
  }

  /** Stand-in credentials that make this server answer as `identity`. */
  register(identity: FakeIdentity): { accessKeyId: string; secretAccessKey: string } {
    // Fake key IDs in AWS's shape; AKIAIOSFODNN7EXAMPLE-like, never a real key.
    const accessKeyId = `AKIATESTFAKE${String(this.nextKey++).padStart(8, "0")}`;
    this.identities.set(accessKeyId, identity);
    return { accessKeyId, secretAccessKey: STAND_IN_SECRET };
  }

  /** Requests made with these credentials or with role credentials assumed through them. */
  requestsOf(accessKeyId: string): FakeAwsRequest[] {
    const rootOf = (key: string): string => (this.parentKey.has(key) ? rootOf(this.parentKey.get(key)!) : key);
    return this.requests.filter((r) => rootOf(r.accessKeyId) === accessKeyId);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (d: string) => (body += d));
    req.on("end", () => {
      // SigV4: "Credential=<key id>/<date>/<region>/<service>/aws4_request"
      const credential = /Credential=([^/]+)\/[^/]+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? "");
      const accessKeyId = credential?.[1] ?? "";
      const service = credential?.[2] ?? "";
      const params = Object.fromEntries(new URLSearchParams(body));
      const action = params.Action ?? "";
      const identity = this.identities.get(accessKeyId);
      const answer = identity ? this.answer(service, action, params, identity, accessKeyId) : undefined;
      this.requests.push({ accessKeyId, service, action, params, handled: answer !== undefined });
      if (!identity) return this.error(res, 403, service, "InvalidClientTokenId", "The security token included in the request is invalid.");
      if (!answer) return this.error(res, 400, service, "InvalidAction", `The offline test endpoint does not fake ${service} ${action}`);
      res.writeHead(answer.status, { "Content-Type": "text/xml" });
      res.end(answer.body);
    });
  }

  private error(res: ServerResponse, status: number, service: string, code: string, message: string): void {
    res.writeHead(status, { "Content-Type": "text/xml" });
    res.end(
      `<ErrorResponse xmlns="${service === "sts" ? STS_NS : IAM_NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`,
    );
  }

  private answer(service: string, action: string, params: Record<string, string>, id: FakeIdentity, accessKeyId: string): { status: number; body: string } | undefined {
    const ok = (ns: string, result: string) => ({
      status: 200,
      body: `<${action}Response xmlns="${ns}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000001</RequestId></ResponseMetadata></${action}Response>`,
    });
    const noSuchEntity = (what: string) => ({
      status: 404,
      body: `<ErrorResponse xmlns="${IAM_NS}"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>${xml(what)} cannot be found.</Message></Error><RequestId>00000000-0000-0000-0000-000000000002</RequestId></ErrorResponse>`,
    });
    const attached = (arns: readonly string[] = []) =>
      `<AttachedPolicies>${arns.map((a) => `<member><PolicyName>${xml(a.split("/").pop()!)}</PolicyName><PolicyArn>${xml(a)}</PolicyArn></member>`).join("")}</AttachedPolicies><IsTruncated>false</IsTruncated>`;
    const arn = (kind: string, p = "/", name: string) => `arn:${id.partition}:iam::${id.accountId}:${kind}${p}${name}`;

    if (service === "sts" && action === "GetCallerIdentity") {
      return ok(STS_NS, `<Arn>${xml(id.callerArn ?? arn("user", "/", "offline-test"))}</Arn><UserId>AIDATESTFAKE00000000</UserId><Account>${id.accountId}</Account>`);
    }
    if (service === "sts" && action === "AssumeRole") {
      // Temporary credentials that act in the role's account (what the provider's
      // assume_role does before GetCallerIdentity and the allowed_account_ids check).
      const role = /^arn:([\w-]+):iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(params.RoleArn ?? "");
      if (!role) return { status: 400, body: `<ErrorResponse xmlns="${STS_NS}"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>invalid RoleArn</Message></Error><RequestId>0</RequestId></ErrorResponse>` };
      const session = params.RoleSessionName ?? "session";
      const assumedArn = `arn:${role[1]}:sts::${role[2]}:assumed-role/${role[3]}/${session}`;
      const temp = this.register({ ...id, accountId: role[2], callerArn: assumedArn });
      this.parentKey.set(temp.accessKeyId, accessKeyId);
      return ok(
        STS_NS,
        `<Credentials><AccessKeyId>${temp.accessKeyId}</AccessKeyId><SecretAccessKey>${temp.secretAccessKey}</SecretAccessKey><SessionToken>stand-in-session-token</SessionToken>` +
          `<Expiration>${new Date(Date.now() + 3_600_000).toISOString()}</Expiration></Credentials>` +
          `<AssumedRoleUser><AssumedRoleId>AROATESTFAKE00000000:${xml(session)}</AssumedRoleId><Arn>${xml(assumedArn)}</Arn></AssumedRoleUser>`,
      );
    }
    if (service !== "iam") return undefined;
    const role = id.roles?.find((r) => r.name === params.RoleName);
    const user = id.users?.find((u) => u.name === params.UserName);
    switch (action) {
      case "GetRole":
        if (!role) return noSuchEntity(`The role with name ${params.RoleName}`);
        return ok(
          IAM_NS,
          // IAM returns the trust policy URL-encoded; the provider decodes it.
          `<Role><Path>${xml(role.path ?? "/")}</Path><AssumeRolePolicyDocument>${encodeURIComponent(role.assumeRolePolicy)}</AssumeRolePolicyDocument>` +
            `<MaxSessionDuration>${role.maxSessionDuration ?? 3600}</MaxSessionDuration><RoleId>AROATESTFAKE00000000</RoleId><RoleName>${xml(role.name)}</RoleName>` +
            `<Arn>${arn("role", role.path, role.name)}</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate>` +
            `${role.description !== undefined ? `<Description>${xml(role.description)}</Description>` : ""}${tagsXml(role.tags)}<RoleLastUsed/></Role>`,
        );
      case "ListRolePolicies":
        return role ? ok(IAM_NS, "<PolicyNames/><IsTruncated>false</IsTruncated>") : noSuchEntity(`The role with name ${params.RoleName}`);
      case "ListAttachedRolePolicies":
        return role ? ok(IAM_NS, attached(role.attachedPolicyArns)) : noSuchEntity(`The role with name ${params.RoleName}`);
      case "ListRoleTags":
        return role ? ok(IAM_NS, `${tagsXml(role.tags)}<IsTruncated>false</IsTruncated>`) : noSuchEntity(`The role with name ${params.RoleName}`);
      case "GetUser":
        if (!user) return noSuchEntity(`The user with name ${params.UserName}`);
        return ok(
          IAM_NS,
          `<User><Path>${xml(user.path ?? "/")}</Path><UserName>${xml(user.name)}</UserName><UserId>AIDATESTFAKE00000001</UserId>` +
            `<Arn>${arn("user", user.path, user.name)}</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate>${tagsXml(user.tags)}</User>`,
        );
      case "ListUserTags":
        return user ? ok(IAM_NS, `${tagsXml(user.tags)}<IsTruncated>false</IsTruncated>`) : noSuchEntity(`The user with name ${params.UserName}`);
      case "ListUserPolicies":
        return user ? ok(IAM_NS, "<PolicyNames/><IsTruncated>false</IsTruncated>") : noSuchEntity(`The user with name ${params.UserName}`);
      case "ListAttachedUserPolicies":
        return user ? ok(IAM_NS, attached(user.attachedPolicyArns)) : noSuchEntity(`The user with name ${params.UserName}`);
      default:
        return undefined;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Plan JSON (`terraform show -json`), the parts the tests read
// ---------------------------------------------------------------------------------------

export interface PlannedResource {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly index?: number | string;
  readonly values: Record<string, any>;
}

interface PlannedModule {
  readonly resources?: PlannedResource[];
  readonly child_modules?: PlannedModule[];
}

export interface ResourceChange {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly index?: number | string;
  readonly change: {
    readonly actions: string[];
    readonly before: Record<string, any> | null;
    readonly after: Record<string, any> | null;
    readonly after_unknown?: Record<string, any>;
    readonly importing?: { readonly id?: string };
  };
}

export interface TerraformPlan {
  readonly format_version: string;
  readonly terraform_version: string;
  readonly applyable?: boolean;
  readonly complete?: boolean;
  readonly errored: boolean;
  readonly planned_values?: { readonly root_module?: PlannedModule; readonly outputs?: Record<string, { sensitive: boolean; value?: unknown }> };
  readonly resource_changes?: ResourceChange[];
  readonly output_changes?: Record<string, { actions: string[]; after?: unknown; after_unknown?: unknown }>;
  readonly configuration?: Record<string, any>;
  readonly [key: string]: unknown;
}

/** Every resource instance in the plan's planned values (root and child modules). */
export function plannedResources(plan: TerraformPlan): PlannedResource[] {
  const walk = (m: PlannedModule | undefined): PlannedResource[] => (m ? [...(m.resources ?? []), ...(m.child_modules ?? []).flatMap(walk)] : []);
  return walk(plan.planned_values?.root_module);
}

/** Resource changes of one type (managed resources only). */
export function changesOfType(plan: TerraformPlan, type: string): ResourceChange[] {
  return (plan.resource_changes ?? []).filter((r) => r.mode === "managed" && r.type === type);
}

/** The planned `after` values of a resource instance, by address (e.g. `aws_iam_role.datadog_role`). */
export function plannedAfter(plan: TerraformPlan, address: string): Record<string, any> {
  const change = (plan.resource_changes ?? []).find((r) => r.address === address);
  if (!change) throw new Error(`the plan has no resource ${address}; it has: ${(plan.resource_changes ?? []).map((r) => r.address).join(", ") || "none"}`);
  return change.change.after ?? {};
}

/** Planned `after` values of every instance of a type, by address. */
export function plannedAfterOfType(plan: TerraformPlan, type: string): Record<string, Record<string, any>> {
  return Object.fromEntries(changesOfType(plan, type).map((r) => [r.address, r.change.after ?? {}]));
}

/** Output values known at plan time (sensitive ones included, as Terraform's JSON has them). */
export function plannedOutputs(plan: TerraformPlan): Record<string, unknown> {
  return Object.fromEntries(Object.entries(plan.planned_values?.outputs ?? {}).map(([k, v]) => [k, v.value]));
}

// ---------------------------------------------------------------------------------------
// Planning a stack
// ---------------------------------------------------------------------------------------

export interface PlanOptions {
  /** Values for the stack's input variables (passed as TF_VAR_<name>). */
  readonly variables?: Readonly<Record<string, string>>;
  /** Account the fake STS reports for the run's credentials. @default the stack's allowed_account_ids[0] */
  readonly callerAccountId?: string;
  /** IAM roles and users the fake account holds (what an import reads). */
  readonly existing?: Pick<FakeIdentity, "roles" | "users">;
  /** A server the caller owns (and closes); @default one started and closed for this run */
  readonly fakeAws?: FakeAws;
  /** How the AWS provider reaches the fake endpoint; see the file comment. @default "env" */
  readonly endpointsVia?: "env" | "override";
  /** More settings for the AWS provider's override (e.g. skip_requesting_account_id). */
  readonly awsProviderOverride?: Readonly<Record<string, unknown>>;
  /** Run `terraform validate -json` first. @default true */
  readonly validate?: boolean;
}

export interface PlanRun {
  /** Exit code of `terraform plan`. */
  readonly exitCode: number;
  /** `terraform show -json` of the saved plan; Terraform saves errored plans too (`errored: true`). */
  readonly plan?: TerraformPlan;
  /** Plan's human output and diagnostics (no colours), for error messages and assertions. */
  readonly output: string;
  /** What the provider asked the fake AWS endpoint during this run. */
  readonly awsRequests: FakeAwsRequest[];
  /** Warnings of `terraform validate -json` (empty when not validated). */
  readonly validateWarnings: string[];
}

export interface ValidateJson {
  readonly valid: boolean;
  readonly error_count: number;
  readonly warning_count: number;
  readonly diagnostics: { severity: string; summary: string; detail?: string }[];
}

const OVERRIDE_FILE = "zz_test_override.tf.json";
const PLAN_FILE = "tfplan";

/** Partition of the stack's AWS provider: its region decides it. */
export function partitionOfStack(tf: TerraformJson): string {
  const region: string = (tf.provider?.aws?.[0]?.region as string | undefined) ?? "us-east-1";
  return region.startsWith("us-gov-") ? "aws-us-gov" : region.startsWith("cn-") ? "aws-cn" : "aws";
}

const inFlight = new Set<Promise<unknown>>();

/**
 * Waits for runs still going (a test filtered out by -t may never await its run) and
 * removes the shared init dirs. `describeWithTerraform` calls it after its suite.
 */
export async function releaseTerraformRuns(): Promise<void> {
  await Promise.allSettled([...inFlight]);
  await releaseProviderSetups();
}

/**
 * Validates and plans a synthesized stack (parsed cdk.tf.json). Throws when init or
 * validate fail; returns the plan run whether the plan succeeded or not.
 * Commands: (one `init` per provider set), `validate -json`, `plan -refresh=false -out`,
 * `show -json`.
 */
export function runTerraformPlan(tf: TerraformJson, options: PlanOptions = {}): Promise<PlanRun> {
  const run = (async () => planInTempDir(requireTools(), tf, options))();
  inFlight.add(run);
  const forget = () => inFlight.delete(run);
  run.then(forget, forget);
  return run;
}

function planInTempDir(tools: TerraformTools, tf: TerraformJson, options: PlanOptions): Promise<PlanRun> {
  return withRunSlot(async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "datadog-aws-tf-"));
    const ownServer = tf.provider?.aws && !options.fakeAws ? await FakeAws.start() : undefined;
    const fakeAws = options.fakeAws ?? ownServer;
    try {
      const extraEnv: Record<string, string> = {};
      for (const [name, value] of Object.entries(options.variables ?? {})) extraEnv[`TF_VAR_${name}`] = value;

      // The state stays in the run's dir (and is never written: plans only). A provider is
      // only overridden where the stack configures it (Terraform rejects an override of a
      // provider block the base config lacks).
      const override: Record<string, any> = { terraform: { backend: RUN_BACKEND } };
      let accessKeyId: string | undefined;
      if (tf.provider?.aws && fakeAws) {
        const allowed: string[] | undefined = tf.provider.aws[0]?.allowed_account_ids;
        const creds = fakeAws.register({ accountId: options.callerAccountId ?? allowed?.[0] ?? "123456789012", partition: partitionOfStack(tf), ...options.existing });
        accessKeyId = creds.accessKeyId;
        const via = options.endpointsVia ?? "env";
        if (via === "env") extraEnv.AWS_ENDPOINT_URL = fakeAws.url;
        override.provider = {
          aws: (tf.provider.aws as unknown[]).map(() => ({
            access_key: creds.accessKeyId,
            secret_key: creds.secretAccessKey,
            skip_metadata_api_check: true,
            ...(via === "override" ? { endpoints: [{ sts: fakeAws.url, iam: fakeAws.url }] } : {}),
            ...options.awsProviderOverride,
          })),
        };
      }

      // A stack may name an AWS profile; the SDK fails on a profile it cannot find, so the
      // run's own shared credentials file defines it (and default) with the stand-in key.
      const profiles = ((tf.provider?.aws ?? []) as { profile?: string }[]).map((p) => p.profile);
      const setup = await providerSetup(tools.terraform, (tf.terraform?.required_providers ?? {}) as Record<string, unknown>, [{ path: tools.mirror }]);
      await layOutRun(dir, setup, {
        "cdk.tf.json": tf,
        [OVERRIDE_FILE]: override,
        "aws-credentials": accessKeyId ? awsCredentialsFile(profiles, accessKeyId, STAND_IN_SECRET) : "",
      });
      const env = terraformEnv(dir, extraEnv);
      const tfCmd = (args: string[]) => runCommand(tools.terraform, args, dir, env);

      let validateWarnings: string[] = [];
      if (options.validate ?? true) {
        const validate = await tfCmd(["validate", "-json", "-no-color"]);
        const result = JSON.parse(validate.stdout) as ValidateJson;
        const diagnostics = result.diagnostics.filter((d) => d.summary !== DEV_OVERRIDE_WARNING).map((d) => `${d.severity}: ${d.summary}${d.detail ? `: ${d.detail}` : ""}`);
        if (!result.valid) throw new Error(`terraform validate found problems:\n${diagnostics.join("\n")}`);
        validateWarnings = diagnostics;
        countProof("terraformValidates");
      }

      const planned = await tfCmd(["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color", `-out=${PLAN_FILE}`]);
      let plan: TerraformPlan | undefined;
      if (existsSync(path.join(dir, PLAN_FILE))) {
        const shown = await tfCmd(["show", "-json", "-no-color", PLAN_FILE]);
        if (shown.exitCode !== 0) throw new Error(`terraform show -json failed:\n${tail(shown.stderr)}`);
        plan = JSON.parse(shown.stdout) as TerraformPlan;
        countProof("terraformPlans");
      }
      return {
        exitCode: planned.exitCode,
        plan,
        output: `${planned.stdout}\n${planned.stderr}`,
        validateWarnings,
        awsRequests: accessKeyId && fakeAws ? fakeAws.requestsOf(accessKeyId) : [],
      };
    } finally {
      await ownServer?.close();
      if (process.env.KEEP_TF_TEST_DIRS !== "1") await rm(dir, { recursive: true, force: true });
    }
  });
}

/** Validates and plans a synthesized stack; returns the parsed `terraform show -json` plan, or throws with Terraform's diagnostics. */
export async function planTerraformJson(tf: TerraformJson, options: PlanOptions = {}): Promise<TerraformPlan> {
  return successfulPlan(await runTerraformPlan(tf, options));
}

/** The plan of a run that succeeded; throws with Terraform's output otherwise. */
export function successfulPlan(run: PlanRun): TerraformPlan {
  if (run.exitCode !== 0 || !run.plan || run.plan.errored) {
    throw new Error(`terraform plan failed (exit ${run.exitCode}):\n${tail(run.output)}`);
  }
  return run.plan;
}

/** Stand-in values for input variables without a default (e.g. an existing access key's ID and secret). */
export function standInVariables(tf: TerraformJson): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tf.variable ?? {})
      .filter(([, v]) => (v as { default?: unknown }).default === undefined)
      .map(([name]) => [name, `stand-in-${name.replace(/_/g, "-")}`]),
  );
}
