/**
 * `npm run doctor -- <environment>`: reads the environment's deployed role (or user) from
 * IAM and its integration from Datadog's API, and reports every known cause of "Datadog is
 * not authorized to perform sts:AssumeRole" and of missing data, each with where it is and
 * how to fix it.
 *
 * Exit code: 0 no problems, 1 problems found, 2 usage, config, credential or API errors
 * (a message saying what to do, never a stack trace).
 */
import { loadConfig } from "../config/load-config";
import { closest } from "../config/messages";
import { readCommandLine } from "../command-line";
import { ConfigError, doctorUnknownEnvironment, doctorUsage, DOCTOR_USAGE, unexpectedFailureLine } from "../errors";
import { describeCredentials, iamClientFor, readAwsView } from "./aws";
import { diagnose, pinnedRequirements, subjectOf, type Diagnosis, type RequiredPermissions } from "./checks";
import { datadogAccess, readDatadogView, readLivePermissions } from "./datadog";
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
  const dd = datadogAccess(environment, { apiUrl: subject.site.apiUrl, site: subject.site.site, datadogApiKeyEnv: config.datadogApiKeyEnv, datadogAppKeyEnv: config.datadogAppKeyEnv }, env);
  const datadog = await readDatadogView(dd, subject.accountId);
  const required: RequiredPermissions = subject.permissions === "live" ? await readLivePermissions(dd, subject.resourceCollection) : pinnedRequirements(subject);

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
  try {
    const line = readCommandLine({ command: "npm run doctor", usage: DOCTOR_USAGE, readsConfig: true, positionals: { min: 0, max: Infinity }, code: "doctor/usage" }, argv, env);
    if (line.help) {
      process.stdout.write(`${DOCTOR_USAGE}\n`);
      return EXIT_HEALTHY;
    }
    const configFile = line.configFile;
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
    const { diagnosis, report } = await doctor(configFile, names[0], env);
    process.stdout.write(report);
    return diagnosis.findings.length === 0 ? EXIT_HEALTHY : EXIT_FINDINGS;
  } catch (e) {
    const error = e as Error;
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      if (env.DEBUG) process.stderr.write(`${((error.cause as Error | undefined) ?? error).stack ?? ""}\n`);
      return EXIT_ERROR;
    }
    process.stderr.write(`${unexpectedFailureLine("Doctor", error.message)}\n`);
    process.stderr.write(env.DEBUG && error.stack ? `${error.stack}\n` : "Set DEBUG=1 for the stack trace.\n");
    return EXIT_ERROR;
  }
}
