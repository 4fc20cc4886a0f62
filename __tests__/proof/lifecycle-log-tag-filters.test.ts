/**
 * Log source tag filters (logs.tagFilters -> logs_config.lambda_forwarder.log_source_config.tag_filters,
 * provider 3.73.0 and later) with the real Datadog providers 3.82.0 and 4.19.0, against moto and
 * the local Datadog API, which keeps the filters in the order sent and sorts each one's tags
 * (lib/facts/README.md, "List order"): validate, apply, Datadog holds the filters given, the next plan is
 * clean (also with the tags given in another order), an edit applies and re-plans clean,
 * removing every filter clears them in Datadog, destroy leaves nothing.
 */
import { stacksOfConfig } from "../support/configured-stacks";
import { countProof } from "../support/proof-counters";
import { LocalApis } from "../support/local-apis";
import { datadogProviderSet } from "../support/provider-sets";
import { releaseProviderSetups } from "../support/terraform-providers";
import { availableDatadogProviders, proofToolsReady } from "../support/proof-guards";
import { changesIn } from "../support/terraform-plan-json";

type LogTagFilter = { source: string; tags: string[] };

const envWith = (tagFilters: LogTagFilter[]) => ({
  awsAccountId: "200000000012",
  permissions: "pinned",
  logs: {
    lambdaForwarderArns: ["arn:aws:lambda:us-east-1:200000000012:function:DatadogForwarder"],
    sources: ["s3", "lambda", "cloudtrail"],
    tagFilters,
  },
});
const stackOf = (tagFilters: LogTagFilter[]) => stacksOfConfig("log-tag-filters", { environments: { logs: envWith(tagFilters) } })[0];

/** What Datadog holds: the filters in the order given, each one's tags sorted (as Datadog answers them). */
const held = (apis: LocalApis) => apis.datadog.accounts()[0].attributes.logs_config.lambda_forwarder.log_source_config.tag_filters;
const sortedTags = (filters: LogTagFilter[]) => filters.map((f) => ({ source: f.source, tags: [...f.tags].sort() }));

const FIRST: LogTagFilter[] = [
  { source: "lambda", tags: ["team:payments", "env:prod", "!stage:dev"] },
  { source: "s3", tags: ["logs:*"] },
];
const EDITED: LogTagFilter[] = [
  { source: "cloudtrail", tags: ["env:prod"] },
  { source: "lambda", tags: ["team:payments", "env:staging"] },
];

if (proofToolsReady("lifecycle log tag filters")) {
  const datadogSets = availableDatadogProviders("lifecycle log tag filters").map(datadogProviderSet);
  afterAll(releaseProviderSetups);

  for (const providers of datadogSets)
    describe(`with ${providers.label}`, () => {
      test("log source tag filters validate, apply, reach Datadog as given, re-plan clean, change, clear and destroy", async () => {
        await LocalApis.withWorkspace(stackOf(FIRST), providers, async (apis, ws) => {
          expect(await ws.validate()).toEqual([]);
          countProof(`lifecycle:${providers.label}:validate`);
          await ws.apply();
          countProof(`lifecycle:${providers.label}:apply`);
          expect(held(apis)).toEqual(sortedTags(FIRST));
          expect(await ws.pendingChanges()).toEqual([]);
          countProof(`lifecycle:${providers.label}:replan`);

          // The same tags in another order: nothing to change.
          await ws.replaceStack(stackOf(FIRST.map((f) => ({ ...f, tags: [...f.tags].reverse() }))).stack);
          expect(await ws.pendingChanges()).toEqual([]);

          await ws.replaceStack(stackOf(EDITED).stack);
          expect(changesIn(await ws.plan())).toEqual(["datadog_integration_aws_account.datadog_integration: update"]);
          await ws.apply();
          countProof(`lifecycle:${providers.label}:edit`);
          expect(held(apis)).toEqual(sortedTags(EDITED));
          expect(await ws.pendingChanges()).toEqual([]);
          countProof(`lifecycle:${providers.label}:replan`);

          // Every filter removed: Datadog no longer filters, and the stack plans clean.
          await ws.replaceStack(stackOf([]).stack);
          expect(changesIn(await ws.plan())).toEqual(["datadog_integration_aws_account.datadog_integration: update"]);
          await ws.apply();
          expect(held(apis)).toEqual([]);
          expect(await ws.pendingChanges()).toEqual([]);

          await ws.destroy();
          expect(await apis.leftovers()).toEqual([]);
          countProof(`lifecycle:${providers.label}:destroy`);
        });
      }, 360_000); // three applies, six plans and a destroy
    });
}
