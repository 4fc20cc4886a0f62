/**
 * The two judges of a config file: the published JSON Schema (as a standard validator,
 * Ajv, reads it; what editors show) and the tool itself (resolveConfig).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { resolveConfig } from "../../lib/config/load-config";
import { SCHEMA_FILE } from "../../scripts/write-schema";

export function schemaAgreement(): { schemaErrors: (config: unknown) => string[]; toolAccepts: (config: unknown) => boolean } {
  const published = JSON.parse(readFileSync(path.join(__dirname, "..", "..", SCHEMA_FILE), "utf8"));
  const validate = new Ajv({ allErrors: true }).compile(published);
  return {
    schemaErrors: (config) => (validate(config) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`)),
    toolAccepts: (config) => {
      try {
        resolveConfig(config, "test.config.json");
        return true;
      } catch {
        return false;
      }
    },
  };
}
