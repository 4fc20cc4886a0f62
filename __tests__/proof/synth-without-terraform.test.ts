/**
 * Synthesizing needs no Terraform: a pipeline's synth step, or a laptop without Terraform,
 * must be able to write every stack, including ones that adopt hand-made resources through
 * import blocks (cdktf's own import check would run `terraform version` at synth time).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

test("an import config synthesizes with no terraform on PATH, and keeps its import blocks", () => {
  const out = mkdtempSync(path.join(tmpdir(), "synth-no-terraform-"));
  try {
    const r = spawnSync(process.execPath, ["dist/main.js"], {
      cwd: ROOT,
      env: { PATH: path.dirname(process.execPath), DATADOG_AWS_CONFIG: "examples/many-accounts.config.json", CDKTF_OUTDIR: out },
      encoding: "utf8",
    });
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: expect.stringMatching(/^Synthesized 4 stack\(s\)/), stderr: "" });
    const legacy = JSON.parse(readFileSync(path.join(out, "stacks", "legacy", "cdk.tf.json"), "utf8"));
    expect(legacy.import).toEqual([
      { id: "2f8d3c1a-6b7e-4d5f-9a0b-1c2d3e4f5a6b", to: "datadog_integration_aws_account.datadog_integration" },
      { id: "DatadogAWSIntegrationRole", to: "aws_iam_role.datadog_role" },
    ]);
    expect(legacy.terraform.required_version).toBe(">= 1.5.0");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
