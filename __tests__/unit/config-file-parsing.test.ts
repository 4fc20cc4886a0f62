/**
 * Reading the config file: strict JSON (no comments, no trailing commas; a byte order mark
 * is fine), every syntax error placed at a line and column, and a key written twice in one
 * object refused instead of silently dropping the first. (The same through the real CLI:
 * bad-input-cli.test.ts.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse, printParseErrorCode, type ParseError } from "jsonc-parser";
import { ConfigError } from "../../lib/errors";
import { loadConfigFile, parseConfigText } from "../../lib/config/load-config";
import { CONFIG_FILES } from "../support/shipped-configs";

const ROOT = path.join(__dirname, "..", "..");
const CONFIGS = CONFIG_FILES;
const textOf = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

/** The one problem line of a text that is not JSON. */
function syntaxProblem(text: string): string {
  try {
    parseConfigText(text, "c.json");
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    const { code, issues, problems } = e as ConfigError;
    expect({ code, issues }).toEqual({ code: "file/not-json", issues: [{ code: "file/not-json", path: "c.json", message: expect.stringMatching(/^not valid JSON at line \d+, column \d+: /) }] });
    return problems[0];
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

/** What parseConfigText threw for `text`, or undefined when it accepted it. */
function refusalOf(text: string): unknown {
  try {
    parseConfigText(text, "c.json");
    return undefined;
  } catch (e) {
    return e;
  }
}

/** True for the ConfigError of a syntax error: code file/not-json, one problem placed at a line and column (what syntaxProblem asserts). */
function isPlacedSyntaxError(e: unknown): boolean {
  if (!(e instanceof ConfigError) || e.code !== "file/not-json" || e.issues.length !== 1) return false;
  const [issue] = e.issues;
  return (
    issue.code === "file/not-json" &&
    issue.path === "c.json" &&
    /^not valid JSON at line \d+, column \d+: /.test(issue.message) &&
    /^c\.json: not valid JSON at line \d+, column \d+: /.test(e.problems[0])
  );
}

const accepts = (parser: (text: string) => unknown, text: string) => {
  try {
    parser(text);
    return true;
  } catch {
    return false;
  }
};

describe("compliant: every config in the repository reads exactly as JSON.parse reads it", () => {
  test.each(CONFIGS)("%s", (file) => {
    const text = textOf(file);
    const expected = JSON.parse(text);
    expect(parseConfigText(text, file)).toEqual({ value: expected, duplicates: [] });
    // As an editor on Windows may save it: byte order mark and CRLF line ends.
    expect(parseConfigText(`\uFEFF${text.replace(/\n/g, "\r\n")}`, file).value).toEqual(expected);
  });

  test("values JSON keeps exactly: __proto__ as a key, -0, big and escaped numbers, lone surrogates", () => {
    const text = '{"__proto__": {"a": 1}, "n": [-0, 1e400, 12345678901234567890, 1.5E-3], "s": "\\ud800\\u00e9\\/\\n"}';
    const { value } = parseConfigText(text, "c.json");
    expect(value).toEqual(JSON.parse(text));
    expect(Object.hasOwn(value as object, "__proto__")).toBe(true);
    expect(Object.is((value as { n: number[] }).n[0], -0)).toBe(true);
  });
});

describe("jsonc-parser, held to plain JSON by its options", () => {
  const OPTIONS = { allowTrailingComma: false, disallowComments: true };
  const errorsOf = (text: string) => {
    const errors: ParseError[] = [];
    parse(text, errors, OPTIONS);
    return errors.map((e) => [printParseErrorCode(e.error), e.offset]);
  };

  test("refuses trailing commas and comments, which its defaults would accept", () => {
    expect(errorsOf('{"a": 1,}')[0]).toEqual(["PropertyNameExpected", 8]);
    expect(errorsOf("[1,]")[0]).toEqual(["ValueExpected", 3]);
    expect(errorsOf('{"a": 1 // note\n}')[0]).toEqual(["InvalidCommentToken", 8]);
    expect(errorsOf('/* note */ {"a": 1}')[0]).toEqual(["InvalidCommentToken", 0]);
    const lenient: ParseError[] = [];
    parse('{"a": [1,], /* note */ "b": 2,}', lenient, { allowTrailingComma: true });
    expect(lenient).toEqual([]);
  });

  test("agrees with JSON.parse on which texts are JSON, over thousands of broken configs", () => {
    // Every config of the repository, broken one character at a time in the ways people
    // break JSON (and a few they rarely do); both parsers must accept or refuse alike.
    // Each text is parsed once and the verdicts are compared in bulk: jsonc-parser's
    // scanner reads the global String once per character, which Jest's sandbox (a vm
    // context) makes some 300 times slower than plain Node, so a second parse or an
    // expect() per text cost most of this file's time.
    const edits = ["", ",", "}", "]", "{", "[", '"', "'", "/", "0", "-", ".", "e", "\\", "\t", "\u00a0", "\u2028", "\u0001", "x", "// c\n", "n"];
    const disagreements: { broken: string; ours: boolean; jsonParse: boolean }[] = [];
    const unplaced: { broken: string; problem: unknown }[] = [];
    let compared = 0;
    let refused = 0;
    for (const file of CONFIGS) {
      const text = textOf(file);
      for (let at = 0; at < text.length; at += 13) {
        for (const edit of edits) {
          for (const broken of [text.slice(0, at) + edit + text.slice(at), text.slice(0, at) + edit + text.slice(at + 1)]) {
            const refusal = refusalOf(broken);
            const ours = refusal === undefined;
            const jsonParse = accepts(JSON.parse, broken);
            if (ours !== jsonParse) disagreements.push({ broken, ours, jsonParse });
            compared++;
            if (refusal !== undefined) {
              refused++;
              if (!isPlacedSyntaxError(refusal)) unplaced.push({ broken, problem: refusal });
            }
          }
        }
      }
    }
    // The first few of each, with the count, so a failure stays readable.
    expect({ disagreements: disagreements.length, first: disagreements.slice(0, 5) }).toEqual({ disagreements: 0, first: [] });
    expect({ unplaced: unplaced.length, first: unplaced.slice(0, 5) }).toEqual({ unplaced: 0, first: [] });
    expect(compared).toBeGreaterThan(10000);
    expect(refused).toBeGreaterThan(compared / 3);
  });
});

describe("non-compliant: every syntax error names its line and column, what is there and the fix", () => {
  test.each([
    [
      "a trailing comma in an object",
      '{\n  "environments": {\n    "prod": { "awsAccountId": "123456789012", }\n  }\n}\n',
      3,
      45,
      'a comma after the last item, before "}"',
      "trailing commas are not allowed",
    ],
    [
      "a trailing comma in a list (V8 names no position)",
      '{\n  "defaults": { "tags": ["team:a",\n  ] },\n  "environments": {}\n}',
      2,
      34,
      'a comma after the last item, before "]"',
      "remove the comma",
    ],
    ["a line comment", '{\n  // prod only\n  "environments": {}\n}', 2, 3, "a comment", "JSON has no comments"],
    ["a block comment after a value", '{ "environments": {} /* later */ }', 1, 22, "a comment", "JSON has no comments"],
    ["an empty file", "", 1, 1, "the file is empty", '{ "environments": '],
    ["a file of spaces", "  \n ", 2, 2, "the file is empty", "one JSON object"],
    ["single quotes", "{ 'environments': {} }", 1, 3, "a single quote", "double quotes"],
    ["a key without quotes", "{ environments: {} }", 1, 3, 'the bare word "environments"', "double quotes"],
    ["an account ID as a number with a leading zero", '{ "environments": { "prod": { "awsAccountId": 012345678901 } } }', 1, 47, "a number with a leading zero", '"012345678901"'],
    ["a missing comma between keys", '{\n  "defaults": {}\n  "environments": {}\n}', 3, 3, "no comma before a double quote", "separate items with a comma"],
    ["a tab inside a string", '{ "environments": { "prod": { "awsProfile": "a\tb" } } }', 1, 47, "a tab (U+0009) inside a string", "\\t"],
    ["a bad escape", '{ "environments": { "prod": { "awsProfile": "C:\\Users" } } }', 1, 48, 'the escape "\\\\U"', "write a backslash itself as \\\\"],
    ["a string left open", '{ "environments": { "prod": { "awsProfile": "abc\n} } }', 1, 45, "a string that is not closed", "closing double quote"],
    ["a file cut short", '{ "environments": { "prod": {', 1, 30, 'the end of the file before a "}"', 'close every open { with "}"'],
    ["a no-break space pasted from a web page", '{\u00a0"environments": {} }', 1, 2, "an invisible space (U+00A0)", "only spaces, tabs and line breaks"],
    ["two top-level objects", '{ "environments": {} }\n{}', 2, 1, "more text after the end of the top-level object", "one JSON object"],
    ["a missing colon", '{ "environments" {} }', 1, 18, 'where ":" is expected after a key', '"key": value'],
    ["an unfinished number", '{ "defaults": { "cspm": 1. } }', 1, 25, 'the unfinished number "1."', "complete it"],
  ])("%s", (_name, text, line, column, found, fix) => {
    const problem = syntaxProblem(text);
    expect(problem).toMatch(new RegExp(`^c\\.json: not valid JSON at line ${line}, column ${column}: `));
    expect(problem).toContain(found);
    expect(problem).toContain(fix);
  });

  test("the line and column count a byte order mark as nothing and CRLF as one line break", () => {
    expect(syntaxProblem('\uFEFF{\r\n  "environments": {},\r\n}')).toMatch(/at line 2, column 21: a comma after the last item/);
  });
});

describe("duplicate keys", () => {
  test("compliant: the same key in different objects is no duplicate", () => {
    const text = '{ "defaults": { "tags": [] }, "environments": { "a": { "tags": [], "awsAccountId": "123456789012" }, "b": { "tags": [], "awsAccountId": "210987654321" } } }';
    expect(parseConfigText(text, "c.json").duplicates).toEqual([]);
  });

  test("compliant: keys in sibling objects of a list, and strings that look like keys, are no duplicates", () => {
    const text = '{ "a": { "k": 1 }, "b": [{ "k": 1 }, { "k": 2, "\\u006b2": "{\\"k\\": 1}" }], "k": "\\"k\\" : 1", "k2": "}" }';
    expect(parseConfigText(text, "c.json")).toEqual({ value: JSON.parse(text), duplicates: [] });
  });

  test.each([
    [
      "an environment written twice",
      '{\n  "environments": {\n    "prod": { "awsAccountId": "123456789012" },\n    "staging": { "awsAccountId": "210987654321" },\n    "prod": { "awsAccountId": "111122223333" }\n  }\n}',
      [{ path: "environments.prod", key: "prod", lines: [3, 5] }],
    ],
    [
      "a nested key",
      '{\n  "environments": {\n    "prod": {\n      "awsAccountId": "123456789012",\n      "metrics": {\n        "hostTags": ["a:b"],\n        "hostTags": []\n      }\n    }\n  }\n}',
      [{ path: "environments.prod.metrics.hostTags", key: "hostTags", lines: [6, 7] }],
    ],
    [
      "a key three times, inside a list's object, on one line",
      '{ "environments": { "prod": { "metrics": { "tagFilters": [{ "namespace": "AWS/RDS", "namespace": "AWS/EC2", "namespace": "AWS/ELB" }] } } } }',
      [{ path: "environments.prod.metrics.tagFilters[0].namespace", key: "namespace", lines: [1, 1, 1] }],
    ],
    [
      "a key after values holding braces, quotes and colons",
      '{ "environments": { "a": { "tags": ["x:{\\"y\\": 1}", "}"],\n  "tags": [] } } }',
      [{ path: "environments.a.tags", key: "tags", lines: [1, 2] }],
    ],
    ["one key spelled with an escape", '{\n  "environments": {},\n  "\\u0065nvironments": {}\n}', [{ path: "environments", key: "environments", lines: [2, 3] }]],
    ["a name that is not an identifier", '{ "environments": {\n  "prod env": {},\n  "prod env": {} } }', [{ path: 'environments["prod env"]', key: "prod env", lines: [2, 3] }]],
    [
      "several, in the order they first appear",
      '{\n  "defaults": { "cspm": true,\n    "cspm": false },\n  "environments": { "a": {},\n    "a": {} }\n}',
      [
        { path: "defaults.cspm", key: "cspm", lines: [2, 3] },
        { path: "environments.a", key: "a", lines: [4, 5] },
      ],
    ],
  ])("non-compliant: %s", (_name, text, duplicates) => {
    expect(parseConfigText(text, "c.json")).toEqual({ value: JSON.parse(text), duplicates });
  });

  describe("reading the file", () => {
    let dir: string;
    beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), "config-parsing-"))));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const problemsOfFile = (text: string) => {
      const file = path.join(dir, "c.json");
      writeFileSync(file, text);
      try {
        loadConfigFile(file);
      } catch (e) {
        const { message, problems, issues } = e as ConfigError;
        return { message: message.replace(file, "<file>"), problems, codes: issues.map((i) => i.code) };
      }
      throw new Error("expected the config to be refused");
    };

    test("a duplicate alone is an error naming the key, its path and both lines", () => {
      const { message, problems, codes } = problemsOfFile('{\n  "environments": {\n    "prod": { "awsAccountId": "123456789012" },\n    "prod": { "awsAccountId": "210987654321" }\n  }\n}');
      expect(message.split("\n")[0]).toBe("<file>: 1 problem; nothing was written.");
      expect(codes).toEqual(["file/duplicate-key"]);
      expect(problems).toEqual([expect.stringMatching(/^environments\.prod: the key "prod" is written twice in the same object, at lines 3 and 4; .*ignore the first: merge them into one/)]);
      expect(message).toMatch(/\[file\/duplicate-key\]$/);
    });

    test("duplicates are listed first, with every other problem of the config", () => {
      const { problems, codes } = problemsOfFile('{\n  "environments": {\n    "prod": { "awsAccountId": "1234-5678-9012", "cspm": true, "cspm": true }\n  }\n}');
      expect(codes).toEqual(["file/duplicate-key", "value/aws-account-id"]);
      expect(problems).toEqual([
        expect.stringMatching(/^environments\.prod\.cspm: the key "cspm" is written twice in the same object, at lines 3 and 3;/),
        expect.stringMatching(/^environments\.prod\.awsAccountId: "1234-5678-9012" has dashes/),
      ]);
    });

    test("three times: every line, and 'the others'", () => {
      const { problems } = problemsOfFile('{ "environments": {\n"a": { "awsAccountId": "123456789012" },\n"a": { "awsAccountId": "123456789012" },\n"a": { "awsAccountId": "123456789012" } } }');
      expect(problems).toEqual([expect.stringContaining('"a" is written 3 times in the same object, at lines 2, 3 and 4; JSON keeps only the last one and would silently ignore the others')]);
    });
  });
});
