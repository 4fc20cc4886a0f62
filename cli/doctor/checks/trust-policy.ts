/**
 * The role's trust policy: it must let Datadog's AWS account for the site and partition (and
 * no one else) assume the role, only with the External ID Datadog holds. Each way it fails is
 * a cause of "Datadog is not authorized to perform sts:AssumeRole", or an opening for others.
 */
import { accountRootArn } from "../../../lib/facts/partitions";
import { type CheckContext, type CheckOutput, counting, defineCheck, declareFindings } from "../check";
import { externalIdMatches, isAccountRoot, principalAccount, principalPartition, requiredExternalIds, type Statement, statementsOf } from "../policy";
import { assumeActions, datadogAccountOwner, grantsAssumeRole } from "../trust-statements";
import type { AwsPrincipalView } from "../views";
import { mask, quote } from "../words";

const ASSUME_ROLE_ERROR = '"Datadog is not authorized to perform sts:AssumeRole"';

const FINDINGS = declareFindings({
  "trust-unreadable": {
    meaning: "The role's trust policy cannot be read as a policy document.",
    fix: "`npx cdktf deploy <env>` writes it again.",
  },
  "trust-no-datadog-account": {
    meaning: "The Datadog site offers no role delegation for the account's partition, so no trust policy can work.",
    fix: "Use a site with role delegation for the partition, or access keys.",
  },
  "trust-wrong-account": {
    meaning:
      "The trust policy does not trust the site's Datadog account for the partition (e.g. the commercial 464622532012 on ddog-gov.com); " +
      "says whose account each trusted one is.",
    fix: "`npx cdktf deploy <env>`; or correct datadogSite first.",
  },
  "external-id-mismatch": {
    meaning:
      "The External ID the trust policy requires is not the one Datadog holds (in split duty without keys: the config's externalId); " +
      "both shown masked.",
    fix: "`npx cdktf deploy <env>`; in split duty, copy the ID the tile shows into externalId first.",
  },
  "trust-no-external-id": {
    meaning: "The statement trusting Datadog's account has no sts:ExternalId condition (the confused deputy problem).",
    fix: "`npx cdktf deploy <env>` writes the condition with the ID Datadog holds.",
  },
  "trust-too-broad": {
    meaning: "The trust policy also lets others (or *) assume the role, uses NotPrincipal, or lets Datadog's account do more than sts:AssumeRole.",
    fix: "`npx cdktf deploy <env>` replaces it with the one statement the stack writes.",
  },
});
type Code = keyof typeof FINDINGS;

export const trustPolicyCheck = defineCheck({
  name: "trust-policy",
  findings: FINDINGS,
  run(context, out) {
    const role = context.aws.principal;
    if (!role) {
      if (context.subject.auth.type === "role") out.skipped("the trust policy and the External ID: there is no role to read them from");
      return;
    }
    if (role.kind === "role") checkTrust(context, role, out);
  },
});

function checkTrust({ subject: s, datadog, words: w }: CheckContext, role: AwsPrincipalView, out: CheckOutput<Code>): void {
  const trustAccount = s.site.trustAccountByPartition[s.partition];
  const where = `${w.iam(role)}, trust policy`;
  let statements: Statement[];
  try {
    statements = statementsOf(role.trustPolicy);
  } catch (e) {
    out.problem({
      code: "trust-unreadable",
      problem: `the trust policy cannot be read (${(e as Error).message})`,
      where,
      fix: [`${w.deploy} writes it again`],
    });
    return;
  }
  if (!trustAccount) {
    out.problem({
      code: "trust-no-datadog-account",
      problem: `Datadog site ${s.site.site} offers no role delegation for ${s.partition} accounts, so no trust policy can work`,
      where: w.field("datadogSite"),
      fix: [`use one of the sites with role delegation for ${s.partition}, or access keys (docs/config-reference.md, "Partitions and sites")`],
    });
    return;
  }
  const found = counting(out);
  const expected = accountRootArn(s.partition, trustAccount);
  const allows = statements.filter((st) => st.effect === "Allow");
  const isDatadog = (p: string) => isAccountRoot(p, trustAccount, s.partition);
  const datadogStatements = allows.filter((st) => !st.notPrincipal && grantsAssumeRole(st) && st.awsPrincipals.some(isDatadog));

  if (datadogStatements.length === 0) {
    const trusted = [...new Set(allows.filter(grantsAssumeRole).flatMap((st) => [...st.awsPrincipals, ...st.otherPrincipals]))];
    const named = trusted.map((p) => {
      const account = principalAccount(p);
      const partition = principalPartition(p);
      const notes = [
        account ? datadogAccountOwner(account) : undefined,
        partition && partition !== s.partition ? `partition ${partition}` : undefined,
        account === trustAccount && !isDatadog(p) ? "not the account root" : undefined,
      ].filter(Boolean);
      return `${p}${notes.length ? ` (${notes.join("; ")})` : ""}`;
    });
    found.problem({
      code: "trust-wrong-account",
      problem:
        `the trust policy does not let Datadog's AWS account for ${s.site.site} (${s.site.label}, partition ${s.partition}) assume the role, ` +
        `so Datadog's AssumeRole is refused (${ASSUME_ROLE_ERROR})`,
      where,
      details: [`must trust: ${expected}`, `trusts: ${named.length ? named.join(", ") : "no one (no Allow of sts:AssumeRole)"}`],
      fix: [
        `${w.deploy} writes the trust policy for datadogSite ${quote(s.site.site)} (only ${expected}, with the External ID Datadog holds)`,
        `if ${s.site.site} is not your Datadog organization's site (the address you log in at), set ${w.field("datadogSite")} to it first`,
      ],
    });
  } else {
    const withoutId = datadogStatements.filter((st) => !requiredExternalIds(st));
    if (withoutId.length === datadogStatements.length) {
      found.problem({
        code: "trust-no-external-id",
        problem:
          "the trust policy lets Datadog's account assume the role without an sts:ExternalId condition, " +
          "so any Datadog customer could point Datadog at this role (the confused deputy problem)",
        where: `${where}, statement ${withoutId[0].sid ? quote(withoutId[0].sid) : `trusting ${expected}`}`,
        details: [`must have: Condition { "StringEquals": { "sts:ExternalId": <the ID Datadog holds> } }`],
        fix: [`${w.deploy} writes the trust policy with the External ID Datadog holds`],
      });
    }
  }

  // Anything else the trust policy allows: other principals, other actions, NotPrincipal
  // (without a statement for Datadog, trust-wrong-account already lists whom it trusts).
  const extra: string[] = [];
  for (const st of datadogStatements.length ? allows : []) {
    const label = st.sid ? `statement ${quote(st.sid)}` : "a statement";
    if (st.notPrincipal) {
      extra.push(`${label} uses NotPrincipal (everyone but ${[...st.awsPrincipals, ...st.otherPrincipals].join(", ")})`);
      continue;
    }
    for (const p of [...st.awsPrincipals, ...st.otherPrincipals].filter((p) => !isDatadog(p))) {
      const actions = assumeActions(st);
      extra.push(`${label} lets ${p === "*" ? "anyone (*)" : p} do ${actions.length ? actions.join(", ") : (st.actions ?? []).join(", ")}`);
    }
    if (st.awsPrincipals.some(isDatadog)) {
      const other = (st.actions ?? []).filter((a) => a.toLowerCase() !== "sts:assumerole");
      const more = st.notActions ? `everything but ${JSON.stringify(st.notActions)}` : other.join(", ");
      if (other.length || st.notActions) extra.push(`${label} lets ${expected} do ${more}, not only sts:AssumeRole`);
    }
  }
  if (extra.length) {
    found.problem({
      code: "trust-too-broad",
      problem: `the trust policy allows more than Datadog's account assuming the role with the External ID`,
      where,
      details: extra,
      fix: [
        `${w.deploy} replaces the trust policy with the one statement the stack writes ` +
          `(only ${expected}, only sts:AssumeRole, only with the External ID)`,
      ],
    });
  }

  const inTrust = compareExternalIds({ subject: s, datadog, words: w }, datadogStatements, where, found);
  if (found.problems === 0) {
    const held = datadog.account?.attributes.auth_config?.external_id;
    const fromConfig = datadog.notRead !== undefined ? s.externalId : undefined;
    const id =
      held !== undefined
        ? `, with sts:ExternalId ${mask(held)}, the ID Datadog holds`
        : fromConfig !== undefined && inTrust.length
          ? `, with sts:ExternalId ${mask(fromConfig)}, the config's externalId`
          : inTrust.length
            ? `, with sts:ExternalId ${inTrust.map(mask).join(", ")}`
            : "";
    out.passed(`trust policy: only ${expected} (Datadog, ${s.site.site}) may assume the role${id}`);
  }
}

/** The External ID in the trust policy against the one Datadog holds; returns the IDs the trust policy requires. */
function compareExternalIds(
  { subject: s, datadog, words: w }: Pick<CheckContext, "subject" | "datadog" | "words">,
  datadogStatements: readonly Statement[],
  where: string,
  out: CheckOutput<Code>,
): string[] {
  const held = datadog.account?.attributes.auth_config?.external_id;
  const conditions = datadogStatements.map(requiredExternalIds).filter((x): x is NonNullable<typeof x> => x !== undefined);
  const inTrust = conditions.flatMap((x) => x.values);
  const matches = (id: string) => conditions.some((x) => x.values.some((v) => externalIdMatches(x.operator, v, id)));
  const requires = `trust policy requires: ${inTrust.map(mask).join(", ")}`;
  const refused = `so AWS refuses Datadog's AssumeRole (${ASSUME_ROLE_ERROR})`;
  // Split duty without Datadog's keys: the config's externalId (copied from the tile) is the
  // best known value of the ID Datadog holds.
  const fromConfig = datadog.notRead !== undefined ? s.externalId : undefined;
  if (fromConfig !== undefined && conditions.length > 0) {
    if (matches(fromConfig)) return inTrust;
    out.problem({
      code: "external-id-mismatch",
      problem: `the External ID the trust policy requires is not the config's externalId (the one copied from the Datadog tile), ${refused}`,
      where: `${where}, condition ${conditions[0].operator} sts:ExternalId`,
      details: [requires, `the config's externalId: ${mask(fromConfig)} (${w.field("externalId")})`],
      fix: [
        `${w.deploy} writes the config's External ID into the trust policy`,
        `if the tile shows another External ID than the config's, copy that one into ${w.field("externalId")} first (ask the Datadog admin)`,
      ],
    });
  } else if (held !== undefined && conditions.length > 0) {
    if (matches(held)) return inTrust;
    const fix =
      !s.manageDatadogIntegration && s.externalId !== undefined && s.externalId !== held
        ? [
            `Datadog holds another External ID than ${w.field("externalId")} (${mask(s.externalId)}): the tile was closed or a new ID generated. ` +
              `Copy the ID shown on ${w.tile} (ending in ${held.slice(-4)}) into ${w.field("externalId")}, then ${w.deploy}`,
            "an External ID no account uses expires after 48 hours; if it did, generate a new one in the tile and do the same",
          ]
        : [
            `${w.deploy} writes the External ID Datadog holds into the trust policy` +
              `${s.manageDatadogIntegration ? " (the stack reads it from the integration)" : ""}; an edit of the role by hand is undone`,
          ];
    out.problem({
      code: "external-id-mismatch",
      problem: `the External ID the trust policy requires is not the one Datadog holds, ${refused}`,
      where: `${where}, condition ${conditions[0].operator} sts:ExternalId`,
      details: [requires, `Datadog holds:         ${mask(held)} (${w.datadog(datadog.account)})`],
      fix,
    });
  } else if (held === undefined && datadog.account?.attributes.auth_config?.role_name !== undefined) {
    out.skipped("the External ID: Datadog returned none for the integration");
  } else if (held !== undefined && datadogStatements.length === 0) {
    out.skipped("the External ID: no statement of the trust policy lets Datadog's account assume the role");
  }
  return inTrust;
}
