/**
 * `npm run bench -- --shortcuts`: what each synthesis shortcut (synth-shortcuts.ts) would save
 * against plain `App.synth()`, which the app uses, at the sizes users run.
 *
 * Each run is `node dist/scripts/bench/synth-shortcuts.js <mode>` as a whole child process
 * (the compiled app with the shortcut on; no npm, no tsc, so only the synth differs), the
 * modes interleaved run by run so machine load hits each alike. Reported: medians of wall
 * time, CPU time and peak memory, each mode against plain from the same command. Every file
 * each mode writes is compared with plain's: the benchmark fails if a byte differs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { generateConfig } from "../fixtures/generated-config";
import type { BenchTools } from "./organization";
import { differences, filesOf, someOf } from "./same-output";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const DRIVER = path.join(ROOT, "dist", "scripts", "bench", "synth-shortcuts.js");

/** plain: App.synth(), as the app does; then each shortcut alone, and both. */
export const SHORTCUT_MODES = ["plain", "discovery", "traces", "both"] as const;
export type ShortcutMode = (typeof SHORTCUT_MODES)[number];

export interface ShortcutBenchOptions {
  readonly sizes: readonly number[];
  readonly runs: number;
  readonly tmp: string;
  readonly env: NodeJS.ProcessEnv;
  readonly write: (text: string) => void;
}

/** Runs the comparison and prints its table; false if a run failed or a mode wrote other bytes. */
export async function benchShortcuts(tools: BenchTools, options: ShortcutBenchOptions): Promise<boolean> {
  const { write } = options;
  let ok = true;
  const rows: string[][] = [["envs", "mode", "runs", "median wall s", "wall ÷ plain", "saved ms", "median CPU s", "CPU ÷ plain", "median peak MiB", "MiB ÷ plain"]];
  write(`\nSynthesis shortcuts against plain App.synth() (node dist/scripts/bench/synth-shortcuts.js <mode>, ${options.runs} runs each, interleaved):\n`);
  for (const size of options.sizes) {
    const config = path.join(options.tmp, `shortcuts-${size}.config.json`);
    fs.writeFileSync(config, `${JSON.stringify(generateConfig(size), null, 2)}\n`);
    const results = new Map<ShortcutMode, { wall: number[]; cpu: number[]; mib: number[] }>(SHORTCUT_MODES.map((m) => [m, { wall: [], cpu: [], mib: [] }]));
    const written = new Map<ShortcutMode, Map<string, Buffer>>();
    const run = (mode: ShortcutMode, outdir: string) => tools.measure(process.execPath, [DRIVER, mode], ROOT, { ...options.env, DATADOG_AWS_CONFIG: config, CDKTF_OUTDIR: outdir });
    await run("plain", path.join(options.tmp, "shortcuts-warmup"));
    write(`  ${size} environment(s): `);
    for (let i = 0; i < options.runs && ok; i++) {
      for (const mode of SHORTCUT_MODES) {
        const outdir = path.join(options.tmp, `shortcuts-${size}-${mode}-${i}`);
        const m = await run(mode, outdir);
        if (m.code !== 0) {
          ok = false;
          write(`\n${mode} failed at ${size}: exit ${m.code ?? m.signal}. Its output ended with:\n${m.output.slice(-4000)}\n`);
          break;
        }
        if (!written.has(mode)) written.set(mode, filesOf(outdir));
        fs.rmSync(outdir, { recursive: true, force: true });
        const r = results.get(mode);
        r?.wall.push(m.wallSeconds);
        if (m.cpuSeconds !== undefined) r?.cpu.push(m.cpuSeconds);
        if (m.peakKiB !== undefined) r?.mib.push(m.peakKiB / 1024);
      }
      write(".");
    }
    write("\n");
    const plainFiles = written.get("plain");
    for (const [mode, files] of written) {
      const diff = plainFiles ? differences(plainFiles, files) : [];
      if (diff.length > 0) {
        ok = false;
        write(`  ${mode} at ${size} environment(s) wrote other bytes than plain App.synth(): ${someOf(diff)}\n`);
      }
    }
    const med = (mode: ShortcutMode, key: "wall" | "cpu" | "mib") => {
      const values = results.get(mode)?.[key] ?? [];
      return values.length ? tools.median(values) : undefined;
    };
    const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? (a / b).toFixed(2) : "-");
    for (const mode of SHORTCUT_MODES) {
      const wall = med(mode, "wall");
      if (wall === undefined) continue;
      const plainWall = med("plain", "wall");
      rows.push([
        String(size),
        mode,
        String(results.get(mode)?.wall.length ?? 0),
        wall.toFixed(3),
        ratio(wall, plainWall),
        plainWall !== undefined ? ((plainWall - wall) * 1000).toFixed(0) : "-",
        med(mode, "cpu")?.toFixed(2) ?? "-",
        ratio(med(mode, "cpu"), med("plain", "cpu")),
        med(mode, "mib")?.toFixed(0) ?? "-",
        ratio(med(mode, "mib"), med("plain", "mib")),
      ]);
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(" | ")} |`;
  write(`\n${line(rows[0])}\n|${widths.map((w, c) => (c < 2 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|\n${rows.slice(1).map(line).join("\n")}\n`);
  write(ok ? "Every mode wrote the same bytes as plain App.synth() at every size.\n" : "");
  return ok;
}
