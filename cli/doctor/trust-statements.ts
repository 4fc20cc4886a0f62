/**
 * What the statements of a role's trust policy allow, in words for the trust-policy check:
 * which statements grant sts:AssumeRole, the actions they name, and whose account a trusted
 * principal is when it is one of Datadog's.
 */
import { DATADOG_SITES } from "../../lib/facts/sites";
import { patternCovers, type Statement } from "./policy";

/** Action patterns of a statement that let the principal assume the role (or do more), for a report. */
export function assumeActions(s: Statement): string[] {
  if (s.actions) return s.actions.filter((a) => patternCovers(a, "sts:AssumeRole") || /^sts:|^\*$/i.test(a));
  return [`NotAction ${JSON.stringify(s.notActions)}`];
}

export function grantsAssumeRole(s: Statement): boolean {
  if (s.effect !== "Allow") return false;
  if (s.actions) return s.actions.some((a) => patternCovers(a, "sts:AssumeRole"));
  return !(s.notActions ?? []).some((n) => patternCovers(n, "sts:AssumeRole"));
}

/** Datadog's AWS accounts that a principal account ID belongs to, for saying whose account a trust policy names. */
export function datadogAccountOwner(accountId: string): string | undefined {
  const uses: string[] = [];
  for (const site of DATADOG_SITES) {
    for (const [partition, id] of Object.entries(site.trustAccountByPartition)) {
      if (id === accountId) uses.push(`${site.site} (${partition})`);
    }
  }
  return uses.length ? `Datadog's AWS account for ${uses.join(", ")}` : undefined;
}
