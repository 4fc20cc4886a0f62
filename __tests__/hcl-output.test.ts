/**
 * `cdktf synth --hcl` must render every stack as HCL that Terraform parses. Policy
 * documents holding a Terraform reference are built with jsonencode for this reason
 * (JSON.stringify of an object holding a token renders as broken HCL).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describeWithTerraform, findTerraformTools } from "./support/terraform";

const ROOT = path.join(__dirname, "..");
const CONFIGS = ["datadog-aws.config.json", ...readdirSync(path.join(ROOT, "examples")).filter((f) => f.endsWith(".config.json")).map((f) => `examples/${f}`)];
describeWithTerraform("cdktf synth --hcl", () => {
  test.each(CONFIGS)("every stack of %s parses as Terraform HCL", (file) => {
    const terraform = findTerraformTools().tools!.terraform;
    const out = mkdtempSync(path.join(tmpdir(), "hcl-"));
    execFileSync(process.execPath, ["dist/main.js"], { cwd: ROOT, env: { ...process.env, SYNTH_HCL_OUTPUT: "true", DATADOG_AWS_CONFIG: file, CDKTF_OUTDIR: out }, stdio: "pipe" });
    const stacks = readdirSync(path.join(out, "stacks"));
    expect(stacks.length).toBeGreaterThan(0);
    for (const stack of stacks) {
      const hcl = readFileSync(path.join(out, "stacks", stack, "cdk.tf"), "utf8");
      expect(hcl).toMatch(/^resource "aws_iam_(role|user)"/m);
      const fmt = spawnSync(terraform, ["fmt", "-no-color", "-"], { input: hcl, env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" } });
      expect({ stack, status: fmt.status, error: fmt.stderr.toString() }).toEqual({ stack, status: 0, error: "" });
    }
    rmSync(out, { recursive: true, force: true });
  });
});
