/**
 * Reading the deployed role or user from IAM with the environment's own credentials: the
 * AWS SDK's standard chain (so AWS_PROFILE, SSO, web identity and AWS_ENDPOINT_URL work
 * as everywhere else), the environment's `awsProfile`, and its `awsAssumeRoleArn` (with
 * session name and External ID) assumed through STS, as the stack's AWS provider does.
 * Read-only: the doctor changes nothing.
 */
import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  paginateListAccessKeys,
  paginateListAttachedGroupPolicies,
  paginateListAttachedRolePolicies,
  paginateListAttachedUserPolicies,
  paginateListGroupPolicies,
  paginateListGroupsForUser,
  paginateListRolePolicies,
  paginateListRoles,
  paginateListUserPolicies,
  paginateListUsers,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { classifyAwsError } from "../aws-sdk-errors";
import type { ResolvedEnvironment } from "../../lib/config/schema";
import {
  CodedError,
  doctorAwsAccessDenied,
  doctorAwsAssumeRoleFailed,
  doctorAwsCredentialsMissing,
  doctorAwsCredentialsRejected,
  doctorAwsRequestFailed,
  doctorAwsUnreachable,
  doctorAwsWrongAccount,
} from "../../lib/errors";
import type { AwsPrincipalView, AwsView, PolicyView } from "./views";

/** Credentials an SDK client is given: the assumed role's session, when there is one. */
export type AwsClientCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date };

/** What the doctor needs of an environment to reach its account. */
export type AwsAccess = Pick<ResolvedEnvironment, "awsAccountId" | "awsRegion" | "awsProfile" | "awsAssumeRoleArn" | "awsAssumeRoleSessionName" | "awsAssumeRoleExternalId">;

/** The credentials in use, as a person would name them in a message. */
export function describeCredentials(access: AwsAccess, env: NodeJS.ProcessEnv = process.env): string {
  const base = access.awsProfile
    ? `profile ${JSON.stringify(access.awsProfile)} (awsProfile)`
    : env.AWS_PROFILE
      ? `profile ${JSON.stringify(env.AWS_PROFILE)} (AWS_PROFILE)`
      : "the standard AWS credential chain";
  return access.awsAssumeRoleArn ? `${base}, assuming ${access.awsAssumeRoleArn} (awsAssumeRoleArn)` : base;
}

function endpoint(env: NodeJS.ProcessEnv, service: "IAM" | "STS"): string {
  return env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || `the AWS ${service} endpoint`;
}

/** An SDK error as a ServiceError that says what to do; errors of our own pass through. */
function explain(environment: string, operation: string, e: unknown, how: string, env: NodeJS.ProcessEnv): Error {
  if (e instanceof CodedError) return e;
  const { kind, name, message, networkCode } = classifyAwsError(e);
  switch (kind) {
    case "credentials-missing":
      return doctorAwsCredentialsMissing(environment, message, how, e);
    case "access-denied":
      return doctorAwsAccessDenied(environment, operation, name, message, e);
    case "credentials-rejected":
      return doctorAwsCredentialsRejected(environment, name, message, how, e);
    case "unreachable":
      return doctorAwsUnreachable(environment, endpoint(env, operation.startsWith("sts:") ? "STS" : "IAM"), `${networkCode}: ${message}`, e);
    default:
      return doctorAwsRequestFailed(environment, operation, name, message, e);
  }
}

/** True for IAM's "no such role/user/policy". */
const notFound = (e: unknown) => ["NoSuchEntityException", "NoSuchEntity"].includes((e as { name?: string } | undefined)?.name ?? "");

/**
 * An IAM client with the environment's credentials, checked to be the environment's
 * account (GetCallerIdentity): a report about another account would be wrong in every line.
 */
export async function iamClientFor(
  environment: string,
  access: AwsAccess,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ iam: IAMClient; callerArn: string; clientConfig: { region: string; profile?: string; credentials?: AwsClientCredentials } }> {
  const how = describeCredentials(access, env);
  // IAM is global; the region picks the partition's endpoint (and, in moto, its IAM).
  const base = { region: access.awsRegion, maxAttempts: 2, ...(access.awsProfile ? { profile: access.awsProfile } : {}) };
  let credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date } | undefined;
  if (access.awsAssumeRoleArn) {
    const sts = new STSClient(base);
    try {
      const out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: access.awsAssumeRoleArn,
          RoleSessionName: access.awsAssumeRoleSessionName ?? "datadog-aws-doctor",
          ExternalId: access.awsAssumeRoleExternalId,
          DurationSeconds: 900,
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("STS returned no credentials");
      credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    } catch (e) {
      const seen = classifyAwsError(e);
      if (seen.kind === "access-denied") throw doctorAwsAssumeRoleFailed(environment, access.awsAssumeRoleArn, seen.name, seen.message, e);
      throw explain(environment, "sts:AssumeRole", e, how, env);
    } finally {
      sts.destroy();
    }
  }
  const config = { ...base, ...(credentials ? { credentials } : {}) };
  const sts = new STSClient(config);
  let account: string | undefined;
  let callerArn = "";
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    account = identity.Account;
    callerArn = identity.Arn ?? "";
  } catch (e) {
    throw explain(environment, "sts:GetCallerIdentity", e, how, env);
  } finally {
    sts.destroy();
  }
  if (account !== access.awsAccountId) throw doctorAwsWrongAccount(environment, access.awsAccountId, account ?? "(unknown)", callerArn, how);
  return { iam: new IAMClient(config), callerArn, clientConfig: config };
}

/** Reads what one principal needs: run `read`, turning SDK errors into ServiceErrors. */
class Reader {
  constructor(
    private readonly iam: IAMClient,
    private readonly environment: string,
    private readonly how: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  async call<T>(operation: string, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (e) {
      throw explain(this.environment, operation, e, this.how, this.env);
    }
  }

  /** A call whose NoSuchEntity means "absent". */
  async maybe<T>(operation: string, read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read();
    } catch (e) {
      if (notFound(e)) return undefined;
      throw explain(this.environment, operation, e, this.how, this.env);
    }
  }

  async managedPolicy(arn: string, name: string, group?: string): Promise<PolicyView> {
    const policy = await this.call("iam:GetPolicy", () => this.iam.send(new GetPolicyCommand({ PolicyArn: arn })));
    const version = await this.call("iam:GetPolicyVersion", () => this.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy.Policy?.DefaultVersionId })));
    return { name, arn, kind: "managed", group, document: version.PolicyVersion?.Document ?? "{}" };
  }

  async collect<P, T>(operation: string, pages: AsyncIterable<P>, items: (page: P) => readonly T[] | undefined): Promise<T[]> {
    return this.call(operation, async () => {
      const out: T[] = [];
      for await (const page of pages) out.push(...(items(page) ?? []));
      return out;
    });
  }
}

/**
 * Names of roles or users that differ from `names` only by case (IAM keeps names unique
 * ignoring case), or equal one of them: what the doctor offers when the configured one is missing.
 */
async function similarNames(reader: Reader, iam: IAMClient, kind: "role" | "user", names: readonly string[]): Promise<string[]> {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const all =
    kind === "role"
      ? await reader.collect("iam:ListRoles", paginateListRoles({ client: iam }, {}), (p) => p.Roles?.map((r) => r.RoleName ?? ""))
      : await reader.collect("iam:ListUsers", paginateListUsers({ client: iam }, {}), (p) => p.Users?.map((u) => u.UserName ?? ""));
  return all.filter((n) => wanted.has(n.toLowerCase()));
}

/**
 * Reads the environment's role (or user): trust policy, every identity policy that applies
 * with its document, permissions boundary, and a user's access keys. `alsoNamed`: a name
 * Datadog holds, offered when the configured one is missing.
 */
export async function readAwsView(
  iam: IAMClient,
  callerArn: string,
  environment: string,
  principal: { kind: "role" | "user"; name: string },
  options: { alsoNamed?: string; how?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<AwsView> {
  const env = options.env ?? process.env;
  const reader = new Reader(iam, environment, options.how ?? "these credentials", env);
  const lookFor = [principal.name, ...(options.alsoNamed ? [options.alsoNamed] : [])];
  if (principal.kind === "role") {
    const role = (await reader.maybe("iam:GetRole", () => iam.send(new GetRoleCommand({ RoleName: principal.name }))))?.Role;
    if (!role?.RoleName) return { callerArn, similarNames: await similarNames(reader, iam, "role", lookFor) };
    const name = role.RoleName;
    const attached = await reader.collect("iam:ListAttachedRolePolicies", paginateListAttachedRolePolicies({ client: iam }, { RoleName: name }), (p) => p.AttachedPolicies);
    const inlineNames = await reader.collect("iam:ListRolePolicies", paginateListRolePolicies({ client: iam }, { RoleName: name }), (p) => p.PolicyNames);
    const policies: PolicyView[] = [];
    for (const a of attached) policies.push(await reader.managedPolicy(a.PolicyArn!, a.PolicyName ?? a.PolicyArn!));
    for (const n of inlineNames) {
      const p = await reader.call("iam:GetRolePolicy", () => iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: n })));
      policies.push({ name: n, kind: "inline", document: p.PolicyDocument ?? "{}" });
    }
    const boundaryArn = role.PermissionsBoundary?.PermissionsBoundaryArn;
    const view: AwsPrincipalView = {
      kind: "role",
      name,
      arn: role.Arn ?? "",
      trustPolicy: role.AssumeRolePolicyDocument ?? "{}",
      policies,
      permissionsBoundary: boundaryArn ? await reader.managedPolicy(boundaryArn, boundaryArn.split("/").pop() ?? boundaryArn) : undefined,
    };
    return { callerArn, principal: view, similarNames: [] };
  }

  const user = (await reader.maybe("iam:GetUser", () => iam.send(new GetUserCommand({ UserName: principal.name }))))?.User;
  if (!user?.UserName) return { callerArn, similarNames: await similarNames(reader, iam, "user", lookFor) };
  const name = user.UserName;
  const policies: PolicyView[] = [];
  const attached = await reader.collect("iam:ListAttachedUserPolicies", paginateListAttachedUserPolicies({ client: iam }, { UserName: name }), (p) => p.AttachedPolicies);
  for (const a of attached) policies.push(await reader.managedPolicy(a.PolicyArn!, a.PolicyName ?? a.PolicyArn!));
  const inlineNames = await reader.collect("iam:ListUserPolicies", paginateListUserPolicies({ client: iam }, { UserName: name }), (p) => p.PolicyNames);
  for (const n of inlineNames) {
    const p = await reader.call("iam:GetUserPolicy", () => iam.send(new GetUserPolicyCommand({ UserName: name, PolicyName: n })));
    policies.push({ name: n, kind: "inline", document: p.PolicyDocument ?? "{}" });
  }
  const groups = await reader.collect("iam:ListGroupsForUser", paginateListGroupsForUser({ client: iam }, { UserName: name }), (p) => p.Groups);
  for (const g of groups) {
    const group = g.GroupName!;
    const groupAttached = await reader.collect("iam:ListAttachedGroupPolicies", paginateListAttachedGroupPolicies({ client: iam }, { GroupName: group }), (p) => p.AttachedPolicies);
    for (const a of groupAttached) policies.push(await reader.managedPolicy(a.PolicyArn!, a.PolicyName ?? a.PolicyArn!, group));
    const groupInline = await reader.collect("iam:ListGroupPolicies", paginateListGroupPolicies({ client: iam }, { GroupName: group }), (p) => p.PolicyNames);
    for (const n of groupInline) {
      const p = await reader.call("iam:GetGroupPolicy", () => iam.send(new GetGroupPolicyCommand({ GroupName: group, PolicyName: n })));
      policies.push({ name: n, kind: "inline", group, document: p.PolicyDocument ?? "{}" });
    }
  }
  const keys = await reader.collect("iam:ListAccessKeys", paginateListAccessKeys({ client: iam }, { UserName: name }), (p) => p.AccessKeyMetadata);
  const boundaryArn = user.PermissionsBoundary?.PermissionsBoundaryArn;
  const view: AwsPrincipalView = {
    kind: "user",
    name,
    arn: user.Arn ?? "",
    policies,
    accessKeys: keys.map((k) => ({ id: k.AccessKeyId ?? "", status: k.Status ?? "" })),
    permissionsBoundary: boundaryArn ? await reader.managedPolicy(boundaryArn, boundaryArn.split("/").pop() ?? boundaryArn) : undefined,
  };
  return { callerArn, principal: view, similarNames: [] };
}
