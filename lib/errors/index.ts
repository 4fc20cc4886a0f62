/**
 * Every error this project raises on purpose, as named factories, so messages stay
 * consistent and tests can match them. A user-facing error says what was given, what is
 * allowed and how to fix it.
 *
 * Error codes
 *
 * Every problem a user can cause has a stable code, `<area>/<name>` in lower case, e.g.
 * `value/aws-account-id`. Each area is one file of this folder, holding its codes (with what
 * each means and how to fix it) and the factories that raise them:
 *
 * - `file/` (file.ts): reading the config file;
 * - `config/` (config.ts): the config file's structure (environments, defaults, null, state files);
 * - `value/` (value.ts): one field's value, judged on its own (the config's field rules, zod's checks);
 * - `combination/` (combination.ts): fields that do not go together (the config's cross-field checks);
 * - `organization/` (organization.ts): the organization section and its accounts file;
 * - `discover/` (discover.ts): `npm run discover` and AWS Organizations;
 * - `construct/` (construct.ts): the construct's props, when used as a library;
 * - `delivery/` (delivery.ts): metric streams and log delivery through Kinesis Data Firehose;
 * - `output/` (output.ts): the output folders the app writes;
 * - `doctor/` (doctor.ts): `npm run doctor` (its findings have codes of their own, beside its checks);
 * - `permissions/` (permissions.ts): `npm run permissions`;
 * - `command/` (command.ts): what every command shares: its arguments, and failures it has no advice for.
 *
 * core.ts holds what they share: the error classes (`CodedError`, and its `ConfigError`
 * and `ServiceError`) and `Problem`. A code names the rule that was broken, not the words of
 * its message: the message may gain detail, the code stays, and a code is never reused for
 * another problem. Each error has the code of the error as a whole (`code`) and each problem
 * it lists has its own (`issues[].code`); the printed message ends every problem line with
 * its code in brackets, e.g. `[value/aws-account-id]`, so a user can look it up in the
 * "Error codes" table, which `scripts/write-error-codes.ts` writes from `ERROR_AREAS` below
 * (a test fails when the table is stale).
 */
// In table order: the declared type of ERROR_CODES lists the codes in the order the areas are loaded.
import type { ErrorArea } from "./core";
import { FILE_ERRORS } from "./file";
import { CONFIG_ERRORS } from "./config";
import { VALUE_ERRORS } from "./value";
import { COMBINATION_ERRORS } from "./combination";
import { ORGANIZATION_ERRORS } from "./organization";
import { DISCOVER_ERRORS } from "./discover";
import { CONSTRUCT_ERRORS } from "./construct";
import { DELIVERY_ERRORS } from "./delivery";
import { OUTPUT_ERRORS } from "./output";
import { DOCTOR_ERRORS } from "./doctor";
import { PERMISSIONS_ERRORS } from "./permissions";
import { COMMAND_ERRORS } from "./command";

export * from "./core";
export * from "./file";
export * from "./config";
export * from "./value";
export * from "./combination";
export * from "./organization";
export * from "./discover";
export * from "./construct";
export * from "./delivery";
export * from "./output";
export * from "./doctor";
export * from "./permissions";
export * from "./command";

/** Every area, in the order the error table lists them. */
export const ERROR_AREAS: readonly ErrorArea[] = [
  FILE_ERRORS,
  CONFIG_ERRORS,
  VALUE_ERRORS,
  COMBINATION_ERRORS,
  ORGANIZATION_ERRORS,
  DISCOVER_ERRORS,
  CONSTRUCT_ERRORS,
  DELIVERY_ERRORS,
  OUTPUT_ERRORS,
  DOCTOR_ERRORS,
  PERMISSIONS_ERRORS,
  COMMAND_ERRORS,
];

/** Every error code, with what it means and how to fix it, in the order the error table lists them. */
export const ERROR_CODES = {
  ...FILE_ERRORS.codes,
  ...CONFIG_ERRORS.codes,
  ...VALUE_ERRORS.codes,
  ...COMBINATION_ERRORS.codes,
  ...ORGANIZATION_ERRORS.codes,
  ...DISCOVER_ERRORS.codes,
  ...CONSTRUCT_ERRORS.codes,
  ...DELIVERY_ERRORS.codes,
  ...OUTPUT_ERRORS.codes,
  ...DOCTOR_ERRORS.codes,
  ...PERMISSIONS_ERRORS.codes,
  ...COMMAND_ERRORS.codes,
};

/** A stable error code: a key of `ERROR_CODES`. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** True for a string that is one of the error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(ERROR_CODES, value);
}
