/**
 * The IAM policy of whoever runs `terraform apply` for a stack: create, read, update,
 * delete and import of the stack's IAM role or user, its permission policies, their
 * attachments and its access key, scoped to exactly those ARNs, plus the account guard's
 * sts:GetCallerIdentity.
 *
 * Everything comes from the synthesized stack (its `aws_iam_*` resources and the AWS
 * providers they use), not from the config, so a stack a library user built with the
 * construct gets its policy too. A stack with AWS resources or data sources this policy
 * does not cover, or names and accounts that are known only at plan time, is refused:
 * the policy never silently falls short, and never widens to `*`.
 *
 * The statements and their actions are in deployer-policy-statements.ts; reading the
 * stack's providers, names and tags in synthesized-stack.ts.
 */
import { deployerPolicyUnwritable } from "../errors";
import { DELIVERY_DATA_TYPES, DELIVERY_TYPES, deliveryStatements } from "./deployer-policy-delivery";
import { addCostStatements, COST_COVERED_TYPES } from "./deployer-policy-costs";
import { LOG_DELIVERY_COVERED_TYPES, logDeliveryStatements } from "./deployer-policy-log-delivery";
import { splitSharedResources } from "./deployer-policy-owners";
import { ACTIONS, COVERED_TYPES, DeployerPolicyDocument, DeployerPolicySid, DeployerPolicyStatement } from "./deployer-policy-statements";
import { arn, defaultTagged, entriesOf, hasTags, isLiteral, Json, namePattern, Place, pathOf, Problems, providerPlaces, reference, sortedUnique, SynthesizedStack } from "./synthesized-stack";

export { DEPLOYER_POLICY_SIDS, DeployerPolicyDocument, DeployerPolicySid, DeployerPolicyStatement } from "./deployer-policy-statements";
export { SynthesizedStack } from "./synthesized-stack";

/**
 * The IAM policy the principal running `terraform apply` for `stack` needs (see the
 * module's documentation), derived from the stack itself.
 * @throws ConfigError listing every part of the stack the policy cannot cover or scope
 */
export function deployerPolicy(stack: SynthesizedStack): DeployerPolicyDocument {
  const problems = new Problems();
  const places = providerPlaces(stack, problems);
  const resources = stack.resource ?? {};

  for (const [type, byName] of Object.entries(resources)) {
    if (type.startsWith("aws_") && ![...COVERED_TYPES, ...DELIVERY_TYPES, ...LOG_DELIVERY_COVERED_TYPES, ...COST_COVERED_TYPES].includes(type as never)) {
      problems.add(
        `resource ${type} (${Object.keys(byName).join(", ")}): not covered by the deployer policy, which covers ${[...COVERED_TYPES, ...DELIVERY_TYPES, ...LOG_DELIVERY_COVERED_TYPES, ...COST_COVERED_TYPES].join(", ")}`,
      );
    }
  }
  for (const [type, byName] of Object.entries(stack.data ?? {})) {
    if (type.startsWith("aws_") && !(DELIVERY_DATA_TYPES as readonly string[]).includes(type))
      problems.add(`data source ${type} (${Object.keys(byName).join(", ")}): not covered by the deployer policy`);
  }

  const placeOf = (resource: Json, where: string): Place | undefined => {
    const provider = typeof resource.provider === "string" ? resource.provider.replace(/^\$\{(.*)\}$/, "$1") : "aws";
    const place = places.get(provider);
    if (!place && !problems.list.some((p) => p.startsWith(`provider ${provider}:`))) problems.add(`${where}: uses the AWS provider ${provider}, which the stack does not configure`);
    return place;
  };
  const entries = entriesOf(stack);

  // Where each role, user and policy of the stack lives (ARN patterns, one per allowed account).
  const arnsOf = (type: "aws_iam_role" | "aws_iam_user" | "aws_iam_policy", kind: string) => {
    const out = new Map<string, string[]>();
    for (const { address, name, r } of entries(type)) {
      const place = placeOf(r, address);
      const pattern = namePattern(r, address, problems);
      const path = pathOf(r, address, problems);
      // Known by name even when it cannot be placed (that problem is listed once, here).
      out.set(name, place && pattern ? place.accounts.map((a) => arn(place, a, kind, path, pattern)) : []);
    }
    return out;
  };
  const roles = arnsOf("aws_iam_role", "role");
  const users = arnsOf("aws_iam_user", "user");
  const policies = arnsOf("aws_iam_policy", "policy");

  /** ARNs of the role or user an attachment or key names: a reference to one of the stack's, or a literal name. */
  const principalArns = (value: unknown, type: "aws_iam_role" | "aws_iam_user", own: Map<string, string[]>, resource: Json, where: string): string[] => {
    const ref = reference(value);
    if (ref && ref.type === type && own.has(ref.name)) return own.get(ref.name)!;
    if (isLiteral(value)) {
      const place = placeOf(resource, where);
      return place ? place.accounts.map((a) => arn(place, a, type === "aws_iam_role" ? "role" : "user", "/", value)) : [];
    }
    problems.add(`${where}: ${type === "aws_iam_role" ? "role" : "user"} ${JSON.stringify(value)} is neither a name nor a reference to a ${type} of the stack`);
    return [];
  };
  /** The policy ARNs an attachment attaches: its literal ARN, or the ARN pattern of the stack's policy it refers to. */
  const attachedArns = (value: unknown, where: string): string[] => {
    const ref = reference(value);
    if (ref && ref.type === "aws_iam_policy" && ref.attribute === "arn" && policies.has(ref.name)) return policies.get(ref.name)!;
    if (isLiteral(value)) return [value];
    problems.add(`${where}: policy_arn ${JSON.stringify(value)} is neither an ARN nor a reference to an aws_iam_policy of the stack`);
    return [];
  };

  const roleAttachments = entries("aws_iam_role_policy_attachment").map(({ address, r }) => ({
    principal: principalArns(r.role, "aws_iam_role", roles, r, address),
    policies: attachedArns(r.policy_arn, address),
  }));
  const userAttachments = entries("aws_iam_user_policy_attachment").map(({ address, r }) => ({
    principal: principalArns(r.user, "aws_iam_user", users, r, address),
    policies: attachedArns(r.policy_arn, address),
  }));
  const keyUsers = entries("aws_iam_access_key").flatMap(({ address, r }) => principalArns(r.user, "aws_iam_user", users, r, address));
  // Buckets and inline role policies go to the one part that writes them (deployer-policy-owners.ts).
  const owned = splitSharedResources(stack, problems);
  const delivery = deliveryStatements(owned.delivery, placeOf, roles, problems);
  const logDelivery = logDeliveryStatements(owned.delivery, placeOf, roles, problems);
  const costEntries = entriesOf(owned.costs);
  const costPolicyRoles = costEntries("aws_iam_role_policy").flatMap(({ address, r }) => principalArns(r.role, "aws_iam_role", roles, r, address));

  const statements: DeployerPolicyStatement[] = [];
  const add = (Sid: DeployerPolicySid, actions: readonly string[], resource: readonly string[], condition?: DeployerPolicyStatement["Condition"]) => {
    if (resource.length === 0 || actions.length === 0) return;
    statements.push({ Sid, Effect: "Allow", Action: sortedUnique(actions), Resource: resource, ...(condition ? { Condition: condition } : {}) });
  };
  const costStatements: DeployerPolicyStatement[] = [];
  addCostStatements(costEntries, sortedUnique(costPolicyRoles), placeOf, problems, (Sid, actions, resource) => {
    if (resource.length > 0) costStatements.push({ Sid, Effect: "Allow", Action: sortedUnique(actions), Resource: resource });
  });

  if (problems.list.length > 0) {
    throw deployerPolicyUnwritable(problems.list);
  }

  // Write on the stack's own roles and users only; reads also on one an attachment or key names by literal name.
  const ownRoles = sortedUnique([...roles.values()].flat());
  const ownUsers = sortedUnique([...users.values()].flat());
  const readRoles = sortedUnique([...ownRoles, ...roleAttachments.flatMap((a) => a.principal)]);
  const readUsers = sortedUnique([...ownUsers, ...userAttachments.flatMap((a) => a.principal), ...keyUsers]);
  const policyArns = sortedUnique([...policies.values()].flat());

  const attachCondition = (attachments: { policies: string[] }[]) => ({ ArnLike: { "iam:PolicyARN": sortedUnique(attachments.flatMap((a) => a.policies)) } });

  add("ReadCallerIdentityForAccountGuard", ACTIONS.accountGuard, ["*"]);
  add("ReadIntegrationRole", ACTIONS.readRole, readRoles);
  add("WriteIntegrationRole", ACTIONS.writeRole, ownRoles);
  add("AttachPoliciesToIntegrationRole", ACTIONS.attachToRole, sortedUnique(roleAttachments.flatMap((a) => a.principal)), attachCondition(roleAttachments));
  add("ReadIntegrationUser", ACTIONS.readUser, readUsers);
  add("WriteIntegrationUser", ACTIONS.writeUser, ownUsers);
  add("AttachPoliciesToIntegrationUser", ACTIONS.attachToUser, sortedUnique(userAttachments.flatMap((a) => a.principal)), attachCondition(userAttachments));
  add("ReadIntegrationUserAccessKeys", ACTIONS.readAccessKeys, sortedUnique(keyUsers));
  add("WriteIntegrationUserAccessKeys", ACTIONS.writeAccessKeys, sortedUnique(keyUsers));
  add("ReadIntegrationPolicies", ACTIONS.readPolicies, policyArns);
  add("WriteIntegrationPolicies", ACTIONS.writePolicies, policyArns);

  // Tags: the resource's own `tags` (the construct tags its policies), or its provider's `default_tags`.
  const tagged = (type: "aws_iam_role" | "aws_iam_user" | "aws_iam_policy", own: Map<string, string[]>) =>
    sortedUnique(entries(type).flatMap(({ name, r }) => (hasTags(r.tags) || defaultTagged(stack, r) ? (own.get(name) ?? []) : [])));
  add("TagIntegrationRole", ACTIONS.tagRole, tagged("aws_iam_role", roles));
  add("TagIntegrationUser", ACTIONS.tagUser, tagged("aws_iam_user", users));
  add("TagIntegrationPolicies", ACTIONS.tagPolicy, tagged("aws_iam_policy", policies));
  statements.push(...delivery, ...logDelivery);
  statements.push(...costStatements);

  return { Version: "2012-10-17", Statement: statements };
}
