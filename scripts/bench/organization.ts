/**
 * The organization case of `npm run bench` (scripts/bench/main.ts calls it): what enrolling an
 * organization costs. An organization of N member accounts (default 1,000) in moto's AWS
 * Organizations (the moto 5.2.5 the test tools provide), then, interleaved, each run:
 *
 * - discover, first run:   `npm run discover` with no accounts file (every account added);
 * - synth, discovered:     `npm run synth` of the organization config and that file;
 * - discover, nothing new: `npm run discover` again (the scheduled job's usual run);
 * - synth alone:           `npm run synth` of a config holding the same environments written
 *                          by hand (the baseline: what synth costs without an organization).
 *
 * and reports medians, and discover + synth against synth alone as ratios of one run.
 * Creating the accounts in moto is setup, timed and reported apart, never in a figure.
 * moto runs on the same machine and answers in milliseconds, without AWS's throttling of
 * Organizations: discover's figures are its own work plus moto's, not what AWS would take.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";

// The pinned SDK runs on Node 20; its notice that later releases need Node 22 is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const ROLE = "arn:{partition}:iam::{accountId}:role/OrganizationAccountAccessRole";
const TEMPLATE = { awsAssumeRoleArn: ROLE, awsAssumeRoleSessionName: "datadog-integration", tags: ["managed-by:terraform", "aws-account:{accountId}"], permissions: "pinned" };
const DEFAULTS = { backend: { type: "s3", bucket: "org-terraform-state", region: "us-east-1", useLockfile: true } };

/** What main.ts measures with and reports in (its own functions, so both parts measure alike). */
export interface BenchTools {
  readonly measure: (
    command: string,
    args: readonly string[],
    cwd: string,
    env: NodeJS.ProcessEnv,
  ) => Promise<{ wallSeconds: number; cpuSeconds: number | undefined; peakKiB: number | undefined; code: number | null; signal: NodeJS.Signals | null; output: string }>;
  readonly median: (values: readonly number[]) => number;
  readonly inventory: (outdir: string) => { stacks: number; blocks: Map<string, number> };
  readonly inventoryDifference: (a: Map<string, number>, b: Map<string, number>) => string[];
}

export interface OrganizationBenchOptions {
  readonly accounts: number;
  readonly runs: number;
  /** A temporary folder of the bench's own. */
  readonly tmp: string;
  readonly env: NodeJS.ProcessEnv;
  readonly write: (text: string) => void;
}

/** moto's Python, as scripts/test-tools/provision.sh recorded it (or MOTO_PYTHON). */
function motoPython(): string | undefined {
  if (process.env.MOTO_PYTHON) return process.env.MOTO_PYTHON;
  const cache = process.env.DATADOG_AWS_TEST_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "datadog-aws-cdktf");
  try {
    const python = (JSON.parse(fs.readFileSync(path.join(cache, "tools.json"), "utf8")) as { moto?: { python?: string } }).moto?.python;
    return python && fs.existsSync(python) ? python : undefined;
  } catch {
    return undefined;
  }
}

/** moto's server on 127.0.0.1 (the tests' launcher), without AWS's managed IAM policies: with them, CreateAccount takes ~1 s each. */
function startMoto(python: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(python, [path.join(ROOT, "__tests__", "support", "moto_server.py")], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: "false" } });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on("exit", (code) => reject(new Error(`moto exited (${code}) before it was ready:\n${err}`)));
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const port = /^(\d+)\n/.exec(out)?.[1];
      if (!port) return;
      child.removeAllListeners("exit");
      child.stdout.removeAllListeners("data");
      child.stdout.resume();
      resolve({ url: `http://127.0.0.1:${port}`, stop: () => child.stdin.end() });
    });
  });
}

interface Row {
  readonly label: string;
  readonly wall: number[];
  readonly cpu: number[];
  readonly peakKiB: number[];
}

/** Runs the organization case and writes its table. Returns false when a command failed. */
export async function benchOrganization(tools: BenchTools, options: OrganizationBenchOptions): Promise<boolean> {
  const { write, runs } = options;
  const python = motoPython();
  if (!python) {
    write("\norganization: skipped, moto is not installed (`npm run test:tools` provides it, or set MOTO_PYTHON)\n");
    return true;
  }
  const n = options.accounts;
  const dir = path.join(options.tmp, "organization");
  fs.mkdirSync(dir, { recursive: true });
  const moto = await startMoto(python);
  // moto's default account (123456789012) answers keys it has never seen: the management account here.
  const credentials = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "bench" };
  const client = new OrganizationsClient({ endpoint: moto.url, region: "us-east-1", credentials, maxAttempts: 1 });
  try {
    write(`\norganization: ${n.toLocaleString("en-US")} member accounts in moto's AWS Organizations (plus the management account), ${runs} run(s) of each command\n`);
    const setupStart = process.hrtime.bigint();
    await client.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
    for (let i = 0; i < n; i++) await client.send(new CreateAccountCommand({ AccountName: `Workload ${String(i).padStart(4, "0")}`, Email: `workload-${i}@example.com` }));
    const setupSeconds = Number(process.hrtime.bigint() - setupStart) / 1e9;
    write(
      `  setup, not measured below: creating them through the SDK (one CreateAccount each) took ${setupSeconds.toFixed(1)} s, ` +
        "with moto started without AWS's managed IAM policies (with them, moto takes about 1 s per CreateAccount)\n",
    );

    const orgConfig = path.join(dir, "organization.config.json");
    const accountsFile = path.join(dir, "datadog-aws.accounts.json");
    fs.writeFileSync(orgConfig, `${JSON.stringify({ defaults: DEFAULTS, organization: { environment: TEMPLATE } }, null, 2)}\n`);
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(options.env).filter(([key]) => !key.startsWith("AWS_")));
    Object.assign(env, {
      AWS_ENDPOINT_URL: moto.url,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: "us-east-1",
      AWS_EC2_METADATA_DISABLED: "true",
    });
    const npm = (script: string, config: string, outdir: string) => tools.measure("npm", ["run", script], ROOT, { ...env, DATADOG_AWS_CONFIG: config, CDKTF_OUTDIR: outdir });

    const rows = {
      first: { label: "discover, first run (every account added)", wall: [], cpu: [], peakKiB: [] } as Row,
      synthDiscovered: { label: "synth of the discovered config", wall: [], cpu: [], peakKiB: [] } as Row,
      again: { label: "discover, nothing new (the scheduled run)", wall: [], cpu: [], peakKiB: [] } as Row,
      alone: { label: "synth alone: the same environments by hand", wall: [], cpu: [], peakKiB: [] } as Row,
    };
    const record = (row: Row, m: { wallSeconds: number; cpuSeconds: number | undefined; peakKiB: number | undefined }) => {
      row.wall.push(m.wallSeconds);
      if (m.cpuSeconds !== undefined) row.cpu.push(m.cpuSeconds);
      if (m.peakKiB !== undefined) row.peakKiB.push(m.peakKiB);
      write(`${m.wallSeconds.toFixed(2)}s  `);
    };
    const failed = (what: string, m: { code: number | null; signal: NodeJS.Signals | null; output: string }) => {
      write(`\n${what} failed: exit ${m.code ?? m.signal}. Its output ended with:\n${m.output.slice(-4000)}\n`);
      return false;
    };

    let handConfig: string | undefined;
    let expected = 0;
    let discoveredBlocks: Map<string, number> | undefined;
    write("  ");
    for (let i = 0; i < runs; i++) {
      fs.rmSync(accountsFile, { force: true });
      const first = await npm("discover", orgConfig, path.join(dir, "unused"));
      if (first.code !== 0) return failed("npm run discover", first);
      record(rows.first, first);

      if (!handConfig) {
        // The baseline: every discovered environment written by hand, placeholders filled in.
        const accounts = (JSON.parse(fs.readFileSync(accountsFile, "utf8")) as { partition: string; accounts: Record<string, { environment: string; name: string }> }).accounts;
        const environments = Object.fromEntries(
          Object.entries(accounts).map(([id, e]) => [
            e.environment,
            { ...JSON.parse(JSON.stringify(TEMPLATE).replaceAll("{accountId}", id).replaceAll("{partition}", "aws").replaceAll("{accountName}", e.name)), awsAccountId: id },
          ]),
        );
        expected = Object.keys(environments).length;
        handConfig = path.join(dir, "by-hand.config.json");
        fs.writeFileSync(handConfig, `${JSON.stringify({ defaults: DEFAULTS, environments }, null, 2)}\n`);
      }

      const outDiscovered = path.join(dir, `out-discovered-${i}`);
      const synthDiscovered = await npm("synth", orgConfig, outDiscovered);
      const found = tools.inventory(outDiscovered);
      if (synthDiscovered.code !== 0 || found.stacks !== expected) return failed(`npm run synth (discovered, ${found.stacks} of ${expected} stacks)`, synthDiscovered);
      discoveredBlocks ??= found.blocks;
      fs.rmSync(outDiscovered, { recursive: true, force: true });
      record(rows.synthDiscovered, synthDiscovered);

      const again = await npm("discover", orgConfig, path.join(dir, "unused"));
      if (again.code !== 0 || !/unchanged\)/.test(again.output)) return failed("npm run discover (nothing new)", again);
      record(rows.again, again);

      const outAlone = path.join(dir, `out-alone-${i}`);
      const alone = await npm("synth", handConfig, outAlone);
      const foundAlone = tools.inventory(outAlone);
      if (alone.code !== 0 || foundAlone.stacks !== expected) return failed(`npm run synth (by hand, ${foundAlone.stacks} of ${expected} stacks)`, alone);
      const difference = tools.inventoryDifference(discoveredBlocks, foundAlone.blocks);
      if (difference.length > 0) write(`\nnote: the discovered and the hand-written config do not write the same blocks: ${difference.join("; ")}\n`);
      fs.rmSync(outAlone, { recursive: true, force: true });
      record(rows.alone, alone);
    }
    write("\n\n");

    const med = (values: number[]) => (values.length ? tools.median(values) : undefined);
    const mib = (kib: number | undefined) => (kib === undefined ? "-" : (kib / 1024).toFixed(0));
    const sums = (a: Row, b: Row) => a.wall.map((w, i) => w + b.wall[i]);
    const peaks = (a: Row, b: Row) => (a.peakKiB.length === b.peakKiB.length ? a.peakKiB.map((p, i) => Math.max(p, b.peakKiB[i])) : []);
    const aloneWall = med(rows.alone.wall)!;
    const table: string[][] = [["scenario", "stacks", "runs", "median wall s", "median peak MiB", "median CPU s", "wall ÷ synth alone"]];
    for (const row of Object.values(rows)) {
      const wall = med(row.wall)!;
      table.push([
        row.label,
        row.label.startsWith("discover") ? "-" : String(expected),
        String(row.wall.length),
        wall.toFixed(2),
        mib(med(row.peakKiB)),
        med(row.cpu)?.toFixed(2) ?? "-",
        (wall / aloneWall).toFixed(2),
      ]);
    }
    for (const [label, a] of [
      ["discover + synth, first run", rows.first],
      ["discover + synth, nothing new", rows.again],
    ] as const) {
      const wall = med(sums(a, rows.synthDiscovered))!;
      const ratios = sums(a, rows.synthDiscovered).map((w, i) => w / rows.alone.wall[i]);
      table.push([label, String(expected), String(a.wall.length), wall.toFixed(2), mib(med(peaks(a, rows.synthDiscovered))), "-", `${tools.median(ratios).toFixed(2)} (median of runs)`]);
    }
    const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
    const line = (r: string[]) => `| ${r.map((cell, c) => (c < 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(" | ")} |`;
    write(`${line(table[0])}\n|${widths.map((w, c) => (c < 1 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|\n${table.slice(1).map(line).join("\n")}\n`);
    write(
      `  Each command is a whole \`npm run\` (tsc -b included); discover + synth is two of them, synth alone one. moto runs on this machine and answers ` +
        `ListAccounts in milliseconds, unthrottled: against AWS, discover waits on ${Math.ceil((n + 1) / 20)} ListAccounts pages of 20 at AWS's pace instead.\n`,
    );
    return true;
  } finally {
    client.destroy();
    moto.stop();
  }
}
