/**
 * Moves a copy of this repository's app from cdktf to CDK Terrain, by the steps docs/cdktn.md
 * gives (cdktn's upgrade guide applied to this project), so the page is proven by running it:
 *
 *   node dist/scripts/cdktn/migrate-app.js <folder>     # a copy of the repository, changed in place
 *
 * 1. package.json: each cdktf package becomes its cdktn successor at the proven version
 *    (renames.ts), constructs the version cdktn's peer range allows, engines Node 22 and 24.
 * 2. Imports: every module specifier of a renamed package in every .ts file (node_modules,
 *    dist and cdktf.out aside).
 * 3. The CLI: `cdktf <command>` in package.json scripts becomes `cdktn <command>`. cdktf.json,
 *    cdktf.out/, CDKTF_* variables and the state stay as they are (cdktn reads them).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CDKTN_CONSTRUCTS_VERSION, CDKTN_RENAMES, type CdktfPackage, renameSpecifiers } from "./renames";

type Deps = Record<string, string>;
interface Manifest {
  scripts?: Record<string, string>;
  engines?: Record<string, string>;
  dependencies?: Deps;
  devDependencies?: Deps;
  peerDependencies?: Deps;
}

/** `deps` with every cdktf package renamed (pinned as proven; a peer range as ^version) and constructs at cdktn's range. */
function renameDeps(deps: Deps | undefined, asRange: boolean): Deps | undefined {
  if (!deps) return deps;
  const renamed: Deps = {};
  for (const [name, spec] of Object.entries(deps)) {
    const to = CDKTN_RENAMES[name as CdktfPackage];
    if (to) renamed[to.name] = asRange ? `^${to.version}` : to.version;
    else if (name === "constructs") renamed[name] = asRange ? "^10.6.0" : CDKTN_CONSTRUCTS_VERSION;
    else renamed[name] = spec;
  }
  return renamed;
}

/** Step 1 and 3: the manifest with cdktn packages, Node 22/24 engines and `cdktn` commands. */
export function migrateManifest(text: string): string {
  const manifest = JSON.parse(text) as Manifest;
  manifest.dependencies = renameDeps(manifest.dependencies, false);
  manifest.devDependencies = renameDeps(manifest.devDependencies, false);
  manifest.peerDependencies = renameDeps(manifest.peerDependencies, true);
  // cdktn's prebuilt bindings need Node >= 22.11.
  manifest.engines = { ...manifest.engines, node: "^22.11.0 || ^24" };
  for (const [name, command] of Object.entries(manifest.scripts ?? {})) manifest.scripts![name] = command.replace(/\bcdktf (?=[a-z])/g, "cdktn ");
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

const SKIPPED = new Set(["node_modules", "dist", "cdktf.out", ".git"]);

/** Step 2: renames the imports of every .ts file under `dir`; returns the files changed. */
export function migrateImports(dir: string, changed: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory() && !SKIPPED.has(entry.name)) migrateImports(file, changed);
    else if (entry.isFile() && entry.name.endsWith(".ts")) {
      const before = fs.readFileSync(file, "utf8");
      const after = renameSpecifiers(before);
      if (after !== before) {
        fs.writeFileSync(file, after);
        changed.push(file);
      }
    }
  }
  return changed;
}

export function migrateApp(folder: string): string[] {
  const manifest = path.join(folder, "package.json");
  fs.writeFileSync(manifest, migrateManifest(fs.readFileSync(manifest, "utf8")));
  return migrateImports(folder);
}

if (require.main === module) {
  const folder = process.argv[2];
  if (!folder || process.argv.length > 3) {
    console.error("usage: node dist/scripts/cdktn/migrate-app.js <folder>   (a copy of the repository; changed in place)");
    process.exit(2);
  }
  const changed = migrateApp(path.resolve(folder));
  console.log(`package.json and ${changed.length} TypeScript files moved to cdktn in ${folder}`);
}
