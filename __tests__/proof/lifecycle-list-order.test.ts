/**
 * Long lists given in any order, with the real Datadog providers against a local Datadog
 * API that returns them in its own order (support/datadog-api/list-order.ts), as users of
 * the real API meet it (terraform-provider-datadog #2903, #2908, #2912, #3887): apply
 * succeeds without "Provider produced inconsistent result after apply", Datadog holds
 * every name given, the next plan is clean, and so is the plan after an edit's apply.
 */
import { CLOUDWATCH_NAMESPACES, LOG_SOURCES } from "../../lib/facts/datadog-lists";
import { stacksOfConfig } from "../support/configured-stacks";
import { countProof } from "../support/proof-counters";
import { LocalApis } from "../support/local-apis";
import { datadogProviderSet, type ProviderSet } from "../support/provider-sets";
import { releaseProviderSetups } from "../support/terraform-providers";
import type { TerraformWorkspace } from "../support/terraform-workspace";
import { availableDatadogProviders, proofToolsReady } from "../support/proof-guards";
import { changesIn } from "../support/terraform-plan-json";

/** Every region of the `aws` partition (the AWS SDK's partition table, @aws-sdk/core util-endpoints partitions). */
const AWS_REGIONS = (
  "af-south-1 ap-east-1 ap-east-2 ap-northeast-1 ap-northeast-2 ap-northeast-3 ap-south-1 ap-south-2 ap-southeast-1 ap-southeast-2 ap-southeast-3 ap-southeast-4 ap-southeast-5 ap-southeast-6 ap-southeast-7 ca-central-1 ca-west-1 eu-central-1 " +
  "eu-central-2 eu-north-1 eu-south-1 eu-south-2 eu-west-1 eu-west-2 eu-west-3 il-central-1 me-central-1 me-south-1 me-west-1 mx-central-1 sa-east-1 sa-west-1 us-east-1 us-east-2 us-west-1 us-west-2"
).split(" ");

/** A fixed shuffle (mulberry32), so a failure reproduces. */
function shuffled<T>(list: readonly T[], seed: number): T[] {
  let s = seed;
  const random = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const NAMESPACES = CLOUDWATCH_NAMESPACES.names;
const FEW = ["AWS/EC2", "AWS/Lambda", "AWS/RDS", "AWS/S3", "Glue"];
const tags = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${String.fromCharCode(97 + (i % 26))}${i}:v${n - i}`);
const forwarders = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:lambda:${AWS_REGIONS[i]}:200000000011:function:DatadogForwarder-${n - i}`);

/** Every namespace but a few excluded, every region, many tags and filters: each list shuffled by `seed`. */
function longListsEnv(seed: number): Record<string, unknown> {
  return {
    awsAccountId: "200000000011",
    permissions: "pinned",
    tags: shuffled([...tags("team", 30), "env:prod", "Zone:b", "app:web/2"], seed),
    regions: shuffled(AWS_REGIONS, seed + 1),
    metrics: {
      namespaces: {
        excludeOnly: shuffled(
          NAMESPACES.filter((n) => !FEW.includes(n)),
          seed + 2,
        ),
      },
      hostTags: shuffled(tags("host", 12), seed + 3),
      lambdaTags: shuffled(["datadog:lambda", "!stage:dev", "owner:*"], seed + 4),
      tagFilters: shuffled(
        ["AWS/RDS", "AWS/SQS", "AWS/ApplicationELB", "AWS/DynamoDB", "Glue", "AWS/S3"].map((namespace, i) => ({ namespace, tags: shuffled(tags(`f${i}`, 5), seed + 10 + i) })),
        seed + 5,
      ),
    },
    // Log sources are shuffled once, not by `seed`: Datadog keeps them in the order sent, so
    // another order is a real change (lib/facts/README.md, "List order").
    logs: { lambdaForwarderArns: shuffled(forwarders(4), seed + 6), sources: shuffled(LOG_SOURCES.names, 7) },
    xrayServices: shuffled(["AWS/Lambda", "AWS/ApiGateway", "AWS/SNS", "AWS/SQS", "AWS/ECS", "AWS/AppSync"], seed + 8),
  };
}

/** The edit: other shuffles, the few namespaces included instead, regions and tags dropped. */
function editedEnv(seed: number): Record<string, unknown> {
  const env = longListsEnv(seed) as { regions: string[]; tags: string[]; metrics: Record<string, unknown> };
  return {
    ...env,
    regions: env.regions.filter((r) => !r.startsWith("eu-")),
    tags: env.tags.slice(3),
    metrics: {
      ...env.metrics,
      namespaces: {
        includeOnly: shuffled(
          NAMESPACES.filter((n) => !n.startsWith("AWS/Sage")),
          seed + 9,
        ),
      },
    },
  };
}

const stackOf = (env: Record<string, unknown>) => stacksOfConfig("list-order", { environments: { lists: env } })[0];
const setOf = (list: unknown) => [...(list as string[])].sort();

/** What a user checks in Datadog: every name given is there, however Datadog orders them. */
function expectDatadogHolds(apis: LocalApis, env: Record<string, any>): void {
  const [account] = apis.datadog.accounts();
  const a = account.attributes;
  const ns = env.metrics.namespaces;
  expect(setOf(a.account_tags)).toEqual(setOf(env.tags));
  expect(setOf(a.aws_regions.include_only)).toEqual(setOf(env.regions));
  const [kind, names] = ns.includeOnly ? ["include_only", ns.includeOnly] : ["exclude_only", ns.excludeOnly];
  expect(Object.keys(a.metrics_config.namespace_filters)).toEqual([kind]);
  expect(setOf(a.metrics_config.namespace_filters[kind])).toEqual(setOf(names));
  const filters = (list: Array<{ namespace: string; tags: string[] }>) => list.map((f) => `${f.namespace} ${setOf(f.tags).join(",")}`).sort();
  expect(filters(a.metrics_config.tag_filters)).toEqual(
    filters([{ namespace: "AWS/EC2", tags: env.metrics.hostTags }, { namespace: "AWS/Lambda", tags: env.metrics.lambdaTags }, ...env.metrics.tagFilters]),
  );
  expect(setOf(a.logs_config.lambda_forwarder.lambdas)).toEqual(setOf(env.logs.lambdaForwarderArns));
  expect(setOf(a.logs_config.lambda_forwarder.sources)).toEqual(setOf(env.logs.sources));
  expect(setOf(a.traces_config.xray_services.include_only)).toEqual(setOf(env.xrayServices));
}

const withWorkspace = (env: Record<string, unknown>, providers: ProviderSet, body: (apis: LocalApis, ws: TerraformWorkspace) => Promise<void>) =>
  LocalApis.withWorkspace(stackOf(env), providers, body);

if (proofToolsReady("lifecycle list order")) {
  const datadogSets = availableDatadogProviders("lifecycle list order").map(datadogProviderSet);
  afterAll(releaseProviderSetups);

  for (const providers of datadogSets)
    describe(`with ${providers.label}`, () => {
      test("long shuffled lists apply without an inconsistent result, reach Datadog whole, and re-plan clean, before and after an edit", async () => {
        const first = longListsEnv(18);
        await withWorkspace(first, providers, async (apis, ws) => {
          await ws.apply();
          countProof(`lifecycle:${providers.label}:apply`);
          expectDatadogHolds(apis, first);
          expect(await ws.pendingChanges()).toEqual([]);
          countProof(`lifecycle:${providers.label}:replan`);

          // The same lists in another order (but the log sources'): nothing to change.
          await ws.replaceStack(stackOf(longListsEnv(1018)).stack);
          expect(await ws.pendingChanges()).toEqual([]);

          const edited = editedEnv(2018);
          await ws.replaceStack(stackOf(edited).stack);
          expect(changesIn(await ws.plan())).toEqual(["datadog_integration_aws_account.datadog_integration: update"]);
          await ws.apply();
          countProof(`lifecycle:${providers.label}:edit`);
          expectDatadogHolds(apis, edited);
          expect(await ws.pendingChanges()).toEqual([]);
          countProof(`lifecycle:${providers.label}:replan`);

          await ws.destroy();
          expect(await apis.leftovers()).toEqual([]);
          countProof(`lifecycle:${providers.label}:destroy`);
        });
      }, 360_000); // three applies, five plans and a destroy: more than one lifecycle's time
    });
}
