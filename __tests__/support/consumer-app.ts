// The consumer app both consumer proofs build (written once for cdktf, renamed for cdktn as cdktn's upgrade guide renames imports), the cdktf build the cdktn one is compared with, and `terraform validate` of its stacks.
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { renameSpecifiers } from "../../scripts/cdktn/renames";
import { PROJECT_ROOT } from "./shipped-configs";
import { LocalApis } from "./local-apis";
import type { ProviderSet } from "./provider-sets";
import type { TerraformJson } from "./synth";
import { partitionOfStack } from "./terraform-stack-inputs";

/** Integrations, role delegation (one with CSPM) and access keys, several accounts through aliased providers, one stack managing the Datadog side. */
export const CONSUMER_APP = `
import { App, S3Backend, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DatadogProvider } from "@cdktf/provider-datadog/lib/provider";
import { DatadogAwsIntegration, enableS3Lockfile, findDatadogSite, requireTerraformVersion } from "datadog-aws-cdktf";

const app = new App({ outdir: "cdktf.out" });

// Two accounts in one stack, each through its own aliased provider and account guard.
const accounts = new TerraformStack(app, "two-accounts");
enableS3Lockfile(new S3Backend(accounts, { bucket: "team-state", key: "datadog/two-accounts.tfstate", region: "us-east-1" }));
requireTerraformVersion(accounts);
const prod = new AwsProvider(accounts, "aws-prod", { alias: "prod", region: "us-east-1", allowedAccountIds: ["111111111111"] });
const gov = new AwsProvider(accounts, "aws-gov", { alias: "gov", region: "us-gov-west-1", allowedAccountIds: ["222222222222"] });
new DatadogAwsIntegration(accounts, "prod", { awsAccountId: "111111111111", awsProvider: prod, manageDatadogIntegration: false, externalId: "0123456789abcdef0123456789abcdef", cspm: true });
new DatadogAwsIntegration(accounts, "gov", { awsAccountId: "222222222222", awsProvider: gov, datadogSite: "ddog-gov.com", auth: { type: "accessKeys" }, manageDatadogIntegration: false });

// One account with the Datadog side managed too.
const managed = new TerraformStack(app, "managed");
requireTerraformVersion(managed);
new AwsProvider(managed, "aws", { region: "eu-west-1", allowedAccountIds: ["333333333333"] });
new DatadogProvider(managed, "datadog-provider", { apiUrl: findDatadogSite("datadoghq.eu")!.apiUrl });
new DatadogAwsIntegration(managed, "datadog", { awsAccountId: "333333333333", datadogSite: "datadoghq.eu", permissions: "pinned", tags: ["team:observability"] });

app.synth();
`;

/** The same app for cdktn: the upgrade guide's import renames, and the cdktn build of the library. */
export const CDKTN_CONSUMER_APP = renameSpecifiers(CONSUMER_APP).replace(/"datadog-aws-cdktf"/g, '"datadog-aws-cdktn"');

/**
 * Builds and synthesizes the cdktf app in `dir` against this project's node_modules and the
 * library built in `checkout` (a clean checkout), with the machine's Node; returns its stacks.
 */
export function cdktfReferenceStacks(dir: string, checkout: string, run: (cwd: string, command: string, args: string[]) => string): Record<string, TerraformJson> {
  mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  for (const name of readdirSync(path.join(PROJECT_ROOT, "node_modules"))) symlinkSync(path.join(PROJECT_ROOT, "node_modules", name), path.join(dir, "node_modules", name));
  symlinkSync(checkout, path.join(dir, "node_modules", "datadog-aws-cdktf"));
  writeFileSync(path.join(dir, "main.ts"), CONSUMER_APP);
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "commonjs", target: "es2018", strict: true, skipLibCheck: true, outDir: "dist" }, files: ["main.ts"] }));
  run(dir, process.execPath, [path.join(PROJECT_ROOT, "node_modules", "typescript5", "bin", "tsc"), "-p", "."]);
  run(dir, process.execPath, ["dist/main.js"]);
  return readStacks(dir);
}

/** Each stack's cdk.tf.json under `app`/cdktf.out. */
export function readStacks(app: string): Record<string, TerraformJson> {
  const stacks: Record<string, TerraformJson> = {};
  for (const name of readdirSync(path.join(app, "cdktf.out", "stacks"))) {
    stacks[name] = JSON.parse(readFileSync(path.join(app, "cdktf.out", "stacks", name, "cdk.tf.json"), "utf8"));
  }
  return stacks;
}

/** `terraform validate` of `stack` with the real `providers`, against the local APIs of its first account: no diagnostics. */
export async function validateWithRealProviders(stack: TerraformJson, providers: ProviderSet): Promise<void> {
  const apis = await LocalApis.start((stack.provider!.aws[0].allowed_account_ids as string[])[0], partitionOfStack(stack));
  try {
    const ws = await apis.workspace(stack, providers);
    try {
      expect(await ws.validate()).toEqual([]);
    } finally {
      await ws.dispose();
    }
  } finally {
    await apis.close();
  }
}
