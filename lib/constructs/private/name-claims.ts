/**
 * Refuses a second integration in a stack that would write the same Terraform addresses
 * (ids equal once punctuation becomes "_", or the same id under two parents) or the same
 * IAM role or user in the same account: the second would silently replace the first.
 */
import { TerraformStack } from "cdktf";
import { conflictingIntegrations } from "../../errors";
import { ADDRESSES } from "../names";
import { IntegrationContext } from "./context";

/** What the integrations of one stack have claimed: Terraform name prefixes and IAM names, by construct path. */
const claims = new WeakMap<TerraformStack, Map<string, string>>();

/** Claims `key` for the construct at `path` in its stack; returns the path that already holds it. */
function claim(stack: TerraformStack, key: string, path: string): string | undefined {
  let taken = claims.get(stack);
  if (!taken) claims.set(stack, (taken = new Map()));
  const holder = taken.get(key);
  if (holder === undefined) taken.set(key, path);
  return holder;
}

export function claimIntegrationNames(ctx: IntegrationContext): void {
  const { config: c, naming } = ctx;
  const stack = TerraformStack.of(ctx.scope);
  const here = ctx.scope.node.path;
  const address = claim(stack, `address:${naming.prefix}`, here);
  if (address) {
    throw conflictingIntegrations(
      address,
      here,
      `the Terraform names ${naming.prefix}_* (e.g. aws_iam_role.${naming.logicalId(ADDRESSES.role)})`,
      "give each integration a construct id that differs in letters or digits, not only in punctuation or parent",
    );
  }
  const principal = c.auth.type === "role" ? `role ${c.auth.roleName}` : `user ${c.auth.userName}`;
  const iam = claim(stack, `iam:${ctx.partition}:${c.awsAccountId}:${principal}`, here);
  if (iam) {
    throw conflictingIntegrations(
      iam,
      here,
      `IAM ${principal} (and its policies) in account ${c.awsAccountId}`,
      `give one a different ${c.auth.type === "role" ? "auth.roleName" : "auth.userName"}, or integrate the account once`,
    );
  }
}
