// What an AWS account holds before a plan (a role or user made by hand, which an import adopts), put into moto through IAM's own API.
import { AttachRolePolicyCommand, AttachUserPolicyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";

export interface ExistingRole {
  readonly name: string;
  /** Trust policy JSON. */
  readonly assumeRolePolicy: string;
  readonly description?: string;
  readonly maxSessionDuration?: number;
  readonly path?: string;
  /** Customer managed policies of the account (made here with a placeholder document) or AWS managed ones. */
  readonly attachedPolicyArns?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ExistingUser {
  readonly name: string;
  readonly path?: string;
  readonly attachedPolicyArns?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ExistingIam {
  readonly roles?: readonly ExistingRole[];
  readonly users?: readonly ExistingUser[];
}

const tagList = (tags: Readonly<Record<string, string>> = {}) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** A hand-made policy's document: what it grants does not matter to a plan that only attaches it. */
const PLACEHOLDER_POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "cloudwatch:GetMetricData", Resource: "*" }] });

/** Creates the roles and users (and the customer managed policies they have attached) with `iam`, a client acting in their account. */
export async function createExisting(iam: IAMClient, existing: ExistingIam): Promise<void> {
  const made = new Set<string>();
  const ensurePolicy = async (arn: string) => {
    // AWS managed policies are there already (moto_server.py loads them); a customer one is made once.
    if (arn.includes(":iam::aws:policy/") || made.has(arn)) return;
    const match = /^arn:[\w-]+:iam::\d{12}:policy(\/(?:.*\/)?)([\w+=,.@-]+)$/.exec(arn);
    if (!match) throw new Error(`not a policy ARN: ${arn}`);
    const created = await iam.send(new CreatePolicyCommand({ PolicyName: match[2], Path: match[1], PolicyDocument: PLACEHOLDER_POLICY }));
    if (created.Policy?.Arn !== arn) throw new Error(`moto made ${created.Policy?.Arn} for ${arn}: the role's account or partition is not the client's`);
    made.add(arn);
  };
  for (const role of existing.roles ?? []) {
    await iam.send(
      new CreateRoleCommand({
        RoleName: role.name,
        Path: role.path,
        AssumeRolePolicyDocument: role.assumeRolePolicy,
        Description: role.description,
        MaxSessionDuration: role.maxSessionDuration,
        Tags: role.tags ? tagList(role.tags) : undefined,
      }),
    );
    for (const arn of role.attachedPolicyArns ?? []) {
      await ensurePolicy(arn);
      await iam.send(new AttachRolePolicyCommand({ RoleName: role.name, PolicyArn: arn }));
    }
  }
  for (const user of existing.users ?? []) {
    await iam.send(new CreateUserCommand({ UserName: user.name, Path: user.path, Tags: user.tags ? tagList(user.tags) : undefined }));
    for (const arn of user.attachedPolicyArns ?? []) {
      await ensurePolicy(arn);
      await iam.send(new AttachUserPolicyCommand({ UserName: user.name, PolicyArn: arn }));
    }
  }
}
