/**
 * Provider packages are imported by resource (`@cdktf/provider-aws/lib/iam-role`), never
 * through their barrels (`@cdktf/provider-aws`, `.../lib`, `.../lib/index`): a barrel loads
 * every resource of the provider (thousands of modules, gigabytes to type-check) where the
 * app needs ten. See docs/performance.md.
 *
 * The one exception is the benchmark's deliberately typical baseline, which shows what
 * barrels cost; it lives in its own folder, which tsconfig.json leaves out so `tsc -b`
 * never type-checks it.
 */
import { Dirent, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
/** What the project is made of: the app, the library, examples, scripts and tests. */
const SCANNED = ["main.ts", "lib", "examples", "scripts", "__tests__"];
const SKIPPED_DIRS = new Set(["node_modules", "dist", "cdktf.out", ".gen"]);
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
/** The benchmark's typical baseline (scripts/bench/main.ts runs it): barrel imports on purpose. */
const ALLOWED_DIR = "scripts/bench/typical";

/** Module specifiers that name a provider package's barrel rather than one resource. */
const BARREL = /^@cdktf\/provider-[a-z0-9-]+(\/lib)?(\/index(\.js)?)?\/?$/;
/** Every module specifier of a file: import/export ... from, side-effect imports, import(), require(). */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(["'`])([^"'`\n]+)\1/g;

function barrelImports(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((m) => m[2]).filter((s) => BARREL.test(s));
}

function sourceFiles(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (SOURCE.test(entry)) return [entry];
  let entries: Dirent[];
  try {
    entries = readdirSync(full, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const rel = path.posix.join(entry, e.name);
    if (e.isDirectory()) return SKIPPED_DIRS.has(e.name) ? [] : sourceFiles(rel);
    return SOURCE.test(e.name) ? [rel] : [];
  });
}

const files = SCANNED.flatMap(sourceFiles);
const allowed = (file: string) => file.startsWith(`${ALLOWED_DIR}/`);

test("the detector tells barrels from resource modules", () => {
  // Built from parts so this file holds no barrel import itself.
  const aws = ["@cdktf", "provider-aws"].join("/");
  const datadog = ["@cdktf", "provider-datadog"].join("/");
  expect(barrelImports(`import * as aws from "${aws}";`)).toEqual([aws]);
  expect(barrelImports(`import { IamRole } from '${aws}/lib';`)).toEqual([`${aws}/lib`]);
  expect(barrelImports(`export { provider } from "${datadog}/lib/index";`)).toEqual([`${datadog}/lib/index`]);
  expect(barrelImports(`const { provider } = require("${datadog}");`)).toEqual([datadog]);
  expect(barrelImports(`const dd = await import("${datadog}/lib/index.js");`)).toEqual([`${datadog}/lib/index.js`]);
  expect(barrelImports(`import "${aws}";`)).toEqual([aws]);
  expect(barrelImports(`import { IamRole } from "${aws}/lib/iam-role";`)).toEqual([]);
  expect(barrelImports(`const { DatadogProvider } = require("${datadog}/lib/provider");`)).toEqual([]);
  expect(barrelImports(`import type { Construct } from "constructs";`)).toEqual([]);
});

test("the scan finds the project's sources", () => {
  expect(files).toEqual(expect.arrayContaining(["main.ts", "lib/app/synth-app.ts", "scripts/bench/main.ts", "scripts/bench/floor.js", "__tests__/deep-imports.test.ts"]));
  expect(files.some((f) => f.startsWith("node_modules/") || f.startsWith("dist/"))).toBe(false);
});

test("no source imports a provider barrel (outside the benchmark's typical baseline)", () => {
  const offenders = files
    .filter((f) => !allowed(f))
    .flatMap((f) => barrelImports(readFileSync(path.join(ROOT, f), "utf8")).map((s) => `${f}: "${s}" (import the resource's module, e.g. "${s.split("/").slice(0, 2).join("/")}/lib/<resource>")`));
  expect(offenders).toEqual([]);
});

test("the allow-listed typical baseline does use barrels, and tsc -b leaves it out", () => {
  const typical = files.filter(allowed);
  expect(typical.length).toBeGreaterThan(0);
  expect(typical.flatMap((f) => barrelImports(readFileSync(path.join(ROOT, f), "utf8")))).not.toEqual([]);
  const tsconfig = JSON.parse(readFileSync(path.join(ROOT, "tsconfig.json"), "utf8")) as { exclude?: string[] };
  expect(tsconfig.exclude).toContain(ALLOWED_DIR);
});
