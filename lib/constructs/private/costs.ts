/**
 * Cloud Cost Management (CUR 2.0) for one account, in the order Datadog's template makes it
 * (aws_cloud_cost_cur2/main.yaml): the bucket (when new) and its policy, the export (when
 * new), Datadog's read access on the integration role, and Datadog told where the export is,
 * after the export exists. The provider versions it needs are in costs-requirements.ts.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IntegrationAwsAccount } from "@cdktf/provider-datadog/lib/integration-aws-account";
import { IntegrationContext } from "./context";
import { createCcmConfig, IntegrationAwsAccountCcmConfig } from "./ccm-config";
import { createCostBucket } from "./cost-bucket";
import { createCostExport } from "./cost-export";
import { costPlaces } from "./cost-names";
import { createCostReadPolicy } from "./cost-read-policy";
import { requireCostProviderRanges } from "./costs-requirements";

/** Adds the account's cost configuration; the config checks guarantee a role and a managed Datadog side. */
export function addCosts(ctx: IntegrationContext, role: IamRole, integration: IntegrationAwsAccount): IntegrationAwsAccountCcmConfig {
  const { config, partition } = ctx;
  const costs = config.costs!;
  const places = costPlaces(costs, partition, config.awsAccountId, config.awsRegion);
  const bucketReady = costs.bucket.create ? createCostBucket(ctx, places) : undefined;
  const exported = costs.export.create ? createCostExport(ctx, places, bucketReady) : undefined;
  const readPolicy = createCostReadPolicy(ctx, role, places);
  const ccmConfig = createCcmConfig(ctx, integration.id, places, exported ? [exported, readPolicy] : [readPolicy]);
  requireCostProviderRanges(ctx.scope, exported !== undefined);
  return ccmConfig;
}
