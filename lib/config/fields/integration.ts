/**
 * The integration's own settings: what the construct takes and an environment of the
 * config file sets, each with its description and default (the one place they are
 * written: the JSON Schema, docs/config-reference.md's tables and the construct's API docs come from here).
 */
import { z } from "zod";
import { AWS_REGIONS } from "../../facts/aws-regions";
import { IAM_QUOTAS } from "../../facts/iam-quotas";
import { DATADOG_SITE_NAMES, siteOfAddress } from "../../facts/sites";
import { quote } from "../json-value";
import { closest, withCode } from "../messages";
import { authSchema } from "./auth";
import { logsSchema, metricsSchema } from "./collection";
import { firehoseApiKeySchema } from "./firehose-api-key";
import { logDeliverySchema } from "./log-delivery";
import { metricStreamsSchema } from "./metric-streams";
import { costsSchema } from "./costs";
import { awsAccountIdRule, datadogConfigIdRule, datadogTagRule, externalIdRule, iamNameRule, regionRule } from "./rules";
import { ruled } from "./ruled";

const DEFAULT_REGION = "us-east-1";
const DEFAULT_SITE = "datadoghq.com";

/** An AWS region code (whether AWS has it is checked by checks/listed-region.ts). */
export const regionSchema = ruled(regionRule, "AWS region code.");

export const importSchema = z
  .strictObject({
    datadogAccountConfigId: ruled(datadogConfigIdRule, "Datadog's config ID of the existing AWS account integration (a UUID).").optional(),
    iamRole: ruled(iamNameRule("role"), "Name of the existing IAM role to adopt; must equal auth.roleName.").optional(),
    iamUser: ruled(iamNameRule("user"), "Name of the existing IAM user to adopt; must equal auth.userName.").optional(),
  })
  .meta({ description: "Adopt resources made by hand: the stack emits Terraform import blocks so the first plan imports them instead of creating new ones." });

/**
 * An unknown datadogSite: what the person most likely meant. People paste the address they
 * log in at or the API URL (`https://app.datadoghq.com/`, `api.datadoghq.eu`), which by
 * spelling is closest to another site (ap1.datadoghq.com), so the address is read first and
 * edit distance judges only what is no address of a site.
 */
function describeSite(iss: z.core.$ZodRawIssue): string {
  const input = iss.input;
  const allowed = `use one of ${DATADOG_SITE_NAMES.map(quote).join(", ")}`;
  if (typeof input !== "string") return `expected a site name in double quotes, got ${quote(input)}; ${allowed}`;
  const site = siteOfAddress(input);
  if (site) return `${quote(input)} is not allowed; ${allowed} (did you mean ${quote(site.site)}? That address is on ${site.label}; datadogSite takes the site alone, without https://, app. or api.)`;
  const guess = closest(input, DATADOG_SITE_NAMES);
  return `${quote(input)} is not allowed; ${allowed}${guess ? ` (did you mean ${quote(guess)}?)` : ""}`;
}

/** Fields of the integration itself: what the construct takes. */
export const integrationShape = {
  awsAccountId: ruled(awsAccountIdRule, 'The AWS account to integrate: 12 digits, no dashes, as a string ("012345678901").'),
  awsRegion: regionSchema
    .default(DEFAULT_REGION)
    .meta({ description: "Region of the AWS provider; decides the partition (us-gov-* is aws-us-gov, cn-* is aws-cn, any other aws), which every ARN follows." }),
  datadogSite: z
    .enum(DATADOG_SITE_NAMES as [string, ...string[]], { error: withCode("value/not-allowed", describeSite) })
    .default(DEFAULT_SITE)
    .meta({ description: "The Datadog site your organization is on; decides the trusted Datadog AWS account and the API URL." }),
  auth: authSchema.prefault({ type: "role" }).meta({ description: "How Datadog reaches the account: an IAM role it assumes, or an IAM user's access key." }),
  regions: z
    .union([z.literal("all"), z.array(regionSchema).min(1)])
    .default("all")
    .meta({ description: '"all", or the regions Datadog collects from.' }),
  newRegions: z
    .array(regionSchema)
    .default([])
    .meta({
      description: `AWS regions newer than this project's list of AWS's regions (${AWS_REGIONS.date}): names listed here pass the synth-time check in awsRegion, regions and backend.region, and AWS judges them at plan.`,
    }),
  tags: z.array(ruled(datadogTagRule, 'Datadog tag "key:value".')).default([]).meta({ description: "Tags Datadog adds to every host and metric of this account." }),
  metrics: metricsSchema,
  resourceCollection: z.boolean().default(true).meta({ description: "Collect resource configuration (adds Datadog's resource-collection permissions and SecurityAudit)." }),
  cspm: z.boolean().default(false).meta({ description: "Cloud Security Posture Management in Datadog; needs resourceCollection (which attaches SecurityAudit)." }),
  managedPolicyQuota: z
    .int()
    .min(IAM_QUOTAS.managedPoliciesPerPrincipal, {
      error: withCode(
        "value/managed-policy-quota",
        (iss) => `${iss.input} is below IAM's default of ${IAM_QUOTAS.managedPoliciesPerPrincipal} managed policies per role or user; leave it out unless AWS raised your quota`,
      ),
    })
    .max(IAM_QUOTAS.managedPoliciesPerPrincipalMax, {
      error: withCode("value/managed-policy-quota", (iss) => `${iss.input} is over ${IAM_QUOTAS.managedPoliciesPerPrincipalMax}, the most AWS raises the managed-policies-per-role quota to`),
    })
    .default(IAM_QUOTAS.managedPoliciesPerPrincipal)
    .meta({
      description: `Managed policies IAM lets this account attach to one role or user: ${IAM_QUOTAS.managedPoliciesPerPrincipal} unless you asked AWS (Service Quotas) to raise it, up to ${IAM_QUOTAS.managedPoliciesPerPrincipalMax}.`,
    }),
  permissions: z.enum(["pinned", "live"]).optional().meta({
    description:
      '"pinned": the dated lists shipped with this project (lib/facts/permissions). "live": Datadog\'s current lists, read at plan time through the Datadog provider\'s data sources. Default: "live" when the stack manages the Datadog side, else "pinned".',
  }),
  logs: logsSchema,
  logDelivery: logDeliverySchema.optional(),
  xrayServices: z
    .union([z.literal("all"), z.array(z.string().min(1))])
    .optional()
    .meta({
      description:
        '"all", or the AWS services whose X-Ray traces Datadog collects, each named by its CloudWatch namespace as Datadog lists them (e.g. "AWS/Lambda", "AWS/AppSync"; a newer one also in metrics.newNamespaces). Default: none (no X-Ray traces).',
    }),
  manageDatadogIntegration: z.boolean().default(true).meta({ description: "false: create only the AWS side (split duty); a Datadog admin completes the tile with the outputs." }),
  externalId: ruled(externalIdRule, "The External ID from the Datadog tile: required with manageDatadogIntegration false and role auth, refused otherwise.").optional(),
  import: importSchema.optional(),
  firehoseApiKey: firehoseApiKeySchema,
  metricStreams: metricStreamsSchema,
  costs: costsSchema,
};
