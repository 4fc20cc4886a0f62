/**
 * Whether the role's (or user's) identity policies grant every action of Datadog's lists as
 * the environment takes them (pinned, or live from Datadog's API), and whether a permissions
 * boundary blocks some. Wildcards count; an unconditional Deny takes an action away.
 */
import { defineCheck } from "../check";
import { GrantedActions, type PlacedStatement, statementsOf } from "../policy";
import type { PolicyView } from "../views";

/** `ec2: DescribeInstances, DescribeVolumes` lines, one per service, for long lists of actions. */
export function groupByService(actions: readonly string[]): string[] {
  const byService = new Map<string, string[]>();
  for (const a of actions) {
    const [service, name = ""] = a.split(":");
    byService.set(service, [...(byService.get(service) ?? []), name]);
  }
  return [...byService].map(([service, names]) => `${service}: ${names.join(", ")}`);
}

const policies = (n: number) => `polic${n === 1 ? "y" : "ies"}`;

export const permissionsCheck = defineCheck({
  name: "permissions",
  findings: {
    "permissions-missing": {
      meaning:
        "Actions of Datadog's lists (the pinned lists, or the live ones for permissions: live) are not granted by the role's or user's policies " +
        "(attached, inline, a user's groups); listed by service, with the Deny statements that take some away.",
      fix: "`npx cdktf deploy <env>` restores the stack's permission policies; remove the Deny statements named.",
    },
    "permissions-boundary": {
      meaning: "The role's or user's permissions boundary does not allow some of Datadog's actions, so they are refused whatever the policies grant.",
      fix: "Allow them in the boundary policy, or remove the boundary (`aws iam delete-role-permissions-boundary`).",
    },
  },
  run({ aws, required, words: w }, out) {
    const principal = aws.principal;
    if (!principal) {
      out.skipped(`permissions and SecurityAudit: there is no ${w.principalKind} to read them from`);
      return;
    }
    const placed: PlacedStatement[] = [];
    const unreadable: string[] = [];
    const label = (p: PolicyView) => `${p.kind === "inline" ? "inline policy" : "policy"} ${p.name}${p.group ? ` (through group ${p.group})` : ""}`;
    for (const p of principal.policies) {
      try {
        for (const statement of statementsOf(p.document)) placed.push({ statement, policy: label(p) });
      } catch {
        unreadable.push(label(p));
      }
    }
    const granted = new GrantedActions(placed);
    const missing = required.actions.filter((a) => !granted.grants(a));
    const denied = new Map<string, string[]>();
    for (const a of missing) {
      const by = granted.deniedBy(a);
      if (by) denied.set(by, [...(denied.get(by) ?? []), a]);
    }
    const count = principal.policies.length;
    const kinds = principal.kind === "user" ? "attached, inline and group " : "attached and inline ";
    const where = `${w.iam(principal)}, its ${count} ${kinds}${policies(count)}`;
    if (missing.length) {
      const one = missing.length === 1;
      const lists =
        w.s.permissions === "live"
          ? "with Datadog's current lists, read at plan time"
          : `the pinned lists; set ${w.field("permissions")} to "live" to follow Datadog's current lists`;
      out.problem({
        code: "permissions-missing",
        problem:
          `${missing.length} of the ${required.actions.length} actions in ${required.source} ` +
          `${one ? "is" : "are"} not granted to the ${principal.kind}, ` +
          `so Datadog cannot collect what needs ${one ? "it" : "them"}`,
        where,
        details: [
          ...groupByService(missing).map((line) => `missing ${line}`),
          ...[...denied].map(([policy, actions]) => `denied by ${policy}: ${actions.length} of them`),
          ...unreadable.map((p) => `${p}: its document could not be read`),
        ],
        fix: [
          `${w.deploy} restores Datadog's permission policies and their attachments (${lists})`,
          ...(denied.size ? ["and remove the Deny statements named above"] : []),
        ],
      });
    } else {
      out.passed(`permissions: all ${required.actions.length} actions of ${required.source} are granted by ${count} ${policies(count)}`);
    }
    const boundary = principal.permissionsBoundary;
    if (!boundary) return;
    let statements: PlacedStatement[] = [];
    try {
      statements = statementsOf(boundary.document).map((statement) => ({ statement, policy: `permissions boundary ${boundary.name}` }));
    } catch {
      // an unreadable boundary: reported as blocking everything below
    }
    const allowed = new GrantedActions(statements);
    const blocked = required.actions.filter((a) => !allowed.grants(a));
    if (blocked.length) {
      const kind = principal.kind;
      out.problem({
        code: "permissions-boundary",
        problem:
          `the ${kind}'s permissions boundary does not allow ${blocked.length} of Datadog's actions, ` +
          "so they are refused whatever the policies grant",
        where: `${w.iam(principal)}, permissions boundary ${boundary.arn ?? boundary.name}`,
        details: groupByService(blocked).map((line) => `not allowed ${line}`),
        fix: [
          "allow them in the boundary policy, or remove the boundary: " +
            `\`aws iam delete-${kind}-permissions-boundary --${kind}-name ${principal.name}\``,
        ],
      });
    }
  },
});
