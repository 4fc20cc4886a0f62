/**
 * What the doctor's checks look at, built in-process for their unit tests: an environment of
 * a config, a role as the stack makes it (trust policy, Datadog's pinned permissions,
 * SecurityAudit) and Datadog's integration as the stack leaves it. A test changes one thing
 * and runs one check; `CodesTested` fails a check's file when a code it declares is never
 * reported there.
 */
import { environmentSchema } from "../../lib/config/schema";
import { permissionsDocument } from "../../lib/constructs/private/policy-packing";
import { type CheckInput, type CheckResult, type DoctorCheck, runCheck, type Finding } from "../../cli/doctor/check";
import { type AwsPrincipalView, type AwsView, type DatadogView, pinnedRequirements, subjectOf } from "../../cli/doctor/views";

export const ACCOUNT = "123456789012";
export const EXTERNAL_ID = "0123456789abcdef0123456789abcd01";
/** Datadog's AWS account for datadoghq.com (partition aws). */
export const COMMERCIAL = "464622532012";
export const ROLE = "DatadogIntegrationRole";
export const USER = "DatadogIntegrationUser";
export const CONFIG_FILE = "test.config.json";

/** The trust policy the construct writes. */
export function stackTrustPolicy(trustedArn: string, externalId: string): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DatadogAssumeRoleWithExternalId",
        Effect: "Allow",
        Principal: { AWS: trustedArn },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": externalId } },
      },
    ],
  };
}

/** Environment `prod` of a config, with these fields over the defaults (pinned permissions unless said). */
export const subject = (fields: Record<string, unknown> = {}) =>
  subjectOf("prod", environmentSchema.parse({ awsAccountId: ACCOUNT, permissions: "pinned", ...fields }), CONFIG_FILE);

/** The role as the stack makes it (resource collection on, the default), with `over` changed. */
export function healthyRole(over: Partial<AwsPrincipalView> = {}): AwsPrincipalView {
  return {
    kind: "role",
    name: ROLE,
    arn: `arn:aws:iam::${ACCOUNT}:role/${ROLE}`,
    // IAM returns it URL-encoded.
    trustPolicy: encodeURIComponent(JSON.stringify(stackTrustPolicy(`arn:aws:iam::${COMMERCIAL}:root`, EXTERNAL_ID))),
    policies: [
      {
        name: "p",
        arn: `arn:aws:iam::${ACCOUNT}:policy/p`,
        kind: "managed",
        document: permissionsDocument(pinnedRequirements({ resourceCollection: true }).actions),
      },
      // Its document does not matter to the checks.
      { name: "SecurityAudit", arn: "arn:aws:iam::aws:policy/SecurityAudit", kind: "managed", document: { Version: "2012-10-17", Statement: [] } },
    ],
    ...over,
  };
}

/** IAM as the doctor reads it, holding this principal. */
export const awsView = (principal: AwsPrincipalView = healthyRole()): AwsView => ({
  callerArn: `arn:aws:iam::${ACCOUNT}:user/me`,
  principal,
  similarNames: [],
});

/** IAM without the configured principal, holding principals of these names like it. */
export const noPrincipal = (similarNames: string[] = []): AwsView => ({ callerArn: `arn:aws:iam::${ACCOUNT}:user/me`, similarNames });

/** Datadog's integration as the stack leaves it for the role, with these attributes over it. */
export const datadogView = (attributes: Record<string, unknown> = {}, over: Partial<DatadogView> = {}): DatadogView => ({
  apiUrl: "http://dd",
  account: {
    id: "cfg-1",
    attributes: {
      aws_account_id: ACCOUNT,
      aws_partition: "aws",
      auth_config: { role_name: ROLE, external_id: EXTERNAL_ID },
      metrics_config: { enabled: true },
      ...attributes,
    },
  },
  ...over,
});

/** Datadog without an integration for the account. */
export const noIntegration: DatadogView = { apiUrl: "http://dd" };

/** Split duty without Datadog's keys: the Datadog side not read. */
export const notRead: DatadogView = { apiUrl: "http://dd", notRead: "DD_API_KEY and DD_APP_KEY are not set" };

/** A check's inputs: a healthy role and integration unless given. */
export function input(over: Partial<CheckInput> = {}): CheckInput {
  const s = over.subject ?? subject();
  return { subject: s, aws: awsView(), datadog: datadogView(), required: pinnedRequirements(s), ...over };
}

/** Runs one check and remembers the codes it reported, so the file can tell whether each code was reported once. */
export class CodesTested<Code extends string> {
  private readonly seen = new Set<string>();
  constructor(private readonly check: DoctorCheck<Code>) {}

  run(over: Partial<CheckInput> = {}, found: readonly Finding[] = []): CheckResult<Code> {
    const result = runCheck(this.check, input(over), found);
    for (const f of result.findings) this.seen.add(f.code);
    return result;
  }

  /** The codes the check declares that no test reported. */
  untested(): string[] {
    return Object.keys(this.check.findings).filter((code) => !this.seen.has(code));
  }
}

/** The codes of a result, in the order reported. */
export const codes = (r: CheckResult) => r.findings.map((f) => f.code);
