/**
 * Writes datadog-aws.config.schema.json from the zod schemas (`npm run schema`).
 * A test fails when the committed file is out of date.
 */
import { writeFileSync } from "node:fs";
import { configFileJsonSchema } from "../lib/config/json-schema";

export const SCHEMA_FILE = "datadog-aws.config.schema.json";

export function renderSchema(): string {
  return `${JSON.stringify(configFileJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(SCHEMA_FILE, renderSchema());
  process.stderr.write(`Wrote ${SCHEMA_FILE}\n`);
}
