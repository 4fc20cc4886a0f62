// The config files this project ships (the shipped config and examples/*.config.json), so every test that walks them walks the same list and a new example is picked up without anyone adding it.
import { readdirSync } from "node:fs";
import * as path from "node:path";

/** The project folder; the paths below are relative to it. */
export const PROJECT_ROOT = path.resolve(__dirname, "../..");

/** Each shipped config file, relative to the project folder, in name order. */
export const CONFIG_FILES: readonly string[] = [
  "datadog-aws.config.json",
  ...readdirSync(path.join(PROJECT_ROOT, "examples"))
    .filter((f) => f.endsWith(".config.json"))
    .sort()
    .map((f) => `examples/${f}`),
];
