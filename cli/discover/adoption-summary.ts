/**
 * The lines discover prints after its enrollment summary: which enrolled accounts already
 * have a Datadog integration or the configured IAM role (recorded for import), and which
 * could not be checked and why, grouped by cause so 60 accounts without keys make one line.
 */
import type { Adoption } from "./adoption";

export function formatAdoptions(adoptions: readonly Adoption[], accountsFile: string): string {
  if (adoptions.length === 0) return "";
  const lines: string[] = [];
  const inPlace = adoptions.filter((a) => a.datadogAccountConfigId || a.iamRole);
  if (inPlace.length) {
    lines.push(`In place already (${inPlace.length}), recorded in ${accountsFile} as import settings, so the first plan imports them instead of creating them:`);
    for (const a of inPlace) {
      const what = [...(a.datadogAccountConfigId ? [`Datadog integration ${a.datadogAccountConfigId}`] : []), ...(a.iamRole ? [`IAM role ${a.iamRole}`] : [])];
      lines.push(`    ${a.environment}  ${a.accountId}  ${what.join("; ")}`);
    }
  }
  for (const a of adoptions) for (const note of a.notes) lines.push(`    ${a.environment}: ${note}`);
  const checked = adoptions.filter((a) => a.unchecked.length === 0);
  if (!inPlace.length && checked.length) lines.push(`In place already (0): nothing the ${checked.length} checked account(s) would create exists yet.`);

  const byCause = new Map<string, string[]>();
  for (const a of adoptions) {
    for (const u of a.unchecked) {
      const key = `${u.what}\n${u.why}`;
      byCause.set(key, [...(byCause.get(key) ?? []), a.environment]);
    }
  }
  if (byCause.size) {
    const count = new Set([...byCause.values()].flat()).size;
    lines.push(`Not checked (${count} account(s)): if one of these is integrated already, its first deploy meets Datadog's 409 "Account already exists"; fix the cause and run discover again:`);
    for (const [key, environments] of byCause) {
      const [what, why] = key.split("\n");
      lines.push(`    ${what} of ${[...environments].sort().join(", ")}: ${why}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
