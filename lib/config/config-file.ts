/**
 * Reading a config file from disk: its text, its accounts file when it has an organization
 * section, and every problem of either reported together.
 */
import { readFileSync } from "node:fs";
import { ConfigError, configFileNotFound, configFileUnreadable, type DuplicateKey, duplicateConfigKeys, nothingToSynthesize } from "../errors";
import { CONFIG_ENV_VAR } from "./contract";
import { isPlainObject } from "./json-value";
import { parseConfigText, type ParsedConfigText } from "./json-text";
import { accountsFilePath, readAccountsFile } from "./organization";
import { resolveConfigDetailed } from "./resolution/resolve";
import type { EnvironmentConfig, ResolvedConfig } from "./resolution/types";

/** Reads a config file's text and parses it (see parseConfigText). Throws a ConfigError when it cannot. */
export function readConfigText(file: string): ParsedConfigText {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ENOENT") throw configFileNotFound(file, CONFIG_ENV_VAR);
    throw configFileUnreadable(file, err.message);
  }
  return parseConfigText(text, file);
}

/** Runs `resolve`, reporting keys written twice in the file with whatever else it finds. */
export function withDuplicateKeys<T>(file: string, duplicates: readonly DuplicateKey[], resolve: () => T): T {
  let result: T;
  try {
    result = resolve();
  } catch (e) {
    if (duplicates.length > 0 && e instanceof ConfigError) throw duplicateConfigKeys(file, duplicates, e.issues);
    throw e;
  }
  if (duplicates.length > 0) throw duplicateConfigKeys(file, duplicates);
  return result;
}

/**
 * Reads and validates a config file with its discovered environments: with an organization
 * section, the accounts file `npm run discover` wrote is read too (when it exists). Throws
 * a ConfigError for anything wrong with either, or when there is nothing to synthesize.
 */
export function loadConfig(file: string): ResolvedConfig {
  const { value, duplicates } = readConfigText(file);
  return withDuplicateKeys(file, duplicates, () => {
    const organization = isPlainObject(value) && isPlainObject(value.organization) ? value.organization : undefined;
    if (!organization) return resolveConfigDetailed(value, file);
    const accounts = readAccountsFile(accountsFilePath(file, typeof organization.output === "string" && organization.output !== "" ? organization.output : undefined));
    const resolved = resolveConfigDetailed(value, file, { accounts: accounts ?? "missing" });
    if (resolved.environments.length === 0) throw nothingToSynthesize(file, resolved.accountsFile!);
    return resolved;
  });
}

/** Reads and validates a config file. Throws a ConfigError for anything wrong with it. */
export function loadConfigFile(file: string): EnvironmentConfig[] {
  return loadConfig(file).environments;
}
