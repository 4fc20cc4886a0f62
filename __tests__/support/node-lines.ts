// The Node LTS lines provision.sh caches (tools.json "node"), and the guard that makes a missing one a banner or, under REQUIRE_NODE_LINES=1, a failure.
import { existsSync } from "node:fs";
import { skipBanner } from "./proof-guards";
import { readToolsJson } from "./tools-cache";

/** The Node versions the package is proven on besides the machine's (provision-node.sh). */
export const NODE_LINES = ["22.23.5", "24.22.3"] as const;

export interface NodeLine {
  readonly version: string;
  /** The node binary. */
  readonly path: string;
}

/** The cached binary of one Node version, or why it cannot be had. */
export function findNodeLine(version: string): NodeLine | { readonly version: string; readonly unavailable: string } {
  const entry = readToolsJson()?.node?.find((n) => n.version === version);
  if (entry?.path && existsSync(entry.path)) return { version, path: entry.path };
  return { version, unavailable: entry?.error ?? "not provisioned: run `bash scripts/test-tools/provision.sh` (npm test does)" };
}

/**
 * The Node lines that can be had. Each one that cannot is a failing test under
 * REQUIRE_NODE_LINES=1 (which .ci/run sets), else a banner and a skip.
 */
export function availableNodeLines(title: string, versions: readonly string[] = NODE_LINES): NodeLine[] {
  const found = versions.map(findNodeLine);
  for (const missing of found.filter((n) => "unavailable" in n)) {
    const why = `Node ${missing.version}: ${(missing as { unavailable: string }).unavailable}`;
    if (process.env.REQUIRE_NODE_LINES === "1") {
      test(`${title}: Node ${missing.version} is available (REQUIRE_NODE_LINES=1)`, () => {
        throw new Error(why);
      });
    } else {
      skipBanner(`${title} on Node ${missing.version}`, why, "REQUIRE_NODE_LINES");
      test.skip(`${title} on Node ${missing.version}`, () => undefined);
    }
  }
  return found.filter((n): n is NodeLine => "path" in n);
}
