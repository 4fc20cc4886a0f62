/**
 * The README's Development layout is the tree as it is: every path it names exists, and
 * every folder and module of the library (and every private part of the construct) is
 * named, so a file added, moved or removed without the README fails here.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

/** The fenced block after "Layout", as lines. */
function layoutBlock(): string[] {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const match = /\nLayout[^\n]*\n\n```text\n([\s\S]*?)\n```/.exec(readme);
  if (!match) throw new Error('README.md has no "Layout" block (a ```text fence after a line starting "Layout")');
  return match[1].split("\n");
}

/** The paths the block names: the first word of a line, nested by two spaces of indent. */
function namedPaths(lines: readonly string[]): string[] {
  const parents: string[] = [];
  const named: string[] = [];
  for (const line of lines) {
    const m = /^( *)(\S+)/.exec(line);
    if (!m || !/[/.]/.test(m[2]) || m[2].startsWith("(")) continue;
    // A description wrapped under its column is indented past any path's level: skipped.
    const depth = m[1].length / 2;
    if (!Number.isInteger(depth) || depth > parents.length) continue;
    parents.length = depth;
    const full = [...parents, m[2]].join("");
    named.push(full.replace(/\/$/, ""));
    if (m[2].endsWith("/")) parents.push(m[2]);
  }
  return named;
}

const lines = layoutBlock();
const named = namedPaths(lines);
const text = lines.join("\n");

test("every path the layout names exists", () => {
  expect(named).toEqual(expect.arrayContaining(["main.ts", "lib/constructs/private", "__tests__/support", "biome.jsonc"]));
  expect(named.filter((p) => !existsSync(path.join(ROOT, p)))).toEqual([]);
});

test("every folder and module of lib/ and lib/constructs/ is in the layout", () => {
  const entries = (dir: string) =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.name.endsWith(".ts"))
      .map((e) => `${dir}/${e.name}`);
  const expected = [...entries("lib"), ...entries("lib/constructs")];
  expect(expected.filter((p) => !named.includes(p))).toEqual([]);
});

test("every private part of the construct is named in the layout", () => {
  const parts = readdirSync(path.join(ROOT, "lib/constructs/private"))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => f.replace(/\.ts$/, ""));
  const words = new Set(text.split(/[^A-Za-z-]+/));
  expect(parts.filter((p) => !words.has(p))).toEqual([]);
});
