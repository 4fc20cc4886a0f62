/**
 * Moved blocks between the pinned addresses (`_permissions_<n>`) and the live ones
 * (`_permissions[n-1]`) of the same policies and attachments, so switching an
 * environment between the two modes updates them in place. A move whose source is not
 * in state does nothing; a live part beyond the new count is destroyed as usual.
 */
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { ADDRESSES } from "../names";
import { IntegrationContext } from "./context";
import { MovedBlocks } from "./moved-blocks";
import { Principal } from "./principal";

/** Part `pinned` (1-based) of the pinned mode is element `live` (0-based) of the live mode. */
export interface PermissionPart {
  readonly pinned: number;
  readonly live: number;
}

export function movePermissions(ctx: IntegrationContext, principal: Principal, parts: readonly PermissionPart[], direction: "to pinned" | "to live"): void {
  const { naming } = ctx;
  const policy = IamPolicy.tfResourceType;
  const pinned = (n: number) => [naming.address(policy, ADDRESSES.policy(n)), naming.address(principal.attachmentType, ADDRESSES.roleAttachment(n))];
  const live = (i: number) => [naming.address(policy, ADDRESSES.livePolicy, i), naming.address(principal.attachmentType, ADDRESSES.liveAttachment, i)];
  const moves = parts.flatMap(({ pinned: n, live: i }) => {
    const [from, to] = direction === "to pinned" ? [live(i), pinned(n)] : [pinned(n), live(i)];
    return from.map((address, k) => ({ from: address, to: to[k] }));
  });
  new MovedBlocks(ctx.scope, "moved-permissions", moves);
}
