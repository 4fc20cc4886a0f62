/**
 * Whether two runs wrote the same output: every file under each output folder, compared
 * byte for byte. The benchmark's comparisons (ours against the floor, each synthesis
 * shortcut against plain App.synth()) are only fair between commands that write the same
 * bytes, so a difference fails the benchmark.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Every file under a folder, by path relative to it. */
export function filesOf(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) files.set(path.relative(dir, path.join(e.parentPath, e.name)), fs.readFileSync(path.join(e.parentPath, e.name)));
  }
  return files;
}

/** The relative paths written by only one side, or with other bytes, sorted. */
export function differences(a: ReadonlyMap<string, Buffer>, b: ReadonlyMap<string, Buffer>): string[] {
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  return names.filter((n) => {
    const x = a.get(n);
    const y = b.get(n);
    return !x || !y || !x.equals(y);
  });
}

/** "a, b, c, ..." for a message: the first few differing files. */
export const someOf = (names: readonly string[], count = 5) => `${names.slice(0, count).join(", ")}${names.length > count ? `, ... (${names.length} files)` : ""}`;
