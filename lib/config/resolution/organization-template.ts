/**
 * The organization section while resolving: its own keys checked, and its environment
 * (the template every discovered account gets) checked once as the environment of an
 * example account, so a mistake in it is reported once, not per account.
 */
import { partitionOfRegion, REGION_PATTERN } from "../../facts/partitions";
import { organizationSchema } from "../fields/organization";
import { isPlainObject } from "../json-value";
import { describeIssue, flattenIssues, formatPath } from "../messages";
import { fillPlaceholders, hasPlaceholder, unknownPlaceholders } from "../organization";
import type { Subject } from "./environment";
import { at, type OrganizationSettings, type ProblemList } from "./types";
import { type Json, valueAt, without } from "./values";

/** Placeholder values that checking organization.environment on its own fills in. */
const EXAMPLE_ACCOUNT = { accountId: "123456789012", accountName: "example" };

/** The section's settings when they are valid, and its environment template when it can still be checked. */
export function readOrganization(section: unknown, problems: ProblemList): { organization?: OrganizationSettings; template?: Json } {
  let organization: OrganizationSettings | undefined;
  let template: Json | undefined;
  const parsed = organizationSchema.safeParse(section, { error: describeIssue });
  if (parsed.success) {
    organization = { ...parsed.data, environment: (parsed.data.environment ?? {}) as Json };
    template = organization.environment;
  } else {
    const issues = flattenIssues(parsed.error);
    for (const i of issues) problems.report(at(formatPath(["organization", ...i.path]), i.message, i.code));
    // Its environment is still checked, so that one run reports every problem.
    const given = isPlainObject(section) ? section.environment : undefined;
    if (isPlainObject(given) && !issues.some((i) => i.path[0] === "environment")) template = given;
  }
  if (template && "awsAccountId" in template) {
    problems.report(at("organization.environment.awsAccountId", "is set, but each discovered environment gets its own account's ID; remove it", "organization/account-id-in-template"));
    template = without(template, ["awsAccountId"]);
  }
  for (const p of template ? unknownPlaceholders(template) : []) {
    problems.report(at(formatPath(["organization", "environment", ...p.path]), p.message, p.code));
    template = without(template!, [String(p.path[0])]);
  }
  return { organization, template };
}

/** organization.environment as the environment of an example account, placeholders filled in. */
export function templateSubject(template: Json, defaults: Json): Subject {
  const region = template.awsRegion ?? defaults.awsRegion;
  const partition = typeof region === "string" && REGION_PATTERN.test(region) ? partitionOfRegion(region) : "aws";
  const example = { ...EXAMPLE_ACCOUNT, partition };
  return {
    name: "(organization.environment)",
    at: ["organization", "environment"],
    own: { ...fillPlaceholders(template, example), awsAccountId: example.accountId },
    note: (p) =>
      hasPlaceholder(valueAt(template, p))
        ? ` (with the placeholders filled in for an example account: accountId ${example.accountId}, accountName "${example.accountName}", partition ${partition})`
        : "",
  };
}
