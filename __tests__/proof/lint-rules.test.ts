/**
 * The project's lint config (biome.jsonc, run by `npm run lint` in CI) refuses what it is meant
 * to: provider packages imported through their barrels (`@cdktf/provider-aws`, `.../lib`,
 * `.../lib/index`) in every form an import can take, anywhere but the benchmark's typical
 * baseline, which uses them on purpose. Each case is a file in a temporary folder linted with
 * the project's own config, as the real tree is.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const BIOME = path.join(ROOT, "node_modules", ".bin", "biome");
const TYPICAL = "scripts/bench/typical";

// Built from parts so this file holds no barrel import itself.
const AWS = ["@cdktf", "provider-aws"].join("/");
const DATADOG = ["@cdktf", "provider-datadog"].join("/");

interface Finding {
  readonly rule: string;
  readonly file: string;
  readonly line: number;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "lint-rules-"));
  cpSync(path.join(ROOT, "biome.jsonc"), path.join(dir, "biome.jsonc"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Lints one file, written at `file` (relative, as in the project), with the project's config. */
function lint(file: string, source: string): { code: number | null; findings: Finding[] } {
  const full = path.join(dir, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, source);
  try {
    // No git repository here: the config's "use .gitignore" cannot apply.
    const r = spawnSync(BIOME, ["lint", "--vcs-enabled=false", "--reporter=github", file], { cwd: dir, encoding: "utf8" });
    const findings = [...r.stdout.matchAll(/^::(?:error|warning) title=([^,]+),file=([^,]+),line=(\d+)/gm)].map((m) => ({ rule: m[1], file: path.relative(dir, m[2]), line: Number(m[3]) }));
    return { code: r.status, findings };
  } finally {
    rmSync(full);
  }
}

const BARRELS: [string, string][] = [
  ["a namespace import", `import * as aws from "${AWS}";\nexport { aws };\n`],
  ["a named import from /lib", `import { IamRole } from "${AWS}/lib";\nexport { IamRole };\n`],
  ["a re-export from /lib/index", `export { provider } from "${DATADOG}/lib/index";\n`],
  ["a side-effect import", `import "${DATADOG}";\n`],
  ["a require()", `const { provider } = require("${DATADOG}");\nexport { provider };\n`],
  ["an import()", `export const load = () => import("${AWS}/lib/index.js");\n`],
];

describe("a provider barrel import fails the lint", () => {
  test.each(BARRELS)("%s, in lib/", (_label, source) => {
    const r = lint("lib/probe.ts", source);
    expect(r.code).not.toBe(0);
    expect(r.findings).toEqual([{ rule: "lint/style/noRestrictedImports", file: "lib/probe.ts", line: 1 }]);
  });

  test("in every folder of the project, JavaScript included", () => {
    for (const file of ["main.ts", "scripts/probe.ts", "__tests__/probe.test.ts", "examples/probe.ts", "scripts/bench/probe.js"]) {
      expect(lint(file, BARRELS[0][1]).findings.map((f) => f.rule)).toEqual(["lint/style/noRestrictedImports"]);
    }
  });
});

test("a resource's own module passes", () => {
  const r = lint("lib/probe.ts", `import { IamRole } from "${AWS}/lib/iam-role";\nimport { DatadogProvider } from "${DATADOG}/lib/provider";\nexport { IamRole, DatadogProvider };\n`);
  expect(r).toEqual({ code: 0, findings: [] });
});

test("the benchmark's typical baseline may use barrels, and tsc -b leaves it out", () => {
  for (const [, source] of BARRELS) expect(lint(`${TYPICAL}/probe.ts`, source)).toEqual({ code: 0, findings: [] });
  const tsconfig = JSON.parse(readFileSync(path.join(ROOT, "tsconfig.json"), "utf8")) as { exclude?: string[] };
  expect(tsconfig.exclude).toContain(TYPICAL);
});
