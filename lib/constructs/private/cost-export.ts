/**
 * The Cost and Usage Report 2.0 export (AWS Data Exports) Datadog reads, as Datadog's template
 * makes it (aws_cloud_cost_cur2/main.yaml, DDCURReportDefinition): the same columns of
 * COST_AND_USAGE_REPORT, hourly, with resource IDs and split cost allocation data, Parquet,
 * a new report per refresh, refreshed as AWS updates the bill.
 *
 * Differs from the template, and why:
 * - BILLING_VIEW_ARN is written out (the account's primary billing view, which is what AWS
 *   uses when it is left out): AWS returns it on read, and the AWS provider then fails the
 *   apply with "new element BILLING_VIEW_ARN has appeared" (hashicorp/terraform-provider-aws
 *   #43978; the workaround of #43983 is to set it);
 * - the export is created with a provider in us-east-1 (the only region AWS Data Exports
 *   answers in), whatever the stack's region.
 */
import { BcmdataexportsExport } from "@cdktf/provider-aws/lib/bcmdataexports-export";
import { ITerraformDependable } from "cdktf";
import { ADDRESSES } from "../names";
import { IntegrationContext } from "./context";
import { CostPlaces, DATA_EXPORTS_REGION } from "./cost-names";
import { providerInRegion } from "./regional-provider";

/** The columns Datadog's template selects, in its order (aws_cloud_cost_cur2/main.yaml, version 0.0.5). */
export const CUR2_COLUMNS = [
  "bill_bill_type, bill_billing_entity, bill_billing_period_end_date, bill_billing_period_start_date, bill_invoice_id, bill_invoicing_entity",
  "bill_payer_account_id, bill_payer_account_name, cost_category, discount, discount_bundled_discount, discount_total_discount, identity_line_item_id",
  "identity_time_interval, line_item_availability_zone, line_item_blended_cost, line_item_blended_rate, line_item_currency_code, line_item_legal_entity",
  "line_item_line_item_description, line_item_line_item_type, line_item_net_unblended_cost, line_item_net_unblended_rate, line_item_normalization_factor",
  "line_item_normalized_usage_amount, line_item_operation, line_item_product_code, line_item_resource_id, line_item_tax_type, line_item_unblended_cost",
  "line_item_unblended_rate, line_item_usage_account_id, line_item_usage_account_name, line_item_usage_amount, line_item_usage_end_date",
  "line_item_usage_start_date, line_item_usage_type, pricing_currency, pricing_lease_contract_length, pricing_offering_class, pricing_public_on_demand_cost",
  "pricing_public_on_demand_rate, pricing_purchase_option, pricing_rate_code, pricing_rate_id, pricing_term, pricing_unit, product, product_comment",
  "product_fee_code, product_fee_description, product_from_location, product_from_location_type, product_from_region_code, product_instance_family",
  "product_instance_type, product_instancesku, product_location, product_location_type, product_operation, product_pricing_unit, product_product_family",
  "product_region_code, product_servicecode, product_sku, product_to_location, product_to_location_type, product_to_region_code, product_usagetype",
  "reservation_amortized_upfront_cost_for_usage, reservation_amortized_upfront_fee_for_billing_period, reservation_availability_zone",
  "reservation_effective_cost, reservation_end_time, reservation_modification_status, reservation_net_amortized_upfront_cost_for_usage",
  "reservation_net_amortized_upfront_fee_for_billing_period, reservation_net_effective_cost, reservation_net_recurring_fee_for_usage",
  "reservation_net_unused_amortized_upfront_fee_for_billing_period, reservation_net_unused_recurring_fee, reservation_net_upfront_value",
  "reservation_normalized_units_per_reservation, reservation_number_of_reservations, reservation_recurring_fee_for_usage, reservation_reservation_a_r_n",
  "reservation_start_time, reservation_subscription_id, reservation_total_reserved_normalized_units, reservation_total_reserved_units",
  "reservation_units_per_reservation, reservation_unused_amortized_upfront_fee_for_billing_period, reservation_unused_normalized_unit_quantity",
  "reservation_unused_quantity, reservation_unused_recurring_fee, reservation_upfront_value, resource_tags",
  "savings_plan_amortized_upfront_commitment_for_billing_period, savings_plan_end_time, savings_plan_instance_type_family",
  "savings_plan_net_amortized_upfront_commitment_for_billing_period, savings_plan_net_recurring_commitment_for_billing_period",
  "savings_plan_net_savings_plan_effective_cost, savings_plan_offering_type, savings_plan_payment_option, savings_plan_purchase_term",
  "savings_plan_recurring_commitment_for_billing_period, savings_plan_region, savings_plan_savings_plan_a_r_n, savings_plan_savings_plan_effective_cost",
  "savings_plan_savings_plan_rate, savings_plan_start_time, savings_plan_total_commitment_to_date, savings_plan_used_commitment",
  "split_line_item_actual_usage, split_line_item_net_split_cost, split_line_item_net_unused_cost, split_line_item_parent_resource_id",
  "split_line_item_public_on_demand_split_cost, split_line_item_public_on_demand_unused_cost, split_line_item_reserved_usage, split_line_item_split_cost",
  "split_line_item_split_usage, split_line_item_split_usage_ratio, split_line_item_unused_cost",
]
  .join(", ")
  .split(", ");

/** The export's query: the template's columns of CUR 2.0's table. */
export const CUR2_QUERY = `SELECT ${CUR2_COLUMNS.join(", ")} FROM COST_AND_USAGE_REPORT`;

/** Creates the export; `after` is what must exist first (the bucket policy that lets it write), when the stack makes the bucket. */
export function createCostExport(ctx: IntegrationContext, places: CostPlaces, after?: ITerraformDependable): BcmdataexportsExport {
  const { scope, naming, config, partition } = ctx;
  const costs = config.costs!;
  return naming.name(
    new BcmdataexportsExport(scope, "cost-export", {
      provider: providerInRegion(ctx, DATA_EXPORTS_REGION),
      export: [
        {
          name: costs.export.name,
          description: "Cost and Usage Report 2.0 for Datadog Cloud Cost Management; managed by Terraform",
          dataQuery: [
            {
              queryStatement: CUR2_QUERY,
              tableConfigurations: {
                COST_AND_USAGE_REPORT: {
                  BILLING_VIEW_ARN: `arn:${partition}:billing::${config.awsAccountId}:billingview/primary`,
                  INCLUDE_RESOURCES: "TRUE",
                  INCLUDE_SPLIT_COST_ALLOCATION_DATA: "TRUE",
                  TIME_GRANULARITY: "HOURLY",
                },
              },
            },
          ],
          destinationConfigurations: [
            {
              s3Destination: [
                {
                  s3Bucket: places.bucketName,
                  s3Region: places.bucketRegion,
                  s3Prefix: costs.export.prefix,
                  s3OutputConfigurations: [{ compression: "PARQUET", format: "PARQUET", outputType: "CUSTOM", overwrite: "CREATE_NEW_REPORT" }],
                },
              ],
            },
          ],
          refreshCadence: [{ frequency: "SYNCHRONOUS" }],
        },
      ],
      dependsOn: after ? [after] : undefined,
    }),
    ADDRESSES.costExport,
  );
}
