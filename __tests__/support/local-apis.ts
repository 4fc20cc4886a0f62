// A fresh moto and local Datadog API for one stack, and reading back what reached them the way a user would check it in the consoles.
import {
  CreateRoleCommand,
  CreateUserCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListPoliciesCommand,
  ListRolesCommand,
  ListUsersCommand,
} from "@aws-sdk/client-iam";
import { LocalDatadogApi, LOCAL_DD_API_KEY, LOCAL_DD_APP_KEY } from "./local-datadog-api";
import { AwsCredentials, MotoServer } from "./moto-server";
import type { ProviderSet } from "./provider-sets";
import { findProofTools } from "./test-tools";
import { TerraformWorkspace } from "./terraform-workspace";
import type { TerraformJson } from "./synth";
import { partitionOfStack } from "./terraform-stack-inputs";
import { RECORDED_LOG_SOURCES, RECORDED_NAMESPACES } from "./datadog-api/recorded-lists";

/** A fresh AWS (moto) and Datadog (local API) for one stack, and an IAM client in its account. */
export class LocalApis {
  private constructor(
    readonly moto: MotoServer,
    readonly datadog: LocalDatadogApi,
    readonly credentials: AwsCredentials,
    readonly iam: IAMClient,
    readonly partition: string,
  ) {}

  /** `motoOptions`: another script of this folder to run moto with, and environment to add (MotoServer.start). */
  static async start(accountId: string, partition: string, motoOptions: Parameters<typeof MotoServer.start>[1] = {}): Promise<LocalApis> {
    const tools = findProofTools();
    const [moto, datadog] = await Promise.all([
      MotoServer.start(tools.motoPython!, motoOptions),
      LocalDatadogApi.start({ namespaces: RECORDED_NAMESPACES.items, logSources: RECORDED_LOG_SOURCES.items }),
    ]);
    const credentials = await moto.credentialsFor(accountId, partition);
    return new LocalApis(moto, datadog, credentials, moto.iam(credentials, partition), partition);
  }

  /**
   * Starts local APIs for the stack's account and partition, applies nothing, hands `body` a
   * workspace of the stack, and tears both down whatever `body` does.
   */
  static async withWorkspace(
    stack: { readonly accountId: string; readonly stack: TerraformJson },
    providers: ProviderSet,
    body: (apis: LocalApis, ws: TerraformWorkspace) => Promise<void>,
  ): Promise<void> {
    const apis = await LocalApis.start(stack.accountId, partitionOfStack(stack.stack));
    let ws: TerraformWorkspace | undefined;
    try {
      ws = await apis.workspace(stack.stack, providers);
      await body(apis, ws);
    } finally {
      await ws?.dispose();
      await apis.close();
    }
  }

  workspace(stack: TerraformJson, providers: ProviderSet, variables: Record<string, string> = {}, hcl?: string, env?: Record<string, string>): Promise<TerraformWorkspace> {
    return TerraformWorkspace.create(stack, {
      hcl,
      env,
      terraform: findProofTools().terraform!.terraform,
      mirrors: providers.mirrors,
      aws: { endpoint: this.moto.url, credentials: this.credentials },
      datadog: { url: this.datadog.url, apiKey: LOCAL_DD_API_KEY, appKey: LOCAL_DD_APP_KEY },
      variables,
    });
  }

  async close(): Promise<void> {
    this.iam.destroy();
    await Promise.all([this.moto.close(), this.datadog.close()]);
  }

  /** The role's trust policy as IAM stores it. */
  async trustPolicy(roleName: string): Promise<Record<string, any>> {
    const role = await this.iam.send(new GetRoleCommand({ RoleName: roleName }));
    return JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!));
  }

  /** ARNs of the managed policies attached to a role or user. */
  async attachedPolicyArns(principal: { role?: string; user?: string }): Promise<string[]> {
    const out = principal.role
      ? await this.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: principal.role }))
      : await this.iam.send(new ListAttachedUserPoliciesCommand({ UserName: principal.user }));
    return (out.AttachedPolicies ?? []).map((p) => p.PolicyArn!).sort();
  }

  /** Every action the customer-managed policies among `arns` allow, each once, sorted. */
  async actionsOf(arns: readonly string[]): Promise<string[]> {
    const actions = new Set<string>();
    for (const arn of arns.filter((a) => !a.includes(":iam::aws:policy/"))) {
      const policy = await this.iam.send(new GetPolicyCommand({ PolicyArn: arn }));
      const version = await this.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy.Policy!.DefaultVersionId! }));
      const doc = JSON.parse(decodeURIComponent(version.PolicyVersion!.Document!));
      for (const s of [doc.Statement].flat()) for (const a of [s.Action].flat()) actions.add(a);
    }
    return [...actions].sort();
  }

  /**
   * What a person made by hand from Datadog's manual guide, for a stack that adopts it
   * through import blocks: the role (trusting Datadog with an External ID from a tile
   * long closed) or the user, and the Datadog integration under the config ID the stack
   * names.
   */
  async seedHandMade(accountId: string, imports: { datadogAccountConfigId?: string; iamRole?: string; iamUser?: string }, trustPrincipal?: string): Promise<void> {
    if (imports.iamRole) {
      const trust = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: trustPrincipal }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "id-from-the-tile-long-ago" } } }],
      };
      await this.iam.send(new CreateRoleCommand({ RoleName: imports.iamRole, AssumeRolePolicyDocument: JSON.stringify(trust), Description: "Made by hand following Datadog's setup guide" }));
    }
    if (imports.iamUser) await this.iam.send(new CreateUserCommand({ UserName: imports.iamUser }));
    if (imports.datadogAccountConfigId) {
      this.datadog.seedAccount(
        {
          aws_account_id: accountId,
          aws_partition: this.partition,
          account_tags: ["made-by-hand"],
          auth_config: imports.iamRole ? { role_name: imports.iamRole } : { access_key_id: "AKIAEXAMPLEHANDMADE1", secret_access_key: "hand-made-secret" },
          aws_regions: { include_all: true },
        },
        imports.datadogAccountConfigId,
      );
    }
  }

  async accessKeyIdsOf(userName: string): Promise<string[]> {
    const keys = await this.iam.send(new ListAccessKeysCommand({ UserName: userName }));
    return (keys.AccessKeyMetadata ?? []).map((k) => k.AccessKeyId!);
  }

  /** What the stack could have left in the account: roles, customer policies, users (test deployers aside). */
  async leftovers(): Promise<string[]> {
    const [roles, policies, users] = await Promise.all([this.iam.send(new ListRolesCommand({})), this.iam.send(new ListPoliciesCommand({ Scope: "Local" })), this.iam.send(new ListUsersCommand({}))]);
    return [
      ...(roles.Roles ?? []).map((r) => `role ${r.RoleName}`),
      ...(policies.Policies ?? []).map((p) => `policy ${p.PolicyName}`),
      ...(users.Users ?? []).filter((u) => u.Path !== "/test-deployers/").map((u) => `user ${u.UserName}`),
      ...this.datadog.accounts().map((a) => `Datadog integration ${a.id} (AWS account ${a.attributes.aws_account_id})`),
    ];
  }
}
