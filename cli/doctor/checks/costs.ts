/**
 * Cloud Cost Management (`costs`): the CUR 2.0 export exists, is healthy and writes to the
 * bucket and prefix Datadog is told about (its `ccm_config`), which are the config's, and
 * Datadog's role may read the export's files, the bucket's listing and Cost Explorer.
 * Nothing to check without `costs`.
 */
import { defineCheck } from "../check";
import { patternCovers, statementsOf } from "../policy";
import type { AwsPrincipalView, DatadogDataExportConfig, SubjectCosts } from "../views";
import { quote } from "../words";

/** What Datadog reads, as (action, resource) pairs, for the role's policies to allow. */
function reads(costs: SubjectCosts, partition: string): [string, string][] {
  const bucket = `arn:${partition}:s3:::${costs.bucket.name}`;
  return [
    ["s3:ListBucket", bucket],
    ["s3:GetObject", `${bucket}/${costs.export.prefix}/${costs.export.name}/data/report.parquet`],
    ["ce:GetCostAndUsage", "*"],
  ];
}

/** True when the principal's identity policies allow `action` on `resource` and none denies it (conditions aside: Datadog's read policy has none). */
function allows(principal: AwsPrincipalView, action: string, resource: string): boolean {
  const matching = principal.policies
    .flatMap((p) => statementsOf(p.document))
    .filter((st) => (st.actions ?? []).some((a) => patternCovers(a, action)) && (st.resources ?? []).some((r) => patternCovers(r, resource)));
  return matching.some((st) => st.effect === "Allow" && Object.keys(st.condition).length === 0) && !matching.some((st) => st.effect === "Deny");
}

const describe = (c: DatadogDataExportConfig) => `s3://${c.bucket_name}/${c.report_prefix}/${c.report_name} (${c.bucket_region})`;

export const costsCheck = defineCheck({
  name: "costs",
  findings: {
    "ccm-config-missing": {
      meaning: "The config has costs, but Datadog holds no cost configuration for the integration.",
      fix: "`npx cdktf deploy <env>` creates it (datadog_integration_aws_account_ccm_config).",
    },
    "ccm-config-mismatch": {
      meaning: "Datadog is told about another export, bucket, prefix or region than the config's.",
      fix: "`npx cdktf deploy <env>` sets what the config says; or correct costs in the config.",
    },
    "cost-export-missing": {
      meaning: "AWS Data Exports has no export of the configured name.",
      fix: "Deploy with costs.export.create true, or give the existing export's name.",
    },
    "cost-export-destination": {
      meaning: "The export writes to another bucket, prefix or region than Datadog is told about.",
      fix: "Set costs.bucket and costs.export.prefix to the export's destination, then deploy.",
    },
    "cost-export-unhealthy": {
      meaning: "AWS reports the export as unhealthy (e.g. it cannot write to the bucket).",
      fix: "Read AWS's reason; usually the bucket policy must let bcm-data-exports.amazonaws.com write.",
    },
    "cost-read-missing": {
      meaning: "Datadog's role may not read the export's files, the bucket's listing or Cost Explorer.",
      fix: "`npx cdktf deploy <env>` restores the role's cost read policy (datadog-ccm-...).",
    },
  },
  run({ subject: s, aws, datadog, words: w }, out) {
    const costs = s.costs;
    if (!costs) return;
    const expected: DatadogDataExportConfig = {
      report_name: costs.export.name,
      report_prefix: costs.export.prefix,
      report_type: "CUR2.0",
      bucket_name: costs.bucket.name,
      bucket_region: costs.bucket.region,
    };
    // What Datadog is told.
    if (datadog.notRead || !datadog.account)
      out.skipped("Cloud Cost Management in Datadog: not checked (the integration was not read or does not exist)");
    else if (!datadog.ccmConfig || datadog.ccmConfig.length === 0) {
      out.problem({
        code: "ccm-config-missing",
        problem: `the config has costs (${describe(expected)}), but Datadog holds no cost configuration for ${w.datadog(datadog.account)}, so no costs are read`,
        where: `${w.datadog(datadog.account)}, ccm_config`,
        fix: [`${w.deploy} creates it`],
      });
    } else if (!datadog.ccmConfig.some((c) => describe(c) === describe(expected))) {
      out.problem({
        code: "ccm-config-mismatch",
        problem: `Datadog reads ${datadog.ccmConfig.map(describe).join(", ")}, but the config says ${describe(expected)}`,
        where: `${w.datadog(datadog.account)}, ccm_config`,
        fix: [`${w.deploy} tells Datadog what the config says`, `or correct ${w.field("costs")}`],
      });
    } else out.passed(`Datadog reads the CUR 2.0 export ${describe(expected)}, as the config says`);

    // The export itself.
    if (aws.costExportNotRead) out.skipped(`the CUR 2.0 export: not checked (${aws.costExportNotRead})`);
    else if (aws.costExport === null) {
      out.problem({
        code: "cost-export-missing",
        problem: `AWS Data Exports has no export named ${quote(costs.export.name)} in account ${s.accountId}, so nothing writes the costs Datadog reads`,
        where: `AWS Data Exports (us-east-1), account ${s.accountId}`,
        fix: costs.export.create
          ? [`${w.deploy} creates it`]
          : [`give the existing export's name in ${w.field("costs.export.name")}`, `or set ${w.field("costs.export.create")} to true`],
      });
    } else if (aws.costExport) {
      const e = aws.costExport;
      const writes = `s3://${e.bucket}/${e.prefix} (${e.region})`;
      if (e.bucket !== costs.bucket.name || e.prefix !== costs.export.prefix || e.region !== costs.bucket.region) {
        out.problem({
          code: "cost-export-destination",
          problem: `the export ${quote(e.name)} writes to ${writes}, but Datadog is told s3://${costs.bucket.name}/${costs.export.prefix} (${costs.bucket.region}), where no report arrives`,
          where: `AWS Data Exports export ${e.arn}`,
          details: [`export destination: ${writes}`],
          fix: [`set ${w.field("costs.bucket")} and ${w.field("costs.export.prefix")} to the export's destination, then ${w.deploy}`],
        });
      } else if (e.status === "UNHEALTHY") {
        out.problem({
          code: "cost-export-unhealthy",
          problem: `AWS reports the export ${quote(e.name)} as unhealthy${e.statusReason ? ` (${e.statusReason})` : ""}, so new reports may not arrive`,
          where: `AWS Data Exports export ${e.arn}`,
          fix: [
            "check that the bucket policy lets bcm-data-exports.amazonaws.com write under the prefix",
            `${w.deploy} restores it when the stack made the bucket`,
          ],
        });
      } else out.passed(`the CUR 2.0 export ${quote(e.name)} writes to ${writes}, where Datadog reads${e.status ? ` (${e.status})` : ""}`);
    }

    // The role's read access.
    const principal = aws.principal;
    if (!principal) return; // said by the principal check
    const refused = reads(costs, s.partition).filter(([action, resource]) => !allows(principal, action, resource));
    if (refused.length) {
      out.problem({
        code: "cost-read-missing",
        problem: `${w.iam(principal)} may not ${refused.map(([a, r]) => `${a} on ${r}`).join(", ")}, so Datadog cannot read the costs`,
        where: `${w.iam(principal)}, policies`,
        details: refused.map(([a, r]) => `not allowed: ${a} ${r}`),
        fix: [`${w.deploy} restores the cost read policy`],
      });
    } else out.passed(`${w.iam(principal)} may read the export's files, the bucket's listing and Cost Explorer`);
  },
});
