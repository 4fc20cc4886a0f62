/**
 * Settings the config loader has validated, so the construct need not run the same zod
 * validation on them again (at 500 environments ~0.09 s of CPU).
 *
 * Only this module can mark: the loader records each environment as zod produced it, with
 * its integration settings' JSON text at that moment. The stack asks for those settings
 * again; only if the environment still reads exactly as validated does it get a fresh copy
 * the construct accepts unchecked, once. A library user's props, an environment changed
 * after loading, or an object passed twice, are validated as before.
 */
import type { ResolvedEnvironment, ResolvedIntegration } from "./resolved";
import { integrationFieldsOf } from "./schema";

/** Environments as the loader validated them, with their integration settings' JSON text. */
const validatedText = new WeakMap<ResolvedEnvironment, string>();
/** Copies handed to the stack and not yet taken by a construct. */
const unclaimed = new WeakSet<object>();

/** Records an environment the environment schema has just accepted (and so the integration schema too). */
export function markValidated(env: ResolvedEnvironment): void {
  validatedText.set(env, JSON.stringify(integrationFieldsOf(env)));
}

/**
 * The integration settings of an environment the loader validated, as a fresh copy the
 * construct accepts without validating again; undefined if the loader did not produce it or
 * it has changed since.
 */
export function validatedIntegrationOf(env: ResolvedEnvironment): ResolvedIntegration | undefined {
  const text = validatedText.get(env);
  if (text === undefined || JSON.stringify(integrationFieldsOf(env)) !== text) return undefined;
  const copy = JSON.parse(text) as ResolvedIntegration;
  unclaimed.add(copy);
  return copy;
}

/** True once for a copy from validatedIntegrationOf: the construct takes it as resolved. */
export function claimValidated(props: object): props is ResolvedIntegration {
  return unclaimed.delete(props);
}
