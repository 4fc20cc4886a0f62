/**
 * The costs check: the CUR 2.0 export exists, is healthy and writes where Datadog is told
 * (its ccm_config, which is the config's), and Datadog's role may read it.
 */
import { costsCheck } from "../../../cli/doctor/checks/costs";
import type { CostExportView, DatadogDataExportConfig } from "../../../cli/doctor/views";
import { costReadPolicyDocument } from "../../../lib/constructs/private/cost-read-policy";
import { costPlaces } from "../../../lib/constructs/private/cost-names";
import { ACCOUNT, awsView, codes, CodesTested, datadogView, healthyRole, subject } from "../../support/doctor-views";

const COSTS = {
  bucket: { name: "acme-billing", region: "us-east-1", create: false },
  export: { name: "acme-cur2", prefix: "cur/hourly", create: false },
};
const HELD: DatadogDataExportConfig = {
  report_name: "acme-cur2",
  report_prefix: "cur/hourly",
  report_type: "CUR2.0",
  bucket_name: "acme-billing",
  bucket_region: "us-east-1",
};
const EXPORT: CostExportView = {
  name: "acme-cur2",
  arn: `arn:aws:bcm-data-exports:us-east-1:${ACCOUNT}:export/acme-cur2-0a1b`,
  bucket: "acme-billing",
  prefix: "cur/hourly",
  region: "us-east-1",
  status: "HEALTHY",
};
/** The read policy the stack puts on the role, from the construct's own document. */
const readPolicy = {
  name: "datadog-ccm-acme-billing-cur-hourly-acme-cur2",
  kind: "inline" as const,
  document: costReadPolicyDocument(costPlaces({ bucket: COSTS.bucket, export: COSTS.export }, "aws", ACCOUNT, "us-east-1")),
};

const t = new CodesTested(costsCheck);
const withCosts = subject({ costs: COSTS });
const role = (withRead = true) => healthyRole({ policies: [...healthyRole().policies, ...(withRead ? [readPolicy] : [])] });
const run = (o: { held?: DatadogDataExportConfig[]; exported?: CostExportView | null; withRead?: boolean } = {}) =>
  t.run({
    subject: withCosts,
    aws: { ...awsView(role(o.withRead ?? true)), costExport: o.exported === undefined ? EXPORT : o.exported },
    datadog: datadogView({}, { ccmConfig: o.held ?? [HELD] }),
  });

test("compliant: Datadog reads the export the config names, which writes there, and the role may read it", () => {
  const r = run();
  expect(codes(r)).toEqual([]);
  expect(r.passed).toEqual([
    "Datadog reads the CUR 2.0 export s3://acme-billing/cur/hourly/acme-cur2 (us-east-1), as the config says",
    'the CUR 2.0 export "acme-cur2" writes to s3://acme-billing/cur/hourly (us-east-1), where Datadog reads (HEALTHY)',
    `IAM role DatadogIntegrationRole (arn:aws:iam::${ACCOUNT}:role/DatadogIntegrationRole) may read the export's files, the bucket's listing and Cost Explorer`,
  ]);
});

test("nothing to check without costs", () => {
  const r = t.run();
  expect([codes(r), r.passed, r.skipped]).toEqual([[], [], []]);
});

test("non-compliant ccm-config-missing: Datadog holds no cost configuration", () => {
  expect(codes(run({ held: [] }))).toEqual(["ccm-config-missing"]);
});

test("non-compliant ccm-config-mismatch: Datadog is told another prefix", () => {
  const r = run({ held: [{ ...HELD, report_prefix: "cur" }] });
  expect(codes(r)).toEqual(["ccm-config-mismatch"]);
  expect(r.findings[0].problem).toContain(
    "Datadog reads s3://acme-billing/cur/acme-cur2 (us-east-1), but the config says s3://acme-billing/cur/hourly/acme-cur2 (us-east-1)",
  );
});

test("non-compliant cost-export-missing: AWS has no export of that name", () => {
  const r = run({ exported: null });
  expect(codes(r)).toEqual(["cost-export-missing"]);
  expect(r.findings[0].fix[0]).toContain("environments.prod.costs.export.name");
});

test("non-compliant cost-export-destination: the export writes to another bucket", () => {
  const r = run({ exported: { ...EXPORT, bucket: "old-billing" } });
  expect(codes(r)).toEqual(["cost-export-destination"]);
  expect(r.findings[0].details).toEqual(["export destination: s3://old-billing/cur/hourly (us-east-1)"]);
});

test("non-compliant cost-export-unhealthy: AWS cannot write the reports", () => {
  const r = run({ exported: { ...EXPORT, status: "UNHEALTHY", statusReason: "INSUFFICIENT_PERMISSION" } });
  expect(codes(r)).toEqual(["cost-export-unhealthy"]);
  expect(r.findings[0].problem).toContain("(INSUFFICIENT_PERMISSION)");
});

test("non-compliant cost-read-missing: the role lost its cost read policy", () => {
  const r = run({ withRead: false });
  expect(codes(r)).toEqual(["cost-read-missing"]);
  // Datadog's standard list grants none of these on the bucket (its actions are on "*" only for metadata).
  expect(r.findings[0].details).toEqual(
    expect.arrayContaining(["not allowed: s3:GetObject arn:aws:s3:::acme-billing/cur/hourly/acme-cur2/data/report.parquet"]),
  );
});

test("the export not read: said, not guessed", () => {
  const r = t.run({
    subject: withCosts,
    aws: { ...awsView(role()), costExportNotRead: "AWS refused ListExports" },
    datadog: datadogView({}, { ccmConfig: [HELD] }),
  });
  expect(codes(r)).toEqual([]);
  expect(r.skipped).toEqual(["the CUR 2.0 export: not checked (AWS refused ListExports)"]);
});

test("every code the check declares is reported by a case above", () => expect(t.untested()).toEqual([]));
