/**
 * A test run cleans up after itself: the output folders cdktf's Testing.app() makes in the
 * temp folder are gone when Jest ends, and no worker is left hanging. Through the real
 * command: Jest runs a test file that synthesizes many stacks, in a temp folder of its own.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

test("jest leaves no cdktf.outdir.* folders and no worker that failed to exit", () => {
  const temp = mkdtempSync(path.join(tmpdir(), "test-run-"));
  try {
    const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules", ".bin", "jest"), "__tests__/unit/addresses.test.ts", "__tests__/unit/access-keys.test.ts"], {
      cwd: ROOT,
      env: { ...process.env, TMPDIR: temp, JEST_WORKER_ID: "" },
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^[1-9]\d* passed, 0 failed$/m);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/failed to exit gracefully|did not exit one second after/);
    expect(readdirSync(temp).filter((n) => n.startsWith("cdktf.outdir."))).toEqual([]);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
});

test("npm run test:unit says nothing about proofs: no proof summary, no lifecycle line read from the tools cache", () => {
  const r = spawnSync("npm", ["run", "--silent", "test:unit", "--", "--testPathPatterns", "readme-layout"], { cwd: ROOT, env: { ...process.env, JEST_WORKER_ID: "" }, encoding: "utf8" });
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^[1-9]\d* passed, 0 failed$/m);
  expect(`${r.stdout}${r.stderr}`).not.toMatch(/Proof summary|Lifecycle proof|NOT RUN/);
});

test("a run of proof tests still ends with the proof summary", () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules", ".bin", "jest"), "--selectProjects", "proof", "--testPathPatterns", "json-schema-agreement"], {
    cwd: ROOT,
    env: { ...process.env, JEST_WORKER_ID: "" },
    encoding: "utf8",
  });
  expect(r.stdout).toMatch(/^Proof summary: \d+ terraform validate runs, /m);
});
