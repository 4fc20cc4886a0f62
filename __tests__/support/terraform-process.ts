// Runs one Terraform command as a child process with a bounded run time and an environment cleaned of the host's credentials and settings.
/**
 * Running the Terraform CLI from tests: one child process with a bounded run time, and an
 * environment cleaned of anything Terraform or the AWS SDK would read from the host.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";

export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

const COMMAND_TIMEOUT_MS = Number(process.env.TF_TEST_COMMAND_TIMEOUT_MS ?? 120_000);

export function runCommand(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    // Terraform stops cleanly on SIGTERM; a hung run fails the test instead of Jest's timeout.
    const timer = setTimeout(() => child.kill("SIGTERM"), COMMAND_TIMEOUT_MS);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${file}: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const result = { exitCode: code ?? -1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
      if (signal) reject(new Error(`terraform ${args[0]} was stopped (${signal}) after ${COMMAND_TIMEOUT_MS} ms\n${tail(result.stderr)}`));
      else resolve(result);
    });
  });
}

export const tail = (text: string, lines = 40) => text.trim().split("\n").slice(-lines).join("\n");

/**
 * Environment of every Terraform process: the caller's minus anything Terraform, the AWS
 * SDK or the Datadog provider would read from the host (credentials, profiles, TF_VAR_*,
 * a CLI config, Datadog keys), plus ours.
 */
export function terraformEnv(dir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(TF_|AWS_|CHECKPOINT_|DD_|DATADOG_)/.test(k)) env[k] = v;
  return {
    ...env,
    TF_CLI_CONFIG_FILE: path.join(dir, "terraform.tfrc"),
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: path.join(dir, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "aws-credentials"),
    // Terraform and the AWS provider spend most of a run decoding the provider's schema;
    // a lazier garbage collector cuts their CPU time by about a quarter (measured).
    GOGC: process.env.GOGC ?? "400",
    ...extra,
  };
}

/** A shared credentials file defining `default` and every profile the stack's AWS providers name. */
export function awsCredentialsFile(profiles: readonly (string | undefined)[], accessKeyId: string, secretAccessKey: string): string {
  return ["default", ...profiles.filter((p): p is string => !!p)].map((name) => `[${name}]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`).join("\n");
}
