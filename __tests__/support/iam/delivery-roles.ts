// What a delivery's roles may do, by AWS's policy evaluation: the metric stream's role puts only to its own Firehose, Firehose's role writes only its own bucket, log group and secret, and each is assumable only by its service.
import { simulate, type Outcome } from "./simulator";

/** One region's delivery as deployed: ARNs and the roles' documents as IAM holds them. */
export interface DeployedDelivery {
  readonly region: string;
  readonly accountId: string;
  readonly firehoseArn: string;
  readonly bucketArn: string;
  readonly logGroupArn: string;
  readonly secretArn?: string;
  readonly firehoseRole: { readonly arn: string; readonly trust: object; readonly policy: object };
  /** The metric stream's role (kind "metrics"). */
  readonly streamRole?: { readonly arn: string; readonly trust: object; readonly policy: object };
}

interface Case {
  readonly what: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly expect: "Allowed" | "denied";
  readonly identityPolicy?: object;
  readonly trust?: object;
  readonly context?: Record<string, string>;
}

/** Outcomes that differ from the expectation, and how many simulations ran (firehose role, stream role). */
export interface RoleSimulationReport {
  readonly problems: string[];
  readonly firehoseRoleSimulations: number;
  readonly streamRoleSimulations: number;
}

/** Simulates every case for each region's roles; `others` are the other regions, whose resources must be out of reach. */
export async function simulateDeliveryRoles(deliveries: readonly DeployedDelivery[]): Promise<RoleSimulationReport> {
  const problems: string[] = [];
  let firehoseRoleSimulations = 0;
  let streamRoleSimulations = 0;
  for (const d of deliveries) {
    const other = deliveries.find((o) => o.region !== d.region);
    const p = d.firehoseArn.split(":")[1];
    const fh = d.firehoseRole;
    const firehoseCases: Case[] = [
      {
        what: "Firehose puts a failed record into its bucket",
        principal: fh.arn,
        action: "s3:PutObject",
        resource: `${d.bucketArn}/datadog_stream/x.gz`,
        expect: "Allowed",
        identityPolicy: fh.policy,
      },
      { what: "Firehose finds its bucket's region", principal: fh.arn, action: "s3:GetBucketLocation", resource: d.bucketArn, expect: "Allowed", identityPolicy: fh.policy },
      {
        what: "Firehose logs an error to its log group",
        principal: fh.arn,
        action: "logs:PutLogEvents",
        resource: `${d.logGroupArn}:log-stream:http_endpoint_delivery`,
        expect: "Allowed",
        identityPolicy: fh.policy,
      },
      { what: "Firehose deletes its bucket", principal: fh.arn, action: "s3:DeleteBucket", resource: d.bucketArn, expect: "denied", identityPolicy: fh.policy },
      { what: "Firehose writes some other bucket", principal: fh.arn, action: "s3:PutObject", resource: `arn:${p}:s3:::some-other-bucket/x`, expect: "denied", identityPolicy: fh.policy },
      {
        what: "Firehose logs to another log group",
        principal: fh.arn,
        action: "logs:PutLogEvents",
        resource: `arn:${p}:logs:${d.region}:${d.accountId}:log-group:other:log-stream:x`,
        expect: "denied",
        identityPolicy: fh.policy,
      },
      { what: "Firehose puts records anywhere", principal: fh.arn, action: "firehose:PutRecord", resource: d.firehoseArn, expect: "denied", identityPolicy: fh.policy },
      {
        what: "firehose.amazonaws.com for this account assumes the role",
        principal: "firehose.amazonaws.com",
        action: "sts:AssumeRole",
        resource: fh.arn,
        expect: "Allowed",
        trust: fh.trust,
        context: { "sts:ExternalId": d.accountId },
      },
      {
        what: "firehose.amazonaws.com for another account assumes the role",
        principal: "firehose.amazonaws.com",
        action: "sts:AssumeRole",
        resource: fh.arn,
        expect: "denied",
        trust: fh.trust,
        context: { "sts:ExternalId": "999999999999" },
      },
      {
        what: "CloudWatch's metric streams assume Firehose's role",
        principal: "streams.metrics.cloudwatch.amazonaws.com",
        action: "sts:AssumeRole",
        resource: fh.arn,
        expect: "denied",
        trust: fh.trust,
        context: { "sts:ExternalId": d.accountId },
      },
    ];
    if (d.secretArn) {
      firehoseCases.push({
        what: "Firehose reads the API key's secret of its region",
        principal: fh.arn,
        action: "secretsmanager:GetSecretValue",
        resource: d.secretArn,
        expect: "Allowed",
        identityPolicy: fh.policy,
      });
      firehoseCases.push({
        what: "Firehose reads another secret",
        principal: fh.arn,
        action: "secretsmanager:GetSecretValue",
        resource: `arn:${p}:secretsmanager:${d.region}:${d.accountId}:secret:other-AbCdEf`,
        expect: "denied",
        identityPolicy: fh.policy,
      });
    }
    if (other) {
      firehoseCases.push({
        what: `Firehose writes ${other.region}'s bucket`,
        principal: fh.arn,
        action: "s3:PutObject",
        resource: `${other.bucketArn}/x`,
        expect: "denied",
        identityPolicy: fh.policy,
      });
      if (other.secretArn)
        firehoseCases.push({
          what: `Firehose reads ${other.region}'s secret`,
          principal: fh.arn,
          action: "secretsmanager:GetSecretValue",
          resource: other.secretArn,
          expect: "denied",
          identityPolicy: fh.policy,
        });
    }
    const sr = d.streamRole;
    const streamCases: Case[] = sr
      ? [
          { what: "the metric stream puts a record to its Firehose", principal: sr.arn, action: "firehose:PutRecord", resource: d.firehoseArn, expect: "Allowed", identityPolicy: sr.policy },
          { what: "the metric stream puts a batch to its Firehose", principal: sr.arn, action: "firehose:PutRecordBatch", resource: d.firehoseArn, expect: "Allowed", identityPolicy: sr.policy },
          { what: "the metric stream deletes its Firehose", principal: sr.arn, action: "firehose:DeleteDeliveryStream", resource: d.firehoseArn, expect: "denied", identityPolicy: sr.policy },
          {
            what: "the metric stream puts to another Firehose",
            principal: sr.arn,
            action: "firehose:PutRecord",
            resource: `arn:${p}:firehose:${d.region}:${d.accountId}:deliverystream/other`,
            expect: "denied",
            identityPolicy: sr.policy,
          },
          { what: "the metric stream writes the failed-records bucket", principal: sr.arn, action: "s3:PutObject", resource: `${d.bucketArn}/x`, expect: "denied", identityPolicy: sr.policy },
          {
            what: "CloudWatch's metric streams assume the role",
            principal: "streams.metrics.cloudwatch.amazonaws.com",
            action: "sts:AssumeRole",
            resource: sr.arn,
            expect: "Allowed",
            trust: sr.trust,
          },
          { what: "Firehose assumes the metric stream's role", principal: "firehose.amazonaws.com", action: "sts:AssumeRole", resource: sr.arn, expect: "denied", trust: sr.trust },
          ...(other
            ? [
                {
                  what: `the metric stream puts to ${other.region}'s Firehose`,
                  principal: sr.arn,
                  action: "firehose:PutRecord",
                  resource: other.firehoseArn,
                  expect: "denied" as const,
                  identityPolicy: sr.policy,
                },
              ]
            : []),
        ]
      : [];
    for (const [cases, count] of [
      [firehoseCases, () => firehoseRoleSimulations++],
      [streamCases, () => streamRoleSimulations++],
    ] as const) {
      for (const c of cases) {
        let outcome: Outcome;
        try {
          outcome = await simulate({
            request: { principal: c.principal, action: c.action, resource: { resource: c.resource, accountId: d.accountId }, contextVariables: c.context ?? {} },
            identityPolicies: c.identityPolicy ? [{ name: "role-policy", policy: c.identityPolicy }] : [],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            ...(c.trust ? { resourcePolicy: c.trust } : {}),
          });
        } catch (e) {
          problems.push(`${d.region}: ${c.what}: ${(e as Error).message}`);
          continue;
        }
        count();
        const ok = c.expect === "Allowed" ? outcome === "Allowed" : outcome !== "Allowed";
        if (!ok) problems.push(`${d.region}: ${c.what} (${c.action} on ${c.resource}): ${outcome}, expected ${c.expect}`);
      }
    }
  }
  return { problems, firehoseRoleSimulations, streamRoleSimulations };
}
