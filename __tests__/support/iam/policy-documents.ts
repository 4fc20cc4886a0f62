// Parsing IAM policy JSON and collecting every violation, shared by the IAM checks so each reports all its problems at once.
/**
 * The IAM checks take rendered policy JSON strings, not constructs: the same functions
 * apply to what `cdktf synth` writes and to what `terraform show -json` plans. They
 * import nothing from cdktf or from lib/, so a wrong fact in the product cannot make them
 * agree with it. Each `assert*` throws one Error listing every violation it found.
 */

export type IamPartition = "aws" | "aws-us-gov" | "aws-cn";

export const POLICY_VERSION = "2012-10-17";

/** Violations found so far; `throwIfAny` reports them all in one Error. */
export class Problems {
  readonly list: string[] = [];
  add(message: string): void {
    this.list.push(message);
  }
  throwIfAny(what: string): void {
    if (this.list.length > 0) {
      throw new Error(`${what}: ${this.list.length} problem(s)\n- ${this.list.join("\n- ")}`);
    }
  }
}

export const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
export const quote = (v: unknown) => JSON.stringify(v);

/** A policy document and its statements (a single statement object counts as a list of one). */
export function parsePolicy(json: string, what: string): { doc: Record<string, any>; statements: Record<string, any>[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (e) {
    throw new Error(`${what} is not JSON: ${(e as Error).message}`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new Error(`${what} is not a JSON object`);
  const statements = asList((doc as Record<string, unknown>).Statement) as Record<string, any>[];
  return { doc: doc as Record<string, any>, statements };
}
