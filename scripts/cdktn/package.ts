/**
 * Builds `datadog-aws-cdktn`, the library for CDK Terrain apps, into dist/cdktn-package/,
 * ready for `npm pack` (`npm run pack:cdktn` does both).
 *
 * Why a second package: a cdktf-built construct does not work in a cdktn app. Its classes
 * extend cdktf's, so tsc refuses a cdktn `AwsProvider` where ours expects cdktf's ("separate
 * declarations of a private property"), and at synth cdktn's stack calls methods cdktf 0.21's
 * elements do not have (docs/cdktn.md shows both). And a second entry point in this package
 * would make every cdktn app install cdktf and its bindings too, as npm installs required peers.
 *
 * What it is: the compiled library of this package (dist/lib, after `tsc -b`), its module
 * specifiers renamed as cdktn's upgrade guide renames imports (renames.ts), with cdktn and
 * its bindings as peers. Nothing else changes: the same code makes the same resources.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CDKTN_RENAMES, cdktfSpecifiers, renameSpecifiers } from "./renames";

const ROOT = path.resolve(__dirname, "..", "..", "..");
export const CDKTN_PACKAGE_DIR = path.join(ROOT, "dist", "cdktn-package");
export const CDKTN_PACKAGE_NAME = "datadog-aws-cdktn";

interface Manifest {
  name: string;
  version: string;
  description: string;
  license: string;
  dependencies: Record<string, string>;
  [key: string]: unknown;
}

/** Copies dist/lib to `to`, renaming cdktf specifiers in .js and .d.ts files; returns the packages the code requires. */
function copyLibrary(from: string, to: string, required: Set<string>): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      copyLibrary(source, target, required);
    } else if (/\.(js|d\.ts)$/.test(entry.name)) {
      const text = renameSpecifiers(fs.readFileSync(source, "utf8"));
      const left = cdktfSpecifiers(text);
      if (left.length) throw new Error(`${source} still names ${left.join(", ")} after the renames`);
      // A module is required by `require("…")`, `import("…")`, or an import/export statement's
      // `from "…"` (at the start of a line: not the words "from" and a quote in a comment).
      for (const m of text.matchAll(/(?:\brequire\(|\bimport\(|^(?:import|export)\b[^\n]*? from )"((?:@[^/"]+\/)?[^./"][^/"]*)/gm)) required.add(m[1]);
      fs.writeFileSync(target, text);
    } else if (entry.name.endsWith(".json")) {
      fs.copyFileSync(source, target);
    }
  }
}

/** The package.json of datadog-aws-cdktn, from this package's. */
function cdktnManifest(main: Manifest, required: Set<string>): Manifest {
  const peer = (from: keyof typeof CDKTN_RENAMES) => [CDKTN_RENAMES[from].name, `^${CDKTN_RENAMES[from].version}`];
  return {
    name: CDKTN_PACKAGE_NAME,
    version: main.version,
    description: `${main.description.replace(/cdktf/g, "cdktn")} (the cdktn build of ${main.name})`,
    main: "dist/lib/index.js",
    types: "dist/lib/index.d.ts",
    exports: { ".": { types: "./dist/lib/index.d.ts", default: "./dist/lib/index.js" }, "./package.json": "./package.json" },
    files: ["dist/lib/**/*.js", "dist/lib/**/*.d.ts", "dist/lib/**/*.json", "datadog-aws.config.schema.json", "CHANGELOG.md", "LICENSE"],
    license: main.license,
    // cdktn's prebuilt bindings need Node >= 22.11; Node 22 and 24 are the lines proven.
    engines: { node: "^22.11.0 || ^24" },
    // Only what the library's code requires: the app's own tools stay in datadog-aws-cdktf.
    dependencies: Object.fromEntries(Object.entries(main.dependencies).filter(([name]) => required.has(name))),
    peerDependencies: Object.fromEntries([peer("cdktf"), peer("@cdktf/provider-aws"), peer("@cdktf/provider-datadog"), ["constructs", "^10.6.0"]]),
  };
}

const README = (main: Manifest) => `# ${CDKTN_PACKAGE_NAME}

The construct library of [${main.name}](https://www.npmjs.com/package/${main.name}) for
CDK Terrain (cdktn) apps: the same code, built against \`cdktn\`, \`@cdktn/provider-aws\` and
\`@cdktn/provider-datadog\` instead of their cdktf predecessors. It exports what ${main.name}
exports; import from \`${CDKTN_PACKAGE_NAME}\` where a cdktf app imports from \`${main.name}\`.
See docs/cdktn.md in the repository.
`;

export function buildCdktnPackage(): string {
  const main = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as Manifest;
  fs.rmSync(CDKTN_PACKAGE_DIR, { recursive: true, force: true });
  const required = new Set<string>();
  copyLibrary(path.join(ROOT, "dist", "lib"), path.join(CDKTN_PACKAGE_DIR, "dist", "lib"), required);
  const missing = [...required].filter((n) => !n.startsWith("node:") && !(n in main.dependencies) && !Object.values(CDKTN_RENAMES).some((r) => r.name === n) && n !== "constructs");
  if (missing.length) throw new Error(`the library requires ${missing.join(", ")}, which ${main.name} does not depend on`);
  fs.writeFileSync(path.join(CDKTN_PACKAGE_DIR, "package.json"), `${JSON.stringify(cdktnManifest(main, required), null, 2)}\n`);
  fs.writeFileSync(path.join(CDKTN_PACKAGE_DIR, "README.md"), README(main));
  for (const file of ["LICENSE", "CHANGELOG.md", "datadog-aws.config.schema.json"]) fs.copyFileSync(path.join(ROOT, file), path.join(CDKTN_PACKAGE_DIR, file));
  return CDKTN_PACKAGE_DIR;
}

if (require.main === module) console.log(buildCdktnPackage());
