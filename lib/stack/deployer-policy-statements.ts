/**
 * The deployer policy's statements: their Sids in order, the resource types the policy
 * covers and the IAM actions each statement grants. deployer-policy.ts decides which
 * statements a stack needs and on which ARNs.
 *
 * The actions are the calls the AWS provider (5.x) makes for these resources, as
 * `__tests__/proof/deployer-policy.test.ts` records them from moto while applying, re-planning,
 * changing and destroying stacks as a principal holding only this policy:
 * - role: CreateRole; GetRole, ListRolePolicies, ListAttachedRolePolicies (read, import);
 *   UpdateAssumeRolePolicy, UpdateRoleDescription, UpdateRole (max session duration);
 *   ListInstanceProfilesForRole, DeleteRole (destroy);
 * - user: CreateUser; GetUser, ListAttachedUserPolicies; ListGroupsForUser, DeleteUser;
 * - access key: CreateAccessKey; ListAccessKeys (read); UpdateAccessKey (status drift);
 *   DeleteAccessKey;
 * - policy: CreatePolicy; GetPolicy, GetPolicyVersion; ListPolicyVersions,
 *   CreatePolicyVersion, DeletePolicyVersion (a changed document); DeletePolicy;
 * - attachments: Attach/DetachRolePolicy or Attach/DetachUserPolicy, whose resource is the
 *   role or user; which policy may be attached is the `iam:PolicyARN` condition;
 * - tags, only on what the stack tags (its `tags`, as the construct's list tag on each
 *   policy, or the provider's `default_tags`): TagRole/UntagRole, TagUser/UntagUser,
 *   TagPolicy/UntagPolicy. IAM also asks for these to create a resource with tags.
 */

/** One statement of the deployer's policy. */
export interface DeployerPolicyStatement {
  /** What the statement is for. */
  readonly Sid: string;
  /** Always Allow: the policy grants, it never denies. */
  readonly Effect: "Allow";
  /** The IAM actions granted. */
  readonly Action: readonly string[];
  /** The ARNs they are granted on (only `sts:GetCallerIdentity` has `*`). */
  readonly Resource: readonly string[];
  /** Further limits, e.g. which policies may be attached (`iam:PolicyARN`). */
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** The deployer's IAM policy document. */
export interface DeployerPolicyDocument {
  /** The IAM policy language version. */
  readonly Version: "2012-10-17";
  /** The statements, in the order of DEPLOYER_POLICY_SIDS. */
  readonly Statement: readonly DeployerPolicyStatement[];
}

/** Sids of the statements a deployer policy can have, in the order they appear. */
export const DEPLOYER_POLICY_SIDS = [
  "ReadCallerIdentityForAccountGuard",
  "ReadIntegrationRole",
  "WriteIntegrationRole",
  "AttachPoliciesToIntegrationRole",
  "ReadIntegrationUser",
  "WriteIntegrationUser",
  "AttachPoliciesToIntegrationUser",
  "ReadIntegrationUserAccessKeys",
  "WriteIntegrationUserAccessKeys",
  "ReadIntegrationPolicies",
  "WriteIntegrationPolicies",
  "TagIntegrationRole",
  "TagIntegrationUser",
  "TagIntegrationPolicies",
  // Cloud Cost Management (deployer-policy-costs.ts).
  "WriteIntegrationRoleInlinePolicies",
  "WriteCostBucket",
  "WriteCostExport",
  "ReadCostExportSource",
] as const;

/** The Sid of one of the deployer policy's statements. */
export type DeployerPolicySid = (typeof DEPLOYER_POLICY_SIDS)[number];

/** The resource types the policy covers; any other `aws_*` resource or data source is refused. */
export const COVERED_TYPES = ["aws_iam_role", "aws_iam_user", "aws_iam_access_key", "aws_iam_policy", "aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment"] as const;

/** The actions of each statement (see above for the provider calls they are). */
export const ACTIONS = {
  accountGuard: ["sts:GetCallerIdentity"],
  readRole: ["iam:GetRole", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole", "iam:ListRolePolicies"],
  writeRole: ["iam:CreateRole", "iam:DeleteRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription"],
  attachToRole: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
  readUser: ["iam:GetUser", "iam:ListAttachedUserPolicies", "iam:ListGroupsForUser"],
  writeUser: ["iam:CreateUser", "iam:DeleteUser"],
  attachToUser: ["iam:AttachUserPolicy", "iam:DetachUserPolicy"],
  readAccessKeys: ["iam:ListAccessKeys"],
  writeAccessKeys: ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:UpdateAccessKey"],
  readPolicies: ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions"],
  writePolicies: ["iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion"],
  tagRole: ["iam:TagRole", "iam:UntagRole"],
  tagUser: ["iam:TagUser", "iam:UntagUser"],
  tagPolicy: ["iam:TagPolicy", "iam:UntagPolicy"],
} as const;
