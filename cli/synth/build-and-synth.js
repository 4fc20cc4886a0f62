/**
 * `npm run synth` and `npm run app` (cdktf.json): `tsc -b`, then the compiled app
 * (dist/main.js), in one Node process instead of three.
 *
 * `node_modules/.bin/tsc` (TypeScript 7) is a Node script whose only job is to find the
 * native compiler and start it: ~60 ms of Node start-up on every synth, where the no-op
 * `tsc -b` itself takes ~30 ms. This starts that same compiler with the same `-b`
 * directly, so the type check is exactly the one `tsc -b` does, and then loads the app
 * into this process rather than starting Node once more. Where the native compiler is
 * not where TypeScript's own launcher finds it (another TypeScript, another layout), it
 * runs TypeScript's `tsc` script as before.
 *
 * Plain JavaScript, not compiled: it runs before the build it starts.
 */
// biome-ignore lint/suspicious/noRedundantUseStrict: a CommonJS script (the package is not "type": "module"), where it is not implied
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");

/** How to run `tsc`: TypeScript 7's native compiler where its launcher would find it, else its `tsc` script. */
function tscCommand() {
  const typescript = path.dirname(require.resolve("typescript/package.json", { paths: [root] }));
  try {
    // As typescript/lib/getExePath.js finds it: the platform package's lib/tsc.
    const platform = path.dirname(require.resolve(`@typescript/typescript-${process.platform}-${process.arch}/package.json`, { paths: [typescript] }));
    const exe = path.join(platform, "lib", process.platform === "win32" ? "tsc.exe" : "tsc");
    if (fs.existsSync(exe)) return [exe, []];
  } catch {
    // Not TypeScript 7, or not this layout: its own launcher below.
  }
  const bin = require(path.join(typescript, "package.json")).bin;
  return [process.execPath, [path.join(typescript, typeof bin === "string" ? bin : bin.tsc)]];
}

const [command, args] = tscCommand();
const built = spawnSync(command, [...args, "-b"], { cwd: root, stdio: "inherit" });
if (built.error) throw built.error;
if (built.status !== 0) {
  // As `tsc -b && node dist/main.js` would: the compiler's exit code, and no synth.
  process.exitCode = built.status ?? 1;
} else {
  const app = path.join(root, "dist", "main.js");
  process.argv[1] = app;
  require(app);
}
