/**
 * HCL output (`cdktf synth --hcl`, SYNTH_HCL_OUTPUT=true) as Terraform itself writes it.
 *
 * cdktf 0.21 renders HCL that Terraform parses only partly and `terraform fmt -check`
 * refuses everywhere. CDKTF is archived, so its renderer will not be fixed upstream; the
 * app post-processes its own HCL in three steps:
 * 1. the `terraform` block's plain attributes: the renderer writes their names instead of
 *    their values (`0 = "required_version"`), which Terraform refuses outright;
 * 2. `lifecycle` conditions: the renderer writes `precondition = [{ ... }]`, an argument
 *    Terraform refuses ("Did you mean to define a block"); each becomes a block;
 * 3. interpolation-only strings: an attribute whose whole value is `"${expr}"` is written
 *    `expr`, as `terraform fmt` does, and `ignore_changes` names attributes bare, as
 *    `depends_on` names resources and `provider` an aliased provider (quoted ones are
 *    deprecated, and Terraform warns about each);
 * 4. layout: indentation and aligned `=` by hclwrite's Format, the formatter Terraform's
 *    own `fmt` is built on, compiled to WebAssembly in `@cdktf/hcl-tools` (HashiCorp's).
 * JSON output needs none of this, so the formatter (a gzipped WebAssembly module, about 20 ms
 * to load) is loaded only when a stack is formatted.
 */
import { hclVariableInvalid } from "../../lib/errors";

/** `hcl` with each `<index> = "<name>"` line of the terraform block written as `<name> = <value>`. */
export function repairTerraformBlock(hcl: string, terraform: Record<string, unknown>): string {
  const start = hcl.indexOf("terraform {\n");
  if (start < 0) return hcl;
  // The block ends where its braces balance (its strings, versions and paths, hold none).
  let end = hcl.indexOf("{", start) + 1;
  for (let depth = 1; depth > 0 && end < hcl.length; end++) {
    if (hcl[end] === "{") depth++;
    else if (hcl[end] === "}") depth--;
  }
  const block = hcl.slice(start, end);
  const repaired = block.replace(/^(\s*)\d+ = "([a-z_]+)"$/gm, (line, indent: string, name: string) =>
    typeof terraform[name] === "string" || typeof terraform[name] === "boolean" ? `${indent}${name} = ${JSON.stringify(terraform[name])}` : line,
  );
  return hcl.slice(0, start) + repaired + hcl.slice(end);
}

/**
 * Index just past the string literal that opens at `open` (a double quote), skipping its
 * escapes and the expressions of its `${...}` templates (which may hold strings too).
 */
function endOfString(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i + 1;
    else if (text[i] === "$" && text[i + 1] === "{") i = closingBracket(text, i + 1);
  }
  return text.length;
}

/** Index of the bracket that closes the one at `open` (`{`, `[` or `(`), strings skipped over. */
export function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') i = endOfString(text, i) - 1;
    else if (c === "{" || c === "[" || c === "(") depth++;
    else if ((c === "}" || c === "]" || c === ")") && --depth === 0) return i;
  }
  return text.length;
}

/** The expression inside `"${...}"` when the template is exactly one interpolation, else undefined. */
export function interpolationOnly(value: string): string | undefined {
  if (!value.startsWith('"${') || !value.endsWith('}"')) return undefined;
  return closingBracket(value, 2) === value.length - 2 ? value.slice(3, -2) : undefined;
}

/** `precondition = [{ a }, { b }]` (and postcondition) written as `precondition { a }` blocks. */
export function conditionBlocks(hcl: string): string {
  const pattern = /^([ \t]*)(precondition|postcondition) = \[/m;
  let out = "";
  let rest = hcl;
  for (let m = pattern.exec(rest); m; m = pattern.exec(rest)) {
    const listOpen = m.index + m[0].length - 1;
    const listClose = closingBracket(rest, listOpen);
    const blocks: string[] = [];
    for (let i = listOpen + 1; i < listClose; i++) {
      if (rest[i] !== "{") continue;
      const close = closingBracket(rest, i);
      blocks.push(`${m[1]}${m[2]} {${rest.slice(i + 1, close)}}`);
      i = close;
    }
    out += rest.slice(0, m.index) + blocks.join("\n");
    rest = rest.slice(listClose + 1);
  }
  return out + rest;
}

/** Attribute lines whose whole value is one interpolation, unwrapped (`x = "${a.b}"` → `x = a.b`). */
export function unwrapInterpolations(hcl: string): string {
  return hcl.replace(/^(\s*[\w-]+\s*=\s*)(".*")\s*$/gm, (line, head: string, value: string) => {
    const expression = interpolationOnly(value);
    return expression === undefined ? line : `${head}${expression}`;
  });
}

/**
 * `ignore_changes = ["a", "b"]` written `ignore_changes = [a, b]`, as Terraform wants attribute
 * names; `depends_on = ["aws_x.y"]` and `provider = "aws.alias"` likewise, as references.
 */
export function bareIgnoreChanges(hcl: string): string {
  return hcl
    .replace(/^(\s*(?:ignore_changes|depends_on)\s*=\s*)\[([^\]]*)\]/gm, (_line, head: string, list: string) => `${head}[${list.replace(/"([A-Za-z_][\w.]*)"/g, "$1")}]`)
    .replace(/^(\s*provider\s*=\s*)"([a-z][\w-]*\.[A-Za-z_][\w-]*)"$/gm, "$1$2");
}

/** cdktf's HCL for one stack, as `terraform fmt` would leave it. */
export async function formatStackHcl(hcl: string, terraform: Record<string, unknown>): Promise<string> {
  const { format } = await import("@cdktf/hcl-tools");
  return format(bareIgnoreChanges(unwrapInterpolations(conditionBlocks(repairTerraformBlock(hcl, terraform)))));
}

/** The variable cdktf reads for HCL output; `cdktf synth --hcl` sets it to "true", plain `cdktf synth` to "false". */
export const HCL_ENV_VAR = "SYNTH_HCL_OUTPUT";

/**
 * Whether SYNTH_HCL_OUTPUT asks for HCL. cdktf 0.21 reads "true" and "1" as HCL in its CLI
 * and its stacks, but its App only "true": with "1", the stacks wrote HCL into cdk.tf.json.
 * Those two mean HCL here, "false" and "0" (and unset or empty) JSON; anything else
 * ("yes", "TRUE") cdktf would silently read as JSON, so it is refused.
 */
export function hclRequested(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env[HCL_ENV_VAR];
  if (value === undefined || value === "" || value === "false" || value === "0") return false;
  if (value === "true" || value === "1") return true;
  throw hclVariableInvalid(HCL_ENV_VAR, value);
}
