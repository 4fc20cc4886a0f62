/**
 * The stack's outputs for one integration: what a person needs to finish or check the
 * setup (the role or user, the External ID, the tile's fields in split duty, the page to
 * watch). Output names are `<prefix>_<name>`, like every other element.
 */
import { TerraformOutput } from "cdktf";
import { IamAccessKey } from "@cdktf/provider-aws/lib/iam-access-key";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { awsIntegrationPageUrl, DatadogSite } from "../../facts/sites";
import { IntegrationContext } from "./context";
import { AccessKeyPair } from "./principal";

export function addOutput(ctx: IntegrationContext, name: string, value: string, description: string, sensitive = false): void {
  new TerraformOutput(ctx.scope, name, { value, description, sensitive }).overrideLogicalId(ctx.naming.logicalId(name));
}

/** Split duty with an access key: the key's fields a Datadog admin enters in the tile. */
export function addTileAccessKeyOutputs(ctx: IntegrationContext, keys: AccessKeyPair): void {
  addOutput(ctx, "tile_access_key_id", keys.accessKeyId, "Access key ID to enter in the Datadog AWS tile (Access Keys tab)");
  addOutput(ctx, "tile_secret_access_key", keys.secretAccessKey, "Secret access key to enter in the Datadog AWS tile; read it with terraform output -raw", true);
}

export interface IntegrationParts {
  readonly site: DatadogSite;
  readonly role?: IamRole;
  readonly user?: IamUser;
  readonly accessKey?: IamAccessKey;
  readonly externalId?: string;
}

export function addIntegrationOutputs(ctx: IntegrationContext, parts: IntegrationParts): void {
  const c = ctx.config;
  const { role, user, accessKey } = parts;
  if (role) {
    addOutput(ctx, "role_arn", role.arn, "ARN of the IAM role Datadog assumes");
    addOutput(ctx, "role_name", role.name, "Name of the IAM role, as the Datadog tile needs it (case-sensitive)");
    addOutput(ctx, "external_id", parts.externalId!, "External ID the role's trust policy requires");
  }
  if (user) {
    addOutput(ctx, "user_name", user.name, "Name of the IAM user whose access key Datadog uses");
    addOutput(ctx, "user_arn", user.arn, "ARN of the IAM user");
  }
  if (accessKey) addOutput(ctx, "access_key_id", accessKey.id, "Access key ID Datadog uses (the secret stays in Terraform state)");
  if (!c.manageDatadogIntegration) {
    addOutput(ctx, "tile_aws_account_id", c.awsAccountId, "AWS account ID to enter in the Datadog AWS tile (no dashes)");
    if (role) addOutput(ctx, "tile_role_name", role.name, "Role name to enter in the Datadog AWS tile, exactly as written");
  }
  addOutput(ctx, "integration_page_url", awsIntegrationPageUrl(parts.site), "Datadog's AWS integration page, to watch data arrive (about 10 minutes)");
}
