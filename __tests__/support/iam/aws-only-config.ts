// A config file rewritten to its AWS side only, so every policy of every environment is literal JSON the IAM checks can read at synth time.

/** External ID the AWS-only rendering of a role environment uses when it has none of its own. */
export const TEST_EXTERNAL_ID = "iam-check-external-id-0123456789";

/**
 * A config file rewritten to its AWS side only: every environment with
 * manageDatadogIntegration false and pinned permissions, so every policy is literal JSON
 * at synth time. Role environments without an External ID get `externalId`; what only a
 * Datadog-managing stack may hold (Datadog key variables, the Datadog import) is dropped.
 * Pure JSON in, JSON out.
 */
export function awsOnlyConfig(raw: unknown, externalId: string = TEST_EXTERNAL_ID): Record<string, unknown> {
  const file = structuredClone(raw) as { defaults?: Record<string, any>; environments: Record<string, Record<string, any>> };
  const strip = (o: Record<string, any>) => {
    delete o.datadogApiKeyEnv;
    delete o.datadogAppKeyEnv;
    if (o.import) delete o.import.datadogAccountConfigId;
  };
  const defaults = file.defaults ?? {};
  strip(defaults);
  for (const env of Object.values(file.environments)) {
    strip(env);
    env.manageDatadogIntegration = false;
    env.permissions = "pinned";
    const authType = env.auth?.type ?? defaults.auth?.type ?? "role";
    if (authType === "role" && env.externalId === undefined && defaults.externalId === undefined) env.externalId = externalId;
  }
  return { ...file, ...(file.defaults ? { defaults } : {}) };
}
