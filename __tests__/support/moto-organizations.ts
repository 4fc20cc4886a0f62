/**
 * A local AWS Organizations for one test file: moto's server (support/moto_server.py) on
 * 127.0.0.1, stopped by `close()` or, at the latest, when the Jest worker exits.
 *
 * Unlike support/moto-server.ts it starts moto without AWS's managed IAM policies: moto's
 * CreateAccount makes an IAM backend for every new account (for its
 * OrganizationAccountAccessRole), and loading the managed policies into each one costs
 * about a second per account (60 accounts: 64 s, against 0.2 s without; measured with
 * moto 5.2.5). The organization tests need no managed policy.
 *
 * moto decides the account of a request from its access key (a key made by IAM's
 * CreateAccessKey belongs to the account it was made in), and the management account of
 * an organization is the one that created it.
 */
import { spawn, ChildProcessByStdio } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import * as path from "node:path";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { findProofTools, skipBanner } from "./test-tools";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export class OrganizationsMoto {
  private closed = false;
  private readonly clients: { destroy(): void }[] = [];

  private constructor(
    private readonly child: ChildProcessByStdio<Writable, Readable, Readable>,
    readonly url: string,
  ) {}

  static start(python: string): Promise<OrganizationsMoto> {
    const env = { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: "false" };
    const child = spawn(python, [path.join(__dirname, "moto_server.py")], { stdio: ["pipe", "pipe", "pipe"], env });
    return new Promise((resolve, reject) => {
      let out = "";
      let err = "";
      const timer = setTimeout(() => fail(new Error(`moto did not start within 30 s:\n${err}`)), 30_000);
      const fail = (e: Error) => {
        clearTimeout(timer);
        child.kill();
        reject(e);
      };
      // Keep draining stderr (its request log) so the pipe never fills and blocks the server.
      child.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
      child.on("error", fail);
      child.on("exit", (code) => fail(new Error(`moto exited (${code}) before it was ready:\n${err}`)));
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const port = /^(\d+)\n/.exec(out)?.[1];
        if (!port) return;
        clearTimeout(timer);
        child.removeAllListeners("exit");
        child.stdout.removeAllListeners("data");
        child.stdout.resume();
        resolve(new OrganizationsMoto(child, `http://127.0.0.1:${port}`));
      });
    });
  }

  /** An Organizations client acting with `credentials` (closed with the server). */
  organizations(credentials: AwsCredentials): OrganizationsClient {
    const client = new OrganizationsClient({ endpoint: this.url, region: "us-east-1", credentials, maxAttempts: 1 });
    this.clients.push(client);
    return client;
  }

  /** Credentials of a new IAM user in `accountId`: moto answers their requests as that account. */
  async credentialsFor(accountId: string): Promise<AwsCredentials> {
    const bootstrap = new IAMClient({ endpoint: this.url, region: "us-east-1", credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "x" }, maxAttempts: 1 });
    bootstrap.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers["x-moto-account-id"] = accountId;
        return next(args);
      },
      { step: "build", name: "motoAccount" },
    );
    try {
      const userName = `user-${Math.random().toString(36).slice(2, 8)}`;
      await bootstrap.send(new CreateUserCommand({ UserName: userName }));
      const key = await bootstrap.send(new CreateAccessKeyCommand({ UserName: userName }));
      return { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
    } finally {
      bootstrap.destroy();
    }
  }

  /**
   * Turns IAM authorization of every request on (moto's `/moto-api/reset-auth` with 0
   * requests left unauthorized) or off again: with it on, a user without a policy is
   * refused as AWS refuses it.
   */
  async enforceIam(on: boolean): Promise<void> {
    const response = await fetch(`${this.url}/moto-api/reset-auth`, { method: "POST", body: on ? "0" : "inf" });
    if (!response.ok) throw new Error(`moto refused reset-auth: ${response.status} ${await response.text()}`);
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    for (const c of this.clients) c.destroy();
    // Already gone (it crashed, or something else stopped it): nothing to wait for.
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.stdin.end();
      setTimeout(() => this.child.kill("SIGKILL"), 5_000).unref();
    });
  }
}

/**
 * True when moto is there; else declares one test that fails under REQUIRE_MOTO=1 or is
 * skipped with a banner, as the lifecycle proofs do (support/lifecycle-suite.ts).
 */
export function motoReady(title: string): boolean {
  const tools = findProofTools();
  if (tools.motoPython) return true;
  const why = tools.motoMissing ?? "moto is not installed";
  if (process.env.REQUIRE_MOTO === "1") {
    test(`${title}: moto is available`, () => {
      throw new Error(`${title} cannot run: ${why}`);
    });
  } else {
    skipBanner(title, `- ${why}`, "REQUIRE_MOTO");
    test.skip(title, () => undefined);
  }
  return false;
}
