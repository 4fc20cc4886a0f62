/**
 * The package renames of CDK Terrain's upgrade guide (cdktn 0.22 and later), as this project
 * applies them: to build the cdktn flavour of the library (package.ts), to move the app
 * (migrate-app.ts), and in the proofs that check both.
 */

/** cdktf package → its cdktn successor, with the version this project proves. */
export const CDKTN_RENAMES = {
  cdktf: { name: "cdktn", version: "0.24.0" },
  "cdktf-cli": { name: "cdktn-cli", version: "0.24.0" },
  "@cdktf/provider-aws": { name: "@cdktn/provider-aws", version: "25.7.0" },
  "@cdktf/provider-datadog": { name: "@cdktn/provider-datadog", version: "16.1.0" },
} as const;

/** The constructs version cdktn's peer range (>=10.6.0 <10.8.0) allows, as proven. */
export const CDKTN_CONSTRUCTS_VERSION = "10.7.2";

export type CdktfPackage = keyof typeof CDKTN_RENAMES;

const RENAMED = Object.keys(CDKTN_RENAMES)
  .sort((a, b) => b.length - a.length)
  .map((n) => n.replace(/[/]/g, "\\/"))
  .join("|");
/**
 * A module specifier of a renamed package (or a path inside it) where TypeScript or its
 * output names a module: `require("…")`, `import("…")`, `from "…"`, `import "…"`.
 */
const SPECIFIER = new RegExp(`(require\\(|import\\(|from |import )(["'])(${RENAMED})((?:\\/[^"']*)?)\\2`, "g");

/** `source` (TypeScript, its JavaScript output or declarations) with every cdktf module specifier renamed. */
export function renameSpecifiers(source: string): string {
  return source.replace(SPECIFIER, (_all, keyword: string, quote: string, name: CdktfPackage, rest: string) => `${keyword}${quote}${CDKTN_RENAMES[name].name}${rest}${quote}`);
}

/** The cdktf module specifiers `source` still names (empty once renamed). */
export function cdktfSpecifiers(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((m) => `${m[3]}${m[4]}`);
}
