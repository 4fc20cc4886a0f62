/**
 * `datadog_integration_aws_account_ccm_config` (Datadog provider 4.11.0 and later): tells
 * Datadog where the account's CUR 2.0 export is, on the integration the stack manages
 * (keyed by its config ID).
 *
 * Why a hand-written resource: the prebuilt bindings (`@cdktf/provider-datadog`, generated
 * from provider 3.82.0 and final since CDKTF was archived) have no class for it, and
 * generating bindings for 4.x would add a second copy of every Datadog resource to the
 * package for one of them. cdktf's `TerraformResource` writes any resource type; this class
 * gives it the attributes the 4.19.0 schema declares (resource_datadog_integration_aws_account_
 * ccm_config.go: `aws_account_config_id`, block `ccm_config { data_export_configs { ... } }`),
 * for the JSON output and, marked as blocks, for `cdktf synth --hcl`. The real 4.19.0
 * provider validates, applies and re-plans it in __tests__/proof/lifecycle-costs.test.ts.
 */
import { Construct } from "constructs";
import { ITerraformDependable, TerraformProvider, TerraformResource } from "cdktf";
import { ADDRESSES } from "../names";
import { adopt } from "./adopt";
import { IntegrationContext } from "./context";
import { CostPlaces } from "./cost-names";

/** Datadog's name for a CUR 2.0 report (Datadog API spec, DataExportConfig.report_type: "Currently only CUR2.0 is supported"). */
export const CUR2_REPORT_TYPE = "CUR2.0";

/** One `data_export_configs` block, in the provider's attribute names. */
export interface DataExportConfig {
  readonly report_name: string;
  readonly report_prefix: string;
  readonly report_type: string;
  readonly bucket_name: string;
  readonly bucket_region: string;
}

interface CcmConfigProps {
  readonly awsAccountConfigId: string;
  readonly dataExportConfig: DataExportConfig;
  readonly provider?: TerraformProvider;
  readonly dependsOn?: ITerraformDependable[];
}

/** The resource itself (not exported from the package: the construct's `ccmConfig` is a `TerraformResource`). */
export class IntegrationAwsAccountCcmConfig extends TerraformResource {
  static readonly tfResourceType = "datadog_integration_aws_account_ccm_config";

  constructor(
    scope: Construct,
    id: string,
    private readonly props: CcmConfigProps,
  ) {
    super(scope, id, {
      terraformResourceType: IntegrationAwsAccountCcmConfig.tfResourceType,
      terraformGeneratorMetadata: { providerName: "datadog" },
      provider: props.provider,
      dependsOn: props.dependsOn,
    });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { aws_account_config_id: this.props.awsAccountConfigId, ccm_config: { data_export_configs: [{ ...this.props.dataExportConfig }] } };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    const simple = (value: string) => ({ value, isBlock: false, type: "simple", storageClassType: "string" });
    const exportConfig = Object.fromEntries(Object.entries(this.props.dataExportConfig).map(([k, v]) => [k, simple(v)]));
    return {
      aws_account_config_id: simple(this.props.awsAccountConfigId),
      ccm_config: {
        value: { data_export_configs: { value: [exportConfig], isBlock: true, type: "list", storageClassType: "DataExportConfigsList" } },
        isBlock: true,
        type: "struct",
        storageClassType: "CcmConfig",
      },
    };
  }
}

/** Datadog is told where the export is, `after` what it reads exists: the role's read policy, and the export when the stack creates it (Datadog's template waits for it too). */
export function createCcmConfig(ctx: IntegrationContext, awsAccountConfigId: string, places: CostPlaces, after: ITerraformDependable[]): IntegrationAwsAccountCcmConfig {
  const { scope, naming, config } = ctx;
  const costs = config.costs!;
  const ccmConfig = naming.name(
    new IntegrationAwsAccountCcmConfig(scope, "ccm-config", {
      provider: ctx.datadogProvider,
      awsAccountConfigId,
      dataExportConfig: {
        report_name: costs.export.name,
        report_prefix: costs.export.prefix,
        report_type: CUR2_REPORT_TYPE,
        bucket_name: places.bucketName,
        bucket_region: places.bucketRegion,
      },
      dependsOn: after,
    }),
    ADDRESSES.ccmConfig,
  );
  // An integration made by hand may have its cost configuration already: adopted with it (the provider imports by the config id).
  if (config.import?.datadogAccountConfigId) adopt(ccmConfig, config.import.datadogAccountConfigId);
  return ccmConfig;
}
