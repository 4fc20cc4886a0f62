/**
 * Whether Datadog's role (or user) may call some read actions, by its policies as IAM holds
 * them: for the checks that need Datadog to see a feature (metric streams, log subscriptions).
 */
import type { CheckOutput } from "./check";
import { GrantedActions, type PlacedStatement, statementsOf } from "./policy";
import type { AwsPrincipalView } from "./views";
import type { Words } from "./words";

/** The actions of `actions` the principal's policies do not grant, and the policies whose Deny takes them away. */
export function missingReads(principal: AwsPrincipalView, actions: readonly string[]): { missing: string[]; deniedBy: string[] } {
  const placed: PlacedStatement[] = [];
  for (const p of principal.policies) {
    try {
      for (const statement of statementsOf(p.document)) placed.push({ statement, policy: p.name });
    } catch {
      // an unreadable policy grants nothing here; the permissions check names it
    }
  }
  const granted = new GrantedActions(placed);
  const missing = actions.filter((a) => !granted.grants(a));
  return { missing, deniedBy: [...new Set(missing.map((a) => granted.deniedBy(a)).filter((p): p is string => p !== undefined))] };
}

/**
 * Reports whether Datadog's role may call `actions`, which it needs to see `what` (e.g. "the
 * metric streams"): a passed line, or `code` with the Deny statements that take them away.
 */
export function reportDatadogReads<Code extends string>(
  principal: AwsPrincipalView | undefined,
  actions: readonly string[],
  r: { readonly w: Words; readonly out: CheckOutput<Code>; readonly code: Code; readonly what: string; readonly consequence: string },
): void {
  const { w, out } = r;
  if (!principal) {
    out.skipped(`whether Datadog may read ${r.what}: there is no ${w.principalKind} to read its policies from`);
    return;
  }
  const { missing, deniedBy } = missingReads(principal, actions);
  if (missing.length === 0) {
    out.passed(`Datadog's ${w.principalKind} may read ${r.what} (${actions.join(", ")})`);
    return;
  }
  out.problem({
    code: r.code,
    problem: `Datadog's ${w.principalKind} may not call ${missing.join(" or ")}, ${r.consequence}`,
    where: w.iam(principal),
    details: deniedBy.map((p) => `denied by ${p}`),
    fix: [`${w.deploy} restores Datadog's permissions${deniedBy.length ? `; remove the Deny in ${deniedBy.join(", ")}` : ""}`],
  });
}
