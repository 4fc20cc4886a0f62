/**
 * What resolving a config file gives, and the problem list it fills while it works.
 */
import { type ErrorCode, type Problem, problemLine } from "../../errors";
import type { AccountsFile, ResolvedEnvironment } from "../resolved";
import type { Json } from "./values";

/** One environment of a config file, validated, defaults applied. */
export interface EnvironmentConfig {
  /** The key under `environments`: the stack's name. */
  readonly name: string;
  /** Its settings, defaults merged in and resolved. */
  readonly config: ResolvedEnvironment;
}

/** The organization section of a config file, validated. */
export interface OrganizationSettings {
  readonly ouIds?: readonly string[];
  readonly excludeAccountIds?: readonly string[];
  readonly output?: string;
  /** What every discovered environment gets, placeholders not yet filled in. */
  readonly environment: Json;
}

export interface ResolveOptions {
  /**
   * The discovered environments to merge in: the accounts file's content, or "missing"
   * when it does not exist yet. Left out: the config's own environments only.
   */
  readonly accounts?: AccountsFile | "missing";
}

export interface ResolvedConfig {
  /** Every environment to synthesize: the config's own, then the discovered ones (by account ID). */
  readonly environments: EnvironmentConfig[];
  /** The environments written in the config file itself. */
  readonly handWritten: readonly EnvironmentConfig[];
  readonly organization?: OrganizationSettings;
  /** Where the organization section's accounts file is (with an organization section). */
  readonly accountsFile?: string;
  /** What the user should know that is not an error: a discovered environment a hand-written one replaces, ones no longer enrolled. */
  readonly notices: readonly string[];
}

/** A problem at `where` (a field path), with its code. */
export const at = (where: string, message: string, code: ErrorCode): Problem => ({ code, path: where, message });

/** The problems found so far, in the order they are reported. */
export class ProblemList {
  readonly all: Problem[] = [];
  private readonly lines = new Set<string>();

  /** Adds a problem. */
  add(problem: Problem): void {
    this.all.push(problem);
  }

  /** Adds a problem unless the same line is already reported (an inherited value's problem is met once per environment). */
  report(problem: Problem): void {
    const line = problemLine(problem);
    if (this.lines.has(line)) return;
    this.lines.add(line);
    this.all.push(problem);
  }
}
