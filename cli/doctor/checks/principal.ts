/**
 * Whether the configured role (or user) exists in IAM, under exactly the configured name.
 * Without it Datadog's AssumeRole fails whatever else is right, so it runs first; when it is
 * missing, roles whose names differ only by case, or equal the name Datadog holds, are offered.
 */
import { defineCheck } from "../check";
import { quote } from "../words";

const ASSUME_ROLE_ERROR = '"Datadog is not authorized to perform sts:AssumeRole"';

export const principalCheck = defineCheck({
  name: "principal",
  findings: {
    "role-missing": {
      meaning: "No IAM role has the configured name; a role whose name differs only by case, or the name Datadog holds, is offered.",
      fix: "`npx cdktf deploy <env>` creates it; or set auth.roleName to the role offered and adopt it with import.iamRole.",
    },
    "user-missing": {
      meaning: "No IAM user has the configured name (access keys), so the key Datadog holds belongs to no user of the account.",
      fix: "`npx cdktf deploy <env>` creates it.",
    },
    "config-role-name-case": {
      meaning: "IAM holds the role under another case than the config's auth.roleName: IAM ignores the case of names, Datadog and Terraform do not.",
      fix: "Set auth.roleName to the name IAM holds, exactly, then deploy.",
    },
    "config-user-name-case": {
      meaning: "IAM holds the user under another case than the config's auth.userName: IAM ignores the case of names, Terraform does not.",
      fix: "Set auth.userName to the name IAM holds, exactly, then deploy.",
    },
  },
  run({ subject: s, aws, datadog, words: w }, out) {
    if (aws.principal) {
      out.passed(`${w.iam(aws.principal)} exists`);
      if (aws.principal.name !== w.principalName) {
        // IAM found it under another case (IAM names are unique ignoring case).
        const field = w.field(`auth.${w.principalKind}Name`);
        out.problem({
          code: w.principalKind === "role" ? "config-role-name-case" : "config-user-name-case",
          problem:
            `the ${w.principalKind} is named ${quote(aws.principal.name)} in IAM, but the config names it ${quote(w.principalName)}: ` +
            "IAM ignores the case of names, Datadog and Terraform do not",
          where: `${w.iam(aws.principal)}; ${field}`,
          fix: [`set ${field} to ${quote(aws.principal.name)} exactly, then ${w.deploy}`],
        });
      }
      return;
    }
    const kind = w.principalKind;
    const name = w.principalName;
    const heldByDatadog = kind === "role" ? datadog.account?.attributes.auth_config?.role_name : undefined;
    const similar = aws.similarNames.filter((n) => n !== name);
    const why = (n: string) =>
      n === heldByDatadog ? " (the name Datadog holds)" : n.toLowerCase() === name.toLowerCase() ? " (the same name in another case)" : "";
    const adopt = (n: string) =>
      `or, if ${quote(n)} is the ${kind} Datadog should use, set ${w.field(`auth.${kind}Name`)} to ${quote(n)} exactly ` +
      `and adopt it with "import": { "${kind === "role" ? "iamRole" : "iamUser"}": ${quote(n)} } ` +
      `(docs/operations.md, "Adopt an integration made by hand"), then ${w.deploy}`;
    out.problem({
      code: kind === "role" ? "role-missing" : "user-missing",
      problem:
        kind === "role"
          ? `there is no IAM role named ${quote(name)}, so Datadog's AssumeRole fails (${ASSUME_ROLE_ERROR})`
          : `there is no IAM user named ${quote(name)}, so the access key Datadog holds belongs to no user of the account`,
      where: `${w.iam(undefined)}${s.auth.type === "role" ? ` (${w.field("auth.roleName")})` : ` (${w.field("auth.userName")})`}`,
      details: similar.map((n) => `${kind} ${quote(n)} exists in the account${why(n)}`),
      fix: [`${w.deploy} creates it (Terraform notices the ${kind} is gone and creates it again)`, ...similar.slice(0, 1).map(adopt)],
    });
  },
});
