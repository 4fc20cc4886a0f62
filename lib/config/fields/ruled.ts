/**
 * Building blocks of the field shapes: a string judged by one of the string rules, and
 * the list of names newer than one of the project's dated lists.
 */
import { z } from "zod";
import { isToken, listedNameRule, type StringRule } from "./rules";

/** A string checked by a rule; unresolved tokens pass (Terraform judges them at plan time). */
export function ruled(rule: StringRule, description: string) {
  const meta: Record<string, unknown> = { description };
  if (rule.pattern) meta.pattern = rule.pattern.source;
  if (rule.maxLength) meta.maxLength = rule.maxLength;
  return z
    .string()
    .superRefine((value, ctx) => {
      if (isToken(value)) return;
      const problem = rule.check(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem, params: { code: rule.code } });
    })
    .meta(meta);
}

/** Names Datadog accepts that are newer than one of our dated lists (see checks/listed-names.ts). */
export const newerNames = (what: string, listDate: string) =>
  z
    .array(ruled(listedNameRule, `One of Datadog's ${what}, newer than this project's list.`))
    .default([])
    .meta({
      description: `${what[0].toUpperCase()}${what.slice(1)} newer than this project's list of Datadog's (${listDate}): names listed here pass the synth-time check, and Datadog's API judges them at apply.`,
    });
