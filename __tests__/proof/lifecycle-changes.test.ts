/**
 * Changing a deployed stack, with the real providers against moto and the local Datadog
 * API: an edit of the config plans in-place updates, never a replacement, and reaches
 * Datadog; an upgrade that brings SecurityAudit to resource collection only adds; a namespace only Datadog's API can
 * judge fails at apply with the API's own message.
 */
import { stacksOfConfig } from "../support/configured-stacks";
import { expectedPermissions } from "../support/lifecycle-expectations";
import { countProof } from "../support/proof-counters";
import { LocalApis } from "../support/local-apis";
import { awsProviderSet, datadogProviderSet, ProviderSet } from "../support/provider-sets";
import { releaseProviderSetups } from "../support/terraform-providers";
import { TerraformWorkspace } from "../support/terraform-workspace";
import { availableDatadogProviders, proofToolsReady } from "../support/proof-guards";
import { changesIn, type TerraformPlan } from "../support/terraform-plan-json";

const BEFORE = {
  awsAccountId: "200000000001",
  tags: ["team:platform", "env:edit"],
  regions: ["us-east-1", "us-west-2", "eu-west-1"],
  metrics: { namespaces: { includeOnly: ["AWS/EC2", "AWS/RDS"] } },
  permissions: "pinned",
};
/** Every tag removed, other namespaces, fewer regions, CSPM on. */
const AFTER = { ...BEFORE, tags: [], regions: ["us-east-1"], metrics: { namespaces: { includeOnly: ["AWS/Lambda", "AWS/EC2/API", "Glue"] } }, cspm: true };

const stackOf = (env: Record<string, unknown>, name = "edit") => stacksOfConfig("edit", { environments: { [name]: env } })[0];

/** Changes other than create, update or no-op (a delete or a replacement), as "address: actions". */
const destructive = (plan: TerraformPlan) => changesIn(plan).filter((c) => /delete/.test(c));

const withWorkspace = (env: Record<string, unknown>, providers: ProviderSet, body: (apis: LocalApis, ws: TerraformWorkspace) => Promise<void>) =>
  LocalApis.withWorkspace(stackOf(env), providers, body);

if (proofToolsReady("lifecycle changes")) {
  const datadogSets = availableDatadogProviders("lifecycle changes").map(datadogProviderSet);
  afterAll(releaseProviderSetups);

  // One describe per Datadog provider that can be had (none where the provider cannot).
  for (const providers of datadogSets)
    describe(`with ${providers.label}`, () => {
      test("an edit plans in-place updates only, reaches Datadog, and plans clean after", async () => {
        await withWorkspace(BEFORE, providers, async (apis, ws) => {
          await ws.apply();
          const configId = apis.datadog.accounts()[0].id;

          await ws.replaceStack(stackOf(AFTER).stack);
          const plan = await ws.plan();
          expect(destructive(plan)).toEqual([]);
          // SecurityAudit is already attached (resource collection is on), at the address CSPM uses.
          expect(changesIn(plan).sort()).toEqual(["datadog_integration_aws_account.datadog_integration: update"]);
          await ws.apply();
          countProof(`lifecycle:${providers.label}:edit`);

          const [account] = apis.datadog.accounts();
          expect(account.id).toBe(configId); // the same integration, changed in place
          expect(account.attributes).toMatchObject({
            account_tags: [],
            aws_regions: { include_only: ["us-east-1"] },
            // In Datadog's published order, not the config's (lib/facts/README.md, "List order").
            metrics_config: { namespace_filters: { include_only: ["AWS/EC2/API", "Glue", "AWS/Lambda"] } },
            resources_config: { cloud_security_posture_management_collection: true },
          });
          const lastWrite = apis.datadog.requests.filter((r) => r.method === "PATCH").pop();
          expect(lastWrite?.body).toMatchObject({ data: { attributes: { account_tags: [] } } });
          expect(await apis.attachedPolicyArns({ role: "DatadogIntegrationRole" })).toContain("arn:aws:iam::aws:policy/SecurityAudit");

          expect(await ws.pendingChanges()).toEqual([]);
          countProof(`lifecycle:${providers.label}:replan`);
          await ws.destroy();
          expect(await apis.leftovers()).toEqual([]);
        });
      });

      test("switching between pinned and live permissions updates the policies in place; the role never lacks one", async () => {
        const pinned = { awsAccountId: "200000000003", permissions: "pinned", cspm: true };
        const live = { ...pinned, permissions: "live" };
        const expected = expectedPermissions(stackOf(pinned).integration).actions;
        await withWorkspace(pinned, providers, async (apis, ws) => {
          await ws.apply();
          for (const [to, env] of [
            ["live", live],
            ["pinned", pinned],
          ] as const) {
            await ws.replaceStack(stackOf(env).stack);
            const plan = await ws.plan();
            // Policies and attachments move to the new addresses and are updated in place:
            // nothing is created under a name that exists, no attachment is taken away.
            const changes = changesIn(plan);
            expect({ to, destructive: changes.filter((c) => /delete/.test(c)), created: changes.filter((c) => /: create/.test(c)) }).toEqual({ to, destructive: [], created: [] });
            await ws.apply();
            const attached = await apis.attachedPolicyArns({ role: "DatadogIntegrationRole" });
            expect(await apis.actionsOf(attached)).toEqual(expected);
            expect(attached).toContain("arn:aws:iam::aws:policy/SecurityAudit");
            expect(await ws.pendingChanges()).toEqual([]);
            countProof(`lifecycle:${providers.label}:edit`);
          }
          await ws.destroy();
          expect(await apis.leftovers()).toEqual([]);
        });
      });

      test("a namespace newer than our list reaches Datadog, whose API refuses an unknown one at apply", async () => {
        const env = { awsAccountId: "200000000002", metrics: { namespaces: { includeOnly: ["AWS/EC2", "AWS/NotAService"] }, newNamespaces: ["AWS/NotAService"] }, permissions: "pinned" };
        await withWorkspace(env, providers, async (apis, ws) => {
          // Terraform wraps diagnostics to its terminal width.
          const output = (await ws.applyFailing()).replace(/\s+/g, " ");
          expect(output).toContain("Error: error creating AWS Account Integration");
          expect(output).toContain(
            '400 Bad Request: {"errors":[{"status":"400","title":"Bad Request","detail":"invalid value","meta":{"metrics_config.namespace_filters.include_only":"invalid namespaces: [AWS/NotAService]"}}]}',
          );
          expect(apis.datadog.accounts()).toEqual([]);
          await ws.destroy();
          expect(await apis.leftovers()).toEqual([]);
        });
      });
    });

  test("[aws] upgrading a stack written by 0.1.0 updates the policies' tags in place and replaces nothing", async () => {
    // 0.1.0 wrote the lists' dates and the part count into each policy's description,
    // which IAM cannot change in place, and no tag.
    const env = { awsAccountId: "200000000004", manageDatadogIntegration: false, externalId: "0123456789abcdef0123456789abcdef", permissions: "pinned" };
    const current = stackOf(env).stack;
    const written010 = structuredClone(current);
    const policies = Object.values(written010.resource!.aws_iam_policy) as Record<string, any>[];
    policies.forEach((p, i) => {
      p.description = `Datadog AWS integration permissions for DatadogIntegrationRole (pinned: standard 2026-03-10, resource-collection 2026-03-10; part ${i + 1} of ${policies.length})`;
      delete p.tags;
      delete p.lifecycle;
    });
    await withWorkspace(env, awsProviderSet(), async (apis, ws) => {
      await ws.replaceStack(written010);
      await ws.apply();
      await ws.replaceStack(current);
      const changes = await ws.pendingChanges();
      expect(changes.length).toBe(policies.length);
      expect(changes.every((c) => /^aws_iam_policy\.datadog_permissions_\d+: update$/.test(c))).toBe(true);
      await ws.apply();
      expect(await ws.pendingChanges()).toEqual([]);
      countProof("lifecycle:aws:edit");
      await ws.destroy();
      expect(await apis.leftovers()).toEqual([]);
    });
  });

  test("[aws] upgrading to SecurityAudit with resource collection: a CSPM stack plans nothing, one without CSPM plans one add", async () => {
    // Before, SecurityAudit came only with CSPM, at aws_iam_role_policy_attachment.datadog_security_audit.
    const split = { manageDatadogIntegration: false, externalId: "0123456789abcdef0123456789abcdef", permissions: "pinned" };
    const withoutCspm = { awsAccountId: "200000000005", ...split };
    const current = stackOf(withoutCspm).stack;
    const writtenBefore = structuredClone(current);
    delete (writtenBefore.resource!.aws_iam_role_policy_attachment as Record<string, unknown>).datadog_security_audit;
    await withWorkspace(withoutCspm, awsProviderSet(), async (apis, ws) => {
      await ws.replaceStack(writtenBefore);
      await ws.apply();
      expect(await apis.attachedPolicyArns({ role: "DatadogIntegrationRole" })).not.toContain("arn:aws:iam::aws:policy/SecurityAudit");
      await ws.replaceStack(current);
      expect(await ws.pendingChanges()).toEqual(["aws_iam_role_policy_attachment.datadog_security_audit: create"]);
      await ws.apply();
      expect(await apis.attachedPolicyArns({ role: "DatadogIntegrationRole" })).toContain("arn:aws:iam::aws:policy/SecurityAudit");
      // A CSPM stack held the attachment at that address already: turning CSPM on now moves nothing.
      await ws.replaceStack(stackOf({ ...withoutCspm, cspm: true }).stack);
      expect(await ws.pendingChanges()).toEqual([]);
      countProof("lifecycle:aws:edit");
      await ws.destroy();
      expect(await apis.leftovers()).toEqual([]);
    });
  });

  if (datadogSets.length === 0) {
    // Where the Datadog provider cannot be had: the same edit of the AWS side.
    test("[aws-only-rendering] turning CSPM on changes nothing on the AWS side: SecurityAudit came with resource collection", async () => {
      const split = { manageDatadogIntegration: false, externalId: "0123456789abcdef0123456789abcdef" };
      const providers = awsProviderSet("aws-only-rendering");
      await withWorkspace({ ...BEFORE, ...split }, providers, async (apis, ws) => {
        await ws.apply();
        await ws.replaceStack(stackOf({ ...BEFORE, ...split, cspm: true }).stack);
        const plan = await ws.plan();
        expect(changesIn(plan)).toEqual([]);
        await ws.apply();
        countProof(`lifecycle:${providers.label}:edit`);
        expect(await apis.attachedPolicyArns({ role: "DatadogIntegrationRole" })).toContain("arn:aws:iam::aws:policy/SecurityAudit");
        expect(await ws.pendingChanges()).toEqual([]);
        await ws.destroy();
        expect(await apis.leftovers()).toEqual([]);
      });
    });
  }
}
