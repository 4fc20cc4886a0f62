/**
 * What Datadog reaches the account with: the role name it assumes must be the role's, exactly
 * (Datadog's role name is case-sensitive, IAM's is not); the access key it holds must be an
 * active key of the user.
 */
import { type CheckOutput, defineCheck, declareFindings } from "../check";
import type { AwsPrincipalView, DatadogAccount, DoctorSubject } from "../views";
import { stackFolder } from "../../../lib/config/contract";
import { ACCESS_KEY_ID_VARIABLE, SECRET_ACCESS_KEY_VARIABLE } from "../../../lib/constructs/names";
import { quote, type Words } from "../words";

const FINDINGS = declareFindings({
  "role-name-case": {
    meaning: "The role name Datadog holds differs from the role's only by case; Datadog's role name is case-sensitive, so its AssumeRole fails.",
    fix: "`npx cdktf deploy <env>`; in split duty, correct it on the AWS integration page.",
  },
  "role-name-mismatch": {
    meaning: "The role name Datadog holds is another role's than the one the stack manages.",
    fix: "`npx cdktf deploy <env>`, or set auth.roleName to the name Datadog holds; in split duty, correct it on the AWS integration page.",
  },
  "access-key-unknown": {
    meaning: "Access keys: the key Datadog holds is not a key of the user.",
    fix: "`npx cdktf deploy <env>` gives Datadog the stack's key (a new one: `terraform apply -replace=aws_iam_access_key.datadog_access_key`).",
  },
  "access-key-inactive": {
    meaning: "Access keys: the key Datadog holds is inactive, so every call Datadog makes with it is refused.",
    fix: "`aws iam update-access-key ... --status Active`, or rotate the key.",
  },
});
type Code = keyof typeof FINDINGS;

/** Whether the principal is a role Datadog holds a role name for (then checked). */
function checkRoleName(w: Words, principal: AwsPrincipalView, account: DatadogAccount, out: CheckOutput<Code>): boolean {
  const held = account.attributes.auth_config?.role_name;
  if (principal.kind !== "role" || held === undefined) return false;
  if (held === principal.name) {
    out.passed(`role name Datadog holds: ${quote(held)}, exactly the role's`);
    return true;
  }
  const caseOnly = held.toLowerCase() === principal.name.toLowerCase();
  out.problem({
    code: caseOnly ? "role-name-case" : "role-name-mismatch",
    problem: caseOnly
      ? `Datadog assumes role ${quote(held)}, but the role is ${quote(principal.name)}: they differ only by case, ` +
        `and Datadog's role name is case-sensitive, so its AssumeRole fails ("Datadog is not authorized to perform sts:AssumeRole")`
      : `Datadog assumes role ${quote(held)}, but this environment's role is ${quote(principal.name)}, ` +
        "so Datadog does not use the role the stack manages",
    where: `${w.datadog(account)}, auth_config.role_name; ${w.iam(principal)}`,
    fix: w.s.manageDatadogIntegration
      ? [
          `${w.deploy} sets the role name Datadog holds to ${quote(principal.name)}`,
          ...(caseOnly
            ? []
            : [`or, if ${quote(held)} is the role to use, set ${w.field("auth.roleName")} to ${quote(held)} exactly, then ${w.deploy}`]),
        ]
      : [`on ${w.tile}, set the role name to ${quote(principal.name)} exactly (the datadog_tile_role_name output of ${w.deploy})`],
  });
  return true;
}

function checkAccessKey(s: DoctorSubject, w: Words, principal: AwsPrincipalView, account: DatadogAccount, out: CheckOutput<Code>): void {
  const keyId = account.attributes.auth_config?.access_key_id;
  if (principal.kind !== "user" || keyId === undefined) return;
  const key = (principal.accessKeys ?? []).find((k) => k.id === keyId);
  const theirs = (principal.accessKeys ?? []).map((k) => `${k.id} (${k.status})`);
  const rotate =
    s.auth.type === "accessKeys" && s.auth.accessKey === "variables"
      ? `create a key for the user (\`aws iam create-access-key --user-name ${principal.name}\`), ` +
        `export TF_VAR_${ACCESS_KEY_ID_VARIABLE} and TF_VAR_${SECRET_ACCESS_KEY_VARIABLE} with it, then ${w.deploy}`
      : `${w.deploy} gives Datadog the key Terraform made for the user ` +
        `(to make a new one: \`cd ${stackFolder(s.environment)} && terraform apply -replace=aws_iam_access_key.datadog_access_key\`)`;
  if (key && key.status === "Active") {
    out.passed(`access key Datadog holds: ${keyId}, an active key of user ${principal.name}`);
    return;
  }
  if (key) {
    out.problem({
      code: "access-key-inactive",
      problem: `the access key Datadog holds (${keyId}) is inactive, so every call Datadog makes with it is refused and no data arrives`,
      where: `${w.iam(principal)}, access key ${keyId}; ${w.datadog(account)}, auth_config.access_key_id`,
      fix: [
        `\`aws iam update-access-key --user-name ${principal.name} --access-key-id ${keyId} --status Active\``,
        `or, if it was deactivated on purpose, rotate: ${rotate}`,
      ],
    });
    return;
  }
  out.problem({
    code: "access-key-unknown",
    problem: `the access key Datadog holds (${keyId}) is not a key of user ${principal.name}, so Datadog's calls are refused or act as someone else`,
    where: `${w.datadog(account)}, auth_config.access_key_id; ${w.iam(principal)}`,
    details: [`the user's keys: ${theirs.length ? theirs.join(", ") : "none"}`],
    fix: [rotate],
  });
}

export const datadogAuthCheck = defineCheck({
  name: "datadog-auth",
  findings: FINDINGS,
  run({ subject: s, aws, datadog, words: w }, out) {
    const role = s.auth.type === "role";
    if (datadog.notRead !== undefined) return; // listed with the rest of the Datadog side
    if (!datadog.account)
      out.skipped(`the ${role ? "role name and External ID" : "access key"} Datadog holds: Datadog has no integration for the account`);
    else if (!aws.principal)
      out.skipped(`the ${role ? "role name" : "access key"} Datadog holds: there is no ${role ? "role" : "user"} to compare it with`);
    else if (!checkRoleName(w, aws.principal, datadog.account, out)) checkAccessKey(s, w, aws.principal, datadog.account, out);
  },
});
