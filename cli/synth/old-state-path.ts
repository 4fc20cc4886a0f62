/**
 * Local state moved into the stack's folder: before, an environment without a
 * backend path kept its state in the project folder, as terraform.<environment>.tfstate.
 * A state file still there would be silently ignored by the new default, and the next
 * apply would create everything again beside what it describes; so synth refuses until
 * the user has kept the file where it is (backend.path) or moved it (the steps are in the
 * error and docs/operations.md's "Local state" section).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { EnvironmentConfig, oldDefaultLocalStatePath } from "../../lib/config/load-config";
import { ConfigError, localStateAtOldPath } from "../../lib/errors";

/** The refusal for every environment whose state is still at the old default place, else undefined. */
export function stateAtOldDefaultPath(configFile: string, environments: readonly EnvironmentConfig[], outdir: string, cwd = process.cwd()): ConfigError | undefined {
  const left = environments
    .filter((e) => e.config.backend.type === "local" && !e.config.backend.path && fs.existsSync(path.resolve(cwd, oldDefaultLocalStatePath(e.name))))
    .map((e) => {
      const stackDir = path.relative(cwd, path.join(outdir, "stacks", e.name));
      return { environment: e.name, oldPath: oldDefaultLocalStatePath(e.name), stackDir: stackDir.startsWith("..") ? path.join(outdir, "stacks", e.name) : stackDir };
    });
  return left.length ? localStateAtOldPath(configFile, left) : undefined;
}
