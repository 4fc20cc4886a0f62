/**
 * The coded problems a config or a construct is refused with (`ConfigError.issues`), so
 * tests assert the stable code and the parts of the message a user relies on.
 */
import { resolveConfig } from "../../lib/config/load-config";
import { ConfigError, Problem } from "../../lib/errors";

/** The ConfigError `act` throws (fails the test if it throws none, or another error). */
export function refusalOf(act: () => unknown): ConfigError {
  try {
    act();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError, but nothing was refused");
}

/** The problems, with their codes, of a config (parsed JSON) the tool refuses. */
export function issuesOf(raw: unknown): Problem[] {
  return [...refusalOf(() => resolveConfig(raw, "test.config.json")).issues];
}

/** The one problem at `path` (fails the test unless exactly one is there). */
export function issueAt(issues: readonly Problem[], path: string): Problem {
  const at = issues.filter((i) => i.path === path);
  expect({ path, found: at.length, all: issues.map((i) => i.path) }).toEqual({ path, found: 1, all: issues.map((i) => i.path) });
  return at[0];
}
