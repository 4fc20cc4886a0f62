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

class SummaryReporter {
  onRunComplete(_contexts, results) {
    this.printProofs();
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
  }
}

module.exports = SummaryReporter;
