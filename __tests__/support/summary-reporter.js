// Prints, after the run, how many Terraform plans, IAM simulations and bad-input cases ran,
// then the plain closing line "N passed, N failed" that CI reads.
const fs = require("node:fs");

const LABELS = {
  terraformValidates: "terraform validate runs",
  terraformPlans: "terraform plans",
  iamSimulations: "IAM simulations",
  badInputCases: "bad-input cases",
  secretScans: "secret scans",
};

const STEPS = [
  ["validate", "validates"],
  ["apply", "applies"],
  ["replan", "clean re-plans"],
  ["edit", "edits applied"],
  ["import", "imports"],
  ["destroy", "destroys"],
];

/** Datadog provider versions the provisioning script could not provide (tools.json), unless a mirror was given. */
function unavailableDatadogProviders() {
  const os = require("node:os");
  const path = require("node:path");
  const cache = process.env.DATADOG_AWS_TEST_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "datadog-aws-cdktf");
  const file = path.join(cache, "tools.json");
  if (!fs.existsSync(file)) return [];
  const given = (process.env.DATADOG_PROVIDER_MIRROR || "").split(path.delimiter).filter(Boolean);
  const inGiven = (v) => given.some((m) => fs.existsSync(path.join(m, "registry.terraform.io", "datadog", "datadog", v)));
  return (JSON.parse(fs.readFileSync(file, "utf8")).datadog || []).filter((d) => d.error && !inGiven(d.version));
}

class SummaryReporter {
  onRunComplete(contexts, results) {
    // A run of the unit project alone proves nothing about Terraform or the providers: it
    // says nothing about proofs (the NOT RUN lines would come from the tools cache, not the run).
    const ranProofs = [...contexts].some((c) => c.config.displayName?.name !== "unit");
    if (ranProofs) this.printProofs();
    else if (process.env.PROOF_COUNTS_FILE) fs.rmSync(process.env.PROOF_COUNTS_FILE, { force: true });
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
  }

  printProofs() {
    const file = process.env.PROOF_COUNTS_FILE;
    if (!file || !fs.existsSync(file)) return;
    const totals = {};
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
      const [kind, n] = line.split(" ");
      if (kind) totals[kind] = (totals[kind] || 0) + Number(n);
    }
    fs.rmSync(file, { force: true });
    const parts = Object.keys(LABELS).map((k) => `${totals[k] || 0} ${LABELS[k]}`);
    process.stdout.write(`\nProof summary: ${parts.join(", ")}\n`);
    // Lifecycle steps against real providers and local APIs, per provider set.
    const lifecycle = {};
    for (const [kind, n] of Object.entries(totals)) {
      const [head, providers, step] = kind.split(":");
      if (head !== "lifecycle") continue;
      (lifecycle[providers] ??= {})[step] = n;
    }
    for (const providers of Object.keys(lifecycle).sort()) {
      const s = lifecycle[providers];
      const steps = STEPS.map(([k, label]) => `${s[k] || 0} ${label}`).join(", ");
      process.stdout.write(`Lifecycle proof, ${providers}: ${steps}\n`);
    }
    // Faults put in on purpose (429 and 5xx from the local Datadog API, an apply killed after
    // Datadog created the account), and how many the real commands came through.
    const faultKinds = [
      ...new Set(
        Object.keys(totals)
          .filter((k) => k.startsWith("faults:"))
          .map((k) => k.split(":")[2]),
      ),
    ].sort();
    const faults = (what, kind) => totals[`faults:${what}:${kind}`] || 0;
    const injected = faultKinds.reduce((n, k) => n + faults("injected", k), 0);
    if (injected) {
      const survived = faultKinds.reduce((n, k) => n + faults("survived", k), 0);
      const byKind = faultKinds.map((k) => `${k}: ${faults("survived", k)} of ${faults("injected", k)}`).join(", ");
      process.stdout.write(`Faults survived: ${survived} of ${injected} injected (${byKind})\n`);
    }
    // Resources no emulator has: validated, planned and their roles simulated, never applied.
    const unemulated = {};
    for (const [kind, n] of Object.entries(totals)) {
      const [head, type, step] = kind.split(":");
      if (head === "unemulated") (unemulated[type] ??= {})[step] = n;
    }
    for (const type of Object.keys(unemulated).sort()) {
      const s = unemulated[type];
      process.stdout.write(`Not applied (no emulator implements ${type}): ${s.validate || 0} validated, ${s.plan || 0} planned, ${s.simulate || 0} IAM simulations of their roles\n`);
    }
    // A provider version that could not be had is said here, not only in a banner.
    for (const d of unavailableDatadogProviders()) {
      process.stdout.write(`Lifecycle proof, datadog-${d.version}: NOT RUN, the provider could not be had: ${String(d.error).split("\n")[0]}\n`);
    }
  }
}

module.exports = SummaryReporter;
