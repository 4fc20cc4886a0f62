/**
 * The doctor's part in adopting what is already in place: when Datadog holds an integration
 * for the account (or IAM the configured role) that the environment's `import` settings do
 * not name, a deploy whose Terraform state lacks it meets Datadog's 409 "Account already
 * exists" (or IAM's EntityAlreadyExists), again on every run. That happens on the first
 * deploy of an account integrated before, and after an apply killed between Datadog creating
 * the integration and Terraform saving it. The doctor cannot see the state, so it says what
 * to record (or, for a discovered environment, records it in the accounts file, which only
 * tools write); the import is a no-op where the state holds the object already.
 */
import type { ResolvedEnvironment } from "../config/schema";
import type { RecordedImport } from "../organization/adoption";
import type { AwsView, DatadogView } from "./checks";

/** What is in place but not named by the environment's import settings; undefined when nothing is. */
export function missingImports(config: ResolvedEnvironment, datadog: DatadogView, aws: AwsView): RecordedImport | undefined {
  const account = datadog.account;
  const configId = config.manageDatadogIntegration && account && config.import?.datadogAccountConfigId !== account.id ? account.id : undefined;
  const role =
    config.auth.type === "role" && aws.principal?.kind === "role" && aws.principal.name === config.auth.roleName && config.import?.iamRole !== config.auth.roleName ? config.auth.roleName : undefined;
  if (!configId && !role) return undefined;
  return { ...(configId ? { datadogAccountConfigId: configId } : {}), ...(role ? { iamRole: role } : {}) };
}

/** The report's lines about it: recorded in the accounts file (discovered environments), or the exact setting to add. */
export function adoptionLines(environment: string, config: ResolvedEnvironment, missing: RecordedImport, where: { readonly configFile: string; readonly recordedIn?: string }): string[] {
  const objects = [
    ...(missing.datadogAccountConfigId ? [`Datadog's integration of account ${config.awsAccountId} (config ID ${missing.datadogAccountConfigId})`] : []),
    ...(missing.iamRole ? [`IAM role ${missing.iamRole}`] : []),
  ];
  const them = objects.length === 1 ? "it" : "them";
  const setting = JSON.stringify({ ...config.import, ...missing });
  const then = `run \`npm run synth\`, then \`npx cdktf deploy ${environment}\`: the plan imports ${them} instead of creating ${them} (a no-op where the state holds ${them} already)`;
  return [
    "Adoption:",
    `  ${objects.join(" and ")} exist${objects.length === 1 ? "s" : ""}, and the environment's import settings do not name ${them}.`,
    `  Where Terraform's state of this stack does not hold ${them} (the first deploy of an account integrated before, or an apply stopped after Datadog created the integration), \`npx cdktf deploy ${environment}\` fails with Datadog's 409 "Account already exists"${missing.iamRole ? " or IAM's EntityAlreadyExists" : ""} on every run.`,
    where.recordedIn
      ? `  Recorded in ${where.recordedIn} (the environment is discovered): "import": ${setting}. Now ${then}.`
      : `  Fix: set environments.${environment}.import in ${where.configFile} to ${setting}, then ${then}.`,
  ];
}
