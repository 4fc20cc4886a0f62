/**
 * `npm run synth -- <environment>...`: only the named environments' stacks change; every
 * other environment's stack in the output folder stays exactly as the last synth left it.
 *
 * The whole config is still synthesized (so it is checked in full, and cdktf's manifest
 * names every stack), then, before publishing, the staged synth of every other environment
 * is replaced by what the output folder holds for it: publishing then writes those stacks
 * back as they were and removes none of them. An environment the output folder has no stack
 * for yet is left out of the output (and of the manifest): it was not asked for.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SYNTH_FILES } from "./output-folder";

/** The files a stack folder holds its configuration in, in either format (cdk.tf.json, cdk.tf). */
const STACK_FILES = ["cdk.tf.json", "cdk.tf"];
const MANIFEST = "manifest.json";

interface ManifestStack {
  synthesizedStackPath: string;
  [key: string]: unknown;
}

/** Puts the output folder's current stacks of `unselected` in place of their fresh synth in `staging`. */
export function keepUnselectedStacks(staging: string, outdir: string, unselected: readonly string[]): void {
  const manifestFile = path.join(staging, MANIFEST);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { stacks: Record<string, ManifestStack> };
  for (const name of unselected) {
    const staged = path.join(staging, "stacks", name);
    const current = path.join(outdir, "stacks", name);
    fs.rmSync(staged, { recursive: true, force: true });
    const files = STACK_FILES.filter((f) => fs.existsSync(path.join(current, f)));
    if (files.length === 0) {
      delete manifest.stacks[name];
      continue;
    }
    // Every file synth wrote there goes through staging unchanged, so publishing keeps it
    // (and keeps its format and deployer policy: a synth file missing from staging is taken as stale).
    fs.mkdirSync(staged, { recursive: true });
    for (const file of SYNTH_FILES.filter((f) => fs.existsSync(path.join(current, f)))) fs.copyFileSync(path.join(current, file), path.join(staged, file));
    const entry = manifest.stacks[name];
    if (entry) entry.synthesizedStackPath = path.join("stacks", name, files[0]);
  }
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
}
