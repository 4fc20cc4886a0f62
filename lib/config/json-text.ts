/**
 * The config file's text: strict JSON, every syntax error placed at a line and column
 * with what is there and how to fix it, and keys written twice in one object found.
 */
import type { JSONPath, ParseErrorCode, ParseOptions } from "jsonc-parser";
import { configFileNotJson, type DuplicateKey, type JsonSyntaxProblem } from "../errors";
import { formatPath } from "./messages";

/**
 * jsonc-parser, loaded only for a text that needs its positions (one JSON.parse refuses, or
 * with a key written twice): a valid file is read without it, and loading it takes ~7 ms.
 */
let jsoncParser: typeof import("jsonc-parser") | undefined;
const jsonc = () => (jsoncParser ??= require("jsonc-parser") as typeof import("jsonc-parser"));

/** jsonc-parser held to plain JSON: no comments, no trailing commas, no empty file. */
const STRICT_JSON: ParseOptions = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/** 1-based line and column of `offset`, counting line breaks as JSON does (\n, \r\n, \r). */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** A character as a person can recognize it in a message, invisible ones by code point. */
function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const point = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (ch === '"') return "a double quote";
  if (code === 9) return `a tab (${point})`;
  if (code < 0x20 || code === 0x7f) return `the control character ${point}`;
  if (/\s/u.test(ch) || code === 0x200b || code === 0xfeff) return `an invisible space (${point})`;
  return JSON.stringify(ch);
}

const BARE_WORD = /^[A-Za-z_$][\w$]*/;

/**
 * What is wrong at a jsonc-parser error, where and how to fix it. Errors inside a string
 * are reported by jsonc-parser at the string's opening quote; they are placed here at the
 * offending character.
 */
function describeSyntaxError(text: string, code: ParseErrorCode, offset: number, length: number): JsonSyntaxProblem {
  const place = (where: number, found: string, fix: string): JsonSyntaxProblem => ({ ...lineColumn(text, where), found, fix });
  const ch = text.slice(offset, offset + 1);
  const before = text.slice(0, offset).replace(/[ \t\r\n]+$/, "");
  const atEnd = text.slice(offset).trim() === "";
  const token = text.slice(offset, offset + length);
  switch (jsonc().printParseErrorCode(code)) {
    case "PropertyNameExpected":
    case "ValueExpected":
      if (before.endsWith(",") && (ch === "}" || ch === "]")) {
        return place(before.length - 1, `a comma after the last item, before "${ch}"`, "remove the comma (trailing commas are not allowed in JSON)");
      }
      if (text.trim() === "") return place(offset, "the file is empty", 'write the config as one JSON object, e.g. { "environments": { "prod": { "awsAccountId": "123456789012" } } }');
      if (atEnd) return place(offset, "the file ends where a value is expected", "complete the value and close every { and [");
      return jsonc().printParseErrorCode(code) === "PropertyNameExpected"
        ? place(offset, `${describeChar(ch)} where a key is expected`, 'write keys in double quotes, e.g. "awsAccountId"')
        : place(offset, `${describeChar(ch)} where a value is expected`, "give a value: a string in double quotes, a number, true, false, null, a list [...] or an object {...}");
    case "InvalidSymbol": {
      const word = BARE_WORD.exec(text.slice(offset))?.[0];
      if (ch === "'") return place(offset, "a single quote", "JSON takes double quotes around keys and strings");
      if (ch === "-") return place(offset, 'a "-" without a number after it', "write the number right after the minus sign, or put the value in double quotes if it is a string");
      if (word) return place(offset, `the bare word ${JSON.stringify(word)}`, "put strings and keys in double quotes; the only bare words JSON knows are true, false and null");
      if (/[\s\u200b\ufeff]/u.test(ch))
        return place(offset, describeChar(ch), "delete it: between values JSON allows only spaces, tabs and line breaks (such characters often come with text pasted from a web page)");
      return place(offset, `unexpected ${describeChar(ch)}`, "remove it, or put the value in double quotes if it is a string");
    }
    case "InvalidCommentToken":
    case "UnexpectedEndOfComment":
      return place(offset, "a comment", "remove it (JSON has no comments)");
    case "ColonExpected":
      return place(offset, `${atEnd ? "the end of the file" : describeChar(ch)} where ":" is expected after a key`, 'write the key and its value as "key": value');
    case "CommaExpected": {
      const leadingZero = /-?0$/.exec(before);
      if (leadingZero && /\d/.test(ch) && !/[\d.eE]$/.test(before.slice(0, -leadingZero[0].length))) {
        return place(leadingZero.index, "a number with a leading zero", 'JSON numbers cannot start with 0; write IDs as strings in double quotes, e.g. "012345678901"');
      }
      return place(offset, `no comma before ${describeChar(ch)}`, "separate items with a comma");
    }
    case "CloseBraceExpected":
    case "CloseBracketExpected": {
      const close = jsonc().printParseErrorCode(code) === "CloseBraceExpected" ? "}" : "]";
      if (atEnd) return place(offset, `the end of the file before a "${close}"`, `close every open ${close === "}" ? "{" : "["} with "${close}"`);
      return place(offset, `${describeChar(ch)} where "," or "${close}" is expected`, `separate items with a comma and close with "${close}"`);
    }
    case "EndOfFileExpected":
      return place(offset, "more text after the end of the top-level object", "a config file holds one JSON object; remove the rest or move it inside");
    case "UnexpectedEndOfString":
      return place(offset, "a string that is not closed before the end of its line", "add the closing double quote");
    case "UnexpectedEndOfNumber":
    case "InvalidNumberFormat":
      return place(offset, `the unfinished number ${JSON.stringify(token)}`, "complete it (numbers look like 1, 1.5 or 1e3), or put the value in double quotes if it is a string");
    case "InvalidUnicode": {
      return place(offset + Math.max(0, token.search(/\\u(?![0-9a-fA-F]{4})/)), "a \\u escape without four hex digits", "write \\u followed by exactly four hex digits, e.g. \\u00e9");
    }
    case "InvalidEscapeCharacter": {
      const bad = /\\[^"\\/bfnrtu]/.exec(token.slice(1));
      return place(
        offset + 1 + (bad?.index ?? 0),
        `the escape ${bad ? JSON.stringify(bad[0]) : "sequence"}`,
        'after a backslash JSON allows only " \\ / b f n r t u; write a backslash itself as \\\\',
      );
    }
    case "InvalidCharacter": {
      const where = offset + 1 + Math.max(0, token.slice(1).search(/[\u0000-\u001f]/));
      return place(where, `${describeChar(text.slice(where, where + 1))} inside a string`, "write it as an escape: \\t for a tab, \\n for a line break");
    }
    default:
      return place(offset, jsonc().printParseErrorCode(code), "fix the JSON syntax there");
  }
}

export interface ParsedConfigText {
  /** The value, exactly as JSON.parse gives it. */
  readonly value: unknown;
  /** Keys written more than once in one object, in the order they first appear. */
  readonly duplicates: readonly DuplicateKey[];
}

/**
 * Parses a config file's text as strict JSON. A byte order mark is accepted (editors on
 * Windows may write one). Throws a ConfigError naming the line and column of the first
 * syntax error. Duplicate keys are returned, not thrown, so they can be reported together
 * with every other problem of the config.
 *
 * jsonc-parser decides whether the text is JSON and where it is not, and reports every key
 * with its position; JSON.parse then builds the value, so the value is exactly what JSON
 * gives (jsonc-parser's own value would set "__proto__" as a prototype instead of a key).
 * The two agree on which texts are JSON: __tests__/unit/config-file-parsing.test.ts compares them.
 *
 * Most files are JSON with no key written twice: JSON.parse and a scan for repeated keys
 * settle those (~0.04 s less at 500 environments than jsonc-parser's walk, which builds a
 * path for every object); any other text is read by jsonc-parser for its positions.
 */
export function parseConfigText(text: string, file: string): ParsedConfigText {
  const json = text.replace(/^\uFEFF/, "");
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return readWithPositions(json, file);
  }
  return hasRepeatedKey(json) ? readWithPositions(json, file) : { value, duplicates: [] };
}

/**
 * Whether an object of `json`, a text JSON.parse accepted, has a key twice (keys compared
 * as JSON decodes them). In valid JSON a string followed by ":" is a key, and it belongs to
 * the innermost object still open.
 */
function hasRepeatedKey(json: string): boolean {
  const open: Set<string>[] = [];
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 0x7b /* { */) open.push(new Set());
    else if (c === 0x7d /* } */) open.pop();
    else if (c === 0x22 /* " */) {
      let end = i + 1;
      let escaped = false;
      for (let d = json.charCodeAt(end); d !== 0x22; d = json.charCodeAt(end)) {
        if (d === 0x5c /* \ */) {
          escaped = true;
          end += 2;
        } else end++;
      }
      let next = end + 1;
      for (let d = json.charCodeAt(next); d === 0x20 || d === 0x09 || d === 0x0a || d === 0x0d; d = json.charCodeAt(next)) next++;
      if (json.charCodeAt(next) === 0x3a /* : */) {
        const keys = open[open.length - 1];
        const key = escaped ? (JSON.parse(json.slice(i, end + 1)) as string) : json.slice(i + 1, end);
        if (keys.has(key)) return true;
        keys.add(key);
      }
      i = end;
    }
  }
  return false;
}

/** Reads the text with jsonc-parser: syntax errors placed at a line and column, and every key written twice. */
function readWithPositions(json: string, file: string): ParsedConfigText {
  let syntax: JsonSyntaxProblem | undefined;
  // The objects being read, innermost last, each with its keys' lines and first offset.
  const open: { path: JSONPath; keys: Map<string, { lines: number[]; first: number }> }[] = [];
  const duplicates: (DuplicateKey & { first: number })[] = [];
  jsonc().visit(
    json,
    {
      onError(code, offset, length) {
        syntax ??= describeSyntaxError(json, code, offset, length);
      },
      onObjectBegin(_offset, _length, _line, _character, pathSupplier) {
        open.push({ path: pathSupplier(), keys: new Map() });
      },
      onObjectProperty(property, offset, _length, line) {
        const keys = open[open.length - 1].keys;
        const seen = keys.get(property);
        if (seen) seen.lines.push(line + 1);
        else keys.set(property, { lines: [line + 1], first: offset });
      },
      onObjectEnd() {
        const object = open.pop();
        for (const [key, { lines, first }] of object?.keys ?? []) {
          if (lines.length > 1) duplicates.push({ path: formatPath([...object!.path, key]), key, lines, first });
        }
      },
    },
    STRICT_JSON,
  );
  if (syntax) throw configFileNotJson(file, syntax);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    // Never seen: jsonc-parser accepted a text JSON.parse refuses. Report V8's words, placed.
    const message = (e as Error).message;
    const offset = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    throw configFileNotJson(file, { ...lineColumn(json, offset), found: message, fix: "fix the JSON syntax there" });
  }
  return { value, duplicates: duplicates.sort((a, b) => a.first - b.first).map(({ path, key, lines }) => ({ path, key, lines })) };
}
