/**
 * The package.json `npm pack` puts in the tarball, without the `prepare` script (and the
 * two that run this file).
 *
 * `prepare` builds the package where npm runs it on purpose: `npm ci` in a checkout, and
 * `npm install github:...` (npm builds git dependencies only through `prepare`). In the
 * tarball it has nothing to build (dist/ is in it), and npm 11 lists it to every consumer
 * as an install script awaiting approval. npm packs package.json as it is on disk, so
 * `prepack` (after the build) sets the script aside and `postpack` puts the file back,
 * byte for byte, as pinst does for husky's postinstall.
 *
 *   node dist/scripts/pack-manifest.js strip     # prepack
 *   node dist/scripts/pack-manifest.js restore   # postpack
 */
import * as fs from "node:fs";

export const MANIFEST = "package.json";
/** The file as it was before `strip`, until `restore`. */
export const BACKUP = "package.json.before-pack";
/**
 * Scripts with nothing to do in the tarball: `prepare` (a consumer's install would list or
 * run it), and the two that run this file, which is not in the tarball. npm read the
 * scripts it runs for this pack before `prepack`, so postpack still runs.
 */
export const STRIPPED_SCRIPTS = ["prepare", "prepack", "postpack"];

/** `manifest` without the stripped scripts, as JSON written the way npm writes it. */
export function packedManifest(text: string): string {
  const manifest = JSON.parse(text) as { scripts?: Record<string, string> };
  for (const name of STRIPPED_SCRIPTS) delete manifest.scripts?.[name];
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function strip(): void {
  // A backup left by a pack that failed before postpack: it is the real file.
  if (fs.existsSync(BACKUP)) fs.renameSync(BACKUP, MANIFEST);
  const text = fs.readFileSync(MANIFEST, "utf8");
  fs.copyFileSync(MANIFEST, BACKUP);
  fs.writeFileSync(MANIFEST, packedManifest(text));
}

function restore(): void {
  if (fs.existsSync(BACKUP)) fs.renameSync(BACKUP, MANIFEST);
}

if (require.main === module) {
  const [step] = process.argv.slice(2);
  if (step === "strip") strip();
  else if (step === "restore") restore();
  else {
    process.stderr.write(`usage: node dist/scripts/pack-manifest.js strip|restore (npm's prepack and postpack run it) [command/usage]\n`);
    process.exitCode = 2;
  }
}
