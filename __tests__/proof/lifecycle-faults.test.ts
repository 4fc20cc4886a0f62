/**
 * Faults Datadog's API really answers with, met by a real `terraform apply` with each
 * Datadog provider version against moto and the local Datadog API: 429s with Datadog's
 * rate-limit headers and the odd 5xx (see support/datadog-api/faults.ts for their shape and
 * for how the provider's client retries them).
 * - A few of them on the calls an apply, a re-plan and a destroy make: each command comes
 *   through by itself, with one integration in Datadog and a clean plan after.
 * - A rate limit that outlasts the client's retries: the apply fails with the error the
 *   user sees, having created nothing in Datadog, and running it again (what the README's
 *   Troubleshooting says to do) converges on one integration.
 * Every fault is counted in the proof summary, as survived only when the command that met
 * it succeeded.
 */
import { stacksOfConfig } from "../support/configured-stacks";
import { countFaults, type FaultRule, type InjectedFault } from "../support/datadog-api/faults";
import { LocalApis } from "../support/local-apis";
import { countProof } from "../support/proof-counters";
import { availableDatadogProviders, proofToolsReady } from "../support/proof-guards";
import { datadogProviderSet, type ProviderSet } from "../support/provider-sets";
import { releaseProviderSetups } from "../support/terraform-providers";
import type { TerraformWorkspace } from "../support/terraform-workspace";

const ACCOUNTS = "/api/v2/integration/aws/accounts";
const ONE_ACCOUNT = /^\/api\/v2\/integration\/aws\/accounts\/[^/]+$/;

const ENV = { awsAccountId: "200000000041", tags: ["team:platform", "env:faults"], regions: ["us-east-1", "eu-west-1"], permissions: "pinned" };

const withWorkspace = (providers: ProviderSet, body: (apis: LocalApis, ws: TerraformWorkspace) => Promise<void>) =>
  LocalApis.withWorkspace(stacksOfConfig("faults", { environments: { faults: ENV } })[0], providers, body);

/**
 * Arms `rules`, runs one Terraform command, and counts the faults it met: survived when the
 * command came through (it did not throw, and `cameThrough` says so of its result). Returns
 * them, and rethrows the command's failure.
 */
async function meeting<T>(apis: LocalApis, rules: readonly FaultRule[], command: () => Promise<T>, cameThrough: (result: T) => boolean = () => true): Promise<{ result: T; faults: InjectedFault[] }> {
  const before = apis.datadog.faults.injected.length;
  for (const rule of rules) apis.datadog.faults.inject(rule);
  const met = () => apis.datadog.faults.injected.slice(before);
  let result: T;
  try {
    result = await command();
  } catch (e) {
    countFaults(met(), false);
    throw e;
  }
  countFaults(met(), cameThrough(result));
  return { result, faults: met() };
}

/**
 * How long the provider's client waits before retrying a fault (datadog-api-client-go,
 * shouldRetryRequest): a 429 as long as its X-RateLimit-Reset says; a 5xx 2 s on its first
 * retry with 4.19.0 (client v2.64.0), at once with 3.82.0 (v2.51.0 caps the backoff at the
 * HTTP client's timeout, which the provider leaves at 0). Lower bounds are what the client
 * promises; the upper one (3.82.0) leaves room for a loaded machine.
 */
function expectRetryWait(fault: InjectedFault, version: string, resetSeconds = 1): void {
  const waited = fault.retriedAfterMs;
  expect(waited).toBeDefined();
  if (fault.kind === "429") expect(waited).toBeGreaterThanOrEqual(resetSeconds * 1000 - 50);
  else if (version === "4.19.0") expect(waited).toBeGreaterThanOrEqual(1950);
  else expect(waited).toBeLessThan(1500);
}

const statusesOf = (apis: LocalApis, method: string, path: string | RegExp) =>
  apis.datadog.requests.filter((r) => r.method === method && (typeof path === "string" ? r.path === path : path.test(r.path))).map((r) => r.status);

if (proofToolsReady("faults from Datadog's API")) {
  const datadogSets = availableDatadogProviders("faults from Datadog's API").map(datadogProviderSet);
  afterAll(releaseProviderSetups);

  for (const providers of datadogSets)
    describe(`with ${providers.label}`, () => {
      test("429s and 5xx on apply, re-plan and destroy: each command comes through by itself", async () => {
        await withWorkspace(providers, async (apis, ws) => {
          // Apply: the key check answers 502 once; the first two creations are rate limited.
          const apply = await meeting(
            apis,
            [
              { method: "GET", path: "/api/v1/validate", fault: { status: 502 } },
              { method: "POST", path: ACCOUNTS, fault: { status: 429, resetSeconds: 2 }, times: 2 },
            ],
            () => ws.apply(),
          );
          expect(apply.faults.map((f) => `${f.method} ${f.status}`)).toEqual(["GET 502", "POST 429", "POST 429"]);
          for (const f of apply.faults) expectRetryWait(f, providers.datadog!.version, 2);
          expect(statusesOf(apis, "POST", ACCOUNTS)).toEqual([429, 429, 200]);
          expect(apis.datadog.accounts().map((a) => a.attributes.aws_account_id)).toEqual([ENV.awsAccountId]);
          countProof(`lifecycle:${providers.label}:apply`);

          // Re-plan: the refresh's read of the integration answers 502 once, then 429 once.
          const replan = await meeting(
            apis,
            [
              { method: "GET", path: ONE_ACCOUNT, fault: { status: 502 } },
              { method: "GET", path: ONE_ACCOUNT, fault: { status: 429 }, after: 1 },
            ],
            () => ws.pendingChanges(),
          );
          expect(replan.result).toEqual([]);
          expect(replan.faults.map((f) => f.status)).toEqual([502, 429]);
          for (const f of replan.faults) expectRetryWait(f, providers.datadog!.version);
          countProof(`lifecycle:${providers.label}:replan`);

          // Destroy: the deletion answers 503, then is rate limited, then goes through.
          const destroy = await meeting(
            apis,
            [
              { method: "DELETE", path: ONE_ACCOUNT, fault: { status: 503 } },
              { method: "DELETE", path: ONE_ACCOUNT, fault: { status: 429, resetSeconds: 1 }, after: 1 },
            ],
            () => ws.destroy(),
          );
          expect(destroy.faults.map((f) => f.status)).toEqual([503, 429]);
          for (const f of destroy.faults) expectRetryWait(f, providers.datadog!.version);
          expect(statusesOf(apis, "DELETE", ONE_ACCOUNT)).toEqual([503, 429, 204]);
          expect(apis.datadog.faults.pending()).toBe(0);
          expect(await apis.leftovers()).toEqual([]);
          countProof(`lifecycle:${providers.label}:destroy`);
        });
      }, 300_000);

      test("a rate limit outlasting the client's retries: the apply fails, creating nothing in Datadog; applying again converges", async () => {
        await withWorkspace(providers, async (apis, ws) => {
          // The client tries 4 times (3 retries): all four are refused.
          const { result: output } = await meeting(
            apis,
            [{ method: "POST", path: ACCOUNTS, fault: { status: 429, resetSeconds: 1 }, times: 4 }],
            () => ws.applyFailing(),
            () => false,
          );
          expect(statusesOf(apis, "POST", ACCOUNTS)).toEqual([429, 429, 429, 429]);
          // What the user reads: the provider's summary, then the client's error with Datadog's body.
          expect(output).toMatch(/Error: error creating AWS Account Integration\n[\s\S]*\n429 Too Many Requests: \{"errors":\["Too many requests"\]\}/);
          // What the failed apply leaves: no integration in Datadog, and no role yet (its
          // trust policy waits for the External ID the integration gives); only the
          // permission policies, which the next apply attaches.
          expect(apis.datadog.accounts()).toEqual([]);
          expect((await apis.leftovers()).filter((l) => !l.startsWith("policy "))).toEqual([]);

          // The way out the README gives: apply again once the limit has reset.
          await ws.apply();
          expect(statusesOf(apis, "POST", ACCOUNTS)).toEqual([429, 429, 429, 429, 200]);
          expect(apis.datadog.accounts().map((a) => a.attributes.aws_account_id)).toEqual([ENV.awsAccountId]);
          countProof(`lifecycle:${providers.label}:apply`);
          expect(await ws.pendingChanges()).toEqual([]);
          await ws.destroy();
          expect(await apis.leftovers()).toEqual([]);
        });
      }, 300_000);
    });
}
