// The AWS side of a stack with costs, as moto can hold it: what the deployer-policy proof applies for the cost statements.
/**
 * A payer account's stack with `costs` (a new bucket and export), with what moto cannot run
 * taken out: the Datadog side (no Datadog API in that proof; the role trusts the fixed
 * TEST_EXTERNAL_ID instead of the one Datadog generates) and the export (moto has no AWS Data
 * Exports). What stays is what the deployer creates in AWS besides the export: the role, its
 * permission policies, its inline cost read policy, the bucket and its settings.
 */
import { TEST_EXTERNAL_ID } from "./aws-only-rendering";
import { synthConfig, type TerraformJson } from "./synth";

type Json = Record<string, any>;

/** The External ID Datadog generates, as the role's trust policy (a Terraform expression) refers to it. */
const GENERATED_EXTERNAL_ID = "datadog_integration_aws_account.datadog_integration.auth_config.aws_auth_config_role.external_id";

/** Every string of `value` with the reference to the generated External ID made the literal TEST_EXTERNAL_ID. */
function withLiteralExternalId(value: unknown): unknown {
  if (typeof value === "string") return value.split(`\${${GENERATED_EXTERNAL_ID}}`).join(TEST_EXTERNAL_ID).split(GENERATED_EXTERNAL_ID).join(JSON.stringify(TEST_EXTERNAL_ID));
  if (Array.isArray(value)) return value.map(withLiteralExternalId);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withLiteralExternalId(v)]));
  return value;
}

export function costAwsSide(accountId: string, bucket: string): TerraformJson {
  const full = synthConfig({ environments: { payer: { awsAccountId: accountId, permissions: "pinned", resourceCollection: false, costs: { bucket: { name: bucket } } } } }).payer;
  const stack = withLiteralExternalId(full) as Json;
  for (const type of Object.keys(stack.resource)) if (type.startsWith("datadog_") || type === "aws_bcmdataexports_export") delete stack.resource[type];
  delete stack.data;
  delete stack.provider.datadog;
  delete stack.terraform.required_providers.datadog;
  for (const [name, output] of Object.entries((stack.output ?? {}) as Json)) if (JSON.stringify(output).includes("datadog_integration_aws_account")) delete stack.output[name];
  if (JSON.stringify(stack).includes("datadog_integration_aws_account") || JSON.stringify(stack).includes("aws_bcmdataexports_export")) {
    throw new Error("the cost stack's AWS side still refers to what was taken out");
  }
  return stack as TerraformJson;
}
