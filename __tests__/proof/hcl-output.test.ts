/**
 * `cdktf synth --hcl` (SYNTH_HCL_OUTPUT=true): every stack is HCL that `terraform fmt
 * -check` accepts as it is, and that Terraform plans exactly as it plans the same stack's
 * JSON (with the real providers, against the local APIs), wherever those providers can
 * be had.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CONFIG_FILES } from "../support/shipped-configs";
import { LocalApis } from "../support/local-apis";
import { awsProviderSet, datadogProviderSet, ProviderSet } from "../support/provider-sets";
import { lifecycleVariables, partitionOfStack } from "../support/terraform-stack-inputs";
import { availableDatadogProviders, proofToolsReady } from "../support/proof-guards";
import { releaseProviderSetups } from "../support/terraform-providers";
import type { TerraformJson } from "../support/synth";
import type { TerraformPlan } from "../support/terraform-plan-json";
import { findProofTools } from "../support/test-tools";

const ROOT = path.join(__dirname, "..", "..");

/** Every stack of a config file, synthesized by the app as HCL and as JSON. */
function synthBoth(file: string): { name: string; hcl: string; json: TerraformJson }[] {
  const out = mkdtempSync(path.join(tmpdir(), "hcl-"));
  try {
    const synth = (dir: string, hcl: boolean) =>
      execFileSync(process.execPath, ["dist/main.js"], {
        cwd: ROOT,
        env: { ...process.env, SYNTH_HCL_OUTPUT: hcl ? "true" : "", DATADOG_AWS_CONFIG: file, CDKTF_OUTDIR: path.join(out, dir) },
        stdio: "pipe",
      });
    synth("hcl", true);
    synth("json", false);
    return readdirSync(path.join(out, "hcl", "stacks")).map((name) => ({
      name,
      hcl: readFileSync(path.join(out, "hcl", "stacks", name, "cdk.tf"), "utf8"),
      json: JSON.parse(readFileSync(path.join(out, "json", "stacks", name, "cdk.tf.json"), "utf8")) as TerraformJson,
    }));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** What about a stack could render differently in HCL: the first stack showing each is planned both ways. */
function features(stack: TerraformJson): string[] {
  const resources = Object.keys(stack.resource ?? {});
  return [
    ...resources,
    ...Object.keys(stack.data ?? {}),
    ...(stack.import ? ["import blocks"] : []),
    ...(stack.variable ? ["input variables"] : []),
    ...(stack.locals ? ["locals"] : []),
    ...(stack.provider?.aws?.[0]?.assume_role ? ["assumed role"] : []),
  ];
}
const covered = new Set<string>();

/** What a plan would do, resource by resource, independent of how the config was written. */
const changes = (plan: TerraformPlan) => (plan.resource_changes ?? []).map((r) => ({ address: r.address, actions: r.change.actions, after: r.change.after, importing: r.change.importing }));

if (proofToolsReady("cdktf synth --hcl")) {
  const tools = findProofTools();
  const datadog = availableDatadogProviders("cdktf synth --hcl").map(datadogProviderSet)[0];
  afterAll(releaseProviderSetups);

  describe.each(CONFIG_FILES)("cdktf synth --hcl of %s", (file) => {
    const stacks = synthBoth(file);

    test.each(stacks.map((s) => [s.name, s] as const))("%s passes terraform fmt -check as written", (_name, s) => {
      const fmt = spawnSync(tools.terraform!.terraform, ["fmt", "-check", "-no-color", "-"], { input: s.hcl, env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" } });
      expect({ status: fmt.status, stdout: fmt.stdout.toString(), stderr: fmt.stderr.toString() }).toEqual({ status: 0, stdout: "", stderr: "" });
      expect(s.hcl).toMatch(/^resource "aws_iam_(role|user)"/m);
    });

    // Stacks that need the Datadog provider are skipped (and said so) where it cannot be had.
    const withProviders = stacks.map((s) => ({ ...s, providers: s.json.provider?.datadog ? datadog : awsProviderSet() }));
    for (const s of withProviders.filter((x) => !x.providers)) test.skip(`${s.name} plans as its JSON does (skipped: no Datadog provider here)`, () => undefined);
    for (const s of withProviders.filter((x) => x.providers))
      test(`${s.name} is valid for the real providers, and plans as its JSON does if it renders something new`, async () => {
        const providers: ProviderSet = s.providers!;
        const fresh = features(s.json).filter((f) => !covered.has(f));
        fresh.forEach((f) => covered.add(f));
        const accountId = (s.json.provider!.aws[0].allowed_account_ids as string[])[0];
        const apis = await LocalApis.start(accountId, partitionOfStack(s.json));
        try {
          // What an import block adopts must exist, as it would where the stack is used.
          const imported = (type: string) => s.json.import?.find((i) => i.to.startsWith(`${type}.`))?.id;
          if (s.json.import) {
            await apis.seedHandMade(
              accountId,
              { iamRole: imported("aws_iam_role"), iamUser: imported("aws_iam_user"), datadogAccountConfigId: imported("datadog_integration_aws_account") },
              "arn:aws:iam::464622532012:root",
            );
          }
          // A plan validates too; a stack with nothing new is only validated.
          const plans = [];
          for (const hcl of fresh.length ? [s.hcl, undefined] : [s.hcl]) {
            const ws = await apis.workspace(s.json, providers, lifecycleVariables(s.json), hcl);
            try {
              if (fresh.length) plans.push(changes(await ws.plan()));
              else expect(await ws.validate()).toEqual([]);
            } finally {
              await ws.dispose();
            }
          }
          if (fresh.length) {
            expect(plans[0]).toEqual(plans[1]);
            expect(plans[0].length).toBeGreaterThan(0);
          }
        } finally {
          await apis.close();
        }
      });
  });
}
