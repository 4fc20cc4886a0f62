// Gives every Jest worker one file to append proof counts to (see proof-counters.ts), and
// notes the temp folders that existed before the run (global-teardown.js removes the rest).
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

module.exports = async () => {
  const file = path.join(os.tmpdir(), `datadog-aws-proof-${process.pid}.txt`);
  fs.writeFileSync(file, "");
  process.env.PROOF_COUNTS_FILE = file;
  process.env.TEMP_DIRS_BEFORE_RUN = fs
    .readdirSync(os.tmpdir())
    .filter((n) => n.startsWith("cdktf.outdir."))
    .join("\n");
};
