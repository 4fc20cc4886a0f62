/**
 * `doctor/`: `npm run doctor`, when it cannot diagnose at all: its command line (a
 * `ConfigError`), or AWS and Datadog, which it reads with the environment's credentials and
 * keys (a `ServiceError`). What it finds wrong in a deployed environment are its findings,
 * which have codes of their own (the doctor's checks).
 */
import { configError, ConfigError, ErrorCodeInfo, serviceError, ServiceError, withUsage } from "./core";
import { DOCTOR_IAM_PERMISSIONS } from "../facts/command-permissions";
import type { ErrorCode } from "./index";

/** The `doctor/` codes, with what each means and how to fix it. */
export const DOCTOR_ERRORS = {
  heading: "`npm run doctor`",
  codes: {
    "doctor/usage": { meaning: "The doctor was not given exactly one environment (or an unknown option).", fix: "Run npm run doctor -- <environment>." },
    "doctor/unknown-environment": { meaning: "The config has no environment of that name.", fix: "Use the name suggested, or one of those listed." },
    "doctor/datadog-keys-missing": { meaning: "The variables holding the Datadog keys are not set.", fix: "Export them, or set datadogApiKeyEnv/datadogAppKeyEnv to the variables that hold them." },
    "doctor/datadog-keys-refused": { meaning: "Datadog's API refused the keys.", fix: "Use an API key and an application key of the organization on the environment's site." },
    "doctor/datadog-unreachable": { meaning: "Datadog's API cannot be reached.", fix: "Check the network, a proxy, or DATADOG_API_URL." },
    "doctor/datadog-request-failed": { meaning: "Datadog's API answered with an error this tool has no advice for.", fix: "Read Datadog's error in the message." },
    "doctor/aws-credentials-missing": { meaning: "No AWS credentials were found for the environment.", fix: "Give credentials the standard way, or set awsProfile / awsAssumeRoleArn." },
    "doctor/aws-credentials-rejected": { meaning: "AWS did not accept the credentials (wrong or expired).", fix: "Refresh them, e.g. aws sso login." },
    "doctor/aws-wrong-account": { meaning: "The credentials are for another account than the environment's awsAccountId.", fix: "Use credentials for the environment's account." },
    "doctor/assume-role-failed": {
      meaning: "awsAssumeRoleArn cannot be assumed with these credentials.",
      fix: "Check that they may assume it, and awsAssumeRoleExternalId / awsAssumeRoleSessionName.",
    },
    "doctor/access-denied": { meaning: "IAM refused a read the doctor needs.", fix: "Give the credentials IAMReadOnlyAccess (or the reads listed)." },
    "doctor/aws-unreachable": { meaning: "AWS cannot be reached.", fix: "Check the network, a proxy, or AWS_ENDPOINT_URL." },
    "doctor/aws-request-failed": { meaning: "AWS answered with an error this tool has no advice for.", fix: "Read AWS's error in the message." },
  } satisfies Record<`doctor/${string}`, ErrorCodeInfo>,
};

/** How the doctor is run. */
export const DOCTOR_USAGE = `Usage: npm run doctor -- <environment> [--config <file>] [--wait <duration> [--interval <duration>]]   (Datadog keys from the environment's datadogApiKeyEnv/datadogAppKeyEnv, default DD_API_KEY/DD_APP_KEY)
  --config <file>        the config file (default: DATADOG_AWS_CONFIG, else datadog-aws.config.json)
  --wait <duration>      ask Datadog again until metrics from the account arrive or the time is up (e.g. 10m; at most 60m)
  --interval <duration>  how often to ask while waiting (default 30s)
  -h, --help             print this and exit`;

/** What the command line asked for is wrong: a `ConfigError` of one problem, before any environment is chosen. */
function commandLineError(code: ErrorCode, problem: string): ConfigError {
  return configError(code, "Cannot diagnose:", [{ code, message: problem }]);
}

/** What AWS or Datadog answered for `environment`, or failing to reach them: a `ServiceError` of one problem. */
function doctorError(code: ErrorCode, environment: string, problem: string, cause?: unknown): ServiceError {
  return serviceError(code, `Cannot diagnose environment ${JSON.stringify(environment)}:`, [{ code, message: problem }], cause);
}

export function doctorUsage(problem: string): ConfigError {
  return withUsage(commandLineError("doctor/usage", problem), DOCTOR_USAGE);
}

export function doctorUnknownEnvironment(file: string, name: string, known: readonly string[], suggestion: string | undefined): ConfigError {
  const meant = suggestion ? `did you mean ${JSON.stringify(suggestion)}? ` : "";
  return commandLineError("doctor/unknown-environment", `${file} has no environment ${JSON.stringify(name)}; ${meant}its environments: ${known.map((k) => JSON.stringify(k)).join(", ")}`);
}

export function doctorDatadogKeysMissing(environment: string, variables: readonly string[], site: string): ServiceError {
  const which = variables.length === 1 ? `${variables[0]} is` : `${variables.join(" and ")} are`;
  return doctorError(
    "doctor/datadog-keys-missing",
    environment,
    `${which} not set; the doctor reads the integration from Datadog's API with the environment's keys: export ${variables.join(" and ")} (an API key and an application key of your Datadog organization on ${site}), or set datadogApiKeyEnv/datadogAppKeyEnv to the variables that hold them`,
  );
}

export function doctorDatadogKeysRefused(environment: string, apiUrl: string, status: number, apiKeyEnv: string, appKeyEnv: string, site: string): ServiceError {
  return doctorError(
    "doctor/datadog-keys-refused",
    environment,
    `Datadog's API at ${apiUrl} refused the keys (HTTP ${status}); check that ${apiKeyEnv} holds an API key and ${appKeyEnv} an application key of the organization on ${site} (keys of another site's organization are refused), and that the application key may read integrations`,
  );
}

export function doctorDatadogUnreachable(environment: string, apiUrl: string, message: string, cause?: unknown): ServiceError {
  return doctorError("doctor/datadog-unreachable", environment, `cannot reach Datadog's API at ${apiUrl} (${message}); check the network, a proxy, or DATADOG_API_URL if it is set`, cause);
}

export function doctorDatadogRequestFailed(environment: string, request: string, status: number, detail: string): ServiceError {
  return doctorError("doctor/datadog-request-failed", environment, `Datadog's API answered ${request} with HTTP ${status}${detail ? `: ${detail}` : ""}`);
}

export function doctorAwsCredentialsMissing(environment: string, detail: string, how: string, cause?: unknown): ServiceError {
  return doctorError(
    "doctor/aws-credentials-missing",
    environment,
    `no AWS credentials were found (${detail}); the doctor uses ${how}: give credentials for the account the standard way (AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, \`aws sso login\`), or set awsProfile / awsAssumeRoleArn in the environment`,
    cause,
  );
}

export function doctorAwsCredentialsRejected(environment: string, code: string, message: string, how: string, cause?: unknown): ServiceError {
  return doctorError(
    "doctor/aws-credentials-rejected",
    environment,
    `AWS did not accept the credentials of ${how} (${code}: ${message}); they are wrong or expired: refresh them (e.g. \`aws sso login\`)`,
    cause,
  );
}

export function doctorAwsWrongAccount(environment: string, expected: string, actual: string, callerArn: string, how: string): ServiceError {
  return doctorError(
    "doctor/aws-wrong-account",
    environment,
    `the AWS credentials (${how}) are for account ${actual} (${callerArn}), but the environment's awsAccountId is ${expected}; use credentials for ${expected}: AWS_PROFILE, awsProfile or awsAssumeRoleArn`,
  );
}

export function doctorAwsAssumeRoleFailed(environment: string, roleArn: string, code: string, message: string, cause?: unknown): ServiceError {
  return doctorError(
    "doctor/assume-role-failed",
    environment,
    `cannot assume ${roleArn} (awsAssumeRoleArn) (${code}: ${message}); check that the credentials may assume it, and awsAssumeRoleExternalId / awsAssumeRoleSessionName if the role requires them`,
    cause,
  );
}

export function doctorAwsAccessDenied(environment: string, operation: string, code: string, message: string, cause?: unknown): ServiceError {
  return doctorError(
    "doctor/access-denied",
    environment,
    `IAM refused ${operation} to these credentials (${code}: ${message}); the doctor only reads IAM and needs ${DOCTOR_IAM_PERMISSIONS.join(", ")} (the AWS managed policy IAMReadOnlyAccess has them)`,
    cause,
  );
}

export function doctorAwsUnreachable(environment: string, endpoint: string, message: string, cause?: unknown): ServiceError {
  return doctorError("doctor/aws-unreachable", environment, `cannot reach AWS at ${endpoint} (${message}); check the network, a proxy, or AWS_ENDPOINT_URL if it is set`, cause);
}

export function doctorAwsRequestFailed(environment: string, operation: string, code: string, message: string, cause?: unknown): ServiceError {
  return doctorError("doctor/aws-request-failed", environment, `AWS answered ${operation} with ${code}: ${message}`, cause);
}
