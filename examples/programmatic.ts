/**
 * The construct used from TypeScript, without a config file: one stack with your own
 * providers and backend, and the integration in it. Run it with
 *   npx tsc -b && node dist/examples/programmatic.js
 * (CDKTF_OUTDIR moves the output, as for the app).
 */
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { App, S3Backend, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DatadogProvider } from "@cdktf/provider-datadog/lib/provider";
import { DatadogAwsIntegration, DatadogAwsIntegrationConfig, findDatadogSite } from "../lib";

/** The integration's settings (exported so the tests check what reaches AWS and Datadog against them). */
export const programmaticIntegrationProps: DatadogAwsIntegrationConfig = {
  awsAccountId: "123456789012",
  awsRegion: "eu-west-1",
  datadogSite: "datadoghq.eu",
  auth: { type: "role", roleName: "DatadogIntegrationRole" },
  regions: ["eu-west-1", "eu-central-1"],
  tags: ["team:observability"],
  metrics: { namespaces: { includeOnly: ["AWS/EC2", "AWS/RDS", "AWS/Lambda"] }, hostTags: ["datadog:monitored"] },
  cspm: true,
  permissions: "pinned",
};

export function buildProgrammaticExample(app: App): TerraformStack {
  const stack = new TerraformStack(app, "observability");
  new S3Backend(stack, { bucket: "example-terraform-state", key: "datadog/observability.tfstate", region: "eu-west-1" });
  new AwsProvider(stack, "aws", { region: "eu-west-1", allowedAccountIds: ["123456789012"] });
  // Keys come from DD_API_KEY and DD_APP_KEY, which the provider reads itself.
  new DatadogProvider(stack, "datadog-provider", { apiUrl: findDatadogSite("datadoghq.eu")!.apiUrl });

  new DatadogAwsIntegration(stack, "datadog", programmaticIntegrationProps);
  return stack;
}

if (require.main === module) {
  // Its own folder: the app's cdktf.out and manifest belong to the config's stacks.
  const outdir = process.env.CDKTF_OUTDIR ?? path.join("examples", "cdktf.out");
  mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir });
  buildProgrammaticExample(app);
  app.synth();
}
