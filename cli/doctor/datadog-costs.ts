/**
 * What Datadog is told about the account's CUR 2.0 export: the integration's
 * `ccm_config` (GET /api/v2/integration/aws/accounts/{config id}/ccm_config; a 404 means none).
 */
import { type DatadogAccess, get } from "./datadog";
import type { DatadogDataExportConfig, DatadogView } from "./views";

/** `view` with the export configs Datadog holds for its integration; unchanged without an integration. */
export async function withCcmConfig(access: DatadogAccess, view: DatadogView): Promise<DatadogView> {
  if (!view.account) return view;
  const body = (await get(access, `/api/v2/integration/aws/accounts/${encodeURIComponent(view.account.id)}/ccm_config`, true)) as
    | { data?: { attributes?: { data_export_configs?: DatadogDataExportConfig[] } } }
    | undefined;
  return { ...view, ccmConfig: body?.data?.attributes?.data_export_configs ?? [] };
}
