/**
 * Splitting Datadog's permission lists into IAM policy documents that fit IAM's quotas.
 *
 * Two implementations of one idea, for the two permission modes:
 * - pinned lists are known at synth time, so they are packed here, in TypeScript, into
 *   as few documents as fit (readable literal JSON in the synthesized output);
 * - live lists are only known at plan time, so `chunkingExpressions` renders Terraform
 *   expressions that split them there. The bucket size leaves room for the longest
 *   action IAM allows, so no document can overflow whatever Datadog adds.
 */
import { IAM_QUOTAS, iamPolicySize } from "../../facts/iam-quotas";

export const POLICY_VERSION = "2012-10-17";
export const STATEMENT_SID = "DatadogAwsIntegration";

export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly { Sid: string; Effect: "Allow"; Action: readonly string[]; Resource: "*" }[];
}

export function permissionsDocument(actions: readonly string[]): PolicyDocument {
  return { Version: POLICY_VERSION, Statement: [{ Sid: STATEMENT_SID, Effect: "Allow", Action: actions, Resource: "*" }] };
}

/** Characters a policy document takes before any action is added. */
export const DOCUMENT_OVERHEAD = iamPolicySize(permissionsDocument([]));
/** An action costs its length plus two quotes, and a comma unless it is the first. */
const actionCost = (action: string, first: boolean) => action.length + (first ? 2 : 3);

/** Sorted, de-duplicated union of the lists (a few actions are in both of Datadog's lists). */
export function mergeActions(...lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())].sort();
}

/**
 * Packs sorted actions, in order, into documents of at most `limit` characters. Keeping
 * the order means a new action moves at most the tail of one document, not every policy.
 */
export function packActions(actions: readonly string[], limit: number = IAM_QUOTAS.managedPolicyChars): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = DOCUMENT_OVERHEAD;
  for (const action of actions) {
    if (DOCUMENT_OVERHEAD + actionCost(action, true) > limit) {
      throw new Error(`IAM action ${JSON.stringify(action)} alone does not fit a policy of ${limit} characters`);
    }
    if (current.length > 0 && size + actionCost(action, false) > limit) {
      chunks.push(current);
      current = [];
      size = DOCUMENT_OVERHEAD;
    }
    size += actionCost(action, current.length === 0);
    current.push(action);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** IAM allows action names up to 128 characters (service prefix, colon, action). */
const MAX_ACTION_COST = 128 + 3;

/**
 * Size of one bucket in the plan-time split. A document holds the actions whose running
 * total ends inside its bucket, so it can start up to one action before the bucket does:
 * leaving room for the longest possible action keeps every document within the quota.
 */
export const LIVE_BUCKET_CHARS = IAM_QUOTAS.managedPolicyChars - DOCUMENT_OVERHEAD - MAX_ACTION_COST;

export interface ChunkingExpressions {
  /** Sorted, de-duplicated actions. */
  readonly actions: string;
  /** Characters each action takes in a document (with quotes and a comma). */
  readonly costs: string;
  /** The costs in blocks of BLOCK_SIZE, so running totals are not quadratic. */
  readonly blocks: string;
  /** Characters before each block. */
  readonly block_starts: string;
  /** Running total of characters after each action. */
  readonly ends: string;
  /** List of lists of actions, one per policy document. */
  readonly chunks: string;
}

/**
 * Running totals in Terraform have no loop to carry a sum, so each is a `sum` over a
 * slice. Over the whole list that is quadratic (seconds of CPU per plan for Datadog's
 * ~820 actions); within blocks of 32, plus one total per block, it stays small.
 */
const BLOCK_SIZE = 32;

/**
 * Terraform expressions (without `${}`) that split a list of actions into documents.
 * `list` is an expression yielding a list of strings; `local(name)` names the locals
 * the caller stores each expression under (in this order: each uses the ones before).
 */
export function chunkingExpressions(list: string, local: (name: keyof ChunkingExpressions) => string): ChunkingExpressions {
  const [actions, costs, blocks, starts, ends] = (["actions", "costs", "blocks", "block_starts", "ends"] as const).map(local);
  const bucket = (end: string) => `floor(${end} / ${LIVE_BUCKET_CHARS})`;
  return {
    actions: `sort(distinct(${list}))`,
    costs: `[for a in ${actions} : length(a) + 3]`,
    blocks: `chunklist(${costs}, ${BLOCK_SIZE})`,
    block_starts: `[for j, b in ${blocks} : j == 0 ? 0 : sum([for s in slice(${blocks}, 0, j) : sum(s)])]`,
    ends: `flatten([for j, b in ${blocks} : [for k, c in b : ${starts}[j] + sum(slice(b, 0, k + 1))]])`,
    chunks: `[for k in distinct([for e in ${ends} : ${bucket("e")}]) : [for i, a in ${actions} : a if ${bucket(`${ends}[i]`)} == k]]`,
  };
}
