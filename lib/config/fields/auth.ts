/**
 * How Datadog reaches the account: an IAM role it assumes, or an IAM user's access key.
 */
import { z } from "zod";
import { ACCESS_KEY_ID_VARIABLE, SECRET_ACCESS_KEY_VARIABLE } from "../../constructs/names";
import { iamNameRule } from "./rules";
import { ruled } from "./ruled";

const DEFAULT_ROLE_NAME = "DatadogIntegrationRole";
/** The user name auth.userName defaults to (also suggested when role delegation is not possible). */
export const DEFAULT_USER_NAME = "DatadogIntegrationUser";

const roleAuthSchema = z
  .strictObject({
    type: z.literal("role"),
    roleName: ruled(iamNameRule("role"), "Name of the IAM role Datadog assumes; entered in the Datadog tile exactly as created (case-sensitive).").default(DEFAULT_ROLE_NAME),
  })
  .meta({ description: "Role delegation: Datadog assumes an IAM role in the account, guarded by an External ID." });

const accessKeysAuthSchema = z
  .strictObject({
    type: z.literal("accessKeys"),
    userName: ruled(iamNameRule("user"), "Name of the IAM user whose access key Datadog uses.").default(DEFAULT_USER_NAME),
    accessKey: z
      .enum(["create", "variables"])
      .default("create")
      .meta({
        description: `"create": Terraform creates the user's access key (its secret then lives in Terraform state). "variables": bring an existing key through the sensitive input variables ${ACCESS_KEY_ID_VARIABLE} and ${SECRET_ACCESS_KEY_VARIABLE}.`,
      }),
  })
  .meta({ description: "Access keys (GovCloud and China only): Datadog uses an IAM user's access key." });

export const authSchema = z.discriminatedUnion("type", [roleAuthSchema, accessKeysAuthSchema]);
