/**
 * Two shortcuts the app (synth-app.ts) takes when it synthesizes its own stacks. Neither
 * changes a byte of the output; together they make synthesis at scale about a third
 * cheaper in CPU and lighter in memory (docs/performance.md has the figures).
 */
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";

/**
 * `App.synth()` without its discovery pass.
 *
 * `App.synth()` resolves every element of every stack twice: first only to discover
 * cross-stack references (`TerraformStack.prepareStack()`, which also gives a stack
 * without a backend a LocalBackend), then again to write it. The app's stacks never
 * refer to each other (each is built from its own environment's config) and always
 * have a backend, so that first pass finds nothing; it is a fifth of the synth time.
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

const CDKTF_LIB = path.dirname(require.resolve("cdktf"));
/** The cdktf classes that record a stack trace each time one is created. */
const TRACING_TOKEN_CLASSES = new Set(["Intrinsic", "ComplexResolvable"]);

function isTokenCreationTrace(frames: readonly NodeJS.CallSite[]): boolean {
  const first = frames[0];
  return first !== undefined && TRACING_TOKEN_CLASSES.has(first.getFunctionName() ?? "") && (first.getFileName() ?? "").startsWith(CDKTF_LIB);
}

/** What Node does without Error.prepareStackTrace (see defaultPrepareStackTrace in Node's lib/internal/errors.js). */
function nodeDefaultFormat(error: Error, frames: readonly NodeJS.CallSite[]): string {
  const head = Error.prototype.toString.call(error);
  return frames.length === 0 ? head : `${head}\n    at ${frames.join("\n    at ")}`;
}

/**
 * Runs `build` with cdktf's token creation traces left empty, unless DEBUG is set.
 *
 * cdktf records the complete stack trace (it lifts Error.stackTraceLimit) of every token
 * it creates (each reference, function call and nested block: some 25 per stack here)
 * and reads them only to word its own error about a token that fails to resolve.
 * Formatting them is a sixth of the synth time at scale and most of the memory growth.
 * With DEBUG set they are recorded as usual, so that error names where a token came from.
 *
 * Only those traces change, recognised by their first frame (the constructor of cdktf's
 * Intrinsic or ComplexResolvable, in cdktf's own files). Any other trace is formatted as
 * before: by an Error.prepareStackTrace someone else installed, or as Node does. An
 * Error formats its trace when `stack` is first read, which is after this returns.
 */
export function withoutTokenCreationTraces<T>(env: NodeJS.ProcessEnv, build: () => T): T {
  // Source-mapped traces are Node's own formatting, which a hook would replace: leave them be.
  if (env.DEBUG || process.sourceMapsEnabled) return build();
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, frames) => {
    if (isTokenCreationTrace(frames)) return "";
    return previous ? previous(error, frames) : nodeDefaultFormat(error, frames);
  };
  try {
    return build();
  } finally {
    Error.prepareStackTrace = previous;
  }
}
