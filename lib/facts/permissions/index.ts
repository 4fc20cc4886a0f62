/**
 * Datadog's IAM permission lists, pinned copies with their date and source.
 *
 * `permissions: "pinned"` embeds these; `"live"` reads Datadog's current lists at plan
 * time instead (see `constructs/policy-packing.ts`). Update by replacing the JSON
 * files and the dates below from the same source.
 */
import standard from "./standard-2026-03-10.json";
import resourceCollection from "./resource-collection-2026-03-10.json";

export interface PermissionList {
  readonly name: string;
  readonly date: string;
  readonly source: string;
  readonly actions: readonly string[];
}

const SOURCE =
  "DataDog/cloudformation-template aws_organizations/main_organizations.yaml, DatadogAWSIntegrationPolicy; actions last changed in commit 1ed6370";

export const STANDARD_PERMISSIONS: PermissionList = {
  name: "standard",
  date: "2026-03-10",
  source: SOURCE,
  actions: standard,
};

export const RESOURCE_COLLECTION_PERMISSIONS: PermissionList = {
  name: "resource-collection",
  date: "2026-03-10",
  source: SOURCE,
  actions: resourceCollection,
};

/**
 * AWS managed policy for CSPM. Datadog's own templates attach it whenever resource
 * collection is on; this project attaches it only with `cspm: true`, as the manual guide
 * does (step 15: optional, for CSPM), so accounts without CSPM grant no more than needed.
 */
export const SECURITY_AUDIT_POLICY_NAME = "SecurityAudit";
