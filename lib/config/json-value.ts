/**
 * Two small helpers every module that reads JSON or writes messages about it needs, kept
 * once: how a value is quoted in a message, and what counts as a JSON object.
 */

/** A value as a message shows it: a string in double quotes with escapes, anything else as JSON writes it. */
export const quote = (value: unknown): string => JSON.stringify(value);

/** A JSON object: not null, not a list. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
