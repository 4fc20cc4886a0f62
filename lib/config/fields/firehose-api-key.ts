/**
 * Where Kinesis Data Firehose gets the Datadog API key it sends with every delivery (metric
 * streams and log delivery share it). The key itself is never a config value.
 */
import { z } from "zod";
import { quote } from "../json-value";
import { withCode } from "../messages";

/** The sensitive input variable the `variable` source reads (set it with TF_VAR_datadog_firehose_api_key). */
export const FIREHOSE_API_KEY_VARIABLE = "datadog_firehose_api_key";

/** A Secrets Manager secret name: 1 to 512 of letters, digits and / _ + = . @ - (AWS's rule). */
const SECRET_NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

export const firehoseApiKeySchema = z
  .discriminatedUnion("source", [
    z
      .strictObject({
        source: z.literal("secretsManager"),
        secretName: z
          .string()
          .regex(SECRET_NAME_PATTERN, {
            error: withCode("delivery/secret-name", (iss) => `${quote(iss.input)} is not a Secrets Manager secret name (1 to 512 of letters, digits and / _ + = . @ -); give the name, not the ARN`),
          })
          .meta({
            description:
              'Name of a Secrets Manager secret holding the API key, present under this name in every delivery region (Firehose reads a secret of its own region only; Secrets Manager\'s replication keeps the name). Its value: the JSON object {"api_key": "<key>"}, the form Firehose reads for HTTP endpoints.',
          }),
      })
      .meta({
        description: "Firehose reads the key from a secret you already have; Terraform looks the secret up by name and keeps only its ARN, so nothing secret is in state or in the output.",
      }),
    z.strictObject({ source: z.literal("variable") }).meta({
      description: `The key from the sensitive input variable ${FIREHOSE_API_KEY_VARIABLE} (export TF_VAR_${FIREHOSE_API_KEY_VARIABLE}). Not in the output, but Terraform keeps it in state (the delivery stream's access_key, marked sensitive).`,
    }),
  ])
  .optional()
  .meta({
    description:
      'The Datadog API key Kinesis Data Firehose sends to Datadog (metricStreams needs it): { "source": "secretsManager", "secretName": ... } (nothing secret in state) or { "source": "variable" }. Default: none.',
  });
