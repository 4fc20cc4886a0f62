/**
 * Rules between the settings Terraform runs an environment with: the assumed role's
 * companions and the variables the Datadog keys are read from (combination/*).
 */
import { ACCESS_KEY_ID_VARIABLE, SECRET_ACCESS_KEY_VARIABLE } from "../../constructs/names";
import { DATADOG_KEY_VARIABLES } from "../contract";
import { quote } from "../json-value";
import { type Ctx, type EnvironmentValue, issue } from "./check";

/** Input variables the construct declares itself (access keys brought by the user). */
const RESERVED_VARIABLES: readonly string[] = [ACCESS_KEY_ID_VARIABLE, SECRET_ACCESS_KEY_VARIABLE];

/** A session name or external ID only means something with the role they are for. */
export function checkAssumeRoleArnGiven(c: EnvironmentValue, ctx: Ctx): void {
  if ((c.awsAssumeRoleSessionName || c.awsAssumeRoleExternalId) && !c.awsAssumeRoleArn) {
    issue(
      ctx,
      "combination/assume-role-without-arn",
      [c.awsAssumeRoleSessionName ? "awsAssumeRoleSessionName" : "awsAssumeRoleExternalId"],
      "is set without awsAssumeRoleArn; add the ARN of the role to assume, or remove it",
    );
  }
}

/** The API key and the application key are different keys, in different variables. */
export function checkDistinctKeyVariables(c: EnvironmentValue, ctx: Ctx): void {
  if (typeof c.datadogApiKeyEnv === "string" && c.datadogApiKeyEnv.startsWith("TF_VAR_") && c.datadogApiKeyEnv === c.datadogAppKeyEnv) {
    issue(
      ctx,
      "combination/same-key-variable",
      ["datadogAppKeyEnv"],
      `is the same variable as datadogApiKeyEnv (${c.datadogApiKeyEnv}); the API key and the application key are different keys, so give each its own variable`,
    );
  }
}

/** The access key's own input variables cannot carry a Datadog key. */
export function checkKeyVariablesNotReserved(c: EnvironmentValue, ctx: Ctx): void {
  for (const field of ["datadogApiKeyEnv", "datadogAppKeyEnv"] as const) {
    const name = c[field];
    if (typeof name === "string" && RESERVED_VARIABLES.includes(name.replace(/^TF_VAR_/, ""))) {
      issue(
        ctx,
        "combination/reserved-key-variable",
        [field],
        `${quote(name)} is the variable that carries the AWS access key for Datadog; choose another name, e.g. "TF_VAR_dd_${field === "datadogApiKeyEnv" ? "api" : "app"}_key"`,
      );
    }
  }
}

/** A stack that does not manage the Datadog side reads no Datadog keys. */
export function checkKeyVariablesUsed(c: EnvironmentValue, ctx: Ctx): void {
  const { api, app } = DATADOG_KEY_VARIABLES;
  if (c.manageDatadogIntegration === false && ((c.datadogApiKeyEnv ?? api) !== api || (c.datadogAppKeyEnv ?? app) !== app)) {
    issue(
      ctx,
      "combination/key-variable-unused",
      [c.datadogApiKeyEnv !== api ? "datadogApiKeyEnv" : "datadogAppKeyEnv"],
      "is set, but manageDatadogIntegration is false, so this stack needs no Datadog keys; remove it",
    );
  }
}
