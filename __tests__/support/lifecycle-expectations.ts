/**
 * What a user expects to find in AWS and in Datadog after applying a stack, written from
 * the config's settings and the fact tables, not from the construct's code, so a wrong
 * mapping in the construct fails the proof instead of agreeing with itself.
 */
import type { ResolvedIntegration } from "../../lib/config/schema";
import { DEFAULT_EXCLUDED_NAMESPACES, namespacesInDatadogOrder, reorderTagFilters, sortedList } from "./datadog-api/list-order";
import { RECORDED_PERMISSIONS } from "./datadog-api/recorded-lists";
import { EXPECTED_TRUST_ACCOUNTS, expectedPartitionOf } from "./expected-facts";

export type ExpectedPrincipal =
  | { readonly kind: "role"; readonly name: string; readonly trustPrincipal: string }
  | { readonly kind: "user"; readonly name: string; readonly accessKey: "create" | "variables" };

export function expectedPrincipal(c: ResolvedIntegration): ExpectedPrincipal {
  const partition = expectedPartitionOf(c.awsRegion);
  if (c.auth.type === "accessKeys") return { kind: "user", name: c.auth.userName, accessKey: c.auth.accessKey };
  const trustAccount = EXPECTED_TRUST_ACCOUNTS[c.datadogSite][partition];
  return { kind: "role", name: c.auth.roleName, trustPrincipal: `arn:${partition}:iam::${trustAccount}:root` };
}

/**
 * The permissions Datadog's lists give, from Datadog's lists as recorded outside the project
 * (what the local Datadog API serves to live stacks, and what pinned stacks must equal), and
 * SecurityAudit with resource collection, as Datadog's templates attach it.
 */
export function expectedPermissions(c: ResolvedIntegration): { actions: string[]; awsManagedPolicyArns: string[] } {
  const lists = c.resourceCollection ? [RECORDED_PERMISSIONS.standard, RECORDED_PERMISSIONS.resourceCollection] : [RECORDED_PERMISSIONS.standard];
  const partition = expectedPartitionOf(c.awsRegion);
  return {
    actions: [...new Set(lists.flatMap((l) => l.items))].sort(),
    awsManagedPolicyArns: c.resourceCollection || c.cspm ? [`arn:${partition}:iam::aws:policy/SecurityAudit`] : [],
  };
}

/** What Datadog's API holds for the account: the config's settings in the API's words, lists in the order it keeps them. */
export function expectedDatadogAccount(c: ResolvedIntegration, variables: Record<string, string>): Record<string, unknown> {
  const m = c.metrics;
  const tagFilters = [...(m.hostTags.length ? [{ namespace: "AWS/EC2", tags: m.hostTags }] : []), ...(m.lambdaTags.length ? [{ namespace: "AWS/Lambda", tags: m.lambdaTags }] : []), ...m.tagFilters];
  return {
    aws_account_id: c.awsAccountId,
    aws_partition: expectedPartitionOf(c.awsRegion),
    account_tags: sortedList(c.tags),
    auth_config:
      c.auth.type === "role"
        ? { role_name: c.auth.roleName, external_id: expect.stringMatching(/^[0-9a-f]{32}$/) }
        : { access_key_id: c.auth.accessKey === "variables" ? variables.datadog_aws_access_key_id : expect.stringMatching(/^AKIA[A-Z0-9]{16}$/) },
    aws_regions: c.regions === "all" ? { include_all: true } : { include_only: sortedList(c.regions) },
    metrics_config: {
      enabled: m.enabled,
      automute_enabled: m.automute,
      collect_cloudwatch_alarms: m.collectCloudwatchAlarms,
      collect_custom_metrics: m.collectCustomMetrics,
      // No filter configured: Datadog's default, every namespace but these three.
      namespace_filters: m.namespaces?.includeOnly
        ? { include_only: namespacesInDatadogOrder(m.namespaces.includeOnly) }
        : { exclude_only: namespacesInDatadogOrder(m.namespaces?.excludeOnly ?? DEFAULT_EXCLUDED_NAMESPACES) },
      tag_filters: reorderTagFilters(tagFilters, "namespace"),
    },
    logs_config: { lambda_forwarder: { lambdas: sortedList(c.logs.lambdaForwarderArns), sources: c.logs.sources } },
    resources_config: { extended_collection: c.resourceCollection, cloud_security_posture_management_collection: c.cspm },
    // No X-Ray setting: no traces, as the README says.
    traces_config: { xray_services: c.xrayServices === "all" ? { include_all: true } : { include_only: sortedList(c.xrayServices ?? []) } },
  };
}
