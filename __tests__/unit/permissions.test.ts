/**
 * Datadog's permissions, split into as few policies as IAM's quotas allow.
 */
import { resourcesOf, synthOne } from "../support/synth";
import { RESOURCE_COLLECTION_PERMISSIONS, STANDARD_PERMISSIONS } from "../../lib/facts/permissions";
import { IAM_QUOTAS, iamPolicySize } from "../../lib/facts/iam-quotas";
import { DOCUMENT_OVERHEAD, LIVE_BUCKET_CHARS, mergeActions, packActions, permissionsDocument } from "../../lib/constructs/private/policy-packing";

function pinnedPolicies(env: Record<string, unknown>): { name: string; document: { Statement: { Action: string[]; Resource: string; Effect: string }[] } }[] {
  return Object.values(resourcesOf(synthOne({ permissions: "pinned", ...env }), "aws_iam_policy")).map((p) => ({ name: p.name, document: JSON.parse(p.policy) }));
}

const actionsOf = (policies: ReturnType<typeof pinnedPolicies>) => policies.flatMap((p) => p.document.Statement.flatMap((s) => s.Action));

describe("pinned permissions", () => {
  test("the pinned lists are dated copies of Datadog's template, each action once", () => {
    for (const list of [STANDARD_PERMISSIONS, RESOURCE_COLLECTION_PERMISSIONS]) {
      expect(list.actions.length).toBeGreaterThan(0);
      expect(new Set(list.actions).size).toBe(list.actions.length);
      for (const action of list.actions) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z0-9*]+$/);
      // A real day, not after today: `npm run permissions -- update` stamps the day it copied.
      expect(list.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(new Date(`${list.date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(list.date);
      expect(Date.parse(list.date)).toBeLessThanOrEqual(Date.now());
      expect(list.source).toMatch(/^DataDog\/cloudformation-template /);
    }
  });

  test("standard set only: one policy holding exactly the standard set", () => {
    const policies = pinnedPolicies({ resourceCollection: false });
    expect(policies).toHaveLength(1);
    expect(actionsOf(policies)).toEqual([...STANDARD_PERMISSIONS.actions].sort());
    expect(policies[0].document.Statement[0]).toMatchObject({ Effect: "Allow", Resource: "*" });
  });

  test("with resource collection: the union, each action once, in as few policies as fit", () => {
    const policies = pinnedPolicies({});
    const expected = mergeActions(STANDARD_PERMISSIONS.actions, RESOURCE_COLLECTION_PERMISSIONS.actions);
    const granted = actionsOf(policies);
    // Every action of either list, and none twice (the lists share a few).
    expect(new Set(granted)).toEqual(new Set([...STANDARD_PERMISSIONS.actions, ...RESOURCE_COLLECTION_PERMISSIONS.actions]));
    expect(new Set(granted).size).toBe(granted.length);
    expect(granted).toEqual(expected);
    const total = expected.reduce((n, a) => n + a.length + 3, 0);
    const lowerBound = Math.ceil(total / (IAM_QUOTAS.managedPolicyChars - DOCUMENT_OVERHEAD));
    expect(policies.length).toBeLessThanOrEqual(lowerBound + 1);
    for (const p of policies) expect(iamPolicySize(p.document)).toBeLessThanOrEqual(IAM_QUOTAS.managedPolicyChars);
  });

  test("policy names are unique per principal and within IAM's 128 characters", () => {
    const names = pinnedPolicies({ auth: { type: "role", roleName: "R".repeat(64) } }).map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(IAM_QUOTAS.policyNameMaxLength);
  });

  test("with CSPM the role still has at most 10 managed policies", () => {
    const stack = synthOne({ permissions: "pinned", cspm: true });
    expect(Object.keys(resourcesOf(stack, "aws_iam_role_policy_attachment")).length).toBeLessThanOrEqual(IAM_QUOTAS.managedPoliciesPerPrincipal);
  });
});

describe("packActions", () => {
  test("fills documents up to the limit and never over it", () => {
    const actions = Array.from({ length: 500 }, (_, i) => `service:Action${String(i).padStart(4, "0")}${"x".repeat(i % 40)}`);
    const chunks = packActions(actions, 2000);
    expect(chunks.flat()).toEqual(actions);
    for (const c of chunks) expect(iamPolicySize(permissionsDocument(c))).toBeLessThanOrEqual(2000);
    // Greedy in order: no document could have taken the next document's first action.
    for (let i = 0; i + 1 < chunks.length; i++) {
      expect(iamPolicySize(permissionsDocument([...chunks[i], chunks[i + 1][0]]))).toBeGreaterThan(2000);
    }
  });

  test("an action that cannot fit anywhere is an error, not a silent overflow", () => {
    expect(() => packActions([`s:${"a".repeat(300)}`], 200)).toThrow(/does not fit/);
  });
});

describe("live permissions", () => {
  const stack = synthOne({ cspm: true });
  const policy = resourcesOf(stack, "aws_iam_policy").datadog_permissions;

  test("read at plan time from the provider's data source, split by Terraform", () => {
    expect(stack.locals?.datadog_permission_actions).toBe("${sort(distinct(data.datadog_integration_aws_iam_permissions.datadog_permission_list.iam_permissions))}");
    expect(stack.locals?.datadog_permission_chunks).toContain(`/ ${LIVE_BUCKET_CHARS})`);
    expect(policy.count).toBe("${length(local.datadog_permission_chunks)}");
    expect(policy.policy).toContain("Action = local.datadog_permission_chunks[count.index]");
    expect(resourcesOf(stack, "aws_iam_role_policy_attachment").datadog_permissions_attachment.policy_arn).toBe("${aws_iam_policy.datadog_permissions[count.index].arn}");
  });

  test("the plan stops before any change if Datadog's lists outgrow the quotas (reported once, on the role)", () => {
    const [count] = resourcesOf(stack, "aws_iam_role").datadog_role.lifecycle.precondition;
    expect(count.condition).toBe("${length(local.datadog_permission_chunks) + 1 <= 10}");
    const [size] = policy.lifecycle.precondition;
    expect(size.condition).toContain("<= 6144}");
  });

  test("a bucket leaves room for the longest action IAM allows", () => {
    // A document holds the actions whose running total ends inside its bucket, so the first
    // may start before it. Worst case: a bucket's worth of the longest names IAM allows (128).
    const longest = (i: number) => `s:${String(i).padStart(126, "x")}`;
    const cost = iamPolicySize(permissionsDocument([longest(0), longest(1)])) - iamPolicySize(permissionsDocument([longest(0)]));
    const worst = Array.from({ length: Math.ceil(LIVE_BUCKET_CHARS / cost) }, (_, i) => longest(i));
    expect(longest(0)).toHaveLength(128);
    expect(iamPolicySize(permissionsDocument(worst))).toBeLessThanOrEqual(IAM_QUOTAS.managedPolicyChars);
  });
});
