/**
 * What Datadog's role may read for Cloud Cost Management, as Datadog's template grants it
 * (aws_cloud_cost_cur2/main.yaml, DatadogCCMIAMPolicy): the bucket's listing, the export's
 * files, Cost Explorer (to check the bill's accuracy), the CUR definitions and the
 * organization's accounts. An inline role policy, like the template's: it does not count
 * against the 10 managed policies a role may have, which Datadog's permission lists fill.
 * The listing is the whole bucket's, as in the template: Datadog's CCM validation reports
 * S3_LIST_PERMISSION_MISSING (Datadog API spec, AWSCcmConfigValidationIssueCode) and does not
 * say which prefix it lists, so narrowing it could break what Datadog checks; the objects it
 * may read are the export's only.
 */
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { ADDRESSES } from "../names";
import { IntegrationContext } from "./context";
import { CostPlaces } from "./cost-names";

/** The actions Datadog's role gets on everything but the bucket (the template's, word for word). */
export const COST_METADATA_ACTIONS = ["ce:Get*", "cur:DescribeReportDefinitions", "organizations:Describe*", "organizations:List*"] as const;

/** The read policy's document. */
export function costReadPolicyDocument(places: CostPlaces): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "ReadCloudCostBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: places.bucketArn },
      { Sid: "GetBill", Effect: "Allow", Action: "s3:GetObject", Resource: places.reportKeys },
      { Sid: "CostMetadata", Effect: "Allow", Action: [...COST_METADATA_ACTIONS], Resource: "*" },
    ],
  };
}

/** The policy's name, after the template's (`datadog-ccm-iam-policy--<bucket>-<prefix>-<name>`, slashes made dashes; IAM names allow no "/"), cut to IAM's 128. */
export function costReadPolicyName(places: CostPlaces, prefix: string, exportName: string): string {
  return `datadog-ccm-${places.bucketName}-${prefix.replace(/\//g, "-")}-${exportName}`.replace(/[^\w+=,.@-]/g, "-").slice(0, 128);
}

export function createCostReadPolicy(ctx: IntegrationContext, role: IamRole, places: CostPlaces): IamRolePolicy {
  const { scope, naming, config } = ctx;
  const { prefix, name } = config.costs!.export;
  return naming.name(
    new IamRolePolicy(scope, "cost-read", {
      provider: ctx.awsProvider,
      role: role.name,
      name: costReadPolicyName(places, prefix, name),
      policy: JSON.stringify(costReadPolicyDocument(places)),
    }),
    ADDRESSES.costRead,
  );
}
