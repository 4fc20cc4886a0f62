/**
 * A local AWS for one test: moto's server (IAM, STS) on 127.0.0.1, started from the venv
 * the provisioning script made, stopped by `close()` or, at the latest, when the Jest
 * worker that started it exits (see moto_server.py).
 *
 * moto decides the account of a request from its access key: a key made by
 * CreateAccessKey belongs to the account it was made in. `credentialsFor` makes such a
 * key in the stack's own account and partition, so the AWS provider's
 * `allowed_account_ids` guard checks the account moto reports, as against real AWS.
 */
import { spawn, ChildProcessByStdio } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { IAMClient, CreateUserCommand, CreateAccessKeyCommand } from "@aws-sdk/client-iam";

// The SDK notes on every run that releases after January 2027 need Node 22; the pinned one
// runs on this machine's Node 20, so the notice is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** Region whose IAM endpoint a partition signs with; moto keeps one IAM per partition. */
export const IAM_REGION_OF_PARTITION: Record<string, string> = { aws: "us-east-1", "aws-us-gov": "us-gov-west-1", "aws-cn": "cn-north-1" };

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export class MotoServer {
  private closed = false;

  private constructor(
    private readonly child: ChildProcessByStdio<Writable, Readable, Readable>,
    readonly url: string,
  ) {}

  /**
   * Starts moto's server. `options.script` runs another script of this folder in its place
   * (e.g. moto_enforced.py, which adds to moto_server.py and runs it), `options.env` adds to
   * its environment; by default moto_server.py with the worker's environment.
   */
  static start(python: string, options: { readonly script?: string; readonly env?: Readonly<Record<string, string>> } = {}): Promise<MotoServer> {
    // The Python scripts stay in the source folder when this file runs compiled (dist/).
    const folder = existsSync(path.join(__dirname, "moto_server.py")) ? __dirname : path.resolve(__dirname, "..", "..", "..", "__tests__", "support");
    const script = path.join(folder, options.script ?? "moto_server.py");
    const child = spawn(python, [script], { stdio: ["pipe", "pipe", "pipe"], env: options.env ? { ...process.env, ...options.env } : process.env });
    return new Promise((resolve, reject) => {
      let out = "";
      let err = "";
      const timer = setTimeout(() => fail(new Error(`moto did not start within 30 s:\n${err}`)), 30_000);
      const fail = (e: Error) => {
        clearTimeout(timer);
        child.kill();
        reject(e);
      };
      // Keep draining stderr so the pipe never fills and blocks the server; the end of it
      // says why, if it fails.
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
        // Keep draining its output so the pipe never fills and blocks the server.
        child.stdout.resume();
        resolve(new MotoServer(child, `http://127.0.0.1:${port}`));
      });
    });
  }

  /**
   * An IAM client acting in `accountId` before any key of it exists, through moto's
   * documented `x-moto-account-id` header (refused once IAM authorization is enforced).
   */
  iamInAccount(accountId: string, partition = "aws"): IAMClient {
    const client = this.iam({ accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "x" }, partition);
    client.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers["x-moto-account-id"] = accountId;
        return next(args);
      },
      { step: "build", name: "motoAccount" },
    );
    return client;
  }

  /** An IAM client acting in `accountId` (through a key made there), for assertions. */
  iam(credentials: AwsCredentials, partition = "aws"): IAMClient {
    return new IAMClient({ endpoint: this.url, region: IAM_REGION_OF_PARTITION[partition], credentials, maxAttempts: 1 });
  }

  /**
   * Credentials of a deployer user in `accountId`: moto reports that account for them
   * (GetCallerIdentity), as AWS would for a user of the account.
   */
  async credentialsFor(accountId: string, partition = "aws"): Promise<AwsCredentials> {
    const bootstrap = this.iamInAccount(accountId, partition);
    const userName = `deployer-${Math.random().toString(36).slice(2, 8)}`;
    await bootstrap.send(new CreateUserCommand({ UserName: userName, Path: "/test-deployers/" }));
    const key = await bootstrap.send(new CreateAccessKeyCommand({ UserName: userName }));
    bootstrap.destroy();
    return { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
  }

  /**
   * Starts moto's own request recorder (its `/moto-api/recorder/` endpoints): from here on
   * every request moto gets is appended to the file its `MOTO_RECORDER_FILEPATH` names,
   * which `start` must have been given in `options.env`. Set-up requests made before this
   * call stay out of the record.
   */
  async startRecording(): Promise<void> {
    const response = await fetch(`${this.url}/moto-api/recorder/start-recording`, { method: "POST" });
    if (!response.ok) throw new Error(`moto refused to start recording: ${response.status} ${await response.text()}`);
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    // Already gone (it crashed, or something else stopped it): nothing to wait for.
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.stdin.end();
      setTimeout(() => this.child.kill("SIGKILL"), 5_000).unref();
    });
  }
}
