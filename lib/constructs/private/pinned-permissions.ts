/**
 * Pinned permissions: the dated lists shipped with this project, packed into as few
 * managed policies as IAM's size quota allows, each attached to the principal.
 */
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { PermissionList } from "../../facts/permissions";
import { pinnedListsFor } from "../../config/contract";
import { ADDRESSES, PERMISSIONS_TAG, permissionsPolicyName } from "../names";
import { mergeActions, packActions, permissionsDocument } from "./policy-packing";
import { IntegrationContext } from "./context";
import { movePermissions } from "./permission-moves";
import { permissionsPolicyDescription } from "./policy-description";
import { Principal } from "./principal";

/** The pinned lists are constants: pack them, and write each part's policy document, once per combination, not once per stack. */
const pinnedPolicyDocuments = new Map<string, string[]>();
function pinnedDocuments(lists: readonly PermissionList[]): string[] {
  const key = lists.map((l) => `${l.name}@${l.date}`).join("+");
  let documents = pinnedPolicyDocuments.get(key);
  if (!documents) {
    documents = packActions(mergeActions(...lists.map((l) => l.actions))).map((actions) => JSON.stringify(permissionsDocument(actions)));
    pinnedPolicyDocuments.set(key, documents);
  }
  return documents;
}

/** Creates and attaches the policies; returns how many managed policies they are. */
export function attachPinnedPermissions(ctx: IntegrationContext, principal: Principal): number {
  const { scope, naming, config } = ctx;
  const lists = pinnedListsFor(config.resourceCollection);
  const documents = pinnedDocuments(lists);
  const listNames = lists.map((l) => `${l.name}-${l.date}`).join(" + ");
  documents.forEach((document, i) => {
    const n = i + 1;
    const policy = new IamPolicy(scope, ADDRESSES.policy(n), {
      provider: ctx.awsProvider,
      name: permissionsPolicyName(principal.name, n),
      description: permissionsPolicyDescription(principal.name, n),
      policy: document,
      tags: { [PERMISSIONS_TAG]: `pinned ${listNames}` },
      lifecycle: { ignoreChanges: ["description"] },
    });
    naming.name(policy, ADDRESSES.policy(n));
    principal.attach(policy.arn, ADDRESSES.roleAttachment(n));
  });
  // From live permissions: part n keeps its name, so it is updated in place (no new
  // policy under a name that still exists, no moment without the permission).
  movePermissions(
    ctx,
    principal,
    documents.map((_, i) => ({ pinned: i + 1, live: i })),
    "to pinned",
  );
  return documents.length;
}
