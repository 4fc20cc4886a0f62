/**
 * Live permissions: Datadog's current lists, read through the Datadog provider at plan
 * time and split there into policies under IAM's size quota. How many policies that makes
 * is known only at plan time, so the quota checks are Terraform preconditions.
 */
import { TerraformCount, TerraformLocal, Token } from "cdktf";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { DataDatadogIntegrationAwsIamPermissions } from "@cdktf/provider-datadog/lib/data-datadog-integration-aws-iam-permissions";
import { DataDatadogIntegrationAwsIamPermissionsStandard } from "@cdktf/provider-datadog/lib/data-datadog-integration-aws-iam-permissions-standard";
import { IAM_QUOTAS } from "../../facts/iam-quotas";
import { ADDRESSES, PERMISSIONS_TAG, permissionsPolicyName } from "../names";
import { chunkingExpressions, POLICY_VERSION, STATEMENT_SID } from "./policy-packing";
import { IntegrationContext } from "./context";
import { movePermissions } from "./permission-moves";
import { permissionsPolicyDescription } from "./policy-description";
import { Principal } from "./principal";

export function attachLivePermissions(ctx: IntegrationContext, principal: Principal): void {
  const { scope, naming, config: c } = ctx;
  const list = c.resourceCollection
    ? new DataDatadogIntegrationAwsIamPermissions(scope, ADDRESSES.livePermissionList, { provider: ctx.datadogProvider })
    : new DataDatadogIntegrationAwsIamPermissionsStandard(scope, ADDRESSES.livePermissionList, { provider: ctx.datadogProvider });
  naming.name(list, ADDRESSES.livePermissionList);
  const localName = (name: string) => naming.logicalId(`permission_${name}`);
  const exprs = chunkingExpressions(`data.${naming.address(list.terraformResourceType, ADDRESSES.livePermissionList)}.iam_permissions`, (n) => `local.${localName(n)}`);
  for (const [name, expression] of Object.entries(exprs)) {
    new TerraformLocal(scope, localName(name), `\${${expression}}`).overrideLogicalId(localName(name));
  }
  const chunks = `local.${localName("chunks")}`;
  // SecurityAudit comes with resource collection (and so with CSPM): see datadog-aws-integration.ts.
  const reserved = c.resourceCollection || c.cspm ? 1 : 0;
  const count = TerraformCount.of(Token.asNumber(`\${length(${chunks})}`));
  const document = `jsonencode({Version = "${POLICY_VERSION}", Statement = [{Sid = "${STATEMENT_SID}", Effect = "Allow", Action = ${chunks}[count.index], Resource = "*"}]})`;
  const policy = new IamPolicy(scope, ADDRESSES.livePolicy, {
    provider: ctx.awsProvider,
    count,
    name: permissionsPolicyName(principal.name, "${count.index + 1}"),
    description: permissionsPolicyDescription(principal.name, "${count.index + 1}"),
    policy: `\${${document}}`,
    tags: { [PERMISSIONS_TAG]: "live" },
    lifecycle: {
      ignoreChanges: ["description"],
      precondition: [
        {
          condition: `\${length(${document}) <= ${IAM_QUOTAS.managedPolicyChars}}`,
          errorMessage: `Datadog permissions part \${count.index + 1} is over IAM's ${IAM_QUOTAS.managedPolicyChars} characters.`,
        },
      ],
    },
  });
  // On the principal, not the counted policy, so a failure is reported once.
  // No double quotes in these messages: cdktf's HCL rendering does not escape them.
  principal.resource.addOverride("lifecycle.precondition", [
    {
      condition: `\${length(${chunks}) + ${reserved} <= ${c.managedPolicyQuota}}`,
      error_message: `Datadog's permission lists need \${length(${chunks})} policies, ${reserved ? "plus SecurityAudit, " : ""}over the quota of ${c.managedPolicyQuota} managed policies per role or user. Switch this environment to pinned permissions, or have AWS raise the quota and set managedPolicyQuota.`,
    },
  ]);
  naming.name(policy, ADDRESSES.livePolicy);
  const attachCount = TerraformCount.of(Token.asNumber(`\${length(${chunks})}`));
  principal.attach(`\${${naming.address(IamPolicy.tfResourceType, ADDRESSES.livePolicy)}[count.index].arn}`, ADDRESSES.liveAttachment, attachCount);
  // From pinned permissions: as many parts as the quota allows a principal.
  movePermissions(
    ctx,
    principal,
    Array.from({ length: c.managedPolicyQuota }, (_, i) => ({ pinned: i + 1, live: i })),
    "to live",
  );
}
