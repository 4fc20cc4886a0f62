/**
 * `true` exactly when A and B are the same type: the compile-time check that the written-out
 * types of resolved.ts (zod-free, for the public .d.ts) stay what the zod schemas produce.
 */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
