/**
 * `organization/`: the config's organization section and the accounts file `npm run discover` writes.
 */
import { configError, ConfigError, ErrorCodeInfo, Problem } from "./core";

/** The `organization/` codes, with what each means and how to fix it. */
export const ORGANIZATION_ERRORS = {
  heading: "The organization section and its accounts file",
  codes: {
    "organization/account-id-in-template": { meaning: "organization.environment sets awsAccountId; each discovered environment gets its own account's.", fix: "Remove it." },
    "organization/unknown-placeholder": {
      meaning: "A {placeholder} in organization.environment is not {accountId}, {accountName} or {partition}.",
      fix: "Write one of them exactly, or leave braces out of the value.",
    },
    "organization/output-is-config": { meaning: "organization.output names the config file itself.", fix: "Name another file, or leave output out." },
    "organization/name-taken": {
      meaning: "A hand-written environment has the name the accounts file gives a discovered one.",
      fix: "Rename the hand-written environment (discovered names never change).",
    },
    "organization/nothing-to-synthesize": { meaning: "No environments, and the accounts file does not exist or enrolls no account.", fix: "Run npm run discover first, or add an environment." },
    "organization/accounts-file-invalid": {
      meaning: "The accounts file is not as discover wrote it. Each problem listed has its own code.",
      fix: "Fix the entries listed, or delete the file and run npm run discover again.",
    },
    "organization/accounts-file-not-json": { meaning: "The accounts file is not JSON.", fix: "Delete it and run npm run discover again." },
    "organization/accounts-file-unreadable": { meaning: "The accounts file cannot be read.", fix: "Check its permissions." },
    "organization/accounts-file-account-id": { meaning: "A key of accounts in the accounts file is not an account ID.", fix: "Write the 12-digit account ID." },
    "organization/accounts-file-flags": { meaning: "An accounts file entry carries more than one of leftOrganization, closed, outsideSelection.", fix: "Keep one." },
    "organization/accounts-file-duplicate-name": { meaning: "Two accounts of the accounts file have the same environment name.", fix: "Give each account its own name." },
  } satisfies Record<`organization/${string}`, ErrorCodeInfo>,
};

/** The accounts file's problems, each placed in the file; bare strings have the code `organization/accounts-file-invalid`. */
export function accountsFileInvalid(file: string, problems: readonly (string | Problem)[]): ConfigError {
  const placed = problems.map((p): Problem => {
    const problem: Problem = typeof p === "string" ? { code: "organization/accounts-file-invalid", message: p } : p;
    return { ...problem, path: problem.path === undefined ? file : `${file}: ${problem.path}` };
  });
  return configError(
    "organization/accounts-file-invalid",
    `${file} (the accounts file \`npm run discover\` writes) is not as discover wrote it; fix the entries below, or delete the file and run \`npm run discover\` again (names are then given afresh). Nothing was written.`,
    placed,
  );
}

export function nothingToSynthesize(file: string, accountsFile: string): ConfigError {
  return configError("organization/nothing-to-synthesize", `${file}: 1 problem; nothing was written.`, [
    {
      code: "organization/nothing-to-synthesize",
      path: file,
      message: `has no environments, and ${accountsFile} does not exist yet or enrolls no account; run \`npm run discover\` first, or add an environment`,
    },
  ]);
}
