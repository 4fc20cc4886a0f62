/**
 * Parsed JSON to one resolved config per environment, or a ConfigError listing every
 * problem at once, each naming the environment (or `defaults`) and the field. The steps,
 * in the order their problems are reported: the top level, defaults, the organization
 * section, each environment (problems of a value inherited from defaults said once, at
 * defaults, when every inheritor has it), the discovered environments, then problems
 * between environments.
 */
import * as path from "node:path";
import { type ErrorCode, invalidConfig } from "../../errors";
import { STACK_NAME_CODE, stackNameProblem } from "../fields/rules";
import { DEFAULT_ACCOUNTS_FILE } from "../fields/organization";
import { isPlainObject } from "../json-value";
import { describeIssue, flattenIssues, formatPath, toProblems } from "../messages";
import { accountsFilePath } from "../organization";
import { configFileSchema } from "../schema";
import { sameAccountProblems, sharedStateProblems } from "./cross-environment";
import { checkDefaults } from "./defaults";
import { discoveredEnvironments } from "./discovered";
import { checkSubject, type Subject } from "./environment";
import { readOrganization, templateSubject } from "./organization-template";
import { at, type EnvironmentConfig, ProblemList, type ResolvedConfig, type ResolveOptions } from "./types";
import { has, type Json } from "./values";

/** Validates parsed JSON. Throws a ConfigError listing every problem. */
export function resolveConfig(raw: unknown, file: string): EnvironmentConfig[] {
  return resolveConfigDetailed(raw, file).environments;
}

/** Validates parsed JSON, merging the discovered environments when `options.accounts` gives them. Throws a ConfigError listing every problem. */
export function resolveConfigDetailed(raw: unknown, file: string, options: ResolveOptions = {}): ResolvedConfig {
  const top = readTopLevel(raw, file);
  const problems = new ProblemList();
  const defaults = checkDefaults((top.defaults ?? {}) as Json, problems);
  const { organization, template } = top.organization === undefined ? {} : readOrganization(top.organization, problems);
  const environments = top.environments as Record<string, Json>;

  const subjects: Subject[] = Object.keys(environments).map((name) => ({ name, at: ["environments", name], own: environments[name] }));
  const example = template ? templateSubject(template, defaults) : undefined;
  const { handWritten, exampleValid } = checkEnvironments(example ? [...subjects, example] : subjects, example, defaults, problems);

  const accountsFile = organization ? accountsFilePath(file, organization.output) : undefined;
  if (accountsFile && path.resolve(accountsFile) === path.resolve(file)) {
    problems.report(
      at(
        "organization.output",
        `${JSON.stringify(organization!.output)} is this config file itself; discover would overwrite it: name another file, or leave output out to get ${DEFAULT_ACCOUNTS_FILE} beside the config`,
        "organization/output-is-config",
      ),
    );
  }
  const notices: string[] = [];
  let discovered: EnvironmentConfig[] = [];
  const accounts = options.accounts;
  if (organization && accountsFile && accounts === "missing") {
    notices.push(`${file} has an organization section, but ${accountsFile} does not exist yet: run \`npm run discover\` to enroll the organization's accounts.`);
  } else if (template && accountsFile && accounts && accounts !== "missing" && exampleValid) {
    discovered = discoveredEnvironments({ file, accountsFile, accounts, template, defaults, environments }, problems, notices);
  }

  for (const p of sameAccountProblems(handWritten)) problems.add(p);
  for (const p of sharedStateProblems(handWritten, discovered)) problems.add(p);
  if (problems.all.length > 0) throw invalidConfig(file, problems.all);
  return { environments: [...handWritten, ...discovered], handWritten, organization, accountsFile, notices };
}

/** The file's top level, checked; throws at once when it is wrong or holds no environment. */
function readTopLevel(raw: unknown, file: string) {
  // With an organization section, every environment may be a discovered one.
  const input = isPlainObject(raw) && raw.organization !== undefined && raw.environments === undefined ? { ...raw, environments: {} } : raw;
  const top = configFileSchema.safeParse(input, { error: describeIssue });
  if (!top.success) {
    throw invalidConfig(file, toProblems(flattenIssues(top.error), "(top level)"));
  }
  if (Object.keys(top.data.environments).length === 0 && top.data.organization === undefined) {
    throw invalidConfig(file, [at("environments", 'is empty; add at least one, e.g. "prod": { "awsAccountId": "123456789012" }', "config/no-environments")]);
  }
  return top.data;
}

/**
 * Checks each hand-written environment, and the organization's example one. A problem with
 * a value an environment inherits from defaults is reported once at defaults when every
 * environment inheriting it has the problem, else per environment.
 */
function checkEnvironments(subjects: readonly Subject[], example: Subject | undefined, defaults: Json, problems: ProblemList) {
  const handWritten: EnvironmentConfig[] = [];
  let exampleValid = false;
  const inherited = new Map<string, { field: PropertyKey; where: string; message: string; code: ErrorCode; subjects: Subject[] }>();
  const inheritors = (key: PropertyKey) => subjects.filter((s) => !has(s.own, [key]));
  for (const subject of subjects) {
    const nameProblem = subject === example ? undefined : stackNameProblem(subject.name);
    if (nameProblem) {
      problems.report(at(`environments.${subject.name}`, nameProblem, STACK_NAME_CODE));
      continue;
    }
    const { config, issues } = checkSubject(subject, defaults);
    if (subject === example) exampleValid = issues.length === 0;
    if (issues.length === 0 && config) {
      if (subject !== example) handWritten.push({ name: subject.name, config });
      continue;
    }
    for (const i of issues) {
      if (i.path.length > 0 && !has(subject.own, i.path.slice(0, 1)) && has(defaults, i.path.slice(0, 1))) {
        const where = formatPath(i.path);
        const key = `${where}\n${i.message}`;
        const entry = inherited.get(key) ?? { field: i.path[0], where, message: i.message, code: i.code, subjects: [] };
        entry.subjects.push(subject);
        inherited.set(key, entry);
      } else {
        problems.report(at(formatPath([...subject.at, ...i.path]), `${i.message}${subject.note?.(i.path) ?? ""}`, i.code));
      }
    }
  }
  for (const { field, where, message, code, subjects: having } of inherited.values()) {
    if (having.length === inheritors(field).length) problems.report(at(`defaults.${where}`, message, code));
    else for (const s of having) problems.report(at(`${formatPath(s.at)}.${where}`, `${message} (the value is inherited from defaults; override it here, or set it to null to unset it)`, code));
  }
  return { handWritten, exampleValid };
}
