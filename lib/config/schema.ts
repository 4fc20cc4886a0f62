/**
 * The config file's contract, as zod schemas: types, defaults, unknown keys, and the
 * rules that tie fields together. The published JSON Schema is generated from these
 * (`npm run schema`), and the construct validates its props with the same schema, so the
 * file, the editor and the TypeScript API judge a value the same way.
 */
import { z } from "zod";
import type { ResolvedEnvironment, ResolvedIntegration } from "./resolved";
import { CLOUDWATCH_NAMESPACES, LOG_SOURCES } from "../facts/datadog-lists";
import { ALL_AWS_REGIONS, AWS_REGIONS, isListedRegion } from "../facts/aws-regions";
import { IAM_QUOTAS } from "../facts/iam-quotas";
import { closest, likelyMeant, withCode } from "./messages";
import type { ErrorCode } from "../errors";
import { DATADOG_SITE_NAMES, findDatadogSite, siteOfAddress, sitesWithRoleDelegation } from "../facts/sites";
import { AUTH_TYPES_BY_PARTITION, EXAMPLE_REGION, partitionOfRegion, REGION_PATTERN } from "../facts/partitions";
import {
  awsAccountIdRule,
  awsTagFilterRule,
  datadogConfigIdRule,
  datadogTagRule,
  externalIdRule,
  iamNameRule,
  IAM_ROLE_ARN_PATTERN,
  iamRoleArnRule,
  isToken,
  LAMBDA_ARN_PATTERN,
  keyEnvRule,
  kmsKeyRule,
  lambdaArnRule,
  listedNameRule,
  organizationParentIdRule,
  regionRule,
  STACK_NAME_PATTERN,
  StringRule,
} from "./fields/rules";
import type { Same } from "./same-type";

/** A string checked by a rule; unresolved tokens pass (Terraform judges them at plan time). */
function ruled(rule: StringRule, description: string) {
  const meta: Record<string, unknown> = { description };
  if (rule.pattern) meta.pattern = rule.pattern.source;
  if (rule.maxLength) meta.maxLength = rule.maxLength;
  return z
    .string()
    .superRefine((value, ctx) => {
      if (isToken(value)) return;
      const problem = rule.check(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem, params: { code: rule.code } });
    })
    .meta(meta);
}

const quote = (value: unknown) => JSON.stringify(value);

/** Input variables the construct declares itself (access keys brought by the user). */
const RESERVED_VARIABLES = ["datadog_aws_access_key_id", "datadog_aws_secret_access_key"];

export const DEFAULT_ROLE_NAME = "DatadogIntegrationRole";
export const DEFAULT_USER_NAME = "DatadogIntegrationUser";
export const DEFAULT_REGION = "us-east-1";
export const DEFAULT_SITE = "datadoghq.com";

const roleAuthSchema = z
  .strictObject({
    type: z.literal("role"),
    roleName: ruled(iamNameRule("role"), "Name of the IAM role Datadog assumes; entered in the Datadog tile exactly as created (case-sensitive).").default(DEFAULT_ROLE_NAME),
  })
  .meta({ description: "Role delegation: Datadog assumes an IAM role in the account, guarded by an External ID." });

const accessKeysAuthSchema = z
  .strictObject({
    type: z.literal("accessKeys"),
    userName: ruled(iamNameRule("user"), "Name of the IAM user whose access key Datadog uses.").default(DEFAULT_USER_NAME),
    accessKey: z.enum(["create", "variables"]).default("create").meta({
      description:
        '"create": Terraform creates the user\'s access key (its secret then lives in Terraform state). "variables": bring an existing key through the sensitive input variables datadog_aws_access_key_id and datadog_aws_secret_access_key.',
    }),
  })
  .meta({ description: "Access keys (GovCloud and China only): Datadog uses an IAM user's access key." });

const authSchema = z.discriminatedUnion("type", [roleAuthSchema, accessKeysAuthSchema]);

const regionSchema = ruled(regionRule, "AWS region code.");
const awsTagFilter = ruled(awsTagFilterRule, 'AWS tag filter "key:value"; * and ? are wildcards, a leading ! excludes.');
const namespaceSchema = ruled(
  listedNameRule,
  `CloudWatch namespace as Datadog names it (its list of ${CLOUDWATCH_NAMESPACES.date}), e.g. "AWS/EC2", "AWS/EC2/API", "Glue"; newer ones go in metrics.newNamespaces too.`,
);

/** Names Datadog accepts that are newer than one of our dated lists (see checkListedNames). */
const newerNames = (what: string, listDate: string) =>
  z
    .array(ruled(listedNameRule, `One of Datadog's ${what}, newer than this project's list.`))
    .default([])
    .meta({
      description: `${what[0].toUpperCase()}${what.slice(1)} newer than this project's list of Datadog's (${listDate}): names listed here pass the synth-time check, and Datadog's API judges them at apply.`,
    });

const metricsSchema = z
  .strictObject({
    enabled: z.boolean().default(true).meta({ description: "Collect CloudWatch metrics." }),
    namespaces: z
      .strictObject({
        includeOnly: z.array(namespaceSchema).min(1).optional().meta({ description: "Collect metrics only from these services." }),
        excludeOnly: z.array(namespaceSchema).optional().meta({ description: "Collect metrics from every service but these." }),
      })
      .optional()
      .meta({
        description:
          "Which services to collect metrics from (the guide's list of services): includeOnly or excludeOnly, not both. Default: the provider's, which excludes AWS/SQS, AWS/ElasticMapReduce and AWS/Usage.",
      }),
    hostTags: z.array(awsTagFilter).default([]).meta({ description: 'Limit EC2 hosts (and their EBS volumes) to those with these AWS tags (the guide\'s "to hosts with tag").' }),
    lambdaTags: z.array(awsTagFilter).default([]).meta({ description: 'Limit Lambda functions to those with these AWS tags (the guide\'s "to Lambdas with tag").' }),
    tagFilters: z
      .array(z.strictObject({ namespace: namespaceSchema, tags: z.array(awsTagFilter).min(1) }))
      .default([])
      .meta({ description: 'AWS tag filters for other namespaces, e.g. [{ "namespace": "AWS/RDS", "tags": ["env:prod"] }]; one filter per namespace.' }),
    newNamespaces: newerNames("CloudWatch namespaces", CLOUDWATCH_NAMESPACES.date),
    automute: z.boolean().default(true).meta({ description: "Mute monitors of EC2 hosts that AWS shut down on purpose." }),
    collectCloudwatchAlarms: z.boolean().default(false).meta({ description: "Collect CloudWatch alarms." }),
    collectCustomMetrics: z.boolean().default(false).meta({ description: "Collect custom CloudWatch metrics." }),
  })
  .prefault({});

const logsSchema = z
  .strictObject({
    lambdaForwarderArns: z
      .array(ruled(lambdaArnRule, "ARN of a Datadog Forwarder Lambda function."))
      .default([])
      .meta({ description: "Datadog Forwarder Lambda functions that collect the logs, in the account's partition." }),
    sources: z
      .array(ruled(listedNameRule, `Log source as Datadog names it (its list of ${LOG_SOURCES.date}), e.g. "s3", "elbv2", "cloudtrail".`))
      .default([])
      .meta({ description: 'AWS services whose logs the forwarders collect, e.g. "s3", "elb".' }),
    newSources: newerNames("log sources", LOG_SOURCES.date),
  })
  .prefault({});

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
};

const backendSchema = z.discriminatedUnion("type", [
  z
    .strictObject({
      type: z.literal("local"),
      path: z.string().min(1).optional().meta({ description: "State file path, relative to the project folder. Default: terraform.tfstate in the stack's folder (cdktf.out/stacks/<environment>/)." }),
    })
    .meta({ description: "State in a local file." }),
  z
    .strictObject({
      type: z.literal("s3"),
      bucket: z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: withCode("value/s3-bucket", (iss) => `${quote(iss.input)} is not an S3 bucket name (3 to 63 lower-case letters, digits, "." or "-")`) }),
      key: z.string().min(1).optional().meta({ description: "State object key. Default: datadog-aws/<environment>/terraform.tfstate, distinct per environment." }),
      region: regionSchema.optional().meta({ description: "Region of the bucket. Default: the environment's awsRegion." }),
      useLockfile: z.boolean().default(false).meta({ description: "Terraform's native S3 state locking (Terraform 1.10 or newer)." }),
      dynamodbTable: z.string().min(1).optional().meta({ description: "Legacy DynamoDB state locking table." }),
      encrypt: z.boolean().default(true).meta({ description: "Server-side encryption of the state object." }),
      profile: z
        .string()
        .min(1)
        .optional()
        .meta({ description: "Named AWS profile Terraform reaches the state bucket with, when it is not the environment's (e.g. a commercial account's bucket for a GovCloud or China environment)." }),
      roleArn: ruled(iamRoleArnRule, "Role Terraform assumes to reach the state bucket (Terraform 1.6 or newer; written as assume_role).").optional(),
      kmsKeyId: ruled(kmsKeyRule, 'KMS key that encrypts the state object: a key ARN, an alias ARN, "alias/<name>" or a key ID.').optional(),
    })
    .meta({ description: "State in an S3 bucket." }),
]);

const keyEnvDescription = (standard: string) =>
  `Environment variable holding the key: "${standard}" (the provider's own) or TF_VAR_<name> (passed to a sensitive input variable). Never the key itself.`;

/** Fields that decide how Terraform runs an environment: providers, credentials, state. */
export const stackShape = {
  backend: backendSchema.prefault({ type: "local" }).meta({ description: "Where Terraform keeps this environment's state." }),
  awsAssumeRoleArn: ruled(iamRoleArnRule, "Role Terraform assumes to reach this account (e.g. from a management-account pipeline), in the account's partition.").optional(),
  awsAssumeRoleSessionName: z
    .string()
    .regex(/^[\w+=,.@-]{2,64}$/, { error: withCode("value/session-name", (iss) => `${quote(iss.input)} is not a session name (2 to 64 of letters, digits and + = , . @ _ -)`) })
    .optional()
    .meta({ description: "Session name Terraform gives awsAssumeRoleArn's session." }),
  awsAssumeRoleExternalId: ruled(externalIdRule, "External ID the assumed deployment role requires, if any.").optional(),
  awsProfile: z.string().min(1).optional().meta({ description: "Named AWS profile Terraform uses for this account. Default: the standard credential chain." }),
  datadogApiKeyEnv: ruled(keyEnvRule("DD_API_KEY"), keyEnvDescription("DD_API_KEY")).default("DD_API_KEY"),
  datadogAppKeyEnv: ruled(keyEnvRule("DD_APP_KEY"), keyEnvDescription("DD_APP_KEY")).default("DD_APP_KEY"),
};

type Ctx = z.RefinementCtx;
type IntegrationOutput = z.output<z.ZodObject<typeof integrationShape>>;

/** A cross-field problem, with its code (lib/errors.ts) for flattenIssues to read. */
function issue(ctx: Ctx, code: ErrorCode, path: (string | number)[], message: string) {
  ctx.addIssue({ code: "custom", path, message, params: { code } });
}

/**
 * Namespaces and log sources must be names Datadog knows: the provider passes any string,
 * and the API refuses an unknown one only at apply ("400 invalid namespaces"), after the
 * AWS side has changed.
 */
function checkListedNames(ctx: Ctx, metrics: Partial<IntegrationOutput["metrics"]>, logs: Partial<IntegrationOutput["logs"]> | undefined, xrayServices: unknown): void {
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && !isToken(x)) : []);
  const check = (name: string, path: (string | number)[], list: { names: readonly string[]; date: string; source: string }, newer: string[], newerField: string, what: string) => {
    if (list.names.includes(name) || newer.includes(name)) return;
    const guess = likelyMeant(name, list.names);
    const hint = guess ? `did you mean ${quote(guess)}? If` : `Datadog's names come from ${list.source}; if`;
    issue(ctx, "value/not-in-datadog-list", path, `${quote(name)} is not a ${what} Datadog knows (its list of ${list.date}); ${hint} Datadog added it since, also list it in ${newerField}`);
  };
  const newNamespaces = strings(metrics.newNamespaces);
  const ns = (metrics.namespaces ?? {}) as { includeOnly?: unknown; excludeOnly?: unknown };
  for (const field of ["includeOnly", "excludeOnly"] as const) {
    strings(ns[field]).forEach((n, i) => check(n, ["metrics", "namespaces", field, i], CLOUDWATCH_NAMESPACES, newNamespaces, "metrics.newNamespaces", "CloudWatch namespace"));
  }
  (Array.isArray(metrics.tagFilters) ? metrics.tagFilters : []).forEach((f, i) => {
    if (typeof f?.namespace === "string" && !isToken(f.namespace))
      check(f.namespace, ["metrics", "tagFilters", i, "namespace"], CLOUDWATCH_NAMESPACES, newNamespaces, "metrics.newNamespaces", "CloudWatch namespace");
  });
  const newSources = strings(logs?.newSources);
  strings(logs?.sources).forEach((s, i) => check(s, ["logs", "sources", i], LOG_SOURCES, newSources, "logs.newSources", "log source"));
  // Datadog's API names an X-Ray service by its CloudWatch namespace (its specification's
  // example for traces_config.xray_services.include_only is "AWS/AppSync"), and, like a
  // namespace, passes any string through the provider to fail or be ignored later.
  strings(xrayServices).forEach((name, i) => {
    if (CLOUDWATCH_NAMESPACES.names.includes(name) || newNamespaces.includes(name)) return;
    const guess = likelyMeant(name, CLOUDWATCH_NAMESPACES.names);
    issue(
      ctx,
      "value/not-in-datadog-list",
      ["xrayServices", i],
      `${quote(name)} is not an AWS service as Datadog names it for X-Ray: its CloudWatch namespace from Datadog's list of ${CLOUDWATCH_NAMESPACES.date}, e.g. "AWS/Lambda" or "AWS/AppSync"; ${guess ? `did you mean ${quote(guess)}? If` : "if"} Datadog added it since, also list it in metrics.newNamespaces`,
    );
  });
}

/**
 * A region code must be one AWS has: the pattern alone passes "us-est-1", which fails only
 * at plan or at Datadog's API. A region newer than the pinned list goes in `newRegions`.
 */
export function checkListedRegion(ctx: Ctx, region: unknown, path: (string | number)[], newRegions: unknown): void {
  if (typeof region !== "string" || isToken(region) || !REGION_PATTERN.test(region) || isListedRegion(region)) return;
  if (Array.isArray(newRegions) && newRegions.includes(region)) return;
  const family = region.replace(/\d+$/, "");
  const siblings = ALL_AWS_REGIONS.filter((r) => r.replace(/\d+$/, "") === family);
  const guess = siblings.length ? undefined : closest(region, ALL_AWS_REGIONS);
  const description = (r: string) => Object.values(AWS_REGIONS.byPartition).find((p) => Object.hasOwn(p, r))?.[r];
  const hint = siblings.length
    ? `AWS's ${family.slice(0, -1)} regions are ${siblings.map(quote).join(", ")}.`
    : guess
      ? `did you mean ${quote(guess)} (${description(guess)})?`
      : `use a region code such as "us-east-1" or "eu-west-1".`;
  issue(
    ctx,
    "value/unknown-region",
    path,
    `${quote(region)} is not an AWS region (AWS's list of ${AWS_REGIONS.date}, from ${AWS_REGIONS.source}); ${hint} If AWS opened it since, also list it in newRegions`,
  );
}

/** The S3 state bucket is reached in its own partition: a role or KMS key of another one cannot work. */
function checkStateBackend(c: Partial<z.output<z.ZodObject<typeof stackShape>>> & { awsRegion?: unknown }, ctx: Ctx): void {
  const b = c.backend;
  if (b?.type !== "s3") return;
  const region = typeof b.region === "string" ? b.region : c.awsRegion;
  if (typeof region !== "string" || isToken(region) || !REGION_PATTERN.test(region)) return;
  const partition = partitionOfRegion(region);
  const where = b.region ? `the bucket's region ${quote(b.region)}` : `awsRegion ${quote(region)}, the bucket's region by default`;
  if (typeof b.roleArn === "string" && IAM_ROLE_ARN_PATTERN.test(b.roleArn) && b.roleArn.split(":")[1] !== partition) {
    issue(
      ctx,
      "combination/backend-partition",
      ["backend", "roleArn"],
      `${quote(b.roleArn)} is in partition ${b.roleArn.split(":")[1]}, but ${where} is in ${partition}; use a role of the bucket's partition, or set backend.region to the bucket's region`,
    );
  }
  if (typeof b.kmsKeyId === "string" && b.kmsKeyId.startsWith("arn:")) {
    const [, keyPartition, , keyRegion] = b.kmsKeyId.split(":");
    if (keyPartition !== partition || keyRegion !== region) {
      issue(
        ctx,
        "combination/backend-partition",
        ["backend", "kmsKeyId"],
        `${quote(b.kmsKeyId)} is a key in ${keyRegion} (${keyPartition}), but ${where}; S3 encrypts with a key of the bucket's own region`,
      );
    }
  }
  if (b.kmsKeyId !== undefined && b.encrypt === false) {
    issue(ctx, "combination/backend-kms-unencrypted", ["backend", "kmsKeyId"], 'is set, but "encrypt" is false; remove kmsKeyId, or set "encrypt": true to encrypt the state with that key');
  }
}

/** Rules that tie the integration's fields together. */
export function checkIntegration(c: IntegrationOutput, ctx: Ctx): void {
  // Runs even when some fields failed their own checks (so every problem is reported at
  // once), hence every field is treated as possibly missing or of the wrong type here.
  const list = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : []);
  const regionKnown = typeof c.awsRegion === "string" && !isToken(c.awsRegion) && REGION_PATTERN.test(c.awsRegion);
  const partition = regionKnown ? partitionOfRegion(c.awsRegion) : undefined;
  const site = findDatadogSite(c.datadogSite);
  const auth = (typeof c.auth === "object" && c.auth !== null ? c.auth : {}) as Partial<IntegrationOutput["auth"]>;
  const metrics = (c.metrics ?? {}) as Partial<IntegrationOutput["metrics"]>;

  if (partition && (auth.type === "role" || auth.type === "accessKeys")) {
    const allowed = AUTH_TYPES_BY_PARTITION[partition];
    if (!allowed.includes(auth.type)) {
      const instead =
        auth.type === "accessKeys"
          ? `access keys are accepted only for GovCloud (us-gov-*) and China (cn-*) accounts; use { "type": "role" } for this ${partition} account`
          : `role delegation is not available for China accounts; use { "type": "accessKeys", "userName": "${DEFAULT_USER_NAME}" }`;
      issue(ctx, "combination/auth-partition", ["auth", "type"], `${quote(auth.type)} is not possible in partition ${partition} (awsRegion ${quote(c.awsRegion)}): ${instead}`);
    } else if (auth.type === "role" && site && site.trustAccountByPartition[partition] === undefined) {
      const sites = sitesWithRoleDelegation(partition);
      issue(
        ctx,
        "combination/site-partition",
        ["datadogSite"],
        `role delegation for ${partition} accounts (awsRegion ${quote(c.awsRegion)}) is not offered by datadogSite ${quote(c.datadogSite)}; use one of ${sites.map(quote).join(", ")}, or { "type": "accessKeys" } auth`,
      );
    }
    if (Array.isArray(c.regions)) {
      c.regions.forEach((r, i) => {
        if (typeof r === "string" && !isToken(r) && REGION_PATTERN.test(r) && partitionOfRegion(r) !== partition) {
          issue(
            ctx,
            "combination/region-partition",
            ["regions", i],
            `${quote(r)} is in partition ${partitionOfRegion(r)}, but this account is in ${partition} (awsRegion ${quote(c.awsRegion)}); list only ${partition} regions such as ${quote(EXAMPLE_REGION[partition])}`,
          );
        }
      });
    }
  }
  if (partition) {
    list(c.logs?.lambdaForwarderArns).forEach((arn, i) => {
      const arnPartition = typeof arn === "string" ? arn.split(":")[1] : undefined;
      if (typeof arn === "string" && !isToken(arn) && LAMBDA_ARN_PATTERN.test(arn) && arnPartition !== partition) {
        issue(
          ctx,
          "combination/forwarder-partition",
          ["logs", "lambdaForwarderArns", i],
          `${quote(arn)} is in partition ${arnPartition}, but this account is in ${partition}; use the forwarder deployed in this account's partition (arn:${partition}:lambda:...)`,
        );
      }
    });
  }

  if (c.cspm && !c.resourceCollection) {
    issue(ctx, "combination/cspm-without-resource-collection", ["cspm"], 'CSPM needs resource collection, which is off; set "resourceCollection": true or "cspm": false');
  }
  const ns = metrics.namespaces;
  if (ns?.includeOnly && ns.excludeOnly) {
    issue(
      ctx,
      "combination/include-and-exclude",
      ["metrics", "namespaces"],
      'both "includeOnly" and "excludeOnly" are set; Datadog takes one of them: keep includeOnly (collect only these) or excludeOnly (collect all but these)',
    );
  }
  checkListedNames(ctx, metrics, c.logs, c.xrayServices);
  checkListedRegion(ctx, c.awsRegion, ["awsRegion"], c.newRegions);
  list(Array.isArray(c.regions) ? c.regions : []).forEach((r, i) => checkListedRegion(ctx, r, ["regions", i], c.newRegions));

  const filtered = new Map<string, string>();
  if (list(metrics.hostTags).length) filtered.set("AWS/EC2", "metrics.hostTags");
  if (list(metrics.lambdaTags).length) filtered.set("AWS/Lambda", "metrics.lambdaTags");
  list(metrics.tagFilters).forEach((f, i) => {
    if (typeof f?.namespace !== "string") return;
    const earlier = filtered.get(f.namespace);
    if (earlier) {
      issue(
        ctx,
        "combination/tag-filter-twice",
        ["metrics", "tagFilters", i, "namespace"],
        `${quote(f.namespace)} already has tag filters from ${earlier}; Datadog keeps one filter per namespace, so merge the tags into one place`,
      );
    }
    filtered.set(f.namespace, `metrics.tagFilters[${i}]`);
  });

  const manage = c.manageDatadogIntegration !== false;
  if (auth.type === "role") {
    if (!manage && c.externalId === undefined) {
      issue(
        ctx,
        "combination/external-id-required",
        ["externalId"],
        "is required when manageDatadogIntegration is false: open the Datadog AWS tile, choose Role Delegation > Manually, and copy the External ID here (it stays valid 48 hours if no account uses it)",
      );
    }
    if (manage && c.externalId !== undefined) {
      issue(
        ctx,
        "combination/external-id-unused",
        ["externalId"],
        "is set, but this stack creates the Datadog integration, which generates the External ID itself; remove externalId, or set manageDatadogIntegration to false to use one from the tile",
      );
    }
  } else if (auth.type === "accessKeys" && c.externalId !== undefined) {
    issue(ctx, "combination/external-id-unused", ["externalId"], "is only used with role delegation; access-key accounts have no External ID, so remove it");
  }
  if (!manage && c.permissions === "live") {
    issue(
      ctx,
      "combination/live-permissions-unmanaged",
      ["permissions"],
      '"live" reads Datadog\'s lists through the Datadog provider, which this stack does not use (manageDatadogIntegration is false); use "pinned"',
    );
  }

  const imp = c.import;
  if (typeof imp === "object" && imp !== null) {
    if (imp.datadogAccountConfigId && !manage) {
      issue(
        ctx,
        "combination/import-unmanaged",
        ["import", "datadogAccountConfigId"],
        "is set, but manageDatadogIntegration is false, so there is no Datadog integration in this stack to import into; remove it",
      );
    }
    if (imp.iamRole !== undefined) {
      if (auth.type !== "role") issue(ctx, "combination/import-wrong-principal", ["import", "iamRole"], 'is set, but auth.type is "accessKeys"; adopt the user with import.iamUser instead');
      else if (imp.iamRole !== auth.roleName)
        issue(
          ctx,
          "combination/import-name-mismatch",
          ["import", "iamRole"],
          `${quote(imp.iamRole)} differs from auth.roleName ${quote(auth.roleName)}; set auth.roleName to the existing role's name (case-sensitive) so the import adopts it instead of renaming it`,
        );
    }
    if (imp.iamUser !== undefined) {
      if (auth.type !== "accessKeys") issue(ctx, "combination/import-wrong-principal", ["import", "iamUser"], 'is set, but auth.type is "role"; adopt the role with import.iamRole instead');
      else if (imp.iamUser !== auth.userName)
        issue(
          ctx,
          "combination/import-name-mismatch",
          ["import", "iamUser"],
          `${quote(imp.iamUser)} differs from auth.userName ${quote(auth.userName)}; set auth.userName to the existing user's name`,
        );
    }
  }
}

/** Cross-field rules run even when a field failed, so one run reports every problem. */
const always = { when: (payload: { value: unknown }) => typeof payload.value === "object" && payload.value !== null };

/** The integration's settings as the construct takes them, with every rule the config file has. */
export const integrationSchema = z.strictObject(integrationShape).superRefine(checkIntegration, always);

/** Every key an environment (and `defaults`) may set. */
export const environmentShape = { ...integrationShape, ...stackShape };

/** One environment of the config file: the integration's settings and how Terraform reaches the account. */
export const environmentSchema = z.strictObject(environmentShape).superRefine((c, ctx) => {
  checkIntegration(c, ctx);
  if (typeof c.awsAssumeRoleArn === "string" && IAM_ROLE_ARN_PATTERN.test(c.awsAssumeRoleArn) && typeof c.awsRegion === "string" && REGION_PATTERN.test(c.awsRegion)) {
    const partition = partitionOfRegion(c.awsRegion);
    const arnPartition = c.awsAssumeRoleArn.split(":")[1];
    if (arnPartition !== partition) {
      issue(
        ctx,
        "combination/assume-role-partition",
        ["awsAssumeRoleArn"],
        `${quote(c.awsAssumeRoleArn)} is in partition ${arnPartition}, but awsRegion ${quote(c.awsRegion)} is in ${partition}; use a role ARN starting with "arn:${partition}:iam::"`,
      );
    }
  }
  checkStateBackend(c, ctx);
  if (typeof c.backend === "object" && c.backend?.type === "s3") checkListedRegion(ctx, c.backend.region, ["backend", "region"], c.newRegions);
  if ((c.awsAssumeRoleSessionName || c.awsAssumeRoleExternalId) && !c.awsAssumeRoleArn) {
    issue(
      ctx,
      "combination/assume-role-without-arn",
      [c.awsAssumeRoleSessionName ? "awsAssumeRoleSessionName" : "awsAssumeRoleExternalId"],
      "is set without awsAssumeRoleArn; add the ARN of the role to assume, or remove it",
    );
  }
  if (typeof c.datadogApiKeyEnv === "string" && c.datadogApiKeyEnv.startsWith("TF_VAR_") && c.datadogApiKeyEnv === c.datadogAppKeyEnv) {
    issue(
      ctx,
      "combination/same-key-variable",
      ["datadogAppKeyEnv"],
      `is the same variable as datadogApiKeyEnv (${c.datadogApiKeyEnv}); the API key and the application key are different keys, so give each its own variable`,
    );
  }
  for (const field of ["datadogApiKeyEnv", "datadogAppKeyEnv"] as const) {
    const name = c[field];
    if (typeof name === "string" && RESERVED_VARIABLES.includes(name.replace(/^TF_VAR_/, ""))) {
      issue(
        ctx,
        "combination/reserved-key-variable",
        [field],
        `${quote(name)} is the variable that carries the AWS access key for Datadog; choose another name, e.g. "TF_VAR_dd_${field === "datadogApiKeyEnv" ? "api" : "app"}_key"`,
      );
    }
  }
  if (c.manageDatadogIntegration === false && ((c.datadogApiKeyEnv ?? "DD_API_KEY") !== "DD_API_KEY" || (c.datadogAppKeyEnv ?? "DD_APP_KEY") !== "DD_APP_KEY")) {
    issue(
      ctx,
      "combination/key-variable-unused",
      [c.datadogApiKeyEnv !== "DD_API_KEY" ? "datadogApiKeyEnv" : "datadogAppKeyEnv"],
      "is set, but manageDatadogIntegration is false, so this stack needs no Datadog keys; remove it",
    );
  }
}, always);

/** Everything but the account ID may come from `defaults`. */
export const defaultsSchema = z.strictObject({ ...integrationShape, ...stackShape }).partial();

/** The file `npm run discover` writes the organization's accounts to, beside the config file unless `organization.output` says otherwise. */
export const DEFAULT_ACCOUNTS_FILE = "datadog-aws.accounts.json";

const ORGANIZATION_ENVIRONMENT_DESCRIPTION =
  "The settings every discovered account's environment gets: any environment key but awsAccountId, merged over defaults like an environment's own (objects key by key, null unsets). String values may use {accountId}, {accountName} (the name as AWS has it) and {partition} (the organization's: aws, aws-us-gov or aws-cn).";

/**
 * The `organization` section: every active account of an AWS Organization, discovered by
 * `npm run discover` (lib/organization/). Its `environment` is checked as an environment
 * is, once placeholders are filled in (load-config.ts), so here it is any object.
 */
export const organizationShape = {
  ouIds: z
    .array(ruled(organizationParentIdRule, 'An OU ID ("ou-ab12-cd34ef56") or the root ID ("r-ab12").'))
    .min(1)
    .optional()
    .meta({ description: "Only accounts in these OUs and the OUs under them. Default: every account of the organization." }),
  excludeAccountIds: z.array(ruled(awsAccountIdRule, "An account ID: 12 digits.")).optional().meta({ description: "Accounts never enrolled, wherever they are." }),
  output: z
    .string()
    .min(1)
    .optional()
    .meta({
      description: `The accounts file: where npm run discover writes the discovered environments and synth reads them, relative to the config file. Default: ${DEFAULT_ACCOUNTS_FILE} beside the config file.`,
    }),
  environment: z.record(z.string(), z.unknown()).optional().meta({ description: ORGANIZATION_ENVIRONMENT_DESCRIPTION }),
};

export const organizationSchema = z.strictObject(organizationShape);

export const configFileSchema = z.strictObject({
  $schema: z.string().optional().meta({ description: "Path or URL of this file's JSON Schema, for editors." }),
  defaults: z.record(z.string(), z.unknown()).optional().meta({ description: "Values every environment inherits; an environment's own value wins, lists are replaced, not concatenated." }),
  environments: z.record(z.string(), z.record(z.string(), z.unknown())).meta({ description: "One Terraform stack per key, named exactly after it." }),
  organization: z.unknown().optional().meta({
    description:
      "Every active account of an AWS Organization, one environment each: `npm run discover` writes them to the accounts file, which synth reads. With it, environments may be empty or left out.",
  }),
});

export type IntegrationInput = z.input<typeof integrationSchema>;
export type EnvironmentInput = z.input<typeof environmentSchema>;
export type { ResolvedEnvironment, ResolvedIntegration };

// Compile-time check: the written-out types (resolved.ts, zod-free for the public .d.ts) are
// exactly what the schemas produce. `tsc -b` fails here when one side changes alone.
const integrationOutputWrittenOut: Same<z.output<typeof integrationSchema>, ResolvedIntegration> = true;
const environmentOutputWrittenOut: Same<z.output<typeof environmentSchema>, ResolvedEnvironment> = true;
void integrationOutputWrittenOut;
void environmentOutputWrittenOut;

/** The integration's own fields of an environment, for the construct. */
export function integrationFieldsOf(env: ResolvedEnvironment): ResolvedIntegration {
  const keys = Object.keys(integrationShape) as (keyof typeof integrationShape)[];
  return Object.fromEntries(keys.filter((k) => env[k] !== undefined).map((k) => [k, env[k]])) as unknown as ResolvedIntegration;
}

type JsonSchema = Record<string, unknown>;

/** `schema`, or null ("not set here"), keeping its description and default on top where editors show them. */
function orNull(schema: JsonSchema): JsonSchema {
  const { description, default: byDefault, ...rest } = schema;
  const keys = Object.keys(rest);
  const union = keys.length === 1 && (keys[0] === "anyOf" || keys[0] === "oneOf") ? (rest[keys[0]] as JsonSchema[]) : [rest];
  return {
    ...(byDefault === undefined ? {} : { default: byDefault }),
    ...(description === undefined ? {} : { description }),
    anyOf: [...union, { type: "null" }],
  };
}

interface OverrideForm {
  /** Nested objects need none of their keys: `defaults` may supply them. */
  readonly partial: boolean;
  /** Optional keys may be null, unsetting what the environment inherits. */
  readonly nullable: boolean;
}

/** The properties of an object schema in an override's form (see `overrideOf`). */
function overrideProperties(object: JsonSchema, form: OverrideForm): Record<string, JsonSchema> {
  const required = new Set((object.required as string[] | undefined) ?? []);
  return Object.fromEntries(
    Object.entries(object.properties as Record<string, JsonSchema>).map(([key, field]) => {
      const inner = overrideOf(field, form);
      return [key, form.nullable && !required.has(key) ? orNull(inner) : inner];
    }),
  );
}

/**
 * A field's schema as an environment may write it. Objects merge key by key with
 * `defaults`, which JSON Schema cannot see from inside one environment, so in the partial
 * form nested objects require none of their keys (and union branches may then overlap:
 * oneOf becomes anyOf). Lists are replaced, not merged: what is inside them keeps its own
 * rules. Unknown keys and the shape of every value stay as strict as before.
 */
function overrideOf(field: JsonSchema, form: OverrideForm): JsonSchema {
  const union = (field.oneOf ?? field.anyOf) as JsonSchema[] | undefined;
  if (union) {
    const { oneOf: _oneOf, anyOf: _anyOf, ...rest } = field;
    return { ...rest, anyOf: union.map((branch) => overrideOf(branch, form)) };
  }
  if (field.type !== "object" || typeof field.properties !== "object") return field;
  const { required, ...rest } = field;
  return { ...(form.partial ? rest : { ...rest, ...(required ? { required } : {}) }), properties: overrideProperties(field, form) };
}

/**
 * The whole file as editors see it (the published JSON Schema). It accepts what the tool
 * accepts wherever JSON Schema can say so: an environment overrides any part of a nested
 * object from `defaults` and may set an optional key to null ("not set here"); `defaults`
 * may leave out any key, but an object it gives is complete, as the tool checks it, and it
 * holds no `awsAccountId` and no null. Where the file has no `defaults` for a nested object, an
 * environment's object must be complete (`auth.type`, `backend.type`, an s3 backend's
 * `bucket`), as the tool demands. Other cross-field rules are not expressible there;
 * `npm run synth` reports them.
 */
export function configFileJsonSchema(): Record<string, unknown> {
  const file = z.strictObject({
    $schema: configFileSchema.shape.$schema,
    defaults: defaultsSchema.omit({ awsAccountId: true }).optional().meta({ description: configFileSchema.shape.defaults.description }),
    environments: z.record(z.string().regex(STACK_NAME_PATTERN), z.strictObject(environmentShape)).meta({ description: configFileSchema.shape.environments.description }),
    organization: z
      .strictObject({
        ...organizationShape,
        environment: z.strictObject(environmentShape).omit({ awsAccountId: true }).optional().meta({ description: ORGANIZATION_ENVIRONMENT_DESCRIPTION }),
      })
      .optional()
      .meta({ description: configFileSchema.shape.organization.description }),
  });
  const generated = z.toJSONSchema(file, { io: "input", unrepresentable: "any", target: "draft-7" }) as JsonSchema;
  const properties = generated.properties as Record<string, JsonSchema>;
  const environments = properties.environments;
  const environment = environments.additionalProperties as JsonSchema;
  const organization = properties.organization;
  const organizationProperties = organization.properties as Record<string, JsonSchema>;
  const template = organizationProperties.environment;

  const partial = overrideProperties(environment, { partial: true, nullable: true });
  const complete = overrideProperties(environment, { partial: false, nullable: true });
  // organization.environment is an environment's own settings, but its strings may hold
  // placeholders ({accountId}), which no pattern of the filled-in value can judge.
  const templatePartial = withoutStringRules(overrideProperties(template, { partial: true, nullable: true }));
  const templateComplete = withoutStringRules(overrideProperties(template, { partial: false, nullable: true }));
  // Without defaults for a nested object, nothing can fill in what an environment leaves out.
  const completeWithoutDefaults = Object.keys(complete)
    .filter((key) => JSON.stringify(complete[key]) !== JSON.stringify(partial[key]))
    .map((key) => ({
      if: { type: "object", required: ["defaults"], properties: { defaults: { type: "object", required: [key] } } },
      else: {
        type: "object",
        properties: {
          environments: { type: "object", additionalProperties: { type: "object", properties: { [key]: complete[key] } } },
          ...(templateComplete[key] ? { organization: { type: "object", properties: { environment: { type: "object", properties: { [key]: templateComplete[key] } } } } } : {}),
        },
      },
    }));
  // With an organization section, the environments may all be discovered ones.
  const environmentsUnlessOrganization = {
    if: { type: "object", required: ["organization"] },
    else: { type: "object", required: ["environments"], properties: { environments: { type: "object", minProperties: 1 } } },
  };
  const { required: generatedRequired, ...rest } = generated;
  const required = ((generatedRequired as string[] | undefined) ?? []).filter((key) => key !== "environments");

  return {
    ...rest,
    properties: {
      ...properties,
      environments: { ...environments, additionalProperties: { ...environment, properties: partial } },
      organization: { ...organization, properties: { ...organizationProperties, environment: { ...template, properties: templatePartial } } },
    },
    ...(required.length > 0 ? { required } : {}),
    allOf: [...completeWithoutDefaults, environmentsUnlessOrganization],
    title: "Datadog AWS integration config (datadog-aws-cdktf)",
  };
}

/** A schema without the patterns and lengths of its strings, at any depth (types, keys and choices stay). */
function withoutStringRules<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(withoutStringRules) as T;
  if (typeof schema !== "object" || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema as JsonSchema)
      .filter(([key]) => key !== "pattern" && key !== "maxLength")
      .map(([key, value]) => [key, withoutStringRules(value)]),
  ) as T;
}
