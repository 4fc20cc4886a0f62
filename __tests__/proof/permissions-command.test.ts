/**
 * `npm run permissions -- check | update` through the real command, against the local
 * Datadog API serving lists that match or drifted from the pinned ones.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { LocalDatadogApi, LOCAL_DD_API_KEY, LOCAL_DD_APP_KEY } from "../support/local-datadog-api";
import { run, userEnv } from "../support/cli";
import { RESOURCE_COLLECTION_PERMISSIONS, STANDARD_PERMISSIONS } from "../../lib/facts/permissions";

const ROOT = path.join(__dirname, "..", "..");
const FACTS = path.join(ROOT, "lib", "facts", "permissions");

let api: LocalDatadogApi | undefined;
let facts: string;
beforeEach(() => {
  facts = mkdtempSync(path.join(tmpdir(), "permissions-"));
  cpSync(FACTS, facts, { recursive: true });
});
afterEach(async () => {
  await api?.close();
  api = undefined;
  rmSync(facts, { recursive: true, force: true });
});

const permissions = (args: string[], extra: Record<string, string> = {}) =>
  run(process.execPath, ["dist/cli/permissions/main.js", ...args, "--facts-dir", facts], userEnv({ DATADOG_API_URL: api?.url ?? "http://127.0.0.1:9", DD_API_KEY: "", DD_APP_KEY: "", ...extra }));

/** Datadog's lists today in this test: the standard one gained an action and lost one. */
const DRIFTED = {
  standard: [...STANDARD_PERMISSIONS.actions.filter((a) => a !== "xray:BatchGetTraces"), "bedrock:ListFoundationModels"],
  resourceCollection: RESOURCE_COLLECTION_PERMISSIONS.actions,
};

describe("check", () => {
  test("compliant: the same lists, exit 0", async () => {
    api = await LocalDatadogApi.start();
    const r = await permissions(["check"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`standard: pinned ${STANDARD_PERMISSIONS.date} has ${new Set(STANDARD_PERMISSIONS.actions).size} actions, ${api.url} has`);
    expect(r.stdout).toMatch(/standard: .*: the same\nresource-collection: .*: the same/);
    // What reached "Datadog": both lists, without keys (none are needed today).
    expect(api.requests.map((q) => `${q.method} ${q.path}`).sort()).toEqual([
      "GET /api/v2/integration/aws/iam_permissions/resource_collection",
      "GET /api/v2/integration/aws/iam_permissions/standard",
    ]);
  });

  test("non-compliant: drift exits 1 with a readable diff and changes nothing", async () => {
    api = await LocalDatadogApi.start({ permissions: DRIFTED });
    const before = readFileSync(path.join(facts, "standard.json"), "utf8");
    const r = await permissions(["check"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("  + bedrock:ListFoundationModels\n  - xray:BatchGetTraces");
    expect(r.stdout).toContain("npm run permissions -- update");
    expect(r.stdout).toMatch(/^Datadog's lists changed since they were pinned: .* \[permissions\/drift\]$/m);
    expect(readFileSync(path.join(facts, "standard.json"), "utf8")).toBe(before);
  });

  test("an API that starts requiring keys: exit 2, saying to set them; with the keys set it works", async () => {
    api = await LocalDatadogApi.start({ permissionsNeedKeys: true });
    const r = await permissions(["check"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("answered 403: Datadog now requires keys for it; set DD_API_KEY and DD_APP_KEY");
    expect(r.stderr).toMatch(/^Cannot read Datadog's permission lists:\n {2}- .* \[permissions\/datadog-keys-refused\]$/m);
    const wrong = await permissions(["check"], { DD_API_KEY: "not-a-key", DD_APP_KEY: "not-a-key" });
    expect(wrong.stderr).toContain("answered 403: the keys in DD_API_KEY / DD_APP_KEY were refused");
    expect(wrong.stderr).not.toContain("not-a-key");
    expect((await permissions(["check"], { DD_API_KEY: LOCAL_DD_API_KEY, DD_APP_KEY: LOCAL_DD_APP_KEY })).code).toBe(0);
  });

  test("Datadog out of reach: exit 2, naming the URL and what to check", async () => {
    const r = await permissions(["check"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^Cannot read Datadog's permission lists:\n {2}- cannot reach http:\/\/127\.0\.0\.1:9\/api\/v2\/integration\/aws\/iam_permissions\/.*; check the network, or DATADOG_API_URL \[permissions\/datadog-unreachable\]$/m,
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  test("Datadog answering 503: exit 2, the pinned lists untouched, the code of a failed request", async () => {
    api = await LocalDatadogApi.start({ permissions: DRIFTED });
    api.faults.inject({ method: "GET", path: /^\/api\/v2\/integration\/aws\/iam_permissions\//, fault: { status: 503 }, times: 2 });
    const before = readFileSync(path.join(facts, "standard.json"), "utf8");
    const r = await permissions(["update"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^Cannot read Datadog's permission lists:\n {2}- http:\/\/127\.0\.0\.1:\d+\/api\/v2\/integration\/aws\/iam_permissions\/\S+ answered 503 .*; try again later \[permissions\/datadog-request-failed\]$/m,
    );
    expect(readFileSync(path.join(facts, "standard.json"), "utf8")).toBe(before);
  });

  test("an unknown site: exit 2 with the site a person meant", async () => {
    const r = await permissions(["check", "--site", "datadoghq.con"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--site "datadoghq.con" is not a Datadog site (did you mean "datadoghq.com"?)');
  });
});

describe("update", () => {
  test("writes Datadog's lists with today's date and the API as source; check is then clean", async () => {
    api = await LocalDatadogApi.start({ permissions: DRIFTED });
    const r = await permissions(["update"]);
    expect(r.code).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    const pinned = JSON.parse(readFileSync(path.join(facts, "pinned.json"), "utf8"));
    expect(pinned.standard).toEqual({ date: today, source: `Datadog API GET ${api.url}/api/v2/integration/aws/iam_permissions/standard` });
    const standard = JSON.parse(readFileSync(path.join(facts, "standard.json"), "utf8"));
    expect(standard).toContain("bedrock:ListFoundationModels");
    expect(standard).not.toContain("xray:BatchGetTraces");
    expect(standard).toEqual([...standard].sort());
    expect((await permissions(["check"])).code).toBe(0);
  });
});
