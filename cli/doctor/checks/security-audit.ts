/**
 * Whether the AWS managed policy SecurityAudit is attached where resource collection or CSPM
 * is on, in the config or in Datadog. The stack attaches it whenever resource collection is
 * on, as Datadog's templates do (lib/facts/README.md).
 */
import { managedPolicyArn } from "../../../lib/facts/partitions";
import { SECURITY_AUDIT_POLICY_NAME } from "../../../lib/facts/permissions";
import { defineCheck } from "../check";

export const securityAuditCheck = defineCheck({
  name: "security-audit",
  findings: {
    "security-audit-missing": {
      meaning: "Resource collection or CSPM is on (in the config or in Datadog), but the AWS managed policy SecurityAudit is not attached.",
      fix: "`npx cdktf deploy <env>` attaches it, or `aws iam attach-role-policy ... --policy-arn arn:aws:iam::aws:policy/SecurityAudit`.",
    },
  },
  run({ subject: s, aws, datadog, words: w }, out) {
    const principal = aws.principal;
    if (!principal) return; // said by the permissions check
    const account = datadog.account;
    const arn = managedPolicyArn(s.partition, SECURITY_AUDIT_POLICY_NAME);
    const inConfig = s.resourceCollection || s.cspm;
    const cspmInDatadog = account?.attributes.resources_config?.cloud_security_posture_management_collection === true;
    const inDatadog = cspmInDatadog || account?.attributes.resources_config?.extended_collection === true;
    const attached = principal.policies.some((p) => p.kind === "managed" && p.arn === arn);
    if (!inConfig && !inDatadog) {
      out.passed(
        `SecurityAudit: not needed (resource collection and CSPM are off in the config and in Datadog)${attached ? "; it is attached anyway" : ""}`,
      );
      return;
    }
    if (attached) {
      out.passed(
        `SecurityAudit (${arn}) is attached, as ${s.cspm || cspmInDatadog ? "resource collection and CSPM need" : "resource collection needs"}`,
      );
      return;
    }
    const feature = s.cspm ? "CSPM" : "resource collection";
    const why = inConfig
      ? inDatadog
        ? `${feature} is on in the config and in Datadog`
        : `${feature} is on in the config (${w.field(s.cspm ? "cspm" : "resourceCollection")})`
      : cspmInDatadog
        ? "CSPM is on in Datadog (resources_config.cloud_security_posture_management_collection)"
        : "resource collection is on in Datadog (resources_config.extended_collection)";
    const turnOn = cspmInDatadog
      ? `set ${w.field("cspm")} to true (resourceCollection must be on), then ${w.deploy}: it attaches SecurityAudit`
      : `set ${w.field("resourceCollection")} to true, then ${w.deploy}: it attaches SecurityAudit`;
    const attach = `\`aws iam attach-${principal.kind}-policy --${principal.kind}-name ${principal.name} --policy-arn ${arn}\``;
    out.problem({
      code: "security-audit-missing",
      problem:
        `${why}, but the AWS managed policy SecurityAudit is not attached, ` +
        `so Datadog's resource collection and security findings for account ${s.accountId} are incomplete`,
      where: `${w.iam(principal)}, attached policies`,
      fix: inConfig
        ? [`${w.deploy} attaches it`, `or right away: ${attach}`]
        : s.manageDatadogIntegration
          ? [turnOn, `or leave it off: ${w.deploy} turns it off in Datadog, as the config says`]
          : [turnOn, `or turn it off at ${w.tile}`],
    });
  },
});
