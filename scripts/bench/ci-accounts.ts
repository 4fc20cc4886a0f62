/**
 * How long the CI example (examples/ci/datadog-aws.yml) takes for many accounts, measured
 * here against the local AWS (moto): `npm run synth` of N environments, then for each
 * stack what one matrix job runs, `terraform init` and `terraform plan`, one after the
 * other and two at a time. Prints medians and what they add up to for N accounts on one
 * machine and on 20 parallel runners.
 *
 *   npm run bench:ci -- [--accounts 100] [--sample 20]
 *
 * Needs Terraform, the hashicorp/aws mirror and moto (npm run test:tools). Offline, so the
 * plugin cache's real gain, not downloading the AWS provider (about 100 MB) in every job,
 * cannot be measured here; what is measured is init with the cache against without.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { MotoServer } from "../../__tests__/support/moto-server";
import { findProofTools } from "../../__tests__/support/test-tools";

const ROOT = path.resolve(__dirname, "..", "..", "..");

const median = (values: readonly number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function timed(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(performance.now() - start) : reject(new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${err}`))));
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { accounts: { type: "string", default: "100" }, sample: { type: "string", default: "20" } } });
  const accounts = Number(values.accounts);
  const sample = Math.min(accounts, Number(values.sample));
  const tools = findProofTools();
  if (!tools.terraform || !tools.motoPython) {
    process.stdout.write(`needs Terraform, the AWS provider mirror and moto (npm run test:tools): ${[...tools.terraformMissing, tools.motoMissing].filter(Boolean).join("; ")}\n`);
    return 2;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-ci-"));
  const moto = await MotoServer.start(tools.motoPython);
  try {
    // N accounts as a platform team would list them (split duty: no Datadog provider needed).
    const ids = Array.from({ length: accounts }, (_, i) => String(300000000000 + i));
    const config = path.join(work, "config.json");
    fs.writeFileSync(
      config,
      JSON.stringify({ environments: Object.fromEntries(ids.map((id, i) => [`account-${i}`, { awsAccountId: id, manageDatadogIntegration: false, externalId: "0123456789abcdef0123456789abcdef" }])) }),
    );
    const synth = await timed(process.execPath, [path.join(ROOT, "dist", "main.js")], ROOT, { ...process.env, DATADOG_AWS_CONFIG: config, CDKTF_OUTDIR: path.join(work, "out") });

    const cache = path.join(work, "plugin-cache");
    fs.mkdirSync(cache);
    const mirror = `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(tools.terraform.mirror)}\n  }\n}\n`;
    fs.writeFileSync(path.join(work, "no-cache.tfrc"), mirror);
    fs.writeFileSync(path.join(work, "cache.tfrc"), `plugin_cache_dir = ${JSON.stringify(cache)}\n${mirror}`);

    /** One matrix job: init and plan of stack i, as the job's own account. */
    const job = async (i: number, cliConfig: string) => {
      const dir = path.join(work, "out", "stacks", `account-${i}`);
      fs.rmSync(path.join(dir, ".terraform"), { recursive: true, force: true });
      fs.writeFileSync(path.join(dir, "zz_override.tf.json"), JSON.stringify({ terraform: { backend: { local: { path: "terraform.tfstate" } } } }));
      const creds = await moto.credentialsFor(ids[i]);
      const env = {
        ...process.env,
        TF_CLI_CONFIG_FILE: path.join(work, cliConfig),
        TF_IN_AUTOMATION: "1",
        CHECKPOINT_DISABLE: "1",
        AWS_ENDPOINT_URL: moto.url,
        AWS_ACCESS_KEY_ID: creds.accessKeyId,
        AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
        AWS_EC2_METADATA_DISABLED: "true",
      };
      const init = await timed(tools.terraform!.terraform, ["init", "-input=false", "-no-color"], dir, env);
      const plan = await timed(tools.terraform!.terraform, ["plan", "-input=false", "-lock=false", "-no-color"], dir, env);
      return { init, plan };
    };
    const runAll = async (indices: number[], parallel: number, cliConfig: string) => {
      const results: { init: number; plan: number }[] = [];
      const queue = [...indices];
      const start = performance.now();
      await Promise.all(
        Array.from({ length: parallel }, async () => {
          for (let i = queue.shift(); i !== undefined; i = queue.shift()) results.push(await job(i, cliConfig));
        }),
      );
      return { results, wall: performance.now() - start };
    };

    const indices = Array.from({ length: sample }, (_, i) => i);
    await job(0, "cache.tfrc"); // warm-up: fills the plugin cache, loads the provider once
    const withoutCache = await runAll(indices, 1, "no-cache.tfrc");
    const withCache = await runAll(indices, 1, "cache.tfrc");
    const twoAtOnce = await runAll(indices, 2, "cache.tfrc");

    const perJob = median(withCache.results.map((r) => r.init + r.plan));
    const lines = [
      `CI for ${accounts} accounts, measured on ${sample} of them (${os.cpus().length} cores), against moto:`,
      `  synth of ${accounts} environments:           ${seconds(synth)}`,
      `  terraform init, no plugin cache (median): ${seconds(median(withoutCache.results.map((r) => r.init)))}`,
      `  terraform init, plugin cache (median):    ${seconds(median(withCache.results.map((r) => r.init)))}`,
      `  terraform plan (median):                  ${seconds(median(withCache.results.map((r) => r.plan)))}`,
      `  one job, init + plan (median):            ${seconds(perJob)}`,
      `  ${sample} jobs one at a time: ${seconds(withCache.wall)}; two at a time: ${seconds(twoAtOnce.wall)} (ratio ${(withCache.wall / twoAtOnce.wall).toFixed(2)})`,
      `  ${accounts} accounts on this machine: one at a time about ${seconds((withCache.wall / sample) * accounts + synth)}, two at a time about ${seconds((twoAtOnce.wall / sample) * accounts + synth)}`,
      `  ${accounts} accounts on 20 parallel runners (the example's max-parallel): about ${seconds(Math.ceil(accounts / 20) * perJob + synth)} plus runner start-up`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  } finally {
    await moto.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 1;
  },
);
