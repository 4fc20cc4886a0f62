/**
 * The defaults section: no account ID, no null (nothing is inherited into it), and every
 * value it gives checked as an environment's would be.
 */
import { defaultsSchema } from "../schema";
import { describeIssue, flattenIssues, formatPath } from "../messages";
import { ENVIRONMENT_SHAPES, NULL_IN_DEFAULTS, nullKeys } from "./nulls";
import { at, type ProblemList } from "./types";
import { type Json, without } from "./values";

/** The defaults every environment merges over, without the keys reported here as wrong. */
export function checkDefaults(givenDefaults: Json, problems: ProblemList): Json {
  if ("awsAccountId" in givenDefaults) {
    problems.add(at("defaults.awsAccountId", "an account ID cannot be a default (each environment is its own account); move it into each environment", "config/account-id-in-defaults"));
  }
  // null unsets an inherited value; defaults inherit nothing, so a null there is a mistake.
  const nullDefaults = nullKeys(without(givenDefaults, ["awsAccountId"]), ENVIRONMENT_SHAPES);
  for (const n of nullDefaults) problems.add(at(formatPath(["defaults", ...n.path]), NULL_IN_DEFAULTS, "config/null-in-defaults"));
  const defaults = nullDefaults.reduce((d, n) => without(d, n.path), givenDefaults);
  const defaultsResult = defaultsSchema.safeParse(Object.fromEntries(Object.entries(defaults).filter(([k]) => k !== "awsAccountId")), { error: describeIssue });
  if (!defaultsResult.success) {
    for (const i of flattenIssues(defaultsResult.error)) problems.report(at(formatPath(["defaults", ...i.path]), i.message, i.code));
  }
  return defaults;
}
