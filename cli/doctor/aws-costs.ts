/**
 * The account's CUR 2.0 export as AWS Data Exports holds it (ListExports, then GetExport of
 * the one with the configured name), read with the doctor's credentials in us-east-1, the
 * only region AWS Data Exports answers in. A refusal or an unreachable service is reported
 * as "not read", not as a failure of the whole diagnosis.
 */
import { BCMDataExportsClient, GetExportCommand, paginateListExports } from "@aws-sdk/client-bcm-data-exports";
import type { IAMClient } from "@aws-sdk/client-iam";
import { classifyAwsError } from "../aws-sdk-errors";
import type { AwsView, CostExportView } from "./views";

/** AWS Data Exports' only region (lib/constructs/private/cost-names.ts). */
const DATA_EXPORTS_REGION = "us-east-1";

/** `view` with the export named `name` (null when there is none), or why it could not be read. */
export async function withCostExport(iam: IAMClient, view: AwsView, name: string): Promise<AwsView> {
  // The same credentials IAM was reached with (the environment's, or the role it assumed).
  const client = new BCMDataExportsClient({ region: DATA_EXPORTS_REGION, credentials: iam.config.credentials as never, maxAttempts: 2 });
  try {
    let arn: string | undefined;
    for await (const page of paginateListExports({ client }, {})) {
      arn ??= (page.Exports ?? []).find((e) => e.ExportName === name)?.ExportArn;
    }
    if (!arn) return { ...view, costExport: null };
    const out = await client.send(new GetExportCommand({ ExportArn: arn }));
    const s3 = out.Export?.DestinationConfigurations?.S3Destination;
    const costExport: CostExportView = {
      name,
      arn,
      bucket: s3?.S3Bucket,
      prefix: s3?.S3Prefix,
      region: s3?.S3Region,
      status: out.ExportStatus?.StatusCode,
      statusReason: out.ExportStatus?.StatusReason,
    };
    return { ...view, costExport };
  } catch (e) {
    const seen = classifyAwsError(e);
    const why =
      seen.kind === "access-denied"
        ? `AWS refused ${seen.name ?? "the call"} to these credentials; give them bcm-data-exports:ListExports and bcm-data-exports:GetExport`
        : `AWS Data Exports could not be read (${seen.name ?? "error"}: ${seen.message})`;
    return { ...view, costExportNotRead: why };
  } finally {
    client.destroy();
  }
}
