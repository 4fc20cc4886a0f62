/**
 * `npm run doctor -- <environment>`: reads the environment's deployed role (or user) from
 * IAM and its integration from Datadog's API, and reports every known cause of "Datadog is
 * not authorized to perform sts:AssumeRole" and of missing data, each with where it is and
 * how to fix it.
 *
 * Exit code: 0 no problems, 1 problems found, 2 usage, config, credential or API errors
 * (a message saying what to do, never a stack trace).
 */
import { CONFIG_ENV_VAR, DEFAULT_CONFIG_FILE, loadConfig } from "../config/load-config";
import { closest } from "../config/messages";
import { ConfigError, doctorUnknownEnvironment, doctorUsage, DOCTOR_USAGE } from "../errors";
import { describeCredentials, iamClientFor, readAwsView } from "./aws";
import { awsIntegrationPageUrl } from "../facts/sites";
import { diagnose, pinnedRequirements, subjectOf, type DatadogView, type Diagnosis, type RequiredPermissions } from "./checks";
import { datadogAccess, missingDatadogKeys, readDatadogView, readLivePermissions } from "./datadog";
import { formatReport } from "./report";

export const EXIT_HEALTHY = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export interface DoctorResult {
  readonly diagnosis: Diagnosis;
  readonly report: string;
}

/** Diagnoses one environment of the config file. Rejects with a ConfigError for bad input, credentials or API errors. */
export async function doctor(configFile: string, environment: string, env: NodeJS.ProcessEnv = process.env): Promise<DoctorResult> {
  const { environments } = loadConfig(configFile);
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
  if (missingKeys.length && !subject.manageDatadogIntegration) {
    // Split duty: the team that deploys the stack has no Datadog keys by design (a Datadog
    // admin completes the tile), so the AWS side is checked alone.
    datadog = {
      apiUrl: settings.apiUrl,
      notRead: `${missingKeys.join(" and ")} ${missingKeys.length === 1 ? "is" : "are"} not set, as is usual in split duty (manageDatadogIntegration false); a Datadog admin sees them on ${awsIntegrationPageUrl(subject.site)}, or runs this doctor with the organization's keys exported`,
    };
    required = pinnedRequirements(subject);
  } else {
    const dd = datadogAccess(environment, settings, env);
    datadog = await readDatadogView(dd, subject.accountId);
    required = subject.permissions === "live" ? await readLivePermissions(dd, subject.resourceCollection) : pinnedRequirements(subject);
  }

  const { iam, callerArn } = await iamClientFor(environment, config, env);
  try {
    const principal = subject.auth.type === "role" ? { kind: "role" as const, name: subject.auth.roleName } : { kind: "user" as const, name: subject.auth.userName };
    const alsoNamed = subject.auth.type === "role" ? datadog.account?.attributes.auth_config?.role_name : undefined;
    const aws = await readAwsView(iam, callerArn, environment, principal, { alsoNamed, how: describeCredentials(config, env), env });
    const diagnosis = diagnose(subject, aws, datadog, required);
    return { diagnosis, report: formatReport({ subject, aws, datadog, required }, diagnosis) };
  } finally {
    iam.destroy();
  }
}

/** Runs the doctor as a command: the report on stdout, errors on stderr, exit code for machines. */
export async function main(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // The pinned SDK runs on Node 20; its notice that later releases need Node 22 would be
  // printed on every run. Set the variable to "false" to see it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  if (argv.some((a) => a === "-h" || a === "--help")) {
    process.stdout.write(`${DOCTOR_USAGE}\n`);
    return EXIT_HEALTHY;
  }
  const configFile = env[CONFIG_ENV_VAR] || DEFAULT_CONFIG_FILE;
  try {
    const options = argv.filter((a) => a.startsWith("-"));
    if (options.length) throw doctorUsage(`unknown option ${options.map((o) => JSON.stringify(o)).join(", ")}`);
    if (argv.length !== 1) {
      let names = "";
      try {
        names = `; the environments of ${configFile}: ${loadConfig(configFile)
          .environments.map((e) => e.name)
          .join(", ")}`;
      } catch {
        // the config's own problems are reported when an environment is named
      }
      throw doctorUsage(argv.length === 0 ? `name the environment to diagnose${names}` : `name one environment, not ${argv.length} (${argv.join(" ")})${names}`);
    }
    const { diagnosis, report } = await doctor(configFile, argv[0], env);
    process.stdout.write(report);
    return diagnosis.findings.length === 0 ? EXIT_HEALTHY : EXIT_FINDINGS;
  } catch (e) {
    const error = e as Error;
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      if (env.DEBUG) process.stderr.write(`${((error.cause as Error | undefined) ?? error).stack ?? ""}\n`);
      return EXIT_ERROR;
    }
    process.stderr.write(`Doctor failed: ${error.message}\n`);
    process.stderr.write(env.DEBUG && error.stack ? `${error.stack}\n` : "Set DEBUG=1 for the stack trace.\n");
    return EXIT_ERROR;
  }
}
