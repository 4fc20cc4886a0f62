/**
 * "live" permissions: Datadog's lists are read at plan time and split into policy
 * documents by Terraform expressions (policy-packing.ts, chunkingExpressions). Datadog's
 * API is not reachable offline, so this test lets Terraform evaluate the product's own
 * expressions over known lists:
 *
 * - the locals and the aws_iam_policy's count, document and preconditions are taken from
 *   a synthesized live stack, unchanged except that the data source's list becomes a local
 *   holding the input;
 * - the policy resource becomes a `terraform_data` (built into Terraform, no provider
 *   needed) with the same count, the document as its input and the same preconditions;
 * - `terraform plan` evaluates it all; the documents are read back from the plan JSON.
 *
 * Inputs: Datadog's pinned standard list, the standard + resource-collection union (with
 * the duplicates the two lists share), and a synthetic list of long actions.
 */
import { RESOURCE_COLLECTION_PERMISSIONS, STANDARD_PERMISSIONS } from "../../lib/facts/permissions";
import { chunkingExpressions } from "../../lib/constructs/private/policy-packing";
import { synthOne, TerraformJson } from "../support/synth";
import { describeWithTerraform } from "../support/proof-guards";
import { PlanRun, runTerraformPlan, successfulPlan } from "../support/terraform-offline-plan";
import { changesOfType, plannedOutputs, TerraformPlan } from "../support/terraform-plan-json";

const MAX_POLICY_CHARS = 6144;
const MAX_MANAGED_POLICIES = 10;

// A live stack with resource collection and CSPM: the widest list (both of Datadog's)
// and one managed policy slot reserved for SecurityAudit.
const LIVE = synthOne({ permissions: "live", resourceCollection: true, cspm: true });
const LIST_TYPE = Object.keys(LIVE.data ?? {})[0];
const LIST_REF = `data.${LIST_TYPE}.${Object.keys(LIVE.data?.[LIST_TYPE] ?? {})[0]}.iam_permissions`;
type Precondition = { condition: string; error_message: string };
const POLICY = Object.values(LIVE.resource?.aws_iam_policy ?? {})[0] as { count: string; policy: string; lifecycle: { precondition: Precondition[] } };
// The managed-policy-count check sits on the role (not counted, so it reports once).
const ROLE = Object.values(LIVE.resource?.aws_iam_role ?? {})[0] as { lifecycle: { precondition: Precondition[] } };
const INPUT_LOCAL = "permission_input";
const CHUNKS_LOCAL = Object.keys(LIVE.locals ?? {}).find((k) => k.endsWith("_chunks"))!;

/**
 * A Terraform config evaluating the live stack's split over `input`. `quotaCheck: false`
 * drops the managed-policy-count precondition (for inputs bigger than any real list, where
 * only the document size bound is under test).
 */
function chunkingConfig(input: readonly string[], quotaCheck = true): TerraformJson {
  const locals = Object.fromEntries(Object.entries(LIVE.locals ?? {}).map(([name, value]) => [name, value.split(LIST_REF).join(`local.${INPUT_LOCAL}`)]));
  return {
    locals: { ...locals, [INPUT_LOCAL]: [...input] } as unknown as Record<string, string>,
    resource: {
      terraform_data: {
        permissions: { count: POLICY.count, input: POLICY.policy, lifecycle: { precondition: POLICY.lifecycle.precondition } },
        ...(quotaCheck ? { principal: { input: "role", lifecycle: { precondition: ROLE.lifecycle.precondition } } } : {}),
      },
    },
    output: { chunks: { value: `\${local.${CHUNKS_LOCAL}}` } },
  };
}

/** The documents Terraform rendered, in order, and the chunks it split the actions into. */
function rendered(plan: TerraformPlan): { documents: string[]; chunks: string[][] } {
  const documents = changesOfType(plan, "terraform_data")
    .filter((c) => c.name === "permissions")
    .sort((a, b) => Number(a.index) - Number(b.index))
    .map((c) => c.change.after?.input as string);
  return { documents, chunks: plannedOutputs(plan).chunks as string[][] };
}

/** What is wrong with a split of `input`; empty when every document fits and every action is in exactly one. */
function splitProblems(input: readonly string[], documents: readonly string[], chunks: readonly string[][], maxDocuments?: number): string[] {
  const problems: string[] = [];
  const expected = [...new Set(input)].sort();
  const actions: string[] = [];
  documents.forEach((doc, i) => {
    // jsonencode writes no whitespace; re-minifying proves it (IAM does not count whitespace).
    const size = JSON.stringify(JSON.parse(doc)).length;
    if (size > MAX_POLICY_CHARS) problems.push(`document ${i + 1} is ${size} characters, over IAM's ${MAX_POLICY_CHARS}`);
    const statements = JSON.parse(doc).Statement as { Effect: string; Action: string[]; Resource: string }[];
    if (statements.length !== 1 || statements[0].Effect !== "Allow" || statements[0].Resource !== "*") problems.push(`document ${i + 1} is not one Allow statement on "*"`);
    const docActions = statements.flatMap((s) => s.Action);
    if (JSON.stringify(docActions) !== JSON.stringify(chunks[i])) problems.push(`document ${i + 1} does not hold chunk ${i + 1}`);
    actions.push(...docActions);
  });
  if (maxDocuments !== undefined && documents.length > maxDocuments) problems.push(`${documents.length} documents, over the ${maxDocuments} IAM allows next to SecurityAudit`);
  const seen = new Set<string>();
  for (const a of actions) {
    if (seen.has(a)) problems.push(`${a} is in more than one document`);
    seen.add(a);
  }
  const missing = expected.filter((a) => !seen.has(a));
  const extra = [...seen].filter((a) => !expected.includes(a));
  if (missing.length) problems.push(`${missing.length} actions in no document, e.g. ${missing.slice(0, 3).join(", ")}`);
  if (extra.length) problems.push(`actions not in the input: ${extra.slice(0, 3).join(", ")}`);
  if (!missing.length && !extra.length && JSON.stringify(actions) !== JSON.stringify(expected)) problems.push("the documents do not keep the sorted order");
  return problems;
}

/**
 * Long synthetic actions, deterministic (seeded): lengths 96 to 128, IAM's longest action
 * name, so documents keep hitting a bucket boundary with a near-maximal action. 600 of them
 * are over ten documents' worth. More would only slow the test down: the running totals
 * (the `ends` local) cost time quadratic in the number of actions, about 4 s of CPU per
 * evaluation for Datadog's 823 and 17 s for 1,500.
 */
function longActions(count: number): string[] {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, (_, i) => {
    const length = i % 7 === 0 ? 128 : 96 + Math.floor(next() * 33);
    const name = `svc${String(i).padStart(4, "0")}:Describe`;
    return name + "X".repeat(length - name.length);
  });
}

const STANDARD = STANDARD_PERMISSIONS.actions;
// Concatenated, not merged: both lists share a few actions, which the split must de-duplicate.
const UNION = [...STANDARD_PERMISSIONS.actions, ...RESOURCE_COLLECTION_PERMISSIONS.actions];
const STRESS = longActions(600);

describeWithTerraform("live permissions are split within IAM's quotas by Terraform itself", () => {
  // Started together (the harness runs a few at a time), awaited by their tests. Only the
  // first is validated separately: plan validates too, and validate would evaluate the
  // quadratic split a second time.
  const runs: Record<"standard" | "union" | "stress" | "stressWithQuota", Promise<PlanRun>> = {} as never;
  beforeAll(() => {
    runs.standard = runTerraformPlan(chunkingConfig(STANDARD));
    runs.union = runTerraformPlan(chunkingConfig(UNION), { validate: false });
    runs.stress = runTerraformPlan(chunkingConfig(STRESS, false), { validate: false });
    runs.stressWithQuota = runTerraformPlan(chunkingConfig(STRESS), { validate: false });
    for (const run of Object.values(runs)) run.catch(() => undefined); // reported by the test that awaits it
  });

  test("the stack's locals are chunkingExpressions over Datadog's list; the policy has the document and size check, the role the count check", () => {
    const expected = chunkingExpressions(LIST_REF, (n) => `local.${CHUNKS_LOCAL.replace(/chunks$/, n)}`);
    expect(LIVE.locals).toEqual(Object.fromEntries(Object.entries(expected).map(([n, e]) => [CHUNKS_LOCAL.replace(/chunks$/, n), `\${${e}}`])));
    expect(POLICY.count).toBe(`\${length(local.${CHUNKS_LOCAL})}`);
    expect(POLICY.policy).toMatch(/^\$\{jsonencode\(.*\[count\.index\].*\)\}$/);
    expect(POLICY.lifecycle.precondition).toHaveLength(1);
    expect(POLICY.lifecycle.precondition[0].condition).toContain("count.index");
    expect(ROLE.lifecycle.precondition).toHaveLength(1);
    expect(ROLE.lifecycle.precondition[0].condition).toContain("+ 1 <= 10"); // SecurityAudit's slot
  });

  test.each([
    ["Datadog's standard list (pinned copy)", "standard", STANDARD],
    ["standard + resource collection (pinned copies, with shared actions)", "union", UNION],
  ] as const)("%s: every document fits, at most 9 documents, each action exactly once", async (_name, key, input) => {
    const { documents, chunks } = rendered(successfulPlan(await runs[key]));
    expect(documents.length).toBeGreaterThan(0);
    expect(splitProblems(input, documents, chunks, MAX_MANAGED_POLICIES - 1)).toEqual([]);
  });

  test("600 long actions (96 to 128 characters): every document still fits and each action is in exactly one", async () => {
    const { documents, chunks } = rendered(successfulPlan(await runs.stress));
    expect(documents.length).toBeGreaterThan(MAX_MANAGED_POLICIES); // bigger than any real list
    expect(splitProblems(STRESS, documents, chunks)).toEqual([]);
    // The bound is tight enough to matter: some document is close to the quota.
    expect(Math.max(...documents.map((d) => d.length))).toBeGreaterThan(MAX_POLICY_CHARS - 300);
  });

  test("with more documents than IAM allows, the plan fails on the product's quota precondition before any change", async () => {
    const run = await runs.stressWithQuota;
    expect(run.exitCode).not.toBe(0);
    expect(run.output).toMatch(/Resource precondition failed/);
    // The product's own message, naming how many policies the lists would need.
    const needed = /Datadog's permission lists need (\d+) policies/.exec(run.output);
    expect(needed).not.toBeNull();
    expect(Number(needed![1])).toBeGreaterThan(MAX_MANAGED_POLICIES - 1);
    expect(run.plan?.errored).toBe(true);
    expect(run.plan?.applyable).toBeFalsy();
  });

  test("the checks catch a split that breaks the rules", () => {
    const docs = (chunks: string[][]) => chunks.map((c) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "x", Effect: "Allow", Action: c, Resource: "*" }] }));
    const sorted = [...new Set(UNION)].sort();
    const half = Math.floor(sorted.length / 2);
    const good = [sorted.slice(0, half), sorted.slice(half)];
    // Two documents that would each be over the quota, but otherwise a correct split.
    expect(splitProblems(UNION, docs(good), good)).toContainEqual(expect.stringMatching(/over IAM's 6144/));
    const dropped = [sorted.slice(0, 10), sorted.slice(11, 20)];
    expect(splitProblems(sorted.slice(0, 20), docs(dropped), dropped)).toContainEqual(expect.stringMatching(/1 actions in no document/));
    const twice = [sorted.slice(0, 10), sorted.slice(9, 20)];
    expect(splitProblems(sorted.slice(0, 20), docs(twice), twice)).toContainEqual(expect.stringMatching(/in more than one document/));
    const many = sorted.slice(0, 20).map((a) => [a]);
    expect(splitProblems(sorted.slice(0, 20), docs(many), many, 9)).toContainEqual(expect.stringMatching(/20 documents, over the 9/));
  });
});
