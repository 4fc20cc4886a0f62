/**
 * What the commands that read AWS call there, as an IAM policy names it: the permissions
 * their access-denied messages ask for. Facts about AWS's APIs (each call's IAM action,
 * AWS's Service Authorization Reference), not errors; `command-permissions.test.ts` checks
 * each is a real read-only action in AWS's catalogue.
 */

/** What `npm run discover` calls in AWS Organizations (AWSOrganizationsReadOnlyAccess has all of it). */
export const DISCOVER_PERMISSIONS = ["organizations:DescribeOrganization", "organizations:ListAccounts", "organizations:ListAccountsForParent", "organizations:ListOrganizationalUnitsForParent"];

/** What the doctor reads in IAM, as a policy would name it (IAMReadOnlyAccess has all of it). */
export const DOCTOR_IAM_PERMISSIONS = [
  "iam:GetRole",
  "iam:ListRoles",
  "iam:ListAttachedRolePolicies",
  "iam:ListRolePolicies",
  "iam:GetRolePolicy",
  "iam:GetUser",
  "iam:ListUsers",
  "iam:ListAttachedUserPolicies",
  "iam:ListUserPolicies",
  "iam:GetUserPolicy",
  "iam:ListGroupsForUser",
  "iam:ListAttachedGroupPolicies",
  "iam:ListGroupPolicies",
  "iam:GetGroupPolicy",
  "iam:ListAccessKeys",
  "iam:GetPolicy",
  "iam:GetPolicyVersion",
];
