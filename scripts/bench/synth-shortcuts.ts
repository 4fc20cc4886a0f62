/**
 * The app (dist/main.js's `main`) with two synthesis shortcuts it used to take, for
 * `npm run bench -- --shortcuts` to weigh each against plain `App.synth()`, which the app
 * uses. Neither changes a byte of the output (the benchmark compares every file).
 *
 *   node dist/scripts/bench/synth-shortcuts.js plain|discovery|traces|both
 *
 * - discovery: `App.synth()` without its first pass. `App.synth()` resolves every element
 *   of every stack twice: first only to discover cross-stack references
 *   (`TerraformStack.prepareStack()`), then again to write it. The app's stacks never refer
 *   to each other and always have a backend, so that pass finds nothing. What is left is
 *   cdktf 0.21's `App.synth()` step by step, copied (cdktf is archived: that code is final).
 * - traces: cdktf records the complete stack trace of every token it creates (some 25 per
 *   stack) and reads them only to word its error about a token that fails to resolve. This
 *   replaces the global `Error.captureStackTrace` to skip the calls cdktf's recorder makes.
 *
 * Benchmark code: the app does not take them (docs/performance.md has the figures and why).
 */
import { App, TerraformStack } from "cdktf";
import { main } from "../../cli/synth/synth-app";
import { SHORTCUT_MODES, ShortcutMode } from "./shortcuts";

/** `App.synth()` without its discovery pass: each stack's synthesizer, app validation, manifest. */
function synthIndependentStacks(app: App): void {
  const stacks = app.node.findAll().filter(TerraformStack.isStack);
  const session = { outdir: app.outdir, skipValidation: app.skipValidation, manifest: app.manifest };
  for (const stack of stacks) stack.synthesizer.synthesize(session);
  if (!app.skipValidation) {
    const errors = app.node.validate();
    if (errors.length > 0) throw new Error(`App-level validation failed with the following errors:\n  ${errors.join("\n  ")}`);
  }
  app.manifest.writeToFile();
}

/** From here on, cdktf's token creation traces are not recorded (every other captureStackTrace call is as before). */
function skipTokenCreationTraces(): void {
  // cdktf's private helper that records a token's trace: the `below` it gives Error.captureStackTrace.
  const recorder = (require("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace?: unknown }).captureStackTrace;
  if (typeof recorder !== "function") throw new Error("cdktf's token trace recorder moved: the traces shortcut cannot be measured");
  const capture = Error.captureStackTrace;
  const skipping = (target: object, below?: (...args: never[]) => unknown): void => {
    if (below !== recorder) capture(target, below ?? skipping);
  };
  Error.captureStackTrace = skipping;
}

if (require.main === module) {
  const mode = process.argv[2] as ShortcutMode;
  if (!SHORTCUT_MODES.includes(mode)) {
    process.stderr.write(`usage: node dist/scripts/bench/synth-shortcuts.js ${SHORTCUT_MODES.join("|")}\n`);
    process.exit(2);
  }
  if (mode === "discovery" || mode === "both") {
    App.prototype.synth = function synth(this: App) {
      synthIndependentStacks(this);
    };
  }
  if (mode === "traces" || mode === "both") skipTokenCreationTraces();
  // The mode is this driver's argument, not the app's: the app gets none.
  main(process.env, []).then((code) => (process.exitCode = code));
}
