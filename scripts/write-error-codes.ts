/**
 * Writes the error-code tables of docs/errors.md, one table per area, between the markers
 * `<!-- error-codes:start -->` and `<!-- error-codes:end -->`, leaving the rest of the file as
 * it is (`npm run schema` runs it with the other generators). Each table is an area of
 * lib/errors/ (its heading, codes, meanings and fixes are written there, once). A unit test
 * (__tests__/unit/error-codes.test.ts) fails when the file is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { DOCTOR_FINDINGS } from "../cli/doctor/registry";
import { ERROR_AREAS, ErrorArea } from "../lib/errors";

export const ERROR_CODES_FILE = "docs/errors.md";
export const START_MARKER = "<!-- error-codes:start -->";
export const END_MARKER = "<!-- error-codes:end -->";

/** Every table, in the order they are printed: lib/errors/'s areas, then the doctor's findings (cli/doctor/checks/). */
export const ERROR_TABLES: readonly ErrorArea[] = [
  ...ERROR_AREAS,
  {
    heading: "`npm run doctor` findings",
    note: "each finding of its report starts with its code in brackets, e.g. `1. [trust-wrong-account] ...`; exit code 1",
    codes: DOCTOR_FINDINGS,
  },
];

/** Markdown table cells hold no line breaks and no bare `|`. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

function table({ heading, note, codes }: ErrorArea): string {
  const rows = Object.entries(codes).map(([code, { meaning, fix }]) => `| \`${code}\` | ${cell(meaning)} | ${cell(fix)} |`);
  return [`**${heading}**${note ? ` (${note})` : ""}`, "", "| code | what is wrong | how to fix it |", "|---|---|---|", ...rows].join("\n");
}

/** The list between the markers (without them): one table per area, every code in table order. */
export function renderErrorCodes(tables: readonly ErrorArea[] = ERROR_TABLES): string {
  return [
    "<!-- Generated from lib/errors/ by scripts/write-error-codes.ts; do not edit by hand. -->",
    "",
    "Every problem the tool reports ends with its code in brackets, e.g.",
    '`- environments.prod.awsAccountId: "1234" has 4 digits; ... [value/aws-account-id]`. A code stays the',
    "same when the wording of its message changes. In TypeScript, every such error is a `CodedError`",
    "(a `ConfigError` for what you wrote, a `ServiceError` when AWS or Datadog cannot be used); it has",
    "the code of the error as a whole in `code`, and each problem's code in `issues[].code`.",
    "",
    tables
      .filter((t) => Object.keys(t.codes).length > 0)
      .map(table)
      .join("\n\n"),
  ].join("\n");
}

/** `text` (docs/errors.md) with what is between the markers replaced by the current tables. Throws if the markers are missing. */
export function withErrorCodes(text: string): string {
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error(`${ERROR_CODES_FILE} has no ${START_MARKER} ... ${END_MARKER} section`);
  return `${text.slice(0, start + START_MARKER.length)}\n${renderErrorCodes()}\n${text.slice(end)}`;
}

if (require.main === module) {
  const before = readFileSync(ERROR_CODES_FILE, "utf8");
  const after = withErrorCodes(before);
  if (after !== before) writeFileSync(ERROR_CODES_FILE, after);
  process.stderr.write(after === before ? `${ERROR_CODES_FILE} is current\n` : `Wrote the error codes into ${ERROR_CODES_FILE}\n`);
}
