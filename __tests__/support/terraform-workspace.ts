// One stack in a Terraform working directory wired to local APIs (moto, local Datadog API) for its whole life: validate, apply, re-plan, edit, destroy.
/**
 * One synthesized stack in a Terraform working directory, wired to local APIs, for the
 * whole life of a deployment: validate, apply, plan again, edit, import, destroy.
 *
 * The stack's cdk.tf.json is copied unchanged. Beside it go only Terraform's own
 * mechanisms for test wiring:
 * - `zz_test_override.tf.json` (merged over the stack by Terraform): a local backend in
 *   the directory, moto's credentials for the AWS provider, the local Datadog API's URL
 *   for the Datadog provider;
 * - a CLI config installing providers from filesystem mirrors only;
 * - environment: AWS_ENDPOINT_URL (moto), the local Datadog keys in the variables the
 *   stack reads them from (DD_API_KEY / DD_APP_KEY or its TF_VAR_ names).
 * The AWS provider keeps its `allowed_account_ids` guard: moto reports the account the
 * credentials belong to, which is the stack's own.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import type { TerraformJson } from "./synth";
import type { AwsCredentials } from "./moto-server";
import { awsCredentialsFile, CommandResult, runCommand, tail, terraformEnv } from "./terraform-process";
import { DEV_OVERRIDE_WARNING, layOutRun, ProviderMirror, providerSetup, RUN_BACKEND } from "./terraform-providers";
import { changesIn, type TerraformPlan, type ValidateJson } from "./terraform-plan-json";

export interface WorkspaceOptions {
  readonly terraform: string;
  /** Mirrors holding every provider the stack requires (and nothing else of that name). */
  readonly mirrors: readonly ProviderMirror[];
  readonly aws: { readonly endpoint: string; readonly credentials: AwsCredentials };
  /** The local Datadog API, for stacks that configure the Datadog provider. */
  readonly datadog?: { readonly url: string; readonly apiKey: string; readonly appKey: string };
  /** Input variables (TF_VAR_<name>). */
  readonly variables?: Readonly<Record<string, string>>;
  /** More environment for Terraform (e.g. TF_LOG_PROVIDER and TF_LOG_PATH, to read the provider's AWS calls). */
  readonly env?: Readonly<Record<string, string>>;
}

const OVERRIDE_FILE = "zz_test_override.tf.json";

/** `${var.NAME}` of a provider argument, if it is exactly that. */
function variableOf(value: unknown): string | undefined {
  return typeof value === "string" ? /^\$\{var\.([A-Za-z_][\w-]*)\}$/.exec(value)?.[1] : undefined;
}

export class TerraformWorkspace {
  private constructor(
    readonly dir: string,
    private readonly options: WorkspaceOptions,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /**
   * A working directory for `stack`. With `hcl`, the stack's HCL rendering (cdk.tf) is laid
   * out instead of its JSON; `stack` still tells which providers and variables it has.
   */
  static async create(stack: TerraformJson, options: WorkspaceOptions & { readonly hcl?: string }): Promise<TerraformWorkspace> {
    const dir = await mkdtemp(path.join(os.tmpdir(), "datadog-aws-lifecycle-"));
    const extra: Record<string, string> = { AWS_ENDPOINT_URL: options.aws.endpoint };
    for (const [name, value] of Object.entries(options.variables ?? {})) extra[`TF_VAR_${name}`] = value;
    Object.assign(extra, options.env);

    const override: Record<string, any> = { terraform: { backend: RUN_BACKEND } };
    if (stack.provider?.aws) {
      override.provider = {
        // Terraform matches an override to its provider block by alias.
        aws: (stack.provider.aws as { alias?: string }[]).map((p) => ({
          ...(p.alias ? { alias: p.alias } : {}),
          access_key: options.aws.credentials.accessKeyId,
          secret_key: options.aws.credentials.secretAccessKey,
          skip_metadata_api_check: true,
        })),
      };
    }
    // A named profile must exist for the SDK; it holds the same credentials.
    const profiles = ((stack.provider?.aws ?? []) as { profile?: string }[]).map((p) => p.profile);
    const credentialsFile = awsCredentialsFile(profiles, options.aws.credentials.accessKeyId, options.aws.credentials.secretAccessKey);

    if (stack.provider?.datadog) {
      const dd = options.datadog;
      if (!dd) throw new Error("the stack configures the Datadog provider; give the workspace a local Datadog API");
      override.provider = { ...override.provider, datadog: (stack.provider.datadog as { alias?: string }[]).map((p) => ({ ...(p.alias ? { alias: p.alias } : {}), api_url: dd.url })) };
      for (const p of stack.provider.datadog as { api_key?: unknown; app_key?: unknown }[]) {
        // Keys reach the provider the way the stack says: its own variables, or DD_*.
        const apiVar = variableOf(p.api_key);
        const appVar = variableOf(p.app_key);
        if (apiVar) extra[`TF_VAR_${apiVar}`] = dd.apiKey;
        else extra.DD_API_KEY = dd.apiKey;
        if (appVar) extra[`TF_VAR_${appVar}`] = dd.appKey;
        else extra.DD_APP_KEY = dd.appKey;
      }
    }

    const setup = await providerSetup(options.terraform, (stack.terraform?.required_providers ?? {}) as Record<string, unknown>, options.mirrors);
    const config = options.hcl === undefined ? { "cdk.tf.json": stack } : { "cdk.tf": options.hcl };
    await layOutRun(dir, setup, { ...config, [OVERRIDE_FILE]: override, "aws-credentials": credentialsFile });
    return new TerraformWorkspace(dir, options, terraformEnv(dir, extra));
  }

  private run(args: string[]): Promise<CommandResult> {
    return runCommand(this.options.terraform, [...args, "-no-color"], this.dir, this.env);
  }

  /** Replaces the stack (an edit of the config, synthesized again); state stays. */
  async replaceStack(stack: TerraformJson): Promise<void> {
    await writeFile(path.join(this.dir, "cdk.tf.json"), JSON.stringify(stack, null, 2));
  }

  /** `terraform validate -json`; throws with the diagnostics when invalid. */
  async validate(): Promise<string[]> {
    const result = JSON.parse((await this.run(["validate", "-json"])).stdout) as ValidateJson;
    const diagnostics = result.diagnostics.filter((d) => d.summary !== DEV_OVERRIDE_WARNING).map((d) => `${d.severity}: ${d.summary}${d.detail ? `: ${d.detail}` : ""}`);
    if (!result.valid) throw new Error(`terraform validate found problems:\n${diagnostics.join("\n")}`);
    return diagnostics;
  }

  /** `terraform apply` (of `targets` only, when given); throws with Terraform's output when it fails. */
  async apply(targets: readonly string[] = []): Promise<void> {
    const r = await this.run(["apply", "-auto-approve", "-input=false", "-lock=false", ...targets.map((t) => `-target=${t}`)]);
    if (r.exitCode !== 0) throw new Error(`terraform apply failed (exit ${r.exitCode}):\n${tail(`${r.stdout}\n${r.stderr}`, 60)}`);
  }

  /** `terraform apply` that is expected to fail: its output. */
  async applyFailing(): Promise<string> {
    const r = await this.run(["apply", "-auto-approve", "-input=false", "-lock=false"]);
    if (r.exitCode === 0) throw new Error("terraform apply succeeded, but it was expected to fail");
    return `${r.stdout}\n${r.stderr}`;
  }

  /** A saved plan, as `terraform show -json` renders it; throws when planning fails. */
  async plan(): Promise<TerraformPlan> {
    const planned = await this.run(["plan", "-input=false", "-lock=false", "-out=tfplan"]);
    if (planned.exitCode !== 0) throw new Error(`terraform plan failed (exit ${planned.exitCode}):\n${tail(`${planned.stdout}\n${planned.stderr}`, 60)}`);
    const shown = await this.run(["show", "-json", "tfplan"]);
    if (shown.exitCode !== 0) throw new Error(`terraform show -json failed:\n${tail(shown.stderr)}`);
    return JSON.parse(shown.stdout) as TerraformPlan;
  }

  /**
   * The changes a plan would make, as "address: actions" (empty when it has none). One
   * command when there are none (`-detailed-exitcode` says so); the saved plan is read only
   * to list what changed.
   */
  async pendingChanges(targets: readonly string[] = []): Promise<string[]> {
    const planned = await this.run(["plan", "-input=false", "-lock=false", "-detailed-exitcode", "-out=tfplan", ...targets.map((t) => `-target=${t}`)]);
    if (planned.exitCode === 0) return [];
    if (planned.exitCode !== 2) throw new Error(`terraform plan failed (exit ${planned.exitCode}):\n${tail(`${planned.stdout}\n${planned.stderr}`, 60)}`);
    const shown = await this.run(["show", "-json", "tfplan"]);
    const changes = changesIn(JSON.parse(shown.stdout) as TerraformPlan);
    // Exit 2 with no resource change: outputs only, or drift Terraform would report.
    return changes.length ? changes : [`plan reports changes (exit 2):\n${tail(planned.stdout, 30)}`];
  }

  /** `terraform destroy`; throws with Terraform's output when it fails. */
  async destroy(): Promise<void> {
    const r = await this.run(["destroy", "-auto-approve", "-input=false", "-lock=false"]);
    if (r.exitCode !== 0) throw new Error(`terraform destroy failed (exit ${r.exitCode}):\n${tail(`${r.stdout}\n${r.stderr}`, 60)}`);
  }

  /** Outputs of the applied state (sensitive ones included). */
  async outputs(): Promise<Record<string, unknown>> {
    const r = await this.run(["output", "-json"]);
    if (r.exitCode !== 0) throw new Error(`terraform output failed:\n${tail(r.stderr)}`);
    return Object.fromEntries(Object.entries(JSON.parse(r.stdout) as Record<string, { value: unknown }>).map(([k, v]) => [k, v.value]));
  }

  async dispose(): Promise<void> {
    if (process.env.KEEP_TF_TEST_DIRS !== "1") await rm(this.dir, { recursive: true, force: true });
  }
}
