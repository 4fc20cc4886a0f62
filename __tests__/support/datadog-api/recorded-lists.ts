// Datadog's published lists as recorded outside this project (__tests__/fixtures/datadog-recorded), so the local Datadog API and the checks of lib/facts never read lib/facts back.
import standard from "../../fixtures/datadog-recorded/iam-permissions-standard-2026-03-10.json";
import resourceCollection from "../../fixtures/datadog-recorded/iam-permissions-resource-collection-2026-03-10.json";
import standardFromApi from "../../fixtures/datadog-recorded/iam-permissions-standard-api-2025-10-03.json";
import namespacesResponse from "../../fixtures/datadog-recorded/available-namespaces-api-2024-12-09.json";
import logsServicesResponse from "../../fixtures/datadog-recorded/logs-services-api-2024-12-09.json";

/** A list Datadog published, with the day it was recorded and where. */
export interface RecordedList {
  readonly date: string;
  readonly source: string;
  readonly items: readonly string[];
}

const TEMPLATE = "DataDog/cloudformation-template aws_organizations/main_organizations.yaml at commit 1ed6370";
const CASSETTES = "DataDog/terraform-provider-datadog datadog/tests/cassettes";

/** The permission lists the local Datadog API serves as its iam_permissions answers. */
export const RECORDED_PERMISSIONS = {
  standard: { date: "2026-03-10", source: `${TEMPLATE}, DatadogAWSIntegrationPolicy`, items: standard },
  resourceCollection: { date: "2026-03-10", source: `${TEMPLATE}, datadog-aws-integration-resource-collection-permissions-*`, items: resourceCollection },
} satisfies Record<string, RecordedList>;

/** An older answer of Datadog's API itself, a second witness: Datadog's lists grow, so what it returned then should still be granted. */
export const RECORDED_STANDARD_FROM_API: RecordedList = {
  date: "2025-10-03",
  source: `${CASSETTES}/TestAccDatadogIntegrationAWSIAMPermissionsStandardDatasource.yaml`,
  items: standardFromApi,
};

/** GET /api/v2/integration/aws/available_namespaces, in the order the API returned them. */
export const RECORDED_NAMESPACES: RecordedList = {
  date: "2024-12-09",
  source: `${CASSETTES}/TestAccDatadogIntegrationAWSAvailableNamespacesDatasource.yaml`,
  items: namespacesResponse.data.attributes.namespaces,
};

/** GET /api/v2/integration/aws/logs/services. */
export const RECORDED_LOG_SOURCES: RecordedList = {
  date: "2024-12-09",
  source: `${CASSETTES}/TestAccDatadogIntegrationAWSAvailableLogsServicesDatasource.yaml`,
  items: logsServicesResponse.data.attributes.logs_services,
};
