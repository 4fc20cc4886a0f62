/**
 * The AWS identity Datadog uses: a role it assumes (role delegation), or an IAM user
 * whose access key it holds (GovCloud and China), and how policies attach to either.
 */
import { TerraformCount, TerraformVariable } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { IamAccessKey } from "@cdktf/provider-aws/lib/iam-access-key";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamUserPolicyAttachment } from "@cdktf/provider-aws/lib/iam-user-policy-attachment";
import { ACCESS_KEY_ID_VARIABLE, ADDRESSES, SECRET_ACCESS_KEY_VARIABLE } from "../names";
import { adopt } from "./adopt";
import { IntegrationContext } from "./context";

/** The role or user that Datadog's permissions attach to. */
export interface Principal {
  /** Its name as configured (auth.roleName or auth.userName): policy names start with it. */
  readonly name: string;
  readonly resource: IamRole | IamUser;
  /** The Terraform type of its policy attachments. */
  readonly attachmentType: string;
  /** Attaches a managed policy, as the element `<prefix>_<name>`. */
  attach(policyArn: string, name: string, count?: TerraformCount): void;
}

/** The access key Datadog is given: its ID and secret, as Terraform references. */
export interface AccessKeyPair {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** The role Datadog assumes, trusting Datadog's account with the given trust policy (a Terraform expression). */
export function createRole(ctx: IntegrationContext, roleName: string, description: string, assumeRolePolicy: string): { role: IamRole; principal: Principal } {
  const { scope, naming, config } = ctx;
  const role = naming.name(new IamRole(scope, "role", { provider: ctx.awsProvider, name: roleName, description, assumeRolePolicy, maxSessionDuration: 3600 }), ADDRESSES.role);
  if (config.import?.iamRole) adopt(role, config.import.iamRole);
  const principal: Principal = {
    name: roleName,
    resource: role,
    attachmentType: IamRolePolicyAttachment.tfResourceType,
    attach: (policyArn, name, count) => {
      naming.name(new IamRolePolicyAttachment(scope, name, { provider: ctx.awsProvider, role: role.name, policyArn, count }), name);
    },
  };
  return { role, principal };
}

/**
 * The IAM user whose access key Datadog uses, and that key: created by Terraform
 * (`accessKey: "create"`), or an existing one passed in through input variables.
 */
export function createUser(ctx: IntegrationContext, userName: string, accessKey: "create" | "variables"): { user: IamUser; accessKey?: IamAccessKey; keys: AccessKeyPair; principal: Principal } {
  const { scope, naming, config } = ctx;
  const user = naming.name(new IamUser(scope, "user", { provider: ctx.awsProvider, name: userName }), ADDRESSES.user);
  if (config.import?.iamUser) adopt(user, config.import.iamUser);
  const principal: Principal = {
    name: userName,
    resource: user,
    attachmentType: IamUserPolicyAttachment.tfResourceType,
    attach: (policyArn, name, count) => {
      naming.name(new IamUserPolicyAttachment(scope, name, { provider: ctx.awsProvider, user: user.name, policyArn, count }), name);
    },
  };
  if (accessKey === "create") {
    // Rotation (`terraform apply -replace=...`) creates the new key, points Datadog at it,
    // and only then deletes the old one: no window without a working key.
    const key = naming.name(new IamAccessKey(scope, "access-key", { provider: ctx.awsProvider, user: user.name, lifecycle: { createBeforeDestroy: true } }), ADDRESSES.accessKey);
    return { user, accessKey: key, keys: { accessKeyId: key.id, secretAccessKey: key.secret }, principal };
  }
  const id = new TerraformVariable(scope, "access-key-id", { type: "string", description: `Access key ID of IAM user ${userName}, for Datadog` });
  id.overrideLogicalId(ACCESS_KEY_ID_VARIABLE);
  const secret = new TerraformVariable(scope, "secret-access-key", {
    type: "string",
    sensitive: true,
    description: `Secret access key of IAM user ${userName}; pass it as TF_VAR_${SECRET_ACCESS_KEY_VARIABLE}`,
  });
  secret.overrideLogicalId(SECRET_ACCESS_KEY_VARIABLE);
  return { user, keys: { accessKeyId: id.stringValue, secretAccessKey: secret.stringValue }, principal };
}
