/**
 * The doctor's report for people: what was looked at, every finding with where it is and
 * how to fix it, and what was checked without a problem.
 */
import type { Diagnosis } from "./diagnose";
import type { AwsView, DatadogView, DoctorSubject, RequiredPermissions } from "./views";

export interface ReportContext {
  readonly subject: DoctorSubject;
  readonly aws: AwsView;
  readonly datadog: DatadogView;
  readonly required: RequiredPermissions;
}

const indent = (lines: readonly string[], first: string, rest: string) => lines.map((l, i) => `${i === 0 ? first : rest}${l}`);

export function formatReport({ subject: s, aws, datadog }: ReportContext, diagnosis: Diagnosis): string {
  const principal = s.auth.type === "role" ? `IAM role ${s.auth.roleName}` : `IAM user ${s.auth.userName} (access keys)`;
  const lines = [
    `Doctor for environment ${JSON.stringify(s.environment)} of ${s.configFile}:`,
    `  AWS account ${s.accountId} (${s.partition}), read as ${aws.callerArn}`,
    `  Datadog site ${s.site.site}, ${datadog.notRead === undefined ? `API ${datadog.apiUrl}` : "not read (no Datadog keys: only the AWS side is checked)"}`,
    `  ${principal}; permissions ${s.permissions}; resource collection ${s.resourceCollection ? "on" : "off"}; CSPM ${s.cspm ? "on" : "off"}; Datadog side ${s.manageDatadogIntegration ? "managed by the stack" : "managed by hand (split duty)"}`,
    "",
  ];
  const { findings, passed, skipped } = diagnosis;
  if (findings.length === 0) {
    lines.push("Compliant: no problems found. Checked:");
  } else {
    lines.push(`Non-compliant: ${findings.length} problem${findings.length === 1 ? "" : "s"} found.`, "");
    findings.forEach((f, i) => {
      const n = `${i + 1}. `;
      const pad = " ".repeat(n.length);
      lines.push(`${n}[${f.code}] ${f.problem}`);
      lines.push(`${pad}where: ${f.where}`);
      lines.push(...f.details.map((d) => `${pad}       ${d}`));
      lines.push(...indent(f.fix, `${pad}fix:   `, `${pad}       `));
      lines.push("");
    });
    if (passed.length) lines.push("Checked without a problem:");
  }
  lines.push(...passed.map((p) => `  ok  ${p}`));
  if (skipped.length) lines.push("Not checked:", ...skipped.map((p) => `  --  ${p}`));
  lines.push(
    "Data can take about 10 minutes to reach Datadog after a fix. Not visible from here: service control policies of your AWS Organization (an SCP can deny sts:AssumeRole to outside accounts).",
  );
  return `${lines.join("\n")}\n`;
}
