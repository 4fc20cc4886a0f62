/**
 * Every exported symbol is documented, and the committed API report (docs/*.api.md) and
 * API reference (docs/api/) are what the current exports produce. API Extractor reads the
 * compiled declarations (dist/lib, built by `tsc -b` before the tests).
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);
const runIn = (cwd: string, command: string, args: string[]) => spawnSync(command, args, { cwd, encoding: "utf8" });

test("API Extractor passes: no undocumented export, and the committed API report is current", () => {
  const r = runIn(ROOT, bin("api-extractor"), ["run"]);
  expect({ status: r.status, out: r.status === 0 ? "" : r.stdout + r.stderr }).toEqual({ status: 0, out: "" });
});

test("docs/api is the reference API Documenter writes from the current exports", () => {
  const out = mkdtempSync(path.join(tmpdir(), "api-docs-"));
  try {
    const extracted = runIn(ROOT, bin("api-extractor"), ["run"]);
    expect(extracted.status).toBe(0);
    const documented = runIn(ROOT, bin("api-documenter"), ["markdown", "-i", path.join(ROOT, "temp", "api"), "-o", out]);
    expect(documented.status).toBe(0);
    const committed = path.join(ROOT, "docs", "api");
    expect(readdirSync(out).sort()).toEqual(readdirSync(committed).sort());
    for (const file of readdirSync(out)) {
      expect({ file, text: readFileSync(path.join(out, file), "utf8") }).toEqual({ file, text: readFileSync(path.join(committed, file), "utf8") });
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("the same check fails a package with an undocumented export", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "api-undocumented-"));
  try {
    mkdirSync(path.join(dir, "dist"));
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "undocumented-fixture", version: "1.0.0", types: "dist/index.d.ts" }));
    writeFileSync(path.join(dir, "dist", "index.d.ts"), "/** Documented. */\nexport declare const documented: number;\nexport declare const undocumented: number;\n");
    cpSync(path.join(ROOT, "tsdoc.json"), path.join(dir, "tsdoc.json"));
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true }, files: ["dist/index.d.ts"] }));
    symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
    const config = JSON.parse(readFileSync(path.join(ROOT, "api-extractor.json"), "utf8"));
    writeFileSync(path.join(dir, "api-extractor.json"), JSON.stringify({ ...config, projectFolder: ".", mainEntryPointFilePath: "<projectFolder>/dist/index.d.ts" }));
    mkdirSync(path.join(dir, "docs"));
    const r = runIn(dir, bin("api-extractor"), ["run", "--local"]);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/\(ae-undocumented\) Missing documentation for "undocumented"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
