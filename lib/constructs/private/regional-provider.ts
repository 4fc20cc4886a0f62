/**
 * An AWS provider of the integration's account in another region: AWS Data Exports answers
 * only in us-east-1, and a new cost bucket may live in another region than the stack's. The
 * copy has the same account guard, profile and assumed role as the provider the integration
 * uses, so it reaches the same account with the same credentials.
 */
import { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { IntegrationContext } from "./context";

/** The integration's own AWS provider: the one given, else the stack's default (no alias). */
function integrationProvider(ctx: IntegrationContext): AwsProvider | undefined {
  if (ctx.awsProvider) return ctx.awsProvider;
  return TerraformStack.of(ctx.scope)
    .node.findAll()
    .find((c): c is AwsProvider => c instanceof AwsProvider && c.alias === undefined);
}

/**
 * The provider to create resources in `region` with: the integration's own when `region` is
 * the account's awsRegion (undefined means the stack's default), else one aliased copy per
 * region, named `<prefix>_<region>`, made once.
 */
export function providerInRegion(ctx: IntegrationContext, region: string): AwsProvider | undefined {
  if (region === ctx.config.awsRegion) return ctx.awsProvider;
  const id = `provider-aws-${region}`;
  const existing = ctx.scope.node.tryFindChild(id);
  if (existing) return existing as AwsProvider;
  const base = integrationProvider(ctx);
  return new AwsProvider(ctx.scope, id, {
    alias: ctx.naming.logicalId(region.replace(/-/g, "_")),
    region,
    allowedAccountIds: base?.allowedAccountIds ?? [ctx.config.awsAccountId],
    profile: base?.profile,
    assumeRole: base?.assumeRole,
  });
}
