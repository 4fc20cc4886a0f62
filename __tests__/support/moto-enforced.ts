/**
 * A local AWS that enforces IAM authorization, for proofs that a policy is enough and
 * that each of its statements is needed: moto's server through moto_enforced.py (see
 * there what moto checks, what that script adds, and what it leaves unchecked), one per
 * test, on 127.0.0.1, gone with the Jest worker at the latest.
 *
 * Principals are made while enforcement is off (an administrator for the test's own
 * checks, and principals holding exactly a given policy); `enforce()` then turns it on
 * with moto's own switch, and from there every request, Terraform's and the test's, is
 * authorized against the caller's policies. Every authorized request is logged with the
 * resource it was checked against, so a test can read what the AWS provider called.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  ListPoliciesCommand,
  ListRolesCommand,
  ListUsersCommand,
} from "@aws-sdk/client-iam";
import { AwsCredentials, MotoServer } from "./moto-server";
import { awsProviderMirror } from "./provider-sets";
import { findProofTools } from "./test-tools";
import { TerraformWorkspace } from "./terraform-workspace";
import type { TerraformJson } from "./synth";

/** Path of every principal a test makes for itself; what a stack leaves behind is anything else. */
export const TEST_PRINCIPAL_PATH = "/test-principals/";

/** One request as moto_enforced.py logged it. */
export interface LoggedRequest {
  readonly service: string;
  readonly action: string;
  /** The resource moto checked the caller's policies against ("*" when the request names none). */
  readonly resource: string;
  /** The request's parameters that name IAM entities (RoleName, UserName, PolicyArn, ...). */
  readonly params: Readonly<Record<string, string>>;
  readonly accessKeyId: string;
  /** Whether authorization was enforced for it (false before `enforce()`). */
  readonly enforced: boolean;
  /** "allowed", or the error moto answered ("AccessDenied", "InvalidClientTokenId", ...). */
  readonly outcome: string;
}

export interface TestPrincipal {
  readonly userName: string;
  readonly arn: string;
  readonly credentials: AwsCredentials;
}

export const ADMINISTRATOR_POLICY = { Version: "2012-10-17", Statement: [{ Sid: "TestAdministrator", Effect: "Allow", Action: "*", Resource: "*" }] };

export class EnforcedAws {
  private enforcing = false;

  private constructor(
    readonly moto: MotoServer,
    readonly accountId: string,
    readonly partition: string,
    private readonly logDir: string,
    /** Acts in the account with the x-moto-account-id header; works only until `enforce()`. */
    private readonly bootstrap: IAMClient,
  ) {}

  static async start(accountId: string, partition: string): Promise<EnforcedAws> {
    const logDir = await mkdtemp(path.join(os.tmpdir(), "moto-enforced-"));
    let moto: MotoServer;
    try {
      moto = await MotoServer.start(findProofTools().motoPython!, { script: "moto_enforced.py", env: { MOTO_REQUEST_LOG: path.join(logDir, "requests.jsonl") } });
    } catch (e) {
      await rm(logDir, { recursive: true, force: true });
      throw e;
    }
    const bootstrap = moto.iamInAccount(accountId, partition);
    return new EnforcedAws(moto, accountId, partition, logDir, bootstrap);
  }

  /**
   * A user of the account (under TEST_PRINCIPAL_PATH) holding exactly `policy`, as a
   * customer managed policy attached to it, and an access key of it. Before `enforce()` only.
   */
  async principal(name: string, policy: object): Promise<TestPrincipal> {
    if (this.enforcing) throw new Error("make principals before enforce(): afterwards the bootstrap client is refused");
    const user = await this.bootstrap.send(new CreateUserCommand({ UserName: name, Path: TEST_PRINCIPAL_PATH }));
    const created = await this.bootstrap.send(new CreatePolicyCommand({ PolicyName: `${name}-policy`, Path: TEST_PRINCIPAL_PATH, PolicyDocument: JSON.stringify(policy) }));
    await this.bootstrap.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: created.Policy!.Arn! }));
    const key = await this.bootstrap.send(new CreateAccessKeyCommand({ UserName: name }));
    return { userName: name, arn: user.User!.Arn!, credentials: { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! } };
  }

  /** A role made by hand before the stack adopts it (import). Before `enforce()` only. */
  async handMadeRole(roleName: string, trustPolicy: object, maxSessionDuration?: number): Promise<void> {
    if (this.enforcing) throw new Error("make hand-made resources before enforce()");
    await this.bootstrap.send(
      new CreateRoleCommand({
        RoleName: roleName,
        AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
        Description: "Made by hand following Datadog's setup guide",
        MaxSessionDuration: maxSessionDuration,
      }),
    );
  }

  /** Turns authorization on: moto's INITIAL_NO_AUTH_ACTION_COUNT set to 0 through its reset-auth endpoint. */
  async enforce(): Promise<void> {
    const response = await fetch(`${this.moto.url}/moto-api/reset-auth`, { method: "POST", body: "0" });
    if (!response.ok) throw new Error(`moto refused to enforce authorization: ${response.status} ${await response.text()}`);
    this.enforcing = true;
    this.bootstrap.destroy();
  }

  /** An IAM client acting as `principal`. */
  iam(principal: TestPrincipal): IAMClient {
    return this.moto.iam(principal.credentials, this.partition);
  }

  /** A Terraform working directory for `stack`, with the AWS provider acting as `principal`. */
  workspace(stack: TerraformJson, principal: TestPrincipal, variables: Record<string, string> = {}): Promise<TerraformWorkspace> {
    return TerraformWorkspace.create(stack, {
      terraform: findProofTools().terraform!.terraform,
      mirrors: [awsProviderMirror()],
      aws: { endpoint: this.moto.url, credentials: principal.credentials },
      variables,
    });
  }

  /** Every request moto authorized so far, in order. */
  async requests(): Promise<LoggedRequest[]> {
    let text: string;
    try {
      text = await readFile(path.join(this.logDir, "requests.jsonl"), "utf8");
    } catch {
      return [];
    }
    return text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LoggedRequest);
  }

  /** Roles, customer policies and users in the account other than the test's own principals. */
  async leftovers(admin: TestPrincipal): Promise<string[]> {
    const iam = this.iam(admin);
    try {
      const [roles, policies, users] = await Promise.all([iam.send(new ListRolesCommand({})), iam.send(new ListPoliciesCommand({ Scope: "Local" })), iam.send(new ListUsersCommand({}))]);
      return [
        ...(roles.Roles ?? []).map((r) => `role ${r.RoleName}`),
        ...(policies.Policies ?? []).filter((p) => p.Path !== TEST_PRINCIPAL_PATH).map((p) => `policy ${p.PolicyName}`),
        ...(users.Users ?? []).filter((u) => u.Path !== TEST_PRINCIPAL_PATH).map((u) => `user ${u.UserName}`),
      ];
    } finally {
      iam.destroy();
    }
  }

  async close(): Promise<void> {
    this.bootstrap.destroy();
    await this.moto.close();
    await rm(this.logDir, { recursive: true, force: true });
  }
}
