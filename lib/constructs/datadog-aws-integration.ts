/**
 * The Datadog AWS integration of one AWS account: the Datadog side
 * (`datadog_integration_aws_account`) and the AWS side (an IAM role trusting Datadog,
 * or in GovCloud and China an IAM user with an access key), with Datadog's permissions.
 *
 * This class composes the parts in ./private (one concern each); the order it creates
 * them in is the order of the synthesized stack. Construct ids are a contract: every
 * element is named `<id>_<name>` (see names.ts); `__tests__/unit/addresses.test.ts` pins them.
 */
import { Construct } from "constructs";
import { Fn, TerraformResource, TerraformStack } from "cdktf";
import { IntegrationAwsAccount } from "@cdktf/provider-datadog/lib/integration-aws-account";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { IamAccessKey } from "@cdktf/provider-aws/lib/iam-access-key";
import { invalidIntegrationProps, tooManyManagedPolicies } from "../errors";
import type { ResolvedIntegration } from "../config/resolved";
import { permissionModeOf } from "../config/contract";
import { claimValidated } from "../config/validated";
import { managedPolicyArn, Partition } from "../facts/partitions";
import { DatadogSite, findDatadogSite } from "../facts/sites";
import { IAM_QUOTAS } from "../facts/iam-quotas";
import { SECURITY_AUDIT_POLICY_NAME } from "../facts/permissions";
import { DatadogAwsIntegrationConfig, resolveIntegrationConfig } from "./integration-config";
import { ADDRESSES } from "./names";
import { requireProviderRanges } from "./provider-requirements";
import { adopt } from "./private/adopt";
import { addCosts } from "./private/costs";
import { IntegrationContext } from "./private/context";
import { datadogAccountAttributes, DatadogAuthConfig } from "./private/datadog-account";
import { attachLivePermissions } from "./private/live-permissions";
import { integrationAwsAccount } from "./private/metric-name-filters";
import { addLogDelivery } from "./private/log-delivery";
import { addMetricStreams } from "./private/metric-streams";
import { claimIntegrationNames } from "./private/name-claims";
import { IntegrationNaming } from "./private/naming";
import { addIntegrationOutputs, addTileAccessKeyOutputs } from "./private/outputs";
import { integrationPartition, literalProviderRegion } from "./private/partition";
import { attachPinnedPermissions } from "./private/pinned-permissions";
import { createRole, createUser, Principal } from "./private/principal";
import { trustPolicyDocument } from "./private/trust-policy";

/**
 * The Datadog AWS integration of one AWS account: the Datadog side (which generates the
 * External ID) and the AWS side (a role trusting Datadog's account with that External ID,
 * or an IAM user with an access key in GovCloud and China), with Datadog's permissions.
 * Construct ids are a contract: they name every Terraform address it writes.
 */
export class DatadogAwsIntegration extends Construct {
  /** The resolved settings, defaults applied. */
  readonly config: ResolvedIntegration;
  /** The AWS partition of the account, from its region. */
  readonly partition: Partition;
  /** The Datadog site the account reports to. */
  readonly site: DatadogSite;
  /** Whether the permissions are the pinned lists or read from Datadog at plan time. */
  readonly permissionMode: "pinned" | "live";
  /** The Datadog side; undefined when manageDatadogIntegration is false. */
  readonly integration?: IntegrationAwsAccount;
  /** The role Datadog assumes (role delegation). */
  readonly role?: IamRole;
  /** The IAM user whose key Datadog uses (access keys). */
  readonly user?: IamUser;
  /** The access key Terraform creates (access keys, `accessKey: "create"`). */
  readonly accessKey?: IamAccessKey;
  /** The External ID the role's trust policy requires (a Terraform reference when Datadog generates it). */
  readonly externalId?: string;
  /** The role's trust policy as an object, before Terraform's jsonencode renders it. */
  readonly trustPolicyDocument?: Record<string, unknown>;
  /** Where Datadog is told the CUR 2.0 export is (`datadog_integration_aws_account_ccm_config`); undefined without `costs`. */
  readonly ccmConfig?: TerraformResource;

  private readonly context: IntegrationContext;

  constructor(scope: Construct, id: string, props: DatadogAwsIntegrationConfig) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    // The AWS provider's region decides the partition when the props leave it out.
    const providerRegion = literalProviderRegion(stack, props.awsProvider);
    // Settings the config loader validated (handed over by DatadogAwsStack, once) are taken as
    // resolved; any other props are validated here.
    this.config = claimValidated(props) ? props : resolveIntegrationConfig({ ...props, awsRegion: props.awsRegion ?? providerRegion }, this.node.path);
    const c = this.config;
    this.partition = integrationPartition(c.awsRegion, providerRegion, this.node.path);
    this.context = { scope: this, naming: new IntegrationNaming(id), config: c, partition: this.partition, awsProvider: props.awsProvider, datadogProvider: props.datadogProvider };
    claimIntegrationNames(this.context);
    this.site = findDatadogSite(c.datadogSite)!;
    this.permissionMode = permissionModeOf(c);

    let principal: Principal;
    if (c.auth.type === "role") {
      const roleName = c.auth.roleName;
      if (c.manageDatadogIntegration) {
        // Datadog's recommended order: the account is created with a literal role name and
        // no External ID, Datadog generates one, and the trust policy reads it. No cycle,
        // and no separately generated ID that could expire before an account uses it.
        this.integration = this.createDatadogAccount({ awsAuthConfigRole: { roleName } });
        this.externalId = this.integration.authConfig.awsAuthConfigRole.externalId;
      } else {
        this.externalId = c.externalId!;
      }
      this.trustPolicyDocument = trustPolicyDocument(this.site, this.partition, this.externalId);
      if (!this.trustPolicyDocument) {
        // The schema refuses such combinations; trusting another partition's account would be wrong.
        throw invalidIntegrationProps(this.node.path, [
          { code: "combination/site-partition", path: "datadogSite", message: `${this.site.site} offers no role delegation for ${this.partition} accounts` },
        ]);
      }
      // jsonencode, not JSON.stringify: the document holds a Terraform reference, and
      // only a Terraform expression renders as valid HCL under `cdktf synth --hcl`.
      const description = `Datadog AWS integration (${this.site.site}); managed by Terraform`;
      ({ role: this.role, principal } = createRole(this.context, roleName, description, Fn.jsonencode(this.trustPolicyDocument)));
    } else {
      const made = createUser(this.context, c.auth.userName, c.auth.accessKey);
      ({ user: this.user, accessKey: this.accessKey, principal } = made);
      if (c.manageDatadogIntegration) {
        this.integration = this.createDatadogAccount({ awsAuthConfigKeys: made.keys });
      } else {
        addTileAccessKeyOutputs(this.context, made.keys);
      }
    }

    // Undefined for live permissions: their count is known only at plan time.
    let managedPolicyCount: number | undefined;
    if (this.permissionMode === "pinned") managedPolicyCount = attachPinnedPermissions(this.context, principal);
    else attachLivePermissions(this.context, principal);
    // With resource collection, as Datadog's own templates do (lib/facts/README.md); CSPM needs
    // resource collection, so it is covered. The address is the one CSPM stacks already hold.
    const securityAudit = c.resourceCollection || c.cspm;
    if (securityAudit) principal.attach(managedPolicyArn(this.partition, SECURITY_AUDIT_POLICY_NAME), ADDRESSES.securityAudit);
    // Live permissions check the quota at plan time (a precondition), when their count is known.
    if (managedPolicyCount !== undefined) {
      const total = managedPolicyCount + (securityAudit ? 1 : 0);
      if (total > c.managedPolicyQuota) {
        throw tooManyManagedPolicies(this.node.path, total, c.managedPolicyQuota, IAM_QUOTAS.managedPoliciesPerPrincipalMax);
      }
    }
    addMetricStreams(this.context, this.site);
    addIntegrationOutputs(this.context, { site: this.site, role: this.role, user: this.user, accessKey: this.accessKey, externalId: this.externalId });
    addLogDelivery(this.context, this.site);
    // Our ranges, not the bindings' exact pins, wherever the construct is used.
    requireProviderRanges(stack, { datadog: this.integration !== undefined || this.permissionMode === "live" });
    // After the ranges above, which it narrows for its resources; the config checks refuse costs without a role and a managed Datadog side.
    if (c.costs && this.role && this.integration) this.ccmConfig = addCosts(this.context, this.role, this.integration);
  }

  private createDatadogAccount(authConfig: DatadogAuthConfig): IntegrationAwsAccount {
    const { naming, config, partition, datadogProvider } = this.context;
    const attributes = { provider: datadogProvider, ...datadogAccountAttributes(config, partition, authConfig) };
    const account = naming.name(integrationAwsAccount(this, "integration", attributes, config.metrics.metricNameFilters), ADDRESSES.integration);
    if (config.import?.datadogAccountConfigId) adopt(account, config.import.datadogAccountConfigId);
    return account;
  }
}
