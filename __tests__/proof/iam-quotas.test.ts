/**
 * IAM's quotas, on what every environment attaches to its role or user: each managed
 * policy within 6,144 characters (whitespace excluded), at most 10 managed policies per
 * principal (SecurityAudit included), no inline policies (so the 10,240 / 2,048 inline
 * totals hold), names within 64 (role, user) and 128 (policy) characters of IAM's set,
 * and the trust policy within its 2,048.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { resolveConfig } from "../../lib/config/load-config";
import { IAM_NAME_PATTERN, IAM_QUOTAS, iamPolicySize } from "../../lib/facts/iam-quotas";
import { synthConfig, synthOne } from "../support/synth";
import { awsOnlyConfig } from "../support/aws-only-rendering";
import type { IamPartition } from "../support/iam/policy-documents";
import { assertQuotas, AWS_IAM_QUOTAS, iamPolicyChars, PrincipalPolicies } from "../support/iam/quotas";
import { principalPoliciesFromSynth } from "../support/iam/synthesized-principals";
import { CONFIG_FILES } from "../support/shipped-configs";

const ROOT = path.join(__dirname, "..", "..");
const partitionOf = (region: string): IamPartition => (region.startsWith("us-gov-") ? "aws-us-gov" : region.startsWith("cn-") ? "aws-cn" : "aws");

test("the product's quota facts are AWS's", () => {
  expect(IAM_QUOTAS).toMatchObject({
    managedPolicyChars: AWS_IAM_QUOTAS.managedPolicyChars,
    roleInlinePolicyChars: AWS_IAM_QUOTAS.roleInlinePolicyChars,
    userInlinePolicyChars: AWS_IAM_QUOTAS.userInlinePolicyChars,
    managedPoliciesPerPrincipal: AWS_IAM_QUOTAS.managedPoliciesPerPrincipal,
    principalNameMaxLength: AWS_IAM_QUOTAS.principalNameMaxLength,
    policyNameMaxLength: AWS_IAM_QUOTAS.policyNameMaxLength,
  });
  for (const name of ["DatadogIntegrationRole", "a+b=c,d.e@f_g-h"]) expect(IAM_NAME_PATTERN.test(name)).toBe(true);
  for (const name of ["with space", "slash/name", "colon:name", "é"]) expect(IAM_NAME_PATTERN.test(name)).toBe(false);
});

describe.each(CONFIG_FILES)("every environment of %s", (file) => {
  const raw: unknown = JSON.parse(readFileSync(path.join(ROOT, file), "utf8"));
  const environments = resolveConfig(raw, file);
  const synthesized = synthConfig(raw);
  const awsOnly = synthConfig(awsOnlyConfig(raw));

  test.each(environments.map((e) => e.name))("%s: within IAM's quotas", (name) => {
    const config = environments.find((e) => e.name === name)!.config;
    const partition = partitionOf(config.awsRegion);
    const live = (config.permissions ?? (config.manageDatadogIntegration ? "live" : "pinned")) === "live";
    // The AWS-only rendering has every policy, and the trust policy, as literal JSON.
    const renderings = live ? [awsOnly[name]] : [synthesized[name], awsOnly[name]];
    for (const stack of renderings) {
      const principals = principalPoliciesFromSynth(stack);
      expect(principals).toHaveLength(1);
      const [p] = principals;
      const report = assertQuotas(p);
      expect(p.inlinePolicies).toEqual([]);
      // SecurityAudit with resource collection (and so with CSPM), as Datadog's templates attach it.
      const securityAudit = config.resourceCollection || config.cspm;
      expect(p.awsManagedPolicyArns).toEqual(securityAudit ? [`arn:${partition}:iam::aws:policy/SecurityAudit`] : []);
      expect(report.managedPolicyCount).toBe(p.managedPolicies.length + (securityAudit ? 1 : 0));
      expect(report.largestManagedPolicyChars).toBeLessThanOrEqual(AWS_IAM_QUOTAS.managedPolicyChars);
    }
    const [fromAwsOnly] = principalPoliciesFromSynth(awsOnly[name]);
    if (fromAwsOnly.kind === "role") expect(fromAwsOnly.trustPolicy).toBeDefined();
    else expect(fromAwsOnly.trustPolicy).toBeUndefined();
  });
});

describe("at the edges of what a config may ask", () => {
  test("both permission sets, CSPM and a 64-character role name: 6 managed policies, long names still valid", () => {
    const roleName = "R".repeat(AWS_IAM_QUOTAS.principalNameMaxLength);
    const [p] = principalPoliciesFromSynth(synthOne({ permissions: "pinned", cspm: true, auth: { type: "role", roleName } }));
    const report = assertQuotas(p);
    expect(report.managedPolicyCount).toBe(6);
    expect(Math.max(...p.managedPolicies.map((m) => m.name.length))).toBeLessThanOrEqual(AWS_IAM_QUOTAS.policyNameMaxLength);
  });

  test("a 64-character access-key user in GovCloud with both sets and CSPM", () => {
    const userName = "U".repeat(AWS_IAM_QUOTAS.principalNameMaxLength);
    const [p] = principalPoliciesFromSynth(synthOne({ awsRegion: "us-gov-west-1", datadogSite: "ddog-gov.com", permissions: "pinned", cspm: true, auth: { type: "accessKeys", userName } }));
    expect(p.kind).toBe("user");
    expect(assertQuotas(p).managedPolicyCount).toBe(6);
    expect(p.awsManagedPolicyArns).toEqual(["arn:aws-us-gov:iam::aws:policy/SecurityAudit"]);
  });

  test("the product measures a document's size as IAM counts it (its packing relies on that)", () => {
    const [p] = principalPoliciesFromSynth(synthOne({ permissions: "pinned" }));
    for (const m of p.managedPolicies) {
      expect(iamPolicySize(m.document)).toBe(iamPolicyChars(m.document));
      expect(iamPolicySize(JSON.stringify(JSON.parse(m.document), null, 2))).toBe(iamPolicyChars(m.document));
    }
  });
});

// ---------------------------------------------------------------------------------------

describe("the checks fail when a quota is broken", () => {
  /** A policy document of exactly `chars` characters as IAM counts them. */
  const documentOf = (chars: number): string => {
    const base = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:ListBucket"], Resource: "*", Sid: "" }] });
    const doc = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:ListBucket"], Resource: "*", Sid: "A".repeat(chars - base.length) }] });
    if (iamPolicyChars(doc) !== chars) throw new Error(`documentOf(${chars}) made ${iamPolicyChars(doc)} characters`);
    return doc;
  };
  const valid: PrincipalPolicies = {
    kind: "role",
    name: "DatadogIntegrationRole",
    managedPolicies: [{ name: "DatadogIntegrationRole-permissions-1", document: documentOf(6144) }],
    awsManagedPolicyArns: ["arn:aws:iam::aws:policy/SecurityAudit"],
    inlinePolicies: [],
    trustPolicy: documentOf(2048),
  };
  const policies = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `p-${i + 1}`, document: documentOf(200) }));

  test("exactly at every limit passes; whitespace does not count", () => {
    const pretty = JSON.stringify(JSON.parse(documentOf(6144)), null, 2);
    expect(pretty.length).toBeGreaterThan(6144);
    const report = assertQuotas({ ...valid, managedPolicies: [...policies(8), { name: "P".repeat(128), document: pretty }] });
    expect(report).toEqual({ managedPolicyCount: 10, largestManagedPolicyChars: 6144, inlinePolicyChars: 0, trustPolicyChars: 2048 });
    expect(assertQuotas({ ...valid, name: "R".repeat(64) }).managedPolicyCount).toBe(2);
  });

  test.each([
    {
      name: "an oversize managed policy (6,145 characters)",
      change: { managedPolicies: [{ name: "big", document: documentOf(6145) }] },
      message: /"big" is 6145 characters without whitespace; IAM allows 6144/,
    },
    {
      name: "11 managed policies with SecurityAudit",
      change: { managedPolicies: policies(10) },
      message: /11 managed policies attached to role DatadogIntegrationRole \(10 own, 1 AWS managed\); IAM allows 10/,
    },
    { name: "a 65-character role name", change: { name: "R".repeat(65) }, message: /role name "R{65}" is 65 characters; IAM allows 1 to 64/ },
    { name: "a role name with a space", change: { name: "Datadog Role" }, message: /has characters IAM does not allow/ },
    {
      name: "a 129-character policy name",
      change: { managedPolicies: [{ name: "P".repeat(129), document: documentOf(200) }] },
      message: /policy name "P{129}" is 129 characters; IAM allows 1 to 128/,
    },
    { name: "a policy name used twice", change: { managedPolicies: [...policies(1), ...policies(1)] }, message: /"p-1" is used twice/ },
    { name: "an inline policy", change: { inlinePolicies: [{ name: "inline", document: documentOf(200) }] }, message: /has inline policies \(inline\)/ },
    { name: "a trust policy over 2,048 characters", change: { trustPolicy: documentOf(2049) }, message: /trust policy of DatadogIntegrationRole is 2049 characters/ },
  ])("$name: assertQuotas throws", ({ change, message }) => {
    expect(() => assertQuotas({ ...valid, ...change })).toThrow(message);
  });

  test("inline totals: a role's 10,240 and a user's 2,048 characters, when inline policies are allowed", () => {
    const user: PrincipalPolicies = { ...valid, kind: "user", name: "DatadogIntegrationUser", trustPolicy: undefined, awsManagedPolicyArns: [] };
    expect(assertQuotas({ ...user, inlinePolicies: [{ name: "a", document: documentOf(2048) }] }, { allowInlinePolicies: true }).inlinePolicyChars).toBe(2048);
    expect(() =>
      assertQuotas(
        {
          ...user,
          inlinePolicies: [
            { name: "a", document: documentOf(1024) },
            { name: "b", document: documentOf(1025) },
          ],
        },
        { allowInlinePolicies: true },
      ),
    ).toThrow(/inline policies of user DatadogIntegrationUser total 2049 characters; IAM allows 2048/);
    const inline = [documentOf(6144), documentOf(4096)].map((document, i) => ({ name: `i${i}`, document }));
    expect(assertQuotas({ ...valid, inlinePolicies: inline }, { allowInlinePolicies: true }).inlinePolicyChars).toBe(10240);
    expect(() => assertQuotas({ ...valid, inlinePolicies: [...inline, { name: "one-more", document: documentOf(200) }] }, { allowInlinePolicies: true })).toThrow(
      /total 10440 characters; IAM allows 10240/,
    );
  });

  test("a trust policy on a user is an error", () => {
    expect(() => assertQuotas({ ...valid, kind: "user" })).toThrow(/a user has no trust policy/);
  });
});
