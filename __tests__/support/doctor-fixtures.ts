/**
 * What `npm run doctor` reads, made on purpose for its tests: the AWS side in moto as the
 * stack creates it (the role trusting the site's Datadog account with an External ID, or
 * the user and its key; Datadog's pinned permissions packed into managed policies as the
 * construct packs them; SecurityAudit with CSPM), the Datadog side seeded in the local
 * Datadog API, a config file in a temp folder, and the real command run against them.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AttachRolePolicyCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { mergeActions, packActions, permissionsDocument } from "../../lib/constructs/private/policy-packing";
import { accountRootArn, managedPolicyArn, type Partition } from "../../lib/facts/partitions";
import { RESOURCE_COLLECTION_PERMISSIONS, STANDARD_PERMISSIONS } from "../../lib/facts/permissions";
import { run, RunResult, userEnv } from "./cli";
import { LOCAL_DD_API_KEY, LOCAL_DD_APP_KEY } from "./local-datadog-api";
import type { AwsCredentials } from "./moto-server";
import { stackTrustPolicy } from "./doctor-views";

export { stackTrustPolicy };

/** Datadog's pinned actions as the construct packs them (standard, plus resource collection when on). */
export function pinnedChunks(resourceCollection: boolean): string[][] {
  const lists = resourceCollection ? [STANDARD_PERMISSIONS, RESOURCE_COLLECTION_PERMISSIONS] : [STANDARD_PERMISSIONS];
  return packActions(mergeActions(...lists.map((l) => l.actions)));
}

export interface StackSideOptions {
  readonly partition: Partition;
  readonly resourceCollection?: boolean;
  readonly cspm?: boolean;
  /** Rewrites the packed action lists before they become policies (to leave an action out, or use wildcards). */
  readonly actions?: (chunks: string[][]) => string[][];
}

/** Creates Datadog's permission policies as the stack names them and attaches them (and SecurityAudit with resource collection, on unless turned off, or `cspm`). */
async function permissionPolicies(iam: IAMClient, principal: { role?: string; user?: string }, o: StackSideOptions): Promise<void> {
  const name = principal.role ?? principal.user!;
  const chunks = (o.actions ?? ((c) => c))(pinnedChunks(o.resourceCollection ?? true));
  const arns: string[] = [];
  for (const [i, actions] of chunks.entries()) {
    const policy = await iam.send(new CreatePolicyCommand({ PolicyName: `${name}-permissions-${i + 1}`, PolicyDocument: JSON.stringify(permissionsDocument(actions)) }));
    arns.push(policy.Policy!.Arn!);
  }
  if ((o.resourceCollection ?? true) || o.cspm) arns.push(managedPolicyArn(o.partition, "SecurityAudit"));
  for (const arn of arns) {
    if (principal.role) await iam.send(new AttachRolePolicyCommand({ RoleName: principal.role, PolicyArn: arn }));
    else await iam.send(new AttachUserPolicyCommand({ UserName: principal.user, PolicyArn: arn }));
  }
}

/** The role as the stack creates it: trust policy, permission policies, SecurityAudit with resource collection. */
export async function createStackRole(iam: IAMClient, role: { name: string; trustAccount: string; externalId: string; trustPolicy?: Record<string, unknown> }, o: StackSideOptions): Promise<void> {
  const trust = role.trustPolicy ?? stackTrustPolicy(accountRootArn(o.partition, role.trustAccount), role.externalId);
  await iam.send(
    new CreateRoleCommand({ RoleName: role.name, AssumeRolePolicyDocument: JSON.stringify(trust), Description: "Datadog AWS integration; managed by Terraform", MaxSessionDuration: 3600 }),
  );
  await permissionPolicies(iam, { role: role.name }, o);
}

/** The user as the stack creates it, with its access key; returns the key's ID. */
export async function createStackUser(iam: IAMClient, userName: string, o: StackSideOptions): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  await iam.send(new CreateUserCommand({ UserName: userName }));
  await permissionPolicies(iam, { user: userName }, o);
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  return { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
}

/** A temp folder for one test's config (and credentials file); removed by `cleanup`. */
export class DoctorWorkspace {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "datadog-aws-doctor-"));

  /** Writes a config file with these environments and returns its path. */
  config(environments: Record<string, Record<string, unknown>>, defaults?: Record<string, unknown>): string {
    const file = path.join(this.dir, `config-${Math.random().toString(36).slice(2, 8)}.json`);
    fs.writeFileSync(file, JSON.stringify({ ...(defaults ? { defaults } : {}), environments }, null, 2));
    return file;
  }

  /** Writes an AWS shared credentials file with one profile and returns its path. */
  credentialsFile(profile: string, credentials: AwsCredentials): string {
    const file = path.join(this.dir, "aws-credentials");
    fs.writeFileSync(file, `[${profile}]\naws_access_key_id = ${credentials.accessKeyId}\naws_secret_access_key = ${credentials.secretAccessKey}\n`);
    return file;
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** AWS and Datadog variables a developer's shell may hold: none may reach the command unless a test sets it. */
const AMBIENT = [
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_IAM",
  "AWS_ENDPOINT_URL_STS",
  "AWS_ROLE_ARN",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "DD_API_KEY",
  "DD_APP_KEY",
  "DATADOG_API_URL",
];

export interface DoctorRun {
  readonly config: string;
  readonly environment: string;
  /** moto's URL (AWS_ENDPOINT_URL). */
  readonly awsEndpoint?: string;
  /** Given as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. */
  readonly credentials?: AwsCredentials;
  /** DATADOG_API_URL. */
  readonly datadogUrl?: string;
  /** Datadog keys by variable name. @default DD_API_KEY and DD_APP_KEY set to the local API's keys */
  readonly keys?: Record<string, string>;
  readonly env?: Record<string, string>;
  /** Arguments after the environment, e.g. ["--wait", "5s"]. */
  readonly args?: readonly string[];
}

/** Runs `node dist/cli/doctor/main.js <environment>` as a user would, in a clean environment. */
export function runDoctor(r: DoctorRun): Promise<RunResult> {
  const env = userEnv({});
  for (const name of AMBIENT) delete env[name];
  const empty = path.join(os.tmpdir(), "datadog-aws-doctor-no-such-file");
  return run("node", ["dist/cli/doctor/main.js", r.environment, ...(r.args ?? [])], {
    ...env,
    // No shared config or credentials file of the machine: only what the test gives.
    AWS_CONFIG_FILE: empty,
    AWS_SHARED_CREDENTIALS_FILE: empty,
    AWS_EC2_METADATA_DISABLED: "true",
    DATADOG_AWS_CONFIG: r.config,
    ...(r.awsEndpoint ? { AWS_ENDPOINT_URL: r.awsEndpoint } : {}),
    ...(r.credentials ? { AWS_ACCESS_KEY_ID: r.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: r.credentials.secretAccessKey } : {}),
    ...(r.datadogUrl ? { DATADOG_API_URL: r.datadogUrl } : {}),
    ...(r.keys ?? { DD_API_KEY: LOCAL_DD_API_KEY, DD_APP_KEY: LOCAL_DD_APP_KEY }),
    ...r.env,
  });
}
