/**
 * Writes the table of provider features (which setting needs which provider release, and
 * the range a stack using it declares) into docs/library.md, "Provider versions", from
 * lib/facts/provider-features.ts, between `<!-- provider-features:start -->` and
 * `<!-- provider-features:end -->`. `npm run schema` runs it; a unit test
 * (__tests__/unit/provider-ranges.test.ts) fails when the file is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { PROVIDER_FEATURES, PROVIDER_LABELS } from "../lib/facts/provider-features";
import { providerRange } from "../lib/constructs/provider-requirements";

export const PROVIDER_FEATURES_FILE = "docs/library.md";
const START = "<!-- provider-features:start -->";
const END = "<!-- provider-features:end -->";

/** The table: one row per feature, in the order the facts list them. */
export function renderProviderFeatures(): string {
  const rows = Object.entries(PROVIDER_FEATURES).map(
    ([name, f]) => `| ${f.what} | \`${name}\` | ${PROVIDER_LABELS[f.provider]} ${f.minimum} | \`${providerRange(f.provider, [name as keyof typeof PROVIDER_FEATURES])}\` | ${f.source} |`,
  );
  return [
    "<!-- Generated from lib/facts/provider-features.ts by scripts/write-provider-features.ts; do not edit by hand. -->",
    "",
    "| what uses it | feature | needs | range a stack using it declares | source |",
    "|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

/** `text` with the table between the markers replaced. Throws if the markers are missing. */
export function withProviderFeatures(text: string): string {
  const section = new RegExp(`${START}[\\s\\S]*?${END}`);
  if (!section.test(text)) throw new Error(`${PROVIDER_FEATURES_FILE} has no ${START} ... ${END} section`);
  return text.replace(section, () => `${START}\n${renderProviderFeatures()}\n${END}`);
}

if (require.main === module) {
  const text = readFileSync(PROVIDER_FEATURES_FILE, "utf8");
  const current = withProviderFeatures(text) === text;
  if (!current) writeFileSync(PROVIDER_FEATURES_FILE, withProviderFeatures(text));
  process.stderr.write(`${PROVIDER_FEATURES_FILE}: ${current ? "the provider features are current" : "wrote the provider features"}\n`);
}
