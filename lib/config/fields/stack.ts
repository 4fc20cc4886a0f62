/**
 * The settings that decide how Terraform runs an environment: its state backend, the AWS
 * credentials it uses and the variables it reads the Datadog keys from.
 */
import * as path from "node:path";
import { z } from "zod";
import { DATADOG_KEY_VARIABLES, DEFAULT_LOCAL_STATE_FILE, stackFolder } from "../contract";
import { quote } from "../json-value";
import { withCode } from "../messages";
import { regionSchema } from "./integration";
import { datadogProviderVersionSchema } from "./provider-version";
import { externalIdRule, iamRoleArnRule, keyEnvRule, kmsKeyRule } from "./rules";
import { ruled } from "./ruled";

/** The default stack folder as the docs write it (with "/" on every system, so the generated schema is the same everywhere). */
const STACK_FOLDER_IN_WORDS = stackFolder("<environment>").split(path.sep).join("/");

const backendSchema = z.discriminatedUnion("type", [
  z
    .strictObject({
      type: z.literal("local"),
      path: z
        .string()
        .min(1)
        .optional()
        .meta({ description: `State file path, relative to the project folder. Default: ${DEFAULT_LOCAL_STATE_FILE} in the stack's folder (${STACK_FOLDER_IN_WORDS}/).` }),
    })
    .meta({ description: "State in a local file." }),
  z
    .strictObject({
      type: z.literal("s3"),
      bucket: z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: withCode("value/s3-bucket", (iss) => `${quote(iss.input)} is not an S3 bucket name (3 to 63 lower-case letters, digits, "." or "-")`) }),
      key: z.string().min(1).optional().meta({ description: "State object key. Default: datadog-aws/<environment>/terraform.tfstate, distinct per environment." }),
      region: regionSchema.optional().meta({ description: "Region of the bucket. Default: the environment's awsRegion." }),
      useLockfile: z.boolean().default(false).meta({ description: "Terraform's native S3 state locking (Terraform 1.10 or newer)." }),
      dynamodbTable: z.string().min(1).optional().meta({ description: "Legacy DynamoDB state locking table." }),
      encrypt: z.boolean().default(true).meta({ description: "Server-side encryption of the state object." }),
      profile: z
        .string()
        .min(1)
        .optional()
        .meta({ description: "Named AWS profile Terraform reaches the state bucket with, when it is not the environment's (e.g. a commercial account's bucket for a GovCloud or China environment)." }),
      roleArn: ruled(iamRoleArnRule, "Role Terraform assumes to reach the state bucket (Terraform 1.6 or newer; written as assume_role).").optional(),
      kmsKeyId: ruled(kmsKeyRule, 'KMS key that encrypts the state object: a key ARN, an alias ARN, "alias/<name>" or a key ID.').optional(),
    })
    .meta({ description: "State in an S3 bucket." }),
]);

const keyEnvDescription = (standard: string) =>
  `Environment variable holding the key: "${standard}" (the provider's own) or TF_VAR_<name> (passed to a sensitive input variable). Never the key itself.`;

/** Fields that decide how Terraform runs an environment: providers, credentials, state. */
export const stackShape = {
  backend: backendSchema.prefault({ type: "local" }).meta({ description: "Where Terraform keeps this environment's state." }),
  awsAssumeRoleArn: ruled(iamRoleArnRule, "Role Terraform assumes to reach this account (e.g. from a management-account pipeline), in the account's partition.").optional(),
  awsAssumeRoleSessionName: z
    .string()
    .regex(/^[\w+=,.@-]{2,64}$/, { error: withCode("value/session-name", (iss) => `${quote(iss.input)} is not a session name (2 to 64 of letters, digits and + = , . @ _ -)`) })
    .optional()
    .meta({ description: "Session name Terraform gives awsAssumeRoleArn's session." }),
  awsAssumeRoleExternalId: ruled(externalIdRule, "External ID the assumed deployment role requires, if any.").optional(),
  awsProfile: z.string().min(1).optional().meta({ description: "Named AWS profile Terraform uses for this account. Default: the standard credential chain." }),
  datadogApiKeyEnv: ruled(keyEnvRule(DATADOG_KEY_VARIABLES.api), keyEnvDescription(DATADOG_KEY_VARIABLES.api)).default(DATADOG_KEY_VARIABLES.api),
  datadogAppKeyEnv: ruled(keyEnvRule(DATADOG_KEY_VARIABLES.app), keyEnvDescription(DATADOG_KEY_VARIABLES.app)).default(DATADOG_KEY_VARIABLES.app),
  datadogProviderVersion: datadogProviderVersionSchema,
};
