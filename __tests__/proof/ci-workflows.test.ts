/**
 * The CI examples (examples/ci/*.yml) are valid GitHub Actions workflows, as actionlint
 * (built from the Go module proxy by provision.sh) judges them: syntax, expressions,
 * job and step references, action inputs.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { readToolsJson } from "../support/tools-cache";
import { skipBanner } from "../support/proof-guards";

const CI = path.join(__dirname, "..", "..", "examples", "ci");
const WORKFLOWS = readdirSync(CI).filter((f) => /\.ya?ml$/.test(f));
const actionlint = readToolsJson()?.actionlint?.path;

const lint = (file: string) => spawnSync(actionlint!, ["-no-color", file], { encoding: "utf8" });

if (actionlint && existsSync(actionlint)) {
  test.each(WORKFLOWS)("compliant: %s passes actionlint", (file) => {
    const r = lint(path.join(CI, file));
    expect({ status: r.status, findings: r.stdout + r.stderr }).toEqual({ status: 0, findings: "" });
  });

  test("non-compliant: the same check reports a reference to a step output that does not exist", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "actionlint-"));
    try {
      const broken = readFileSync(path.join(CI, "datadog-aws.yml"), "utf8").replace("steps.region.outputs.region", "steps.regoin.outputs.region");
      const file = path.join(dir, "broken.yml");
      writeFileSync(file, broken);
      const r = lint(file);
      expect(r.status).not.toBe(0);
      expect(r.stdout).toMatch(/property "regoin" is not defined/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
} else {
  const why = readToolsJson()?.actionlint?.error ?? "not built; run `bash scripts/test-tools/provision.sh`";
  if (process.env.REQUIRE_ACTIONLINT === "1") {
    test("actionlint is available (REQUIRE_ACTIONLINT=1)", () => {
      throw new Error(`actionlint cannot run: ${why}`);
    });
  } else {
    skipBanner("the CI workflow checks", `actionlint: ${why}`, "REQUIRE_ACTIONLINT");
    test.skip("CI workflows pass actionlint", () => undefined);
  }
}
