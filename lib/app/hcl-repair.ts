/**
 * A repair of cdktf 0.21's HCL output (`cdktf synth --hcl`, SYNTH_HCL_OUTPUT=true).
 *
 * Its renderer writes the names of the `terraform` block's plain attributes instead of
 * their values: `required_version = ">= 1.5.0"` comes out as `0 = "required_version"`,
 * which Terraform refuses ("Argument or block definition required"). CDKTF is archived,
 * so the renderer will not be fixed upstream; the app rewrites those lines from the
 * stack's own values. JSON output is not affected.
 */
import * as fs from "node:fs";

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

/** Repairs a stack's cdk.tf in place, if the synth wrote HCL. */
export function repairHclFile(file: string, terraform: Record<string, unknown>): void {
  if (!fs.existsSync(file)) return;
  fs.writeFileSync(file, repairTerraformBlock(fs.readFileSync(file, "utf8"), terraform));
}
