/**
 * Two shortcuts the app (synth-app.ts) takes when it synthesizes its own stacks. Neither
 * changes a byte of the output (__tests__/run-modes.test.ts compares with App.synth()).
 * Together they take 30% off the app's time at 500 environments and 18% off its memory
 * (docs/performance.md has the figures).
 */
import { App, TerraformStack } from "cdktf";

/** Environment variables, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * `App.synth()` without its discovery pass.
 *
 * `App.synth()` resolves every element of every stack twice: first only to discover
 * cross-stack references (`TerraformStack.prepareStack()`, which also gives a stack
 * without a backend a LocalBackend), then again to write it. The app's stacks never
 * refer to each other (each is built from its own environment's config) and always
 * have a backend, so that first pass finds nothing; skipping it saves 12% of the time.
 * The rest is `App.synth()` of cdktf 0.21 step by step (CDKTF is archived: that code is
 * final). Only for apps whose stacks are independent: not a general replacement.
 */
export function synthIndependentStacks(app: App): void {
  const stacks = app.node.findAll().filter(TerraformStack.isStack);
  const session = { outdir: app.outdir, skipValidation: app.skipValidation, manifest: app.manifest };
  for (const stack of stacks) stack.synthesizer.synthesize(session);
  if (!app.skipValidation) {
    const errors = app.node.validate();
    if (errors.length > 0) throw new Error(`App-level validation failed with the following errors:\n  ${errors.join("\n  ")}`);
  }
  app.manifest.writeToFile();
}

/**
 * cdktf's private helper that records a token's creation trace: the `below` argument it
 * gives Error.captureStackTrace. Undefined if cdktf moves it (then nothing is skipped).
 */
function cdktfTraceRecorder(): unknown {
  try {
    return (require("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace?: unknown }).captureStackTrace;
  } catch {
    return undefined;
  }
}

/**
 * Runs `build` without recording cdktf's token creation traces, unless DEBUG is set.
 *
 * cdktf records the complete stack trace (it lifts Error.stackTraceLimit) of every token
 * it creates (each reference, function call and nested block: some 25 per stack here)
 * and reads them only to word its own error about a token that fails to resolve.
 * Skipping them saves 16% of the time at scale and most of the memory growth
 * (30 MiB at 500 environments). Skipped, each token's trace is empty, which cdktf's messages allow for;
 * with DEBUG set they are recorded as usual, so such an error says where the token came from.
 *
 * Only those calls are skipped, recognised by cdktf's helper passed as `below`: every
 * other Error.captureStackTrace call, and every Error's own trace, is as before.
 */
export function withoutTokenCreationTraces<T>(env: Environment, build: () => T): T {
  const recorder = env.DEBUG ? undefined : cdktfTraceRecorder();
  if (typeof recorder !== "function") return build();
  const capture = Error.captureStackTrace;
  // Without `below`, the trace starts at the caller, as with the original (this frame left out).
  const skipping = (target: object, below?: Function): void => {
    if (below !== recorder) capture(target, below ?? skipping);
  };
  Error.captureStackTrace = skipping;
  try {
    return build();
  } finally {
    Error.captureStackTrace = capture;
  }
}
