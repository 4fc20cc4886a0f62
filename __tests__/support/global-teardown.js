// Removes what the run left in the temp folder: the output folders cdktf's Testing.app()
// makes (cdktf.outdir.*) that were not there when the run started (global-setup.js).
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

module.exports = async () => {
  const before = new Set((process.env.TEMP_DIRS_BEFORE_RUN || "").split("\n"));
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (name.startsWith("cdktf.outdir.") && !before.has(name)) fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
};
