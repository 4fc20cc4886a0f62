/**
 * Datadog's IAM permission lists, pinned copies with their date and source.
 *
 * `permissions: "pinned"` embeds these; `"live"` reads Datadog's current lists at plan
 * time instead (see `constructs/private/policy-packing.ts`). `npm run permissions -- check`
 * compares them with Datadog's API, and `npm run permissions -- update` rewrites the two
 * lists and their dates and source in pinned.json.
 */
import standard from "./standard.json";
import resourceCollection from "./resource-collection.json";
import pinned from "./pinned.json";

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

/** Datadog's standard permissions: what the integration needs to collect metrics and metadata. */
export const STANDARD_PERMISSIONS: PermissionList = {
  name: "standard",
  ...pinned.standard,
  actions: standard,
};

/** Datadog's resource-collection permissions: added when `resourceCollection` is on. */
export const RESOURCE_COLLECTION_PERMISSIONS: PermissionList = {
  name: "resource-collection",
  ...pinned["resource-collection"],
  actions: resourceCollection,
};

/**
 * AWS managed policy attached whenever `resourceCollection` is on (and so with CSPM, which
 * needs resource collection), as Datadog's own templates attach it; the decision and its
 * sources are in lib/facts/README.md.
 */
export const SECURITY_AUDIT_POLICY_NAME = "SecurityAudit";
