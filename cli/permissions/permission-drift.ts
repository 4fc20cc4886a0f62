/**
 * Datadog's current IAM permission lists against the pinned copies: what `npm run
 * permissions -- check` reports and `update` writes.
 *
 * Datadog serves its lists at `GET /api/v2/integration/aws/iam_permissions/standard` and
 * `/resource_collection` (response `data.attributes.permissions`); they need no keys
 * today. Keys are sent when DD_API_KEY / DD_APP_KEY are set, and a refusal says to set
 * them, in case Datadog starts requiring them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { permissionListAnswerChanged, permissionListKeysRefused, permissionListRequestFailed, permissionListUnreachable } from "../../lib/errors";

/** The pinned lists, by the name pinned.json files them under. */
export const LISTS = [
  { name: "standard", endpoint: "/api/v2/integration/aws/iam_permissions/standard", file: "standard.json" },
  { name: "resource-collection", endpoint: "/api/v2/integration/aws/iam_permissions/resource_collection", file: "resource-collection.json" },
] as const;

export interface ListDrift {
  readonly name: string;
  readonly pinnedDate: string;
  readonly pinned: number;
  readonly current: number;
  /** In Datadog's list, not in the pinned one. */
  readonly added: readonly string[];
  /** In the pinned list, no longer in Datadog's. */
  readonly removed: readonly string[];
  /** Datadog's list, as served. */
  readonly actions: readonly string[];
}

interface PinnedMetadata {
  [name: string]: { date: string; source: string };
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

/** Fetches one of Datadog's lists from `apiUrl`; a failure is a `ServiceError` coded by its cause. */
export async function fetchList(apiUrl: string, endpoint: string, env: Readonly<Record<string, string | undefined>>): Promise<string[]> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (env.DD_API_KEY) headers["DD-API-KEY"] = env.DD_API_KEY;
  if (env.DD_APP_KEY) headers["DD-APPLICATION-KEY"] = env.DD_APP_KEY;
  const url = `${apiUrl.replace(/\/$/, "")}${endpoint}`;
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    throw permissionListUnreachable(url, (e as Error).message, e);
  }
  if (response.status === 401 || response.status === 403) throw permissionListKeysRefused(url, response.status, headers["DD-API-KEY"] !== undefined);
  if (!response.ok) throw permissionListRequestFailed(url, response.status, response.statusText);
  const body = (await response.json()) as { data?: { attributes?: { permissions?: unknown } } };
  const permissions = body.data?.attributes?.permissions;
  if (!Array.isArray(permissions) || !permissions.every((p) => typeof p === "string")) {
    throw permissionListAnswerChanged(url);
  }
  return permissions;
}

/** Each pinned list in `factsDir` against Datadog's current one. */
export async function comparePermissions(factsDir: string, apiUrl: string, env: Readonly<Record<string, string | undefined>>): Promise<ListDrift[]> {
  const metadata = readJson<PinnedMetadata>(path.join(factsDir, "pinned.json"));
  return Promise.all(
    LISTS.map(async (list) => {
      const pinned = readJson<string[]>(path.join(factsDir, list.file));
      const current = await fetchList(apiUrl, list.endpoint, env);
      const pinnedSet = new Set(pinned);
      const currentSet = new Set(current);
      return {
        name: list.name,
        pinnedDate: metadata[list.name].date,
        pinned: pinnedSet.size,
        current: currentSet.size,
        added: [...currentSet].filter((a) => !pinnedSet.has(a)).sort(),
        removed: [...pinnedSet].filter((a) => !currentSet.has(a)).sort(),
        actions: [...currentSet].sort(),
      };
    }),
  );
}

export const hasDrift = (drifts: readonly ListDrift[]) => drifts.some((d) => d.added.length > 0 || d.removed.length > 0);

/** A readable diff: one block per list, `+` for added actions, `-` for removed ones. */
export function describeDrift(drifts: readonly ListDrift[], apiUrl: string): string {
  return drifts
    .map((d) => {
      const head = `${d.name}: pinned ${d.pinnedDate} has ${d.pinned} actions, ${apiUrl} has ${d.current}`;
      if (!d.added.length && !d.removed.length) return `${head}: the same`;
      return [`${head}:`, ...d.added.map((a) => `  + ${a}`), ...d.removed.map((a) => `  - ${a}`)].join("\n");
    })
    .join("\n");
}

/** Writes Datadog's current lists into `factsDir`, with today's date and the API as their source. */
export function writePinned(factsDir: string, drifts: readonly ListDrift[], apiUrl: string, today: string): void {
  const metadataFile = path.join(factsDir, "pinned.json");
  const metadata = readJson<PinnedMetadata>(metadataFile);
  const writes: [string, string][] = [];
  for (const d of drifts) {
    const list = LISTS.find((l) => l.name === d.name)!;
    writes.push([path.join(factsDir, list.file), `${JSON.stringify(d.actions, null, 2)}\n`]);
    metadata[d.name] = { date: today, source: `Datadog API GET ${apiUrl}${list.endpoint}` };
  }
  writes.push([metadataFile, `${JSON.stringify(metadata, null, 2)}\n`]);
  // Each file replaced whole (write aside, then rename), so none is ever half-written.
  for (const [file, text] of writes) {
    fs.writeFileSync(`${file}.new`, text);
    fs.renameSync(`${file}.new`, file);
  }
}
