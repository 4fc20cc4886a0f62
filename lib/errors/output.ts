/**
 * `output/`: the output folders and files the app writes.
 */
import { configError, ConfigError, ErrorCodeInfo, Problem } from "./core";

/** The `output/` codes, with what each means and how to fix it. */
export const OUTPUT_ERRORS = {
  heading: "What the app writes",
  codes: {
    "output/folder-unusable": {
      meaning: "The output folder cannot be used: it or the folder holding it is not writable (synth writes beside it, then moves its output in), or a part of its path is a file.",
      fix: "Make both writable, or choose another folder: CDKTF_OUTDIR with npm run synth, --output with npx cdktf.",
    },
    "output/foreign-folder": {
      meaning:
        "A folder under stacks/ was not written by synth (the manifest.json synth left does not name it), and synth would have to overwrite it or, run by the cdktf CLI, the CLI would delete it.",
      fix: "Move the folder out of stacks/ (or out of the output folder), then synthesize again.",
    },
    "output/other-config": {
      meaning: "Run by the cdktf CLI, synth would replace the stacks another config file wrote into the output folder (the CLI ignores CDKTF_OUTDIR).",
      fix: "Give this config its own folder: npx cdktf synth --output <folder>, or CDKTF_OUTDIR=<folder> npm run synth.",
    },
    "output/deployer-policy": { meaning: "The stack has resources whose deployer policy cannot be written or scoped.", fix: "Name those resources literally, or leave them out of the stack." },
    "output/hcl-variable": {
      meaning: "SYNTH_HCL_OUTPUT holds a value cdktf reads neither as HCL nor as JSON output.",
      fix: 'Set it to "true" or "1" for HCL, "false" or "0" for JSON, or unset it.',
    },
  } satisfies Record<`output/${string}`, ErrorCodeInfo>,
};

/** `reason` says what is wrong in plain words, `fix` what to do about it. */
export function outputFolderUnusable(outdir: string, reason: string, fix: string): ConfigError {
  return configError("output/folder-unusable", "Cannot write the output:", [{ code: "output/folder-unusable", path: outdir, message: `cannot be used as the output folder: ${reason}; ${fix}` }]);
}

/** Folders under stacks/ synth did not write that it would overwrite (`overwritten`), or that the cdktf CLI would delete (`wouldBeDeleted`). */
export function outputForeignFolders(stacksDir: string, overwritten: readonly string[], wouldBeDeleted: readonly string[]): ConfigError {
  const problem = (name: string, why: string): Problem => ({
    code: "output/foreign-folder",
    path: `${stacksDir}/${name}`,
    message: `was not written by synth (the manifest.json synth left does not name it); ${why}: move it out of ${stacksDir}, then synthesize again`,
  });
  return configError("output/foreign-folder", "Synth stopped before touching folders it did not write; nothing was changed:", [
    ...overwritten.map((n) => problem(n, `synth would overwrite its files with the stack "${n}" of the config`)),
    ...wouldBeDeleted.map((n) => problem(n, "the cdktf CLI deletes every folder of stacks/ that its manifest does not name, once the app has run")),
  ]);
}

/** Run by the cdktf CLI, a synth of `configFile` would remove the stacks `recordedConfig` wrote into `outdir`. */
export function outputConfigSwitched(outdir: string, recordedConfig: string, configFile: string, stacks: readonly string[]): ConfigError {
  return configError("output/other-config", "Synth stopped; nothing was changed:", [
    {
      code: "output/other-config",
      path: outdir,
      message: `holds the stacks of ${recordedConfig} (${stacks.join(", ")}), which ${configFile} does not have; synthesizing it here would remove them. The cdktf CLI writes to its own output folder and ignores CDKTF_OUTDIR: give this config its own folder with \`npx cdktf synth --output <folder>\` (and the same --output for diff and deploy) or \`CDKTF_OUTDIR=<folder> npm run synth\`; or, to replace those stacks, run \`npm run synth\` with DATADOG_AWS_CONFIG=${configFile}`,
    },
  ]);
}

/** Parts of a stack the deployer policy cannot cover or scope, each naming the resource. */
export function deployerPolicyUnwritable(problems: readonly string[]): ConfigError {
  return configError("output/deployer-policy", "Cannot write the deployer policy of this stack:", problems);
}

/** SYNTH_HCL_OUTPUT set to something cdktf would read one way in one place and another way elsewhere (or not at all). */
export function hclVariableInvalid(variable: string, value: string): ConfigError {
  return configError("output/hcl-variable", "Cannot choose the output format:", [
    {
      code: "output/hcl-variable",
      path: variable,
      message: `${JSON.stringify(value)} is neither HCL ("true", "1") nor JSON ("false", "0"), and cdktf would silently read it as JSON; set it to "true" or "1" for HCL (cdk.tf), "false" or "0" for JSON (cdk.tf.json), or unset it (or run npm run synth -- --hcl)`,
    },
  ]);
}
