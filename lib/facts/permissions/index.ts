/**
 * Datadog's IAM permission lists, pinned copies with their date and source.
 *
 * `permissions: "pinned"` embeds these; `"live"` reads Datadog's current lists at plan
 * time instead (see `constructs/policy-packing.ts`). Update by replacing the JSON
 * files and the dates below from the same source.
 */
import standard from "./standard-2026-03-10.json";
import resourceCollection from "./resource-collection-2026-03-10.json";

/** One of Datadog's IAM permission lists, pinned with its date and source. */
export interface PermissionList {
  /** `standard` or `resource-collection`. */
  readonly name: string;
  /** The day the list was taken from its source (YYYY-MM-DD). */
  readonly date: string;
  /** Where the list comes from. */
  readonly source: string;
  /** The IAM actions, as Datadog writes them (wildcards included). */
  readonly actions: readonly string[];
}

const SOURCE =
  "DataDog/cloudformation-template aws_organizations/main_organizations.yaml, DatadogAWSIntegrationPolicy; actions last changed in commit 1ed6370";

/** Datadog's standard permissions: what the integration needs to collect metrics and metadata. */
export const STANDARD_PERMISSIONS: PermissionList = {
  name: "standard",
  date: "2026-03-10",
  source: SOURCE,
  actions: standard,
};

/** Datadog's resource-collection permissions: added when `resourceCollection` is on. */
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
