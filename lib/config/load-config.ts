/**
 * Loading a config, as the rest of the package uses it: read the file (config-file.ts),
 * parse its JSON text (json-text.ts), resolve its environments (resolution/). This module
 * only gathers them, so callers import one place.
 */
export { CONFIG_ENV_VAR, DEFAULT_CONFIG_FILE, DEFAULT_LOCAL_STATE_FILE, defaultLocalStatePath, defaultStateKey, oldDefaultLocalStatePath } from "./contract";
export { loadConfig, loadConfigFile, readConfigText, withDuplicateKeys } from "./config-file";
export { parseConfigText, type ParsedConfigText } from "./json-text";
export { stateLocation } from "./resolution/cross-environment";
export { resolveConfig, resolveConfigDetailed } from "./resolution/resolve";
export type { EnvironmentConfig, OrganizationSettings, ResolvedConfig, ResolveOptions } from "./resolution/types";
export { mergeDefaults } from "./resolution/values";
