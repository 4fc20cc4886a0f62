/**
 * Cloud Cost Management (CUR 2.0): where the account's Cost and Usage Report 2.0 data export
 * writes, and whether the stack creates the bucket and the export or uses existing ones.
 * What Datadog's own template (DataDog/cloudformation-template aws_cloud_cost_cur2/main.yaml)
 * asks for as parameters, as one section; see docs/costs.md.
 */
import { z } from "zod";
import { quote } from "../json-value";
import { regionRule, type StringRule } from "./rules";
import { ruled } from "./ruled";

/** The export the stack creates when `costs.export.name` is left out. */
export const DEFAULT_COST_EXPORT_NAME = "datadog-cost-and-usage";
/** The S3 prefix the export writes under when `costs.export.prefix` is left out. */
export const DEFAULT_COST_REPORT_PREFIX = "datadog-ccm";

/** Names S3 reserves for its own features (S3 docs, "General purpose bucket naming rules"). */
const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/** S3's rules for a general purpose bucket name, with what to write instead. */
export const costBucketNameRule: StringRule = {
  code: "costs/bucket-name",
  pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
  maxLength: 63,
  check(value) {
    const arn = /^arn:([\w-]+):s3:::([^/]+)$/.exec(value);
    if (arn) return `${quote(value)} is an ARN; give the bucket's name alone (${quote(arn[2])}), and its region in costs.bucket.region`;
    if (value.length < 3 || value.length > 63) return `${quote(value)} is ${value.length} characters; S3 bucket names have 3 to 63`;
    if (!/^[a-z0-9.-]+$/.test(value)) return `${quote(value)} has characters S3 refuses in bucket names; use lower-case letters, digits, "." and "-" only`;
    if (!/^[a-z0-9].*[a-z0-9]$/.test(value)) return `${quote(value)} must start and end with a letter or digit`;
    if (value.includes("..")) return `${quote(value)} has two dots in a row, which S3 refuses`;
    if (/^\d+\.\d+\.\d+\.\d+$/.test(value)) return `${quote(value)} looks like an IP address, which S3 refuses as a bucket name`;
    const reserved = RESERVED_BUCKET_PREFIXES.find((p) => value.startsWith(p)) ?? RESERVED_BUCKET_SUFFIXES.find((s) => value.endsWith(s));
    if (reserved) return `${quote(value)} uses ${quote(reserved)}, which S3 reserves; choose another name`;
    return undefined;
  },
};

/**
 * The export's name as AWS Data Exports takes it (API reference, Export.Name: 1 to 128 of
 * letters, digits and ! - _ . * ' ( )). Datadog finds the report by this name, so a name AWS
 * would refuse at apply is refused here, before anything is created.
 */
export const costExportNameRule: StringRule = {
  code: "costs/export-name",
  pattern: /^[0-9A-Za-z!\-_.*'()]{1,128}$/,
  maxLength: 128,
  check(value) {
    if (value.length === 0) return `the export name is empty; leave it out for ${quote(DEFAULT_COST_EXPORT_NAME)}`;
    if (value.length > 128) return `${quote(value)} is ${value.length} characters; AWS Data Exports names have at most 128`;
    const bad = [...new Set(value.replace(/[0-9A-Za-z!\-_.*'()]/g, ""))];
    if (bad.length > 0) return `${quote(value)} contains ${bad.map(quote).join(", ")}; AWS Data Exports names allow only letters, digits and ! - _ . * ' ( )`;
    return undefined;
  },
};

/**
 * The S3 prefix the export writes under. Datadog's read permission and the bucket policy are
 * written as `<prefix>/<export name>/*`, so the prefix has no leading or trailing "/" and no
 * empty part; S3 keys are at most 1,024 bytes, of which the export needs its own part.
 */
export const costReportPrefixRule: StringRule = {
  code: "costs/report-prefix",
  pattern: /^[0-9A-Za-z!\-_.*'()]+(\/[0-9A-Za-z!\-_.*'()]+)*$/,
  maxLength: 512,
  check(value) {
    if (value.length === 0) return `the prefix is empty; leave it out for ${quote(DEFAULT_COST_REPORT_PREFIX)}`;
    if (value.length > 512) return `${quote(value)} is ${value.length} characters; keep the prefix under 512 so the export's keys stay within S3's 1,024`;
    if (value.startsWith("/") || value.endsWith("/") || value.includes("//")) {
      const fixed = value.split("/").filter(Boolean).join("/");
      return `${quote(value)} has a leading, trailing or doubled "/"; write the folders joined by single slashes${fixed ? `: ${quote(fixed)}` : ""}`;
    }
    const bad = [...new Set(value.replace(/[0-9A-Za-z!\-_.*'()/]/g, ""))];
    if (bad.length > 0) return `${quote(value)} contains ${bad.map(quote).join(", ")}; use letters, digits, "/" and ! - _ . * ' ( ) (S3's safe characters)`;
    return undefined;
  },
};

const bucketSchema = z
  .strictObject({
    name: ruled(costBucketNameRule, "Name of the S3 bucket the export writes to (the bucket alone, not an ARN)."),
    region: ruled(regionRule, "AWS region code.").optional().meta({ description: "Region of the bucket, in the account's partition. Default: the environment's awsRegion." }),
    create: z
      .boolean()
      .default(true)
      .meta({ description: "true: the stack creates the bucket (encrypted, public access blocked, tagged) with a policy letting only the export write; false: the bucket exists." }),
  })
  .meta({ description: "The S3 bucket the Cost and Usage Report 2.0 export writes to." });

const exportSchema = z
  .strictObject({
    name: ruled(costExportNameRule, "Name of the AWS Data Exports export (CUR 2.0) Datadog reads.").default(DEFAULT_COST_EXPORT_NAME),
    prefix: ruled(costReportPrefixRule, "S3 prefix the export writes under (folders joined by /, no leading or trailing /).").default(DEFAULT_COST_REPORT_PREFIX),
    create: z
      .boolean()
      .default(true)
      .meta({ description: "true: the stack creates the CUR 2.0 export (hourly, Parquet, the columns Datadog reads); false: an export of this name already writes to the bucket." }),
  })
  .meta({ description: "The Cost and Usage Report 2.0 export (AWS Data Exports) Datadog reads." });

/** The `costs` section: Cloud Cost Management for this account (usually the payer / management account). */
export const costsSchema = z
  .strictObject({
    bucket: bucketSchema,
    export: exportSchema.prefault({}),
  })
  .optional()
  .meta({
    description:
      "Cloud Cost Management (CUR 2.0), usually on the payer / management account: the export, its bucket, Datadog's read access to both, and Datadog told where the export is (datadog_integration_aws_account_ccm_config, Datadog provider 4.11.0 or later). Default: none.",
  });
