/**
 * `config/`: the config file's structure (environments, defaults, null, state files), and
 * `config/invalid`, the code of every refused config as a whole.
 */
import { configError, ConfigError, ErrorCodeInfo, Problem } from "./core";
import { DuplicateKey, duplicateKeyProblem } from "./file";

/** The `config/` codes, with what each means and how to fix it. */
export const CONFIG_ERRORS = {
  heading: "The config file's structure",
  codes: {
    "config/invalid": { meaning: "The config has problems; nothing was written. Each problem listed has its own code.", fix: "Fix each problem listed." },
    "config/no-environments": { meaning: "`environments` is empty and there is no `organization` section.", fix: 'Add an environment, e.g. "prod": { "awsAccountId": "123456789012" }.' },
    "config/stack-name": {
      meaning: "An environment name cannot be a stack name (it becomes a folder, a state key and a cdktf argument).",
      fix: "Use a letter followed by up to 62 letters, digits, - or _.",
    },
    "config/account-id-in-defaults": { meaning: "`defaults` sets `awsAccountId`; each environment is its own account.", fix: "Move awsAccountId into each environment." },
    "config/null-in-defaults": { meaning: "`defaults` sets a key to null; null unsets an inherited value, and defaults inherit nothing.", fix: "Remove the key from defaults." },
    "config/null-not-unsettable": { meaning: "A key without a default is set to null, so it would have no value.", fix: "Give it a value, or leave the key out to inherit it from defaults." },
    "config/same-account": { meaning: "Two environments are for one AWS account; their stacks would undo each other.", fix: "Keep one environment per account." },
    "config/shared-state": {
      meaning: "Two environments keep their Terraform state in the same place.",
      fix: "Give each its own backend key or path, or leave it out for the per-environment default.",
    },
    "config/state-at-old-path": {
      meaning:
        "A local state file is still where earlier versions kept it by default (terraform.<environment>.tfstate in the project folder); the default is now terraform.tfstate in the stack's folder, which would ignore it.",
      fix: 'Keep it there with "backend": { "type": "local", "path": "terraform.<environment>.tfstate" }, or move it into the stack folder and run terraform init -reconfigure there once.',
    },
  } satisfies Record<`config/${string}`, ErrorCodeInfo>,
};

/** The config's problems, every one at once; a problem given as a bare string has the code `config/invalid`. */
export function invalidConfig(file: string, problems: readonly (string | Problem)[]): ConfigError {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return configError("config/invalid", `${file}: ${count}; nothing was written.`, problems);
}

/**
 * Keys written twice (JSON.parse keeps the last one silently), listed before any other
 * problem the config has, so one run reports everything.
 */
export function duplicateConfigKeys(file: string, duplicates: readonly DuplicateKey[], otherProblems: readonly (string | Problem)[] = []): ConfigError {
  return invalidConfig(file, [...duplicates.map(duplicateKeyProblem), ...otherProblems]);
}

/** Environments whose local state file is still at the default place of earlier versions (old-state-path.ts). */
export function localStateAtOldPath(file: string, left: readonly { environment: string; oldPath: string; stackDir: string }[]): ConfigError {
  return configError(
    "config/state-at-old-path",
    `${file}: local state found at the old default place; nothing was written.`,
    left.map(({ environment, oldPath, stackDir }) => ({
      code: "config/state-at-old-path",
      path: `environments.${environment}.backend`,
      message: `${oldPath} holds this environment's state where earlier versions kept it by default; the default is now terraform.tfstate in the stack's folder (${stackDir}), so Terraform would not see it and the next apply would create everything again. Either keep it where it is: set "backend": { "type": "local", "path": "${oldPath}" }; or move it: mkdir -p ${stackDir} && mv ${oldPath} ${stackDir}/terraform.tfstate, synthesize, then run \`terraform -chdir=${stackDir} init -reconfigure\` once (Terraform remembers the old path)`,
    })),
  );
}
