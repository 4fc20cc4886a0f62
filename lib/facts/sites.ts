/**
 * Datadog sites and the AWS accounts Datadog assumes roles from.
 *
 * Sources (checked 2026-11):
 * - sites and their names: Datadog docs, "Getting Started with Datadog Sites",
 *   https://docs.datadoghq.com/getting_started/site/
 * - the account each site's role trusts: Datadog's CloudFormation template,
 *   https://github.com/DataDog/cloudformation-template `aws_quickstart/main_v2.yaml`,
 *   mapping `DdAccountIdBySite` (trust principal `arn:<partition>:iam::<id>:root`), as
 *   also given in Datadog's AWS manual setup guide,
 *   https://docs.datadoghq.com/integrations/guide/aws-manual-setup/ and its Terraform
 *   guide, https://docs.datadoghq.com/integrations/guide/aws-terraform-setup/
 * API URLs of UK1 and US2-FED are inferred: they follow the `api.<site>` pattern of the
 * other sites.
 * - the Firehose HTTP endpoint intakes (checked 2026-12): Datadog's CloudFormation templates,
 *   same repository, `aws_streams/streams_single_region.yaml` (mapping `DdSiteToEndpoint`,
 *   metrics) and `aws_account_level_logs/main.yaml` (parameter `DatadogHttpEndpointUrl`'s
 *   allowed values, logs). Every site has both; US1, EU1 and US1-FED keep the older logs path
 *   `/v1/input`, the others `/api/v2/logs?dd-protocol=aws-kinesis-firehose`.
 */
import type { Partition } from "./partitions";

/** A Datadog site: where its API is and which Datadog AWS account a role must trust. */
export interface DatadogSite {
  /** The site as users write it, e.g. `datadoghq.eu`. */
  readonly site: string;
  /** Datadog's short name for the site, e.g. `EU1`. */
  readonly label: string;
  /** Base URL of the API, given to the Datadog provider as `api_url`. */
  readonly apiUrl: string;
  /** Base URL of the web app, for links a person follows. */
  readonly appUrl: string;
  /** The Datadog AWS account to trust, per partition the site supports role delegation in. */
  readonly trustAccountByPartition: Partial<Record<Partition, string>>;
  /** Where Kinesis Data Firehose delivers CloudWatch Metric Streams (HTTP endpoint destination URL). */
  readonly metricsIntakeUrl: string;
  /** Where Kinesis Data Firehose delivers CloudWatch Logs (HTTP endpoint destination URL). */
  readonly logsIntakeUrl: string;
}

/** The metrics intake of Datadog's templates: `awsmetrics-intake.<site>`. */
const metricsIntake = (site: string) => `https://awsmetrics-intake.${site}/api/v2/awsmetrics?dd-protocol=aws-kinesis-firehose`;
/** The logs intake of Datadog's templates: `/v1/input` on the oldest sites, the v2 path elsewhere. */
const logsIntake = (site: string, path: "v1" | "v2") => `https://aws-kinesis-http-intake.logs.${site}${path === "v1" ? "/v1/input" : "/api/v2/logs?dd-protocol=aws-kinesis-firehose"}`;

const COMMERCIAL_TRUST_ACCOUNT = "464622532012";

/** Every Datadog site, with its API URL and trust accounts. */
export const DATADOG_SITES: readonly DatadogSite[] = [
  {
    site: "datadoghq.com",
    label: "US1",
    apiUrl: "https://api.datadoghq.com",
    appUrl: "https://app.datadoghq.com",
    trustAccountByPartition: { aws: COMMERCIAL_TRUST_ACCOUNT },
    metricsIntakeUrl: metricsIntake("datadoghq.com"),
    logsIntakeUrl: logsIntake("datadoghq.com", "v1"),
  },
  {
    site: "us3.datadoghq.com",
    label: "US3",
    apiUrl: "https://api.us3.datadoghq.com",
    appUrl: "https://us3.datadoghq.com",
    trustAccountByPartition: { aws: COMMERCIAL_TRUST_ACCOUNT },
    metricsIntakeUrl: metricsIntake("us3.datadoghq.com"),
    logsIntakeUrl: logsIntake("us3.datadoghq.com", "v2"),
  },
  {
    site: "us5.datadoghq.com",
    label: "US5",
    apiUrl: "https://api.us5.datadoghq.com",
    appUrl: "https://us5.datadoghq.com",
    trustAccountByPartition: { aws: COMMERCIAL_TRUST_ACCOUNT },
    metricsIntakeUrl: metricsIntake("us5.datadoghq.com"),
    logsIntakeUrl: logsIntake("us5.datadoghq.com", "v2"),
  },
  {
    site: "datadoghq.eu",
    label: "EU1",
    apiUrl: "https://api.datadoghq.eu",
    appUrl: "https://app.datadoghq.eu",
    trustAccountByPartition: { aws: COMMERCIAL_TRUST_ACCOUNT },
    metricsIntakeUrl: metricsIntake("datadoghq.eu"),
    logsIntakeUrl: logsIntake("datadoghq.eu", "v1"),
  },
  {
    site: "ap1.datadoghq.com",
    label: "AP1",
    apiUrl: "https://api.ap1.datadoghq.com",
    appUrl: "https://ap1.datadoghq.com",
    trustAccountByPartition: { aws: "417141415827" },
    metricsIntakeUrl: metricsIntake("ap1.datadoghq.com"),
    logsIntakeUrl: logsIntake("ap1.datadoghq.com", "v2"),
  },
  {
    site: "ap2.datadoghq.com",
    label: "AP2",
    apiUrl: "https://api.ap2.datadoghq.com",
    appUrl: "https://ap2.datadoghq.com",
    trustAccountByPartition: { aws: "412381753143" },
    metricsIntakeUrl: metricsIntake("ap2.datadoghq.com"),
    logsIntakeUrl: logsIntake("ap2.datadoghq.com", "v2"),
  },
  {
    site: "uk1.datadoghq.com",
    label: "UK1",
    apiUrl: "https://api.uk1.datadoghq.com",
    appUrl: "https://uk1.datadoghq.com",
    trustAccountByPartition: { aws: "117348461845" },
    metricsIntakeUrl: metricsIntake("uk1.datadoghq.com"),
    logsIntakeUrl: logsIntake("uk1.datadoghq.com", "v2"),
  },
  {
    site: "ddog-gov.com",
    label: "US1-FED",
    apiUrl: "https://api.ddog-gov.com",
    appUrl: "https://app.ddog-gov.com",
    trustAccountByPartition: { aws: "392588925713", "aws-us-gov": "065115117704" },
    metricsIntakeUrl: metricsIntake("ddog-gov.com"),
    logsIntakeUrl: logsIntake("ddog-gov.com", "v1"),
  },
  {
    site: "us2.ddog-gov.com",
    label: "US2-FED",
    apiUrl: "https://api.us2.ddog-gov.com",
    appUrl: "https://us2.ddog-gov.com",
    trustAccountByPartition: { aws: "382742775718", "aws-us-gov": "486737091498" },
    metricsIntakeUrl: metricsIntake("us2.ddog-gov.com"),
    logsIntakeUrl: logsIntake("us2.ddog-gov.com", "v2"),
  },
];

/** The site names a config or props may use (`datadogSite`). */
export const DATADOG_SITE_NAMES: readonly string[] = DATADOG_SITES.map((s) => s.site);

/** The site with that name, or undefined. */
export function findDatadogSite(site: string): DatadogSite | undefined {
  return DATADOG_SITES.find((s) => s.site === site);
}

/** Sites that accept role delegation from accounts in the given partition. */
export function sitesWithRoleDelegation(partition: Partition): string[] {
  return DATADOG_SITES.filter((s) => s.trustAccountByPartition[partition] !== undefined).map((s) => s.site);
}

/**
 * The AWS integration tile of a site, where a person watches data arrive
 * (path as in the manual guide, step 23 links the AWS overview dashboard next to it).
 */
export function awsIntegrationPageUrl(site: DatadogSite): string {
  return `${site.appUrl}/integrations/amazon-web-services`;
}

/**
 * The site an address a person pasted is on: the site itself, its web app or its API, with
 * or without `https://`, a trailing slash or a path (`https://app.datadoghq.com/`,
 * `api.datadoghq.eu`, `https://us5.datadoghq.com/dashboard/lists`). Undefined when the
 * address is none of those: spelling mistakes are for edit distance to judge.
 */
export function siteOfAddress(address: string): DatadogSite | undefined {
  const host = address
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, "")
    .replace(/[/?#].*$/, "")
    .replace(/:\d+$/, "")
    .replace(/\.$/, "");
  const hostOf = (url: string) => new URL(url).host;
  return (
    DATADOG_SITES.find((s) => host === s.site || host === hostOf(s.appUrl) || host === hostOf(s.apiUrl)) ??
    // "app." or "api." in front of a site whose own addresses have no such name (app.us5.datadoghq.com).
    DATADOG_SITES.find((s) => /^(app|api|www)\./.test(host) && host.replace(/^(app|api|www)\./, "") === s.site)
  );
}
