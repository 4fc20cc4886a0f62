/**
 * Writes the README's "Error codes" list from `ERROR_CODES` in lib/errors.ts, between the
 * markers `<!-- error-codes:start -->` and `<!-- error-codes:end -->`, leaving the rest of
 * the README as it is (`npm run schema` runs it with the other generators). A unit test
 * (__tests__/unit/error-codes.test.ts) fails when the README is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { ERROR_CODES, ErrorCode } from "../lib/errors";
import { DOCTOR_FINDINGS } from "../cli/doctor/registry";

export const README_FILE = "README.md";
export const START_MARKER = "<!-- error-codes:start -->";
export const END_MARKER = "<!-- error-codes:end -->";

/** The areas in the order the README lists them, each with a heading. */
const AREAS: Readonly<Record<string, string>> = {
  file: "Reading the config file",
  config: "The config file's structure",
  value: "One field's value",
  combination: "Fields that do not go together",
  organization: "The organization section and its accounts file",
  discover: "`npm run discover`",
  construct: "The construct, used as a library",
  output: "What the app writes",
  doctor: "`npm run doctor`",
  permissions: "`npm run permissions`",
  command: "Every command",
};

/** Markdown table cells hold no line breaks and no bare `|`. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

/** The list between the markers (without them): one table per area, every code in table order. */
export function renderErrorCodes(): string {
  const codes = Object.keys(ERROR_CODES) as ErrorCode[];
  const areaOf = (code: string) => code.slice(0, code.indexOf("/"));
  const unknownArea = codes.find((c) => !(areaOf(c) in AREAS));
  if (unknownArea) throw new Error(`${unknownArea}: its area has no heading in scripts/write-error-codes.ts (AREAS)`);
  const sections = Object.entries(AREAS)
    .map(([area, heading]) => {
      const rows = codes.filter((c) => areaOf(c) === area).map((c) => `| \`${c}\` | ${cell(ERROR_CODES[c].meaning)} | ${cell(ERROR_CODES[c].fix)} |`);
      return rows.length === 0 ? "" : [`**${heading}**`, "", "| code | what is wrong | how to fix it |", "|---|---|---|", ...rows].join("\n");
    })
    .filter((s) => s !== "");
  return [
    "<!-- Generated from ERROR_CODES in lib/errors.ts by scripts/write-error-codes.ts; do not edit by hand. -->",
    "",
    "Every problem the tool reports ends with its code in brackets, e.g.",
    '`- environments.prod.awsAccountId: "1234" has 4 digits; ... [value/aws-account-id]`. A code stays the',
    "same when the wording of its message changes. In TypeScript, a `ConfigError` has the code of the",
    "error as a whole in `code`, and each problem's code in `issues[].code`.",
    "",
    sections.join("\n\n"),
    "",
    renderDoctorFindings(),
  ].join("\n");
}

/** The doctor's findings (DOCTOR_FINDINGS in cli/doctor/registry.ts), in the order its report lists them. */
export function renderDoctorFindings(): string {
  const rows = Object.entries(DOCTOR_FINDINGS).map(([code, { meaning, fix }]) => `| \`${code}\` | ${cell(meaning)} | ${cell(fix)} |`);
  return [
    "**`npm run doctor` findings** (each finding of its report starts with its code in brackets, e.g. `1. [trust-wrong-account] ...`; exit code 1)",
    "",
    "| finding | what is wrong | how to fix it |",
    "|---|---|---|",
    ...rows,
  ].join("\n");
}

/** `readme` with the text between the markers replaced by the current list. Throws if the markers are missing. */
export function withErrorCodes(readme: string): string {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error(`${README_FILE} has no ${START_MARKER} ... ${END_MARKER} section`);
  return `${readme.slice(0, start + START_MARKER.length)}\n${renderErrorCodes()}\n${readme.slice(end)}`;
}

if (require.main === module) {
  const before = readFileSync(README_FILE, "utf8");
  const after = withErrorCodes(before);
  if (after !== before) writeFileSync(README_FILE, after);
  process.stderr.write(after === before ? `${README_FILE} is current\n` : `Wrote the error codes into ${README_FILE}\n`);
}
