/**
 * Problems between environments, found once each is resolved: two stacks for one account,
 * two stacks sharing one state.
 */
import * as path from "node:path";
import type { Problem } from "../../errors";
import { DEFAULT_LOCAL_STATE_FILE, defaultLocalStatePath, defaultStateKey } from "../contract";
import { at, type EnvironmentConfig } from "./types";

/** Two hand-written environments for one account would both manage its Datadog integration and IAM role. */
export function sameAccountProblems(envs: readonly EnvironmentConfig[]): Problem[] {
  const first = new Map<string, string>();
  const problems: Problem[] = [];
  for (const env of envs) {
    const id = env.config.awsAccountId;
    const other = first.get(id);
    if (other === undefined) first.set(id, env.name);
    else {
      problems.push(
        at(
          `environments.${env.name}.awsAccountId`,
          `${JSON.stringify(id)} is also the account of environment "${other}"; two stacks for one account would both manage its Datadog integration and IAM role, each undoing the other: keep one environment per account (merge "${other}" and "${env.name}")`,
          "config/same-account",
        ),
      );
    }
  }
  return problems;
}

/** Where each environment keeps its state; two environments must never share one. */
export function stateLocation(env: EnvironmentConfig): string {
  const b = env.config.backend;
  if (b.type === "s3") return `s3://${b.bucket}/${b.key ?? defaultStateKey(env.name)}`;
  return `local:${path.normalize(b.path ?? defaultLocalStatePath(env.name))}`;
}

export function sharedStateProblems(envs: readonly EnvironmentConfig[], discovered: readonly EnvironmentConfig[] = []): Problem[] {
  const problems: Problem[] = [];
  const owner = new Map<string, string>();
  const isDiscovered = new Set(discovered);
  for (const env of [...envs, ...discovered]) {
    const location = stateLocation(env);
    const first = owner.get(location);
    if (first) {
      const s3 = env.config.backend.type === "s3";
      const fix = s3
        ? `Give each its own "key", or leave "key" out to get ${defaultStateKey("<environment>")}`
        : `Give each its own "path", or leave "path" out to keep each state in its stack's folder (${DEFAULT_LOCAL_STATE_FILE} there)`;
      problems.push(
        isDiscovered.has(env)
          ? at(
              "organization.environment.backend",
              `the discovered environment "${env.name}" keeps its state at ${location}, the same place as environment "${first}"; one would overwrite the other's state. ${fix}, or use a placeholder in it, e.g. "${s3 ? "datadog-aws/{accountId}/terraform.tfstate" : "terraform.{accountId}.tfstate"}"`,
              "config/shared-state",
            )
          : at(`environments.${env.name}.backend`, `keeps its state at ${location}, the same place as environment "${first}"; one would overwrite the other's state. ${fix}`, "config/shared-state"),
      );
    } else owner.set(location, env.name);
  }
  return problems;
}
