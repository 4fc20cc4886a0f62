/**
 * Datadog's IAM permission lists, pinned copies with their date and source.
 *
 * `permissions: "pinned"` embeds these; `"live"` reads Datadog's current lists at plan
 * time instead (see `constructs/permission-policies.ts`). Update by replacing the JSON
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

/** AWS managed policy Datadog's templates attach for CSPM (and whenever resource collection is on). */
export const SECURITY_AUDIT_POLICY_NAME = "SecurityAudit";
