/**
 * Every environment of the shipped config and of the examples, planned by the real
 * Terraform CLI (offline; see support/terraform-offline-plan.ts), checked the way a reviewer of the
 * plan would check it: the role or user and its name, the partition of every ARN, the
 * trust policy as Terraform renders it, IAM's size and count quotas, no inline policies,
 * and access keys only where asked for.
 *
 * Stacks that manage the Datadog side need the Datadog provider, which is not available
 * offline, so those environments are planned as their "AWS-only rendering": the same
 * environment with manageDatadogIntegration false, a fixed External ID (role auth),
 * pinned permissions and no Datadog key settings. That is the same AWS side, except that
 * the External ID is a literal instead of Datadog's generated one.
 *
 * The provider talks to moto on 127.0.0.1 (support/terraform-offline-plan.ts): it answers
 * who the caller is (so `allowed_account_ids` is checked on every plan), lets stacks
 * assume their configured deployment role, and holds a hand-made role or user for
 * environments that import one.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { resolveConfig } from "../../lib/config/load-config";
import { RECORDED_PERMISSIONS } from "../support/datadog-api/recorded-lists";
import { synthConfig, TerraformJson } from "../support/synth";
import type { ExistingRole, ExistingUser } from "../support/aws-existing";
import { describeWithTerraform } from "../support/proof-guards";
import { PlanRun, runTerraformPlan, successfulPlan } from "../support/terraform-offline-plan";
import { changesOfType, TerraformPlan } from "../support/terraform-plan-json";
import { standInVariables } from "../support/terraform-stack-inputs";
import { awsOnlyDefaults, awsOnlyRendering, TEST_EXTERNAL_ID } from "../support/aws-only-rendering";
import { CONFIG_FILES } from "../support/shipped-configs";
import { EXPECTED_TRUST_ACCOUNTS, ExpectedPartition, expectedPartitionOf } from "../support/expected-facts";

const ROOT = path.resolve(__dirname, "..", "..");

type Partition = ExpectedPartition;
const DATADOG_TRUST_ACCOUNT = EXPECTED_TRUST_ACCOUNTS;
const partitionOf = expectedPartitionOf;

const MAX_POLICY_CHARS = 6144;
const MAX_MANAGED_POLICIES = 10;

// ---------------------------------------------------------------------------------------
// What the plan of one environment must show
// ---------------------------------------------------------------------------------------

interface ExpectedStack {
  readonly partition: Partition;
  readonly principal: (
    | { readonly kind: "role"; readonly name: string; readonly trustAccount: string; readonly externalId: string }
    | { readonly kind: "user"; readonly name: string; readonly accessKey: "create" | "variables" }
  ) & {
    /** Adopted through an import block: planned as an import, then updated in place (or left as is). */
    readonly imported: boolean;
  };
  /** SecurityAudit attached: with resource collection (and so with CSPM), as Datadog's templates do. */
  readonly securityAudit: boolean;
  /** Every action the permission policies must grant together, sorted, each once. */
  readonly actions: readonly string[];
}

const isDeepEqual = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** IAM counts a policy's characters without whitespace outside strings: minified JSON. */
const iamSize = (json: string) => JSON.stringify(JSON.parse(json)).length;
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

/** Every string anywhere inside a value. */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

/** Problems with a rendered trust policy (JSON text), empty when it is exactly what Datadog needs. */
function trustPolicyProblems(json: unknown, partition: Partition, trustAccount: string, externalId: string): string[] {
  if (typeof json !== "string") return [`trust policy is not known at plan time (${JSON.stringify(json)})`];
  const doc = JSON.parse(json);
  const problems: string[] = [];
  const principal = `arn:${partition}:iam::${trustAccount}:root`;
  if (doc.Version !== "2012-10-17") problems.push(`trust policy Version is ${JSON.stringify(doc.Version)}, not "2012-10-17"`);
  const statements = asList(doc.Statement) as Record<string, any>[];
  if (statements.length !== 1) problems.push(`trust policy has ${statements.length} statements, expected exactly 1`);
  for (const s of statements) {
    const extra = Object.keys(s).filter((k) => !["Sid", "Effect", "Principal", "Action", "Condition"].includes(k));
    if (extra.length) problems.push(`trust policy statement has ${extra.join(", ")} (only Effect, Principal, Action, Condition expected)`);
    if (s.Effect !== "Allow") problems.push(`trust policy Effect is ${JSON.stringify(s.Effect)}`);
    if (!isDeepEqual(asList(s.Action), ["sts:AssumeRole"])) problems.push(`trust policy allows ${JSON.stringify(s.Action)}, expected only sts:AssumeRole`);
    const principals = s.Principal && typeof s.Principal === "object" ? s.Principal : {};
    if (!isDeepEqual(Object.keys(principals), ["AWS"]) || !isDeepEqual(asList(principals.AWS), [principal])) {
      problems.push(`trust policy Principal is ${JSON.stringify(s.Principal)}, expected only {"AWS": "${principal}"}`);
    }
    if (!isDeepEqual(s.Condition, { StringEquals: { "sts:ExternalId": externalId } })) {
      problems.push(`trust policy Condition is ${JSON.stringify(s.Condition)}, expected exactly StringEquals sts:ExternalId = ${JSON.stringify(externalId)}`);
    }
  }
  return problems;
}

/** Everything a reviewer would object to in the plan of one environment; empty when it is right. */
function planProblems(plan: TerraformPlan, expected: ExpectedStack): string[] {
  const problems: string[] = [];
  const p = expected.principal;
  const changes = plan.resource_changes ?? [];
  if (plan.errored || plan.applyable === false) problems.push("the plan is errored or not applyable");
  for (const c of changes) {
    const adopted = p.imported && c.type === `aws_iam_${p.kind}`;
    if (adopted) {
      if (c.change.importing?.id !== p.name) problems.push(`${c.address}: expected an import of ${p.name}, got ${JSON.stringify(c.change.importing)}`);
      if (!["update", "no-op"].includes(c.change.actions.join("+"))) problems.push(`${c.address}: imported, then planned ${c.change.actions.join("+")} (expected update or no-op)`);
    } else if (!isDeepEqual(c.change.actions, ["create"]) || c.change.importing) {
      problems.push(`${c.address}: planned ${c.change.actions.join("+")}${c.change.importing ? " (import)" : ""} in an empty state (expected create)`);
    }
  }

  // The role or the user, with the configured name, and nothing of the other kind.
  const roles = changesOfType(plan, "aws_iam_role");
  const users = changesOfType(plan, "aws_iam_user");
  const principals = p.kind === "role" ? roles : users;
  const others = p.kind === "role" ? users : roles;
  if (principals.length !== 1 || principals[0].change.after?.name !== p.name) {
    problems.push(`expected one aws_iam_${p.kind} named ${p.name}; planned: ${JSON.stringify(principals.map((r) => r.change.after?.name))}`);
  }
  if (others.length) problems.push(`unexpected ${others.map((r) => r.address).join(", ")} (auth is ${p.kind})`);

  // Every ARN Terraform knows at plan time is in the account's partition.
  const values = [...changes.map((c) => c.change.after), plan.planned_values?.outputs ?? {}];
  const arns = stringsIn(values).flatMap((s) => s.match(/arn:[^:"\s]*:[^"\s]*/g) ?? []);
  for (const arn of arns) if (arn.split(":")[1] !== expected.partition) problems.push(`ARN ${arn} is not in partition ${expected.partition}`);

  // Trust policy: only Datadog's account of this site, only sts:AssumeRole, only with the External ID.
  if (p.kind === "role" && roles.length === 1) {
    problems.push(...trustPolicyProblems(roles[0].change.after?.assume_role_policy, expected.partition, p.trustAccount, p.externalId));
  }

  // No inline policies anywhere: they have far smaller quotas and hide from policy reviews.
  for (const type of ["aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"]) {
    for (const c of changesOfType(plan, type)) problems.push(`inline policy ${c.address}`);
  }
  for (const r of [...roles, ...users]) {
    const inline = r.change.after?.inline_policy;
    if (Array.isArray(inline) && inline.length > 0) problems.push(`${r.address} has inline_policy blocks`);
  }

  // Permission policies: each within IAM's size quota; together exactly Datadog's actions.
  const granted: string[] = [];
  for (const c of changesOfType(plan, "aws_iam_policy")) {
    const policy = c.change.after?.policy;
    if (typeof policy !== "string") {
      problems.push(`${c.address}: policy document not known at plan time`);
      continue;
    }
    const size = iamSize(policy);
    if (size > MAX_POLICY_CHARS) problems.push(`${c.address}: policy document is ${size} characters without whitespace, over IAM's ${MAX_POLICY_CHARS}`);
    for (const s of asList(JSON.parse(policy).Statement) as Record<string, any>[]) {
      if (s.Effect !== "Allow" || s.Resource !== "*") problems.push(`${c.address}: unexpected statement ${JSON.stringify({ ...s, Action: "..." })}`);
      granted.push(...(asList(s.Action) as string[]));
    }
  }
  const duplicates = granted.filter((a, i) => granted.indexOf(a) !== i);
  if (duplicates.length) problems.push(`actions granted more than once: ${[...new Set(duplicates)].join(", ")}`);
  const grantedSet = new Set(granted);
  const missing = expected.actions.filter((a) => !grantedSet.has(a));
  const unexpected = [...grantedSet].filter((a) => !expected.actions.includes(a));
  if (missing.length) problems.push(`Datadog actions not granted: ${missing.join(", ")}`);
  if (unexpected.length) problems.push(`actions granted beyond Datadog's lists: ${unexpected.join(", ")}`);

  // Managed policy attachments: all to our principal, within IAM's quota, every policy attached.
  const attachmentType = p.kind === "role" ? "aws_iam_role_policy_attachment" : "aws_iam_user_policy_attachment";
  const attachments = changesOfType(plan, attachmentType);
  for (const a of attachments) if (a.change.after?.[p.kind] !== p.name) problems.push(`${a.address} attaches to ${a.change.after?.[p.kind]}, not ${p.name}`);
  if (attachments.length > MAX_MANAGED_POLICIES) problems.push(`${attachments.length} managed policies attached to ${p.name}, over IAM's ${MAX_MANAGED_POLICIES}`);
  const securityAudit = `arn:${expected.partition}:iam::aws:policy/SecurityAudit`;
  const auditAttachments = attachments.filter((a) => a.change.after?.policy_arn === securityAudit);
  if (auditAttachments.length !== (expected.securityAudit ? 1 : 0)) {
    problems.push(`expected ${expected.securityAudit ? "one attachment" : "no attachment"} of ${securityAudit}, found ${auditAttachments.length}`);
  }
  const policies = changesOfType(plan, "aws_iam_policy").length;
  if (attachments.length !== policies + auditAttachments.length) {
    problems.push(`${attachments.length} attachments for ${policies} permission policies${expected.securityAudit ? " + SecurityAudit" : ""}`);
  }

  // An access key only when Terraform is asked to create one.
  const keys = changesOfType(plan, "aws_iam_access_key");
  const wantKey = p.kind === "user" && p.accessKey === "create";
  if (keys.length !== (wantKey ? 1 : 0) || (wantKey && keys[0].change.after?.user !== p.name)) {
    problems.push(`expected ${wantKey ? `one aws_iam_access_key for ${p.name}` : "no aws_iam_access_key"}; planned ${keys.length}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------
// The environments
// ---------------------------------------------------------------------------------------

interface Case {
  readonly label: string;
  readonly stack: TerraformJson;
  readonly expected: ExpectedStack;
  /** The role Terraform must assume to reach the account, as configured. */
  readonly deployRole?: { readonly arn: string; readonly sessionName?: string; readonly externalId?: string };
  /** What the account already holds: the role or user an import adopts. */
  readonly existing: { roles?: ExistingRole[]; users?: ExistingUser[] };
}

type Json = Record<string, any>;

/** A role made by hand from Datadog's manual guide, for an environment that imports it. */
function handMadeRole(name: string, accountId: string, partition: Partition): ExistingRole {
  return {
    name,
    description: "Made by hand following Datadog's setup guide",
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::464622532012:root` }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "id-from-the-tile-long-ago" } } },
      ],
    }),
    attachedPolicyArns: [`arn:${partition}:iam::${accountId}:policy/DatadogAWSIntegrationPolicy`],
  };
}

function casesOf(file: string): Case[] {
  const raw = JSON.parse(readFileSync(path.join(ROOT, file), "utf8")) as Json;
  const resolved = new Map(resolveConfig(raw, file).map((e) => [e.name, e.config]));
  // Defaults are shared with the environments planned as they are, which cannot have
  // Datadog key settings or a Datadog import either.
  const defaults = awsOnlyDefaults(raw);
  const renderedNames = new Set<string>();
  const environments = Object.fromEntries(
    Object.entries(raw.environments as Record<string, Json>).map(([name, own]) => {
      const env = resolved.get(name)!;
      if (!env.manageDatadogIntegration) return [name, own];
      renderedNames.add(name);
      return [name, awsOnlyRendering(own, env)];
    }),
  );
  const stacks = synthConfig({ defaults, environments });
  return Object.entries(stacks).map(([name, stack]) => {
    const env = resolved.get(name)!;
    const rendered = renderedNames.has(name);
    const partition = partitionOf(env.awsRegion);
    const imported = env.auth.type === "role" ? env.import?.iamRole !== undefined : env.import?.iamUser !== undefined;
    const principal: ExpectedStack["principal"] =
      env.auth.type === "role"
        ? { kind: "role", imported, name: env.auth.roleName, trustAccount: DATADOG_TRUST_ACCOUNT[env.datadogSite][partition]!, externalId: rendered ? TEST_EXTERNAL_ID : env.externalId! }
        : { kind: "user", imported, name: env.auth.userName, accessKey: env.auth.accessKey };
    // Datadog's lists as recorded outside the project, not lib/facts (which they check).
    const lists = env.resourceCollection ? [RECORDED_PERMISSIONS.standard, RECORDED_PERMISSIONS.resourceCollection] : [RECORDED_PERMISSIONS.standard];
    return {
      label: `${file} › ${name}${rendered ? " (AWS-only rendering)" : ""}`,
      stack,
      expected: { partition, principal, securityAudit: env.resourceCollection || env.cspm, actions: [...new Set(lists.flatMap((l) => l.items))].sort() },
      deployRole: env.awsAssumeRoleArn ? { arn: env.awsAssumeRoleArn, sessionName: env.awsAssumeRoleSessionName, externalId: env.awsAssumeRoleExternalId } : undefined,
      existing: !imported ? {} : principal.kind === "role" ? { roles: [handMadeRole(principal.name, env.awsAccountId, partition)] } : { users: [{ name: principal.name }] },
    };
  });
}

/** Terraform's warnings, and how it reached the account: through the configured role, if any, and past the account check. */
function accessProblems(run: PlanRun, c: Case): string[] {
  const problems: string[] = run.validateWarnings.map((w) => `terraform validate: ${w}`);
  const assumed = run.awsRequests.filter((r) => r.service === "sts" && r.action === "AssumeRole");
  if (c.deployRole) {
    const want = { RoleArn: c.deployRole.arn, RoleSessionName: c.deployRole.sessionName, ExternalId: c.deployRole.externalId };
    const got = assumed.map((r) => ({ RoleArn: r.params.RoleArn, RoleSessionName: r.params.RoleSessionName, ExternalId: r.params.ExternalId }));
    if (!got.some((g) => isDeepEqual(g, want))) problems.push(`expected the provider to assume ${JSON.stringify(want)}; it assumed ${JSON.stringify(got)}`);
  } else if (assumed.length) problems.push(`the provider assumed roles nobody configured: ${assumed.map((r) => r.params.RoleArn).join(", ")}`);
  if (!run.awsRequests.some((r) => r.service === "sts" && r.action === "GetCallerIdentity")) problems.push("the provider never asked who it is, so allowed_account_ids was not checked");
  return problems;
}

const CASES = CONFIG_FILES.flatMap(casesOf);

describeWithTerraform("terraform plan of every configured environment", () => {
  const runs = new Map<string, Promise<PlanRun>>();
  const planOf = async (c: Case) => successfulPlan(await runs.get(c.label)!);

  beforeAll(() => {
    // Start every plan now (the harness runs a few at a time); each test awaits its own, so
    // one failing environment fails only its test.
    for (const c of CASES) {
      const run = runTerraformPlan(c.stack, { variables: standInVariables(c.stack), existing: c.existing });
      run.catch(() => undefined); // reported by the test that awaits it
      runs.set(c.label, run);
    }
  });

  test("covers the shipped config and every example, in all three partitions and both auth types", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(8);
    expect(new Set(CASES.map((c) => c.expected.partition))).toEqual(new Set(["aws", "aws-us-gov", "aws-cn"]));
    expect(new Set(CASES.map((c) => (c.expected.principal.kind === "user" ? `user/${c.expected.principal.accessKey}` : "role")))).toEqual(new Set(["role", "user/create", "user/variables"]));
  });

  test.each(CASES.map((c) => [c.label, c] as const))("%s: plan shows what a reviewer expects", async (_label, c) => {
    const run = await runs.get(c.label)!;
    const plan = successfulPlan(run);
    expect([...planProblems(plan, c.expected), ...accessProblems(run, c)]).toEqual([]);
  });

  describe("the checks catch a wrong plan", () => {
    // A real plan, mutated the way a regression would change it: each mutation must be
    // reported, or the checks above prove nothing.
    const roleCase = () => CASES.find((c) => c.expected.principal.kind === "role" && c.expected.securityAudit && c.expected.partition === "aws")!;
    const userCase = () => CASES.find((c) => c.expected.principal.kind === "user" && c.expected.principal.accessKey === "variables")!;
    const mutated = async (c: Case, mutate: (plan: TerraformPlan & Json) => void) => {
      const plan = structuredClone(await planOf(c)) as TerraformPlan & Json;
      expect(planProblems(plan, c.expected)).toEqual([]); // the unmutated plan passes
      mutate(plan);
      return planProblems(plan, c.expected);
    };
    const role = (plan: Json) => changesOfType(plan as TerraformPlan, "aws_iam_role")[0].change.after as Json;
    const trust = (plan: Json, edit: (doc: Json) => void) => {
      const doc = JSON.parse(role(plan).assume_role_policy);
      edit(doc);
      role(plan).assume_role_policy = JSON.stringify(doc);
    };

    test.each([
      ["trust policy also allowing sts:TagSession", (p: Json) => trust(p, (d) => (d.Statement[0].Action = ["sts:AssumeRole", "sts:TagSession"])), /allows .*expected only sts:AssumeRole/],
      ["trust policy without the External ID condition", (p: Json) => trust(p, (d) => delete d.Statement[0].Condition), /Condition is undefined/],
      ["trust policy with another External ID", (p: Json) => trust(p, (d) => (d.Statement[0].Condition.StringEquals["sts:ExternalId"] = "something-else")), /sts:ExternalId =/],
      ["trust policy trusting the wrong Datadog account", (p: Json) => trust(p, (d) => (d.Statement[0].Principal.AWS = "arn:aws:iam::417141415827:root")), /Principal is/],
      [
        "a SecurityAudit ARN in the GovCloud partition",
        (p: Json) => {
          const a = changesOfType(p as TerraformPlan, "aws_iam_role_policy_attachment").find((x) => String(x.change.after?.policy_arn).endsWith("SecurityAudit"))!;
          (a.change.after as Json).policy_arn = "arn:aws-us-gov:iam::aws:policy/SecurityAudit";
        },
        /not in partition aws/,
      ],
      ["a role renamed", (p: Json) => (role(p).name = "datadogintegrationrole"), /one aws_iam_role named DatadogIntegrationRole/],
      [
        "a policy document over 6,144 characters",
        (p: Json) => {
          const policy = changesOfType(p as TerraformPlan, "aws_iam_policy")[0].change.after as Json;
          const doc = JSON.parse(policy.policy);
          doc.Statement[0].Action.push(...Array.from({ length: 60 }, (_, i) => `ec2:DescribeSomethingVeryLongToOverflowTheQuota${i}`));
          policy.policy = JSON.stringify(doc);
        },
        /over IAM's 6144/,
      ],
      [
        "an inline role policy",
        (p: Json) => {
          const r = changesOfType(p as TerraformPlan, "aws_iam_role")[0];
          p.resource_changes.push({ ...structuredClone(r), address: "aws_iam_role_policy.extra", type: "aws_iam_role_policy", name: "extra" });
        },
        /inline policy aws_iam_role_policy\.extra/,
      ],
      [
        "eleven managed policies on the role",
        (p: Json) => {
          const a = changesOfType(p as TerraformPlan, "aws_iam_role_policy_attachment")[0];
          for (let i = 0; i < 10; i++) p.resource_changes.push({ ...structuredClone(a), address: `${a.address}_copy${i}` });
        },
        /over IAM's 10/,
      ],
      ["a destroy planned", (p: Json) => (p.resource_changes[0].change.actions = ["delete", "create"]), /planned delete\+create/],
    ])("reports %s", async (_name, mutate, problem) => {
      expect(await mutated(roleCase(), mutate)).toContainEqual(expect.stringMatching(problem));
    });

    test("reports a deployment role the provider did not assume, and a missing account check", async () => {
      const c = roleCase();
      const run = await runs.get(c.label)!;
      expect(accessProblems(run, c)).toEqual([]);
      expect(accessProblems(run, { ...c, deployRole: { arn: "arn:aws:iam::123456789012:role/Deploy", sessionName: "datadog" } })).toContainEqual(
        expect.stringMatching(/expected the provider to assume/),
      );
      expect(accessProblems({ ...run, awsRequests: [] }, c)).toContainEqual(expect.stringMatching(/allowed_account_ids was not checked/));
      expect(accessProblems({ ...run, validateWarnings: ["Warning: Argument is deprecated"] }, c)).toContainEqual(expect.stringMatching(/terraform validate: Warning/));
    });

    test("reports an access key created for a user whose key comes from variables", async () => {
      const c = userCase();
      const problems = await mutated(c, (p) => {
        const user = changesOfType(p, "aws_iam_user")[0];
        p.resource_changes!.push({
          ...structuredClone(user),
          address: "aws_iam_access_key.extra",
          type: "aws_iam_access_key",
          name: "extra",
          change: { ...user.change, after: { user: c.expected.principal.name } },
        });
      });
      expect(problems).toContainEqual(expect.stringMatching(/expected no aws_iam_access_key; planned 1/));
    });
  });
});
