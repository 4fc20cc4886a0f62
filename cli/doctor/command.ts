/**
 * `npm run doctor -- <environment>`: reads the environment's deployed role (or user) from
 * IAM and its integration from Datadog's API, and reports every known cause of "Datadog is
 * not authorized to perform sts:AssumeRole" and of missing data, each with where it is and
 * how to fix it. What is in place but not named by the environment's import settings (an
 * account integrated before, an apply killed after Datadog created the integration) is
 * recorded in the accounts file for a discovered environment, else printed as the exact
 * setting to add (adoption-advice.ts).
 *
 * Exit code: 0 no problems, 1 problems found, 2 usage, config, credential or API errors
 * (a message saying what to do, never a stack trace).
 */
import { loadConfig } from "../../lib/config/load-config";
import { closest } from "../../lib/config/messages";
import { type Command, EXIT_FINDINGS, EXIT_OK, runCommand } from "../runner";
import { CodedError, doctorUnknownEnvironment, doctorUsage, DOCTOR_USAGE } from "../../lib/errors";
import { describeCredentials, iamClientFor, readAwsView } from "./aws";
import { readMetricStreams } from "./delivery-aws";
import { withCostExport } from "./aws-costs";
import { withCcmConfig } from "./datadog-costs";
import { readLogDelivery } from "./log-delivery-aws";
import { awsIntegrationPageUrl } from "../../lib/facts/sites";
import { diagnose, type Diagnosis } from "./diagnose";
import { type AwsView, pinnedRequirements, subjectOf, type DatadogView, type RequiredPermissions } from "./views";
import { awaitMetrics } from "./arrival";
import { type DatadogAccess, datadogAccess, missingDatadogKeys, readActiveMetrics, readDatadogView, readLivePermissions } from "./datadog";
import { formatReport } from "./report";
import { adoptionLines, missingImports, notInStateFinding } from "./adoption-advice";
import { readState } from "./state";
import { recordImports } from "../discover/accounts-merge";

export interface DoctorResult {
  readonly diagnosis: Diagnosis;
  readonly report: string;
}

/** How long to wait for metrics (`--wait`), and how often to ask (`--interval`). */
export interface ArrivalOptions {
  /** 0: ask once. */
  readonly waitMs: number;
  readonly intervalMs: number;
  /** Where progress lines go while waiting. */
  readonly progress?: (line: string) => void;
}

export const DEFAULT_INTERVAL_MS = 30_000;
/** The longest --wait: longer than Datadog's 10 minutes by far, short enough to notice a typo. */
const MAX_WAIT_MS = 60 * 60_000;

/** Diagnoses one environment of the config file. Rejects with a ConfigError for bad input, a ServiceError for credentials or API errors. */
export async function doctor(
  configFile: string,
  environment: string,
  env: NodeJS.ProcessEnv = process.env,
  arrivalOptions: ArrivalOptions = { waitMs: 0, intervalMs: DEFAULT_INTERVAL_MS },
): Promise<DoctorResult> {
  const resolved = loadConfig(configFile);
  const { environments } = resolved;
  const found = environments.find((e) => e.name === environment);
  if (!found) {
    const names = environments.map((e) => e.name);
    throw doctorUnknownEnvironment(configFile, environment, names, closest(environment, names) ?? names.find((n) => n.toLowerCase() === environment.toLowerCase()));
  }
  const config = found.config;
  const subject = subjectOf(environment, config, configFile);

  // Datadog first: it needs no AWS call, and the name it holds helps when the role is missing.
  const settings = { apiUrl: subject.site.apiUrl, site: subject.site.site, datadogApiKeyEnv: config.datadogApiKeyEnv, datadogAppKeyEnv: config.datadogAppKeyEnv };
  const missingKeys = missingDatadogKeys(settings, env);
  let datadog: DatadogView;
  let required: RequiredPermissions;
  let dd: DatadogAccess | undefined;
  if (missingKeys.length && !subject.manageDatadogIntegration) {
    // Split duty: the team that deploys the stack has no Datadog keys by design (a Datadog
    // admin completes the tile), so the AWS side is checked alone.
    datadog = {
      apiUrl: settings.apiUrl,
      notRead: `${missingKeys.join(" and ")} ${missingKeys.length === 1 ? "is" : "are"} not set, as is usual in split duty (manageDatadogIntegration false); a Datadog admin sees them on ${awsIntegrationPageUrl(subject.site)}, or runs this doctor with the organization's keys exported`,
    };
    required = pinnedRequirements(subject);
  } else {
    dd = datadogAccess(environment, settings, env);
    datadog = await readDatadogView(dd, subject.accountId);
    if (subject.costs) datadog = await withCcmConfig(dd, datadog);
    required = subject.permissions === "live" ? await readLivePermissions(dd, subject.resourceCollection) : pinnedRequirements(subject);
  }

  const { iam, callerArn, clientConfig } = await iamClientFor(environment, config, env);
  try {
    const principal = subject.auth.type === "role" ? { kind: "role" as const, name: subject.auth.roleName } : { kind: "user" as const, name: subject.auth.userName };
    const alsoNamed = subject.auth.type === "role" ? datadog.account?.attributes.auth_config?.role_name : undefined;
    let aws: AwsView = {
      ...(await readAwsView(iam, callerArn, environment, principal, { alsoNamed, how: describeCredentials(config, env), env })),
      metricStreams: await readMetricStreams(subject, clientConfig),
      logDelivery: await readLogDelivery(subject, clientConfig),
    };
    if (subject.costs) aws = await withCostExport(iam, aws, subject.costs.export.name);
    const account = datadog.account;
    if (dd && account && account.attributes.metrics_config?.enabled !== false) {
      // Waiting is pointless while something found already stops or limits collection.
      // (Diagnosed here only when a wait was asked for; the report's diagnosis follows below.)
      const found = arrivalOptions.waitMs > 0 ? diagnose(subject, aws, datadog, required).findings : [];
      let waitMs = arrivalOptions.waitMs;
      if (waitMs > 0 && found.length) {
        arrivalOptions.progress?.(`not waiting for metrics: ${found.length} problem${found.length === 1 ? "" : "s"} found (${found.map((f) => f.code).join(", ")}); fix them first`);
        waitMs = 0;
      }
      const access = dd;
      try {
        const metrics = await awaitMetrics(subject.accountId, account, (from) => readActiveMetrics(access, subject.accountId, from), {
          limitMs: waitMs,
          intervalMs: arrivalOptions.intervalMs,
          progress: arrivalOptions.progress,
        });
        datadog = { ...datadog, metrics };
      } catch (e) {
        // The keys read the integration, so a refusal here is the application key's scope
        // (metrics_read), not wrong keys: the rest of the report still holds.
        if (!(e instanceof CodedError) || e.code !== "doctor/datadog-keys-refused") throw e;
        datadog = { ...datadog, metricsNotRead: `Datadog refused GET /api/v1/metrics to these keys; give the application key (${settings.datadogAppKeyEnv}) the metrics_read permission` };
      }
    }
    let diagnosis = diagnose(subject, aws, datadog, required);
    // An integration or role in place that neither the import settings name nor the state
    // holds: a deploy meets a 409. Recorded for a discovered environment, else the setting printed.
    const state = readState(environment, config);
    const missing = missingImports(config, datadog, aws, state);
    let adoption: string[] = [];
    if (missing) {
      const discovered = resolved.accountsFile !== undefined && !resolved.handWritten.some((e) => e.name === environment);
      if (discovered) recordImports(resolved.accountsFile!, configFile, config.awsAccountId, missing);
      const where = { configFile, recordedIn: discovered ? resolved.accountsFile : undefined };
      if (state.read) diagnosis = { ...diagnosis, findings: [notInStateFinding(environment, config, missing, where, state), ...diagnosis.findings] };
      else adoption = adoptionLines(environment, config, missing, where, state);
    }
    const report = formatReport({ subject, aws, datadog, required }, diagnosis) + adoption.map((l) => `${l}\n`).join("");
    return { diagnosis, report };
  } finally {
    iam.destroy();
  }
}

/** `npm run doctor` for the runner: the report on stdout, errors on stderr, exit code for machines (runner.ts). */
export const DOCTOR_COMMAND: Command = {
  command: "npm run doctor",
  name: "Doctor",
  usage: DOCTOR_USAGE,
  readsConfig: true,
  positionals: { min: 0, max: Infinity },
  code: "doctor/usage",
  options: { wait: { type: "string" }, interval: { type: "string" } },
  run: async (line, env) => {
    const configFile = line.configFile;
    const arrival = readArrivalOptions(line.options);
    const names = line.positionals;
    if (names.length !== 1) {
      let known = "";
      try {
        known = `; the environments of ${configFile}: ${loadConfig(configFile)
          .environments.map((e) => e.name)
          .join(", ")}`;
      } catch {
        // the config's own problems are reported when an environment is named
      }
      throw doctorUsage(names.length === 0 ? `name the environment to diagnose${known}` : `name one environment, not ${names.length} (${names.join(" ")})${known}`);
    }
    const { diagnosis, report } = await doctor(configFile, names[0], env, { ...arrival, progress: (text) => process.stderr.write(`${text}\n`) });
    process.stdout.write(report);
    return diagnosis.findings.length === 0 ? EXIT_OK : EXIT_FINDINGS;
  },
};

/** Runs the doctor as a command (cli/doctor/main.ts). */
export function main(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // The pinned SDK runs on Node 20; its notice that later releases need Node 22 would be
  // printed on every run. Set the variable to "false" to see it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  return runCommand(DOCTOR_COMMAND, argv, env);
}

/** "90", "90s", "500ms", "10m": milliseconds; undefined when it is none of those. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) return undefined;
  const unit = m[2] ?? "s";
  return Math.round(Number(m[1]) * (unit === "ms" ? 1 : unit === "s" ? 1000 : 60_000));
}

/** `--wait <duration>` and `--interval <duration>`, as read by readCommandLine, in milliseconds. */
function readArrivalOptions(options: Readonly<Record<string, string | boolean | undefined>>): { waitMs: number; intervalMs: number } {
  const values: Record<"wait" | "interval", number | undefined> = { wait: undefined, interval: undefined };
  for (const name of ["wait", "interval"] as const) {
    const text = options[name];
    if (typeof text !== "string") continue;
    const ms = parseDuration(text);
    if (ms === undefined) throw doctorUsage(`--${name} ${JSON.stringify(text)} is not a duration; write seconds or minutes, e.g. ${name === "wait" ? "600, 600s or 10m" : "30 or 30s"}`);
    if (name === "wait" && ms > MAX_WAIT_MS) throw doctorUsage(`--wait ${text} is more than the longest wait, 60m; Datadog says data arrives within 10 minutes`);
    if (name === "interval" && ms < 100) throw doctorUsage(`--interval ${text} is too short; ask Datadog at most every 100ms (default 30s)`);
    values[name] = ms;
  }
  if (values.interval !== undefined && values.wait === undefined) throw doctorUsage("--interval is only used with --wait; add --wait <duration>, e.g. --wait 10m");
  return { waitMs: values.wait ?? 0, intervalMs: values.interval ?? DEFAULT_INTERVAL_MS };
}
