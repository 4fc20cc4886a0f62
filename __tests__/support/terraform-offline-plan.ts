// Validates and plans one synthesized stack with the real Terraform CLI, offline, so plan tests see Terraform's and the provider's own verdict.
/**
 * Runs synthesized stacks through the real Terraform CLI, offline.
 *
 * How a run works (Terraform's own mechanisms only; the product's output is not edited):
 * - a fresh temp dir gets the stack's cdk.tf.json unchanged, plus `zz_test_override.tf.json`,
 *   which Terraform merges over it (`*_override.tf.json`): a local backend in the temp dir
 *   and the AWS provider's credentials (a key moto made in the stack's account);
 * - providers come only from the filesystem mirror (CLI config written per run; no
 *   registry, no network). `terraform init` runs once per distinct set of required
 *   providers and its result is copied into each run (see providerSetup);
 * - `validate -json`, `plan -lock=false -refresh=false -out`, `show -json`;
 * - the temp dir is removed (KEEP_TF_TEST_DIRS=1 keeps it, for debugging).
 *
 * The stacks' AWS provider keeps its `allowed_account_ids` guard. The guard needs the
 * caller's account ID, and with `skip_requesting_account_id` the provider fails closed
 * ("AWS account ID not allowed: " with an empty ID). So instead of skipping the lookup,
 * every run gets its own moto server on 127.0.0.1 (support/moto-server.ts), the same
 * emulator the lifecycle proofs apply against: the run's credentials are an access key of
 * a user moto made in the stack's own account (or, to test the guard, another one), so
 * moto's STS GetCallerIdentity reports that account; moto's AssumeRole hands out keys of
 * the role's account for stacks that deploy through a role; and an import reads the
 * roles and users `existing` put into the account through IAM's API. moto's own recorder
 * logs what the provider asked (`awsRequests`), from after that set-up on.
 * The provider reaches it through `AWS_ENDPOINT_URL` (the SDK's standard variable) by
 * default: measured with AWS provider 5.100.0, an `endpoints` block in the provider config
 * costs about 2.5 s of CPU per plan, the variable nothing. `endpointsVia: "override"` uses
 * the `endpoints` block instead.
 *
 * Cost: each terraform command loads the AWS provider's schema (about 1.2 s of CPU), so a
 * stack's validate + plan + show takes about 5 s of CPU. Runs are CPU-bound; at most
 * TF_TEST_CONCURRENCY (default 2) run at once per Jest worker.
 *
 * Suites wrap these runs in `describeWithTerraform` (support/terraform-suite.ts).
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { countProof } from "./proof-counters";
import { createExisting, ExistingIam } from "./aws-existing";
import { MotoServer } from "./moto-server";
import { AwsRequest, readMotoRecording } from "./moto-recording";
import { findProofTools } from "./test-tools";
import { awsCredentialsFile, runCommand, tail, terraformEnv } from "./terraform-process";
import { DEV_OVERRIDE_WARNING, layOutRun, providerSetup, releaseProviderSetups, RUN_BACKEND } from "./terraform-providers";
import type { TerraformPlan, ValidateJson } from "./terraform-plan-json";
import { concurrencyLimit, TERRAFORM_SLOTS } from "./terraform-slots";
import { partitionOfStack } from "./terraform-stack-inputs";
import { requireTools, TerraformTools } from "./terraform-tools";
import type { TerraformJson } from "./synth";

const withRunSlot = concurrencyLimit(TERRAFORM_SLOTS);

export interface PlanOptions {
  /** Values for the stack's input variables (passed as TF_VAR_<name>). */
  readonly variables?: Readonly<Record<string, string>>;
  /** Account the run's credentials belong to in moto. @default the stack's allowed_account_ids[0] */
  readonly callerAccountId?: string;
  /** IAM roles and users the caller's account holds before the plan (what an import reads). */
  readonly existing?: ExistingIam;
  /** How the AWS provider reaches moto; see the file comment. @default "env" */
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
  /** What the provider asked moto during this run, in order (moto's own recording). */
  readonly awsRequests: AwsRequest[];
  /** The URL the run's moto served on (gone once the run is over). */
  readonly awsEndpoint?: string;
  /** Warnings of `terraform validate -json` (empty when not validated). */
  readonly validateWarnings: string[];
}

const OVERRIDE_FILE = "zz_test_override.tf.json";
const MOTO_RECORDING = "moto-recording.jsonl";
const PLAN_FILE = "tfplan";

const inFlight = new Set<Promise<unknown>>();

/**
 * Waits for runs still going (a test filtered out by -t may never await its run) and
 * their moto servers' stops, and removes the shared init dirs. `describeWithTerraform`
 * calls it after its suite.
 */
export async function releaseTerraformRuns(): Promise<void> {
  // A run that ends adds its moto's stop to the set: wait until nothing is left.
  while (inFlight.size) await Promise.allSettled([...inFlight]);
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
    let moto: MotoServer | undefined;
    try {
      const extraEnv: Record<string, string> = {};
      for (const [name, value] of Object.entries(options.variables ?? {})) extraEnv[`TF_VAR_${name}`] = value;

      // The state stays in the run's dir (and is never written: plans only). A provider is
      // only overridden where the stack configures it (Terraform rejects an override of a
      // provider block the base config lacks).
      const override: Record<string, any> = { terraform: { backend: RUN_BACKEND } };
      let creds: { accessKeyId: string; secretAccessKey: string } | undefined;
      if (tf.provider?.aws) {
        const python = findProofTools().motoPython;
        if (!python) throw new Error(`moto is needed to plan a stack with the AWS provider: ${findProofTools().motoMissing}`);
        moto = await MotoServer.start(python, { env: { MOTO_RECORDER_FILEPATH: path.join(dir, MOTO_RECORDING) } });
        const allowed: string[] | undefined = tf.provider.aws[0]?.allowed_account_ids;
        const partition = partitionOfStack(tf);
        const key = await moto.credentialsFor(options.callerAccountId ?? allowed?.[0] ?? "123456789012", partition);
        const url = moto.url;
        creds = key;
        if (options.existing) {
          const iam = moto.iam(key, partition);
          await createExisting(iam, options.existing).finally(() => iam.destroy());
        }
        await moto.startRecording();
        const via = options.endpointsVia ?? "env";
        if (via === "env") extraEnv.AWS_ENDPOINT_URL = url;
        override.provider = {
          aws: (tf.provider.aws as unknown[]).map(() => ({
            access_key: key.accessKeyId,
            secret_key: key.secretAccessKey,
            skip_metadata_api_check: true,
            ...(via === "override" ? { endpoints: [{ sts: url, iam: url }] } : {}),
            ...options.awsProviderOverride,
          })),
        };
      }

      // A stack may name an AWS profile; the SDK fails on a profile it cannot find, so the
      // run's own shared credentials file defines it (and default) with moto's key.
      const profiles = ((tf.provider?.aws ?? []) as { profile?: string }[]).map((p) => p.profile);
      const setup = await providerSetup(tools.terraform, (tf.terraform?.required_providers ?? {}) as Record<string, unknown>, [{ path: tools.mirror }]);
      await layOutRun(dir, setup, {
        "cdk.tf.json": tf,
        [OVERRIDE_FILE]: override,
        "aws-credentials": creds ? awsCredentialsFile(profiles, creds.accessKeyId, creds.secretAccessKey) : "",
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
        awsRequests: await readMotoRecording(path.join(dir, MOTO_RECORDING)),
        awsEndpoint: moto?.url,
      };
    } finally {
      // moto takes a few seconds to stop; the next run need not wait for that, the suite's end does.
      if (moto) {
        const closing = moto.close();
        inFlight.add(closing);
        closing.finally(() => inFlight.delete(closing));
      }
      if (process.env.KEEP_TF_TEST_DIRS !== "1") await rm(dir, { recursive: true, force: true });
    }
  });
}

/** The plan of a run that succeeded; throws with Terraform's output otherwise. */
export function successfulPlan(run: PlanRun): TerraformPlan {
  if (run.exitCode !== 0 || !run.plan || run.plan.errored) {
    throw new Error(`terraform plan failed (exit ${run.exitCode}):\n${tail(run.output)}`);
  }
  return run.plan;
}
