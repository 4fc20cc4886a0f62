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
import type { ResolvedEnvironment } from "../../lib/config/schema";
import type { RecordedImport } from "../discover/adoption";
import type { Finding, FindingInfo } from "./check";
import type { StateView } from "./state";
import type { AwsView, DatadogView } from "./views";

/** The findings of a deploy that would meet a 409: reported before the checks' (registry.ts). */
export const ADOPTION_FINDINGS = {
  "integration-not-in-state": {
    meaning:
      "Datadog's integration of the account (and maybe the IAM role) exists, but the stack's local state file does not hold it and import does not name it: " +
      'every deploy meets Datadog\'s 409 "Account already exists" (e.g. after an apply killed once Datadog created the integration).',
    fix: "Set the import setting it prints (recorded in the accounts file for a discovered environment), then `npm run synth` and deploy.",
  },
  "role-not-in-state": {
    meaning: "The IAM role exists, but the stack's local state file does not hold it and import does not name it: every deploy meets IAM's EntityAlreadyExists.",
    fix: "Set the import setting it prints (recorded in the accounts file for a discovered environment), then `npm run synth` and deploy.",
  },
} as const satisfies Record<string, FindingInfo>;

/** What is in place but neither named by the import settings nor held by the state (when it could be read); undefined when nothing is. */
export function missingImports(config: ResolvedEnvironment, datadog: DatadogView, aws: AwsView, state: StateView): RecordedImport | undefined {
  const account = datadog.account;
  const inState = (held: string | undefined, value: string) => state.read && held === value;
  const configId =
    config.manageDatadogIntegration && account && config.import?.datadogAccountConfigId !== account.id && !(state.read && inState(state.integrationId, account.id)) ? account.id : undefined;
  const roleName = config.auth.type === "role" ? config.auth.roleName : undefined;
  const role =
    roleName && aws.principal?.kind === "role" && aws.principal.name === roleName && config.import?.iamRole !== roleName && !(state.read && inState(state.roleName, roleName)) ? roleName : undefined;
  if (!configId && !role) return undefined;
  return { ...(configId ? { datadogAccountConfigId: configId } : {}), ...(role ? { iamRole: role } : {}) };
}

interface Where {
  readonly configFile: string;
  /** The accounts file the import was recorded in (discovered environments). */
  readonly recordedIn?: string;
}

function words(environment: string, config: ResolvedEnvironment, missing: RecordedImport, where: Where) {
  const objects = [
    ...(missing.datadogAccountConfigId ? [`Datadog's integration of account ${config.awsAccountId} (config ID ${missing.datadogAccountConfigId})`] : []),
    ...(missing.iamRole ? [`IAM role ${missing.iamRole}`] : []),
  ];
  const them = objects.length === 1 ? "it" : "them";
  const setting = JSON.stringify({ ...config.import, ...missing });
  const then = `run \`npm run synth\`, then \`npx cdktf deploy ${environment}\`: the plan imports ${them} instead of creating ${them} (a no-op where the state holds ${them} already)`;
  const failure = `\`npx cdktf deploy ${environment}\` fails with Datadog's 409 "Account already exists"${missing.iamRole ? " or IAM's EntityAlreadyExists" : ""} on every run`;
  const fix = where.recordedIn
    ? `Recorded in ${where.recordedIn} (the environment is discovered): "import": ${setting}. Now ${then}.`
    : `Fix: set environments.${environment}.import in ${where.configFile} to ${setting}, then ${then}.`;
  return { objects, them, failure, fix };
}

/** The report's lines when the state could not be read: what to do if the state lacks them. */
export function adoptionLines(environment: string, config: ResolvedEnvironment, missing: RecordedImport, where: Where, state: StateView & { read: false }): string[] {
  const w = words(environment, config, missing, where);
  return [
    "Adoption:",
    `  ${w.objects.join(" and ")} exist${w.objects.length === 1 ? "s" : ""}, and the environment's import settings do not name ${w.them}.`,
    `  The state at ${state.location} was not read (${state.why}). Where it does not hold ${w.them} (the first deploy of an account integrated before, or an apply stopped after Datadog created the integration), ${w.failure}.`,
    `  ${w.fix}`,
  ];
}

/** When the state was read and does not hold them: a certain problem (the next deploy meets the 409), with the exact way out. */
export function notInStateFinding(environment: string, config: ResolvedEnvironment, missing: RecordedImport, where: Where, state: StateView & { read: true }): Finding<keyof typeof ADOPTION_FINDINGS> {
  const w = words(environment, config, missing, where);
  return {
    code: missing.datadogAccountConfigId ? "integration-not-in-state" : "role-not-in-state",
    problem: `${w.objects.join(" and ")} exist${w.objects.length === 1 ? "s" : ""}, but the stack's Terraform state does not hold ${w.them}: ${w.failure} (an apply stopped after Datadog created the integration, or an account integrated before)`,
    where: `the state at ${state.location}`,
    details: [],
    fix: [w.fix.replace(/^Fix: /, "")],
  };
}
