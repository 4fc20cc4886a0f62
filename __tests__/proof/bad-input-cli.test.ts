/**
 * Bad input through the real entry point, as a user meets it: `npm run --silent synth` in a
 * child process, with DATADOG_AWS_CONFIG pointing at a broken config file and CDKTF_OUTDIR at
 * an output folder that already holds a previous good synth (plus what `cdktf deploy` leaves
 * there). Every case checks the exit code, the one line that names the environment (or
 * `defaults`) and the field with words saying what is wrong and how to fix it, ending in the
 * problem's code (lib/errors/), that no stack
 * trace is printed, and that the output folder is left exactly as it was, with no staging
 * folder left next to it.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { countProof } from "../support/proof-counters";
import { ROOT, run, RunResult, userEnv, buildProject } from "../support/cli";
import type { ErrorCode } from "../../lib/errors";

const POOL_SIZE = 3;

const synth = (config: string, outdir: string, extra: Record<string, string> = {}) => run("npm", ["run", "--silent", "synth"], userEnv({ DATADOG_AWS_CONFIG: config, CDKTF_OUTDIR: outdir, ...extra }));

/** Every path under `dir` (folders too) with its type, size, inode, mtime and content hash. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const relPath = path.join(rel, entry.name);
      const full = path.join(dir, relPath);
      const st = fs.lstatSync(full);
      if (entry.isDirectory()) {
        out[`${relPath}/`] = "dir";
        walk(relPath);
      } else if (entry.isSymbolicLink()) {
        out[relPath] = `symlink -> ${fs.readlinkSync(full)}`;
      } else {
        const hash = createHash("sha256").update(fs.readFileSync(full)).digest("hex");
        out[relPath] = `file size=${st.size} ino=${st.ino} mtime=${st.mtimeMs} sha256=${hash}`;
      }
    }
  };
  walk("");
  return out;
}

async function pool<T, R>(items: readonly T[], size: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
}

// ---------------------------------------------------------------------------------------
// The cases
// ---------------------------------------------------------------------------------------

/** One problem line the app must print: `  - <where>: <message> [<code>]`, the message holding every word. */
interface ExpectedLine {
  /** The path the line starts with; `<file>` stands for the config file's path. */
  readonly where: string;
  /** The problem's stable code (lib/errors/), printed at the end of the line. */
  readonly code: ErrorCode;
  readonly words: readonly (string | RegExp)[];
}

interface BadCase {
  readonly name: string;
  /** The config, as an object (written as JSON) or as raw text; absent: the file does not exist. */
  readonly config?: unknown;
  readonly raw?: string;
  readonly lines: readonly ExpectedLine[];
  /** The header above the problem lines; default `<file>: N problem(s); nothing was written.` */
  readonly header?: string;
}

const ACCOUNT = "123456789012";
/** A config with one environment `prod` (a valid account ID unless overridden). */
const prod = (fields: Record<string, unknown>) => ({ environments: { prod: { awsAccountId: ACCOUNT, ...fields } } });
const GOV = { awsRegion: "us-gov-west-1", datadogSite: "ddog-gov.com" };
const SPLIT = { manageDatadogIntegration: false, externalId: "8b6a1f0c2d3e4f5a6b7c8d9e0f1a2b3c" };
const line = (where: string, code: ErrorCode, ...words: (string | RegExp)[]): ExpectedLine => ({ where, code, words });

// Line 3 has a trailing comma at column 45 (V8 stops at the "}" after it, column 47).
const TRAILING_COMMA = '{\n  "environments": {\n    "prod": { "awsAccountId": "123456789012", }\n  }\n}\n';
// A trailing comma in a list: V8's message for it names no position at all.
const TRAILING_COMMA_IN_LIST = '{\n  "defaults": {\n    "tags": [\n      "team:platform",\n    ]\n  },\n  "environments": { "prod": { "awsAccountId": "123456789012" } }\n}\n';
const PROD_TWICE =
  '{\n  "environments": {\n    "prod": { "awsAccountId": "123456789012" },\n    "staging": { "awsAccountId": "210987654321" },\n    "prod": { "awsAccountId": "111122223333" }\n  }\n}\n';
const HOST_TAGS_TWICE =
  '{\n  "environments": {\n    "prod": {\n      "awsAccountId": "123456789012",\n      "metrics": {\n        "hostTags": ["datadog:monitored"],\n        "automute": true,\n        "hostTags": []\n      }\n    }\n  }\n}\n';

const CASES: readonly BadCase[] = [
  // Cloud Cost Management (costs)
  {
    name: "cost bucket in another partition",
    config: prod({ costs: { bucket: { name: "acme-billing", region: "cn-north-1" } } }),
    lines: [line("environments.prod.costs.bucket.region", "costs/bucket-partition", '"cn-north-1"', "partition aws-cn", "this account is in aws", '"us-east-1"')],
  },
  {
    name: "cost export name AWS refuses",
    config: prod({ costs: { bucket: { name: "acme-billing" }, export: { name: "cost report" } } }),
    lines: [line("environments.prod.costs.export.name", "costs/export-name", '"cost report"', '" "', "AWS Data Exports names allow only")],
  },
  {
    name: "cost bucket given as an ARN",
    config: prod({ costs: { bucket: { name: "arn:aws:s3:::acme-billing" } } }),
    lines: [line("environments.prod.costs.bucket.name", "costs/bucket-name", "is an ARN", 'the bucket\'s name alone ("acme-billing")')],
  },
  {
    name: "costs on a GovCloud account",
    config: prod({ ...GOV, costs: { bucket: { name: "acme-billing" } } }),
    lines: [line("environments.prod.costs", "costs/partition", "commercial (aws) accounts only", "aws-us-gov", "payer account")],
  },
  {
    name: "costs in split duty",
    config: prod({ ...SPLIT, costs: { bucket: { name: "acme-billing" } } }),
    lines: [line("environments.prod.costs", "costs/unmanaged", "manageDatadogIntegration is false", "set it to true")],
  },
  {
    name: "costs without a bucket",
    config: prod({ costs: {} }),
    lines: [line("environments.prod.costs.bucket", "value/required", "is required but missing")],
  },
  {
    name: "a new cost bucket for an existing export",
    config: prod({ costs: { bucket: { name: "acme-billing" }, export: { create: false, name: "acme-cur2" } } }),
    lines: [line("environments.prod.costs.bucket.create", "costs/bucket-without-export", '"acme-cur2"', '"create": false')],
  },
  {
    name: "costs with a Datadog provider pin below 4.11.0",
    config: prod({ datadogProviderVersion: "~> 3.82", costs: { bucket: { name: "acme-billing" } } }),
    header: "The pinned provider version does not fit what the stack uses:",
    lines: [line("environments.prod.datadogProviderVersion", "combination/provider-version-feature", "4.11.0")],
  },
  // Account IDs
  {
    name: "account ID with dashes",
    config: prod({ awsAccountId: "1234-5678-9012" }),
    lines: [line("environments.prod.awsAccountId", "value/aws-account-id", '"1234-5678-9012"', "dashes", "without them", '"123456789012"')],
  },
  {
    name: "account ID too short",
    config: prod({ awsAccountId: "12345678901" }),
    lines: [line("environments.prod.awsAccountId", "value/aws-account-id", '"12345678901"', "11 digits", "exactly 12")],
  },
  {
    name: "account ID written as a number",
    config: prod({ awsAccountId: 123456789012 }),
    lines: [line("environments.prod.awsAccountId", "value/wrong-type", "is the number 123456789012", 'write it as a string in double quotes, e.g. "123456789012"')],
  },
  {
    name: "account ID as a default",
    config: { defaults: { awsAccountId: ACCOUNT }, environments: { prod: { awsAccountId: ACCOUNT } } },
    lines: [line("defaults.awsAccountId", "config/account-id-in-defaults", "cannot be a default", "move it into each environment")],
  },
  // IAM names
  {
    name: "role name of 65 characters",
    config: prod({ auth: { type: "role", roleName: "R".repeat(65) } }),
    lines: [line("environments.prod.auth.roleName", "value/iam-name", "65 characters", "at most 64", "shorten it")],
  },
  {
    name: "role name with a space and !",
    config: prod({ auth: { type: "role", roleName: "Datadog Role!" } }),
    lines: [line("environments.prod.auth.roleName", "value/iam-name", '" "', '"!"', "IAM role names allow only letters, digits and + = , . @ _ -")],
  },
  {
    name: "user name with a slash",
    config: prod({ ...GOV, auth: { type: "accessKeys", userName: "datadog/user" } }),
    lines: [line("environments.prod.auth.userName", "value/iam-name", '"datadog/user"', 'contains "/"', "IAM user names allow only letters, digits and + = , . @ _ -")],
  },
  // Sites, regions, partitions
  {
    name: "unknown Datadog site, a close typo",
    config: prod({ datadogSite: "datadoghq.ue" }),
    lines: [line("environments.prod.datadogSite", "value/not-allowed", '"datadoghq.ue" is not allowed', '"us3.datadoghq.com"', 'did you mean "datadoghq.eu"?')],
  },
  {
    name: "X-Ray services by their short names",
    config: prod({ xrayServices: ["lambda", "AWS/Appsync"] }),
    lines: [
      line("environments.prod.xrayServices[0]", "value/not-in-datadog-list", '"lambda" is not an AWS service as Datadog names it for X-Ray', 'did you mean "AWS/Lambda"?', "metrics.newNamespaces"),
      line("environments.prod.xrayServices[1]", "value/not-in-datadog-list", '"AWS/Appsync" is not an AWS service', 'did you mean "AWS/AppSync"?'),
    ],
  },
  {
    name: "region in upper case",
    config: prod({ awsRegion: "EU-West-1" }),
    lines: [line("environments.prod.awsRegion", "value/region", '"EU-West-1" is not an AWS region code', "lower case", '"eu-west-1"')],
  },
  {
    name: "region by its city name in the regions list",
    config: prod({ regions: ["us-east-1", "Frankfurt"] }),
    lines: [line("environments.prod.regions[1]", "value/region", '"Frankfurt" is not an AWS region code', 'such as "us-east-1"')],
  },
  {
    name: "awsRegion of the right shape that AWS does not have (issue 19, item 4)",
    config: prod({ awsRegion: "us-est-1" }),
    lines: [
      line("environments.prod.awsRegion", "value/unknown-region", '"us-est-1" is not an AWS region', "AWS's list of 2026-11-24", 'did you mean "us-east-1" (US East (N. Virginia))?', "newRegions"),
    ],
  },
  {
    name: "collection regions that AWS does not have: a typo and a number too far",
    config: prod({ regions: ["eu-wst-1", "us-east-7"] }),
    lines: [
      line("environments.prod.regions[0]", "value/unknown-region", '"eu-wst-1" is not an AWS region', 'did you mean "eu-west-1" (Europe (Ireland))?'),
      line("environments.prod.regions[1]", "value/unknown-region", '"us-east-7" is not an AWS region', `AWS's us-east regions are "us-east-1", "us-east-2"`, "also list it in newRegions"),
    ],
  },
  {
    name: "state bucket region that AWS does not have",
    config: prod({ backend: { type: "s3", bucket: "acme-state", region: "eu-centrl-1" } }),
    lines: [line("environments.prod.backend.region", "value/unknown-region", '"eu-centrl-1" is not an AWS region', 'did you mean "eu-central-1"')],
  },
  {
    name: "Datadog site pasted as the US1 app URL (issue 19, item 5)",
    config: prod({ datadogSite: "https://app.datadoghq.com/" }),
    lines: [line("environments.prod.datadogSite", "value/not-allowed", '"https://app.datadoghq.com/" is not allowed', 'did you mean "datadoghq.com"? That address is on US1')],
  },
  {
    name: "Datadog site pasted as the EU app host",
    config: prod({ datadogSite: "app.datadoghq.eu" }),
    lines: [line("environments.prod.datadogSite", "value/not-allowed", 'did you mean "datadoghq.eu"? That address is on EU1')],
  },
  {
    name: "Datadog site pasted as the EU API URL",
    config: prod({ datadogSite: "https://api.datadoghq.eu" }),
    lines: [line("environments.prod.datadogSite", "value/not-allowed", 'did you mean "datadoghq.eu"? That address is on EU1')],
  },
  {
    name: "collection region in another partition",
    config: prod({ regions: ["us-east-1", "cn-north-1"] }),
    lines: [line("environments.prod.regions[1]", "combination/region-partition", '"cn-north-1" is in partition aws-cn', "list only aws regions")],
  },
  {
    name: "access keys in the aws partition",
    config: prod({ auth: { type: "accessKeys" } }),
    lines: [line("environments.prod.auth.type", "combination/auth-partition", '"accessKeys" is not possible in partition aws', "GovCloud", "China", '{ "type": "role" }')],
  },
  {
    name: "role delegation in China",
    config: prod({ awsRegion: "cn-north-1", auth: { type: "role" } }),
    lines: [line("environments.prod.auth.type", "combination/auth-partition", '"role" is not possible in partition aws-cn', "not available for China", '"type": "accessKeys"')],
  },
  {
    name: "GovCloud role on a commercial site",
    config: prod({ awsRegion: "us-gov-west-1", datadogSite: "datadoghq.com" }),
    lines: [line("environments.prod.datadogSite", "combination/site-partition", "aws-us-gov", 'not offered by datadogSite "datadoghq.com"', '"ddog-gov.com"', '"us2.ddog-gov.com"', '"accessKeys"')],
  },
  {
    name: "auth type typo",
    config: prod({ auth: { type: "rol" } }),
    lines: [line("environments.prod.auth.type", "value/unknown-variant", '"rol" is not known', '"role" or "accessKeys"')],
  },
  // Feature combinations
  {
    name: "CSPM without resource collection",
    config: prod({ cspm: true, resourceCollection: false }),
    lines: [line("environments.prod.cspm", "combination/cspm-without-resource-collection", "CSPM needs resource collection", '"resourceCollection": true', '"cspm": false')],
  },
  {
    name: "both includeOnly and excludeOnly",
    config: prod({ metrics: { namespaces: { includeOnly: ["AWS/EC2"], excludeOnly: ["AWS/SQS"] } } }),
    lines: [line("environments.prod.metrics.namespaces", "combination/include-and-exclude", 'both "includeOnly" and "excludeOnly"', "keep includeOnly", "or excludeOnly")],
  },
  {
    name: "two tag filters for one namespace",
    config: prod({ metrics: { hostTags: ["datadog:monitored"], tagFilters: [{ namespace: "AWS/EC2", tags: ["env:prod"] }] } }),
    lines: [line("environments.prod.metrics.tagFilters[0].namespace", "combination/tag-filter-twice", '"AWS/EC2" already has tag filters from metrics.hostTags', "merge the tags")],
  },
  // Metric name filters (Datadog provider 4.16.0+) and the provider range they need
  {
    name: "metric name filter with a CloudWatch metric name",
    config: prod({ metrics: { metricNameFilters: [{ namespace: "AWS/EC2", includeOnly: ["NetworkIn"] }] } }),
    lines: [line("environments.prod.metrics.metricNameFilters[0].includeOnly[0]", "value/metric-name-pattern", '"NetworkIn" looks like a CloudWatch metric name', '"aws.ec2.network_in"')],
  },
  {
    name: "pinned Datadog provider range below what metric name filters need",
    config: prod({ datadogProviderVersion: "~> 4.10", metrics: { metricNameFilters: [{ namespace: "AWS/EC2", includeOnly: ["aws.ec2.network_*"] }] } }),
    header: "The pinned provider version does not fit what the stack uses:",
    lines: [line("environments.prod.datadogProviderVersion", "combination/provider-version-feature", '"~> 4.10" also admits', "below 4.16.0", "metrics.metricNameFilters", '">= 4.16.0, < 5.0.0"')],
  },
  // Tags and ARNs
  {
    name: "Datadog tag with a space",
    config: prod({ tags: ["env prod"] }),
    lines: [line("environments.prod.tags[0]", "value/datadog-tag", '"env prod" contains " "', '"key:value"')],
  },
  {
    name: "Datadog tag starting with a digit",
    config: prod({ tags: ["1env:prod"] }),
    lines: [line("environments.prod.tags[0]", "value/datadog-tag", "must start with a letter", '"env:prod"')],
  },
  {
    name: "AWS tag filter without a value",
    config: prod({ metrics: { hostTags: ["datadog"] } }),
    lines: [line("environments.prod.metrics.hostTags[0]", "value/aws-tag-filter", '"datadog" is not an AWS tag filter', '"key:value"', '"datadog:monitored"')],
  },
  {
    name: "forwarder ARN malformed",
    config: prod({ logs: { lambdaForwarderArns: ["arn:aws:lambda:us-east-1:123:function:DatadogForwarder"] } }),
    lines: [line("environments.prod.logs.lambdaForwarderArns[0]", "value/lambda-arn", "is not a Lambda function ARN", "full ARN", '"arn:aws:lambda:us-east-1:123456789012:function:DatadogForwarder"')],
  },
  {
    name: "forwarder ARN in another partition",
    config: prod({ logs: { lambdaForwarderArns: ["arn:aws-cn:lambda:cn-north-1:123456789012:function:DatadogForwarder"] } }),
    lines: [line("environments.prod.logs.lambdaForwarderArns[0]", "combination/forwarder-partition", "is in partition aws-cn", "this account is in aws", "arn:aws:lambda:")],
  },
  // Log delivery
  {
    name: "log delivery with both modes, a Firehose error log group and no key source",
    config: prod({ logDelivery: { accountLevel: {}, logGroups: ["/aws/kinesisfirehose/datadog-logs-delivery"] } }),
    lines: [
      line("environments.prod.firehoseApiKey", "delivery/api-key-missing", "logDelivery sends data through Kinesis Data Firehose", '"source": "secretsManager"'),
      line("environments.prod.logDelivery", "delivery/log-delivery-modes", 'both "accountLevel"', '"logGroups"', "keep one"),
      line("environments.prod.logDelivery.logGroups[0]", "delivery/log-delivery-loop", '"/aws/kinesisfirehose/datadog-logs-delivery"', "back through Firehose", "remove it"),
    ],
  },
  // Split duty and the External ID
  {
    name: "externalId missing with manageDatadogIntegration false",
    config: prod({ manageDatadogIntegration: false }),
    lines: [line("environments.prod.externalId", "combination/external-id-required", "is required when manageDatadogIntegration is false", "Datadog AWS tile", "copy the External ID here")],
  },
  {
    name: "externalId set while managing Datadog",
    config: prod({ externalId: "8b6a1f0c2d3e4f5a6b7c8d9e0f1a2b3c" }),
    lines: [line("environments.prod.externalId", "combination/external-id-unused", "generates the External ID itself", "remove externalId", "manageDatadogIntegration to false")],
  },
  {
    name: 'permissions "live" with manageDatadogIntegration false',
    config: prod({ ...SPLIT, permissions: "live" }),
    lines: [line("environments.prod.permissions", "combination/live-permissions-unmanaged", '"live"', "manageDatadogIntegration is false", 'use "pinned"')],
  },
  // The file's shape
  {
    name: "empty environments",
    config: { environments: {} },
    lines: [line("environments", "config/no-environments", "is empty", "add at least one", '"prod": { "awsAccountId": "123456789012" }')],
  },
  {
    name: "missing environments",
    config: { defaults: { tags: ["team:platform"] } },
    lines: [line("environments", "value/required", "is required but missing", "add it")],
  },
  {
    name: "environments as a list",
    config: { environments: [{ awsAccountId: ACCOUNT }] },
    lines: [line("environments", "value/wrong-type", "got a list")],
  },
  {
    name: "environment name that cannot be a stack name",
    config: { environments: { "1st prod": { awsAccountId: ACCOUNT }, staging: { awsAccountId: "210987654321" } } },
    lines: [line("environments.1st prod", "config/stack-name", 'environment name "1st prod" cannot be a stack name', "a letter followed by", '"eu-staging"')],
  },
  {
    name: "unknown key at the top",
    config: { default: { tags: ["team:platform"] }, environments: { prod: { awsAccountId: ACCOUNT } } },
    lines: [line("default", "value/unknown-key", "unknown key", 'did you mean "defaults"?')],
  },
  {
    name: "unknown key in an environment",
    config: prod({ datadog_site: "datadoghq.eu" }),
    lines: [line("environments.prod.datadog_site", "value/unknown-key", "unknown key", 'did you mean "datadogSite"?')],
  },
  {
    name: "unknown key nested in metrics",
    config: prod({ metrics: { hostTag: ["datadog:monitored"] } }),
    lines: [line("environments.prod.metrics.hostTag", "value/unknown-key", "unknown key", 'did you mean "hostTags"?')],
  },
  {
    name: "unknown key in defaults, attributed to defaults once",
    config: { defaults: { tag: ["team:platform"] }, environments: { prod: { awsAccountId: ACCOUNT }, staging: { awsAccountId: "210987654321" } } },
    lines: [line("defaults.tag", "value/unknown-key", "unknown key", 'did you mean "tags"?')],
  },
  {
    name: "bad value in defaults, attributed to defaults once",
    config: { defaults: { tags: ["team platform"] }, environments: { prod: { awsAccountId: ACCOUNT }, staging: { awsAccountId: "210987654321" } } },
    lines: [line("defaults.tags[0]", "value/datadog-tag", '"team platform" contains " "', '"key:value"')],
  },
  {
    name: "inherited value that breaks a rule in one environment only, blamed on that environment",
    config: {
      defaults: { cspm: true },
      environments: { prod: { awsAccountId: ACCOUNT }, sandbox: { awsAccountId: "111122223333", resourceCollection: false } },
    },
    lines: [line("environments.sandbox.cspm", "combination/cspm-without-resource-collection", "CSPM needs resource collection", '"cspm": false', "inherited from defaults", "override it here")],
  },
  {
    name: "file that is not JSON (trailing comma)",
    raw: TRAILING_COMMA,
    header: "Cannot parse the config file:",
    lines: [line("<file>", "file/not-json", "not valid JSON at line 3, column 45", 'a comma after the last item, before "}"', "remove the comma", "trailing commas are not allowed")],
  },
  {
    name: "file that is not JSON (a trailing comma in a list)",
    raw: TRAILING_COMMA_IN_LIST,
    header: "Cannot parse the config file:",
    lines: [line("<file>", "file/not-json", "not valid JSON at line 4, column 22", 'a comma after the last item, before "]"', "remove the comma", "trailing commas are not allowed")],
  },
  // Keys written twice: JSON.parse would keep the last one silently.
  {
    name: "an environment written twice",
    raw: PROD_TWICE,
    lines: [line("environments.prod", "file/duplicate-key", 'the key "prod" is written twice in the same object, at lines 3 and 5', "would silently ignore the first", "merge them into one")],
  },
  {
    name: "a key written twice inside an environment's metrics",
    raw: HOST_TAGS_TWICE,
    lines: [line("environments.prod.metrics.hostTags", "file/duplicate-key", 'the key "hostTags" is written twice in the same object, at lines 6 and 8', "merge them into one")],
  },
  {
    name: "file that is not JSON (a comment)",
    raw: '{\n  // prod only\n  "environments": { "prod": { "awsAccountId": "123456789012" } }\n}\n',
    header: "Cannot parse the config file:",
    lines: [line("<file>", "file/not-json", "not valid JSON", "at line 2, column 3", "comments")],
  },
  {
    name: "missing file",
    header: "Cannot read the config file:",
    lines: [line("<file>", "file/not-found", "no such file", "create it", "point DATADOG_AWS_CONFIG at your config file")],
  },
  // null: "not set here", only for what an environment inherits and can do without
  {
    name: "null for the account ID",
    config: prod({ awsAccountId: null }),
    lines: [line("environments.prod.awsAccountId", "config/null-not-unsettable", "is null", "every environment needs its own account ID", "cannot be unset", '"123456789012"')],
  },
  {
    name: "null for auth.type",
    config: prod({ auth: { type: null, roleName: "DatadogIntegrationRole" } }),
    lines: [line("environments.prod.auth.type", "config/null-not-unsettable", "is null", "has no default, so it cannot be unset", 'give "role" or "accessKeys"')],
  },
  {
    name: "null in defaults",
    config: { defaults: { awsProfile: null }, environments: { prod: { awsAccountId: ACCOUNT }, staging: { awsAccountId: "210987654321" } } },
    lines: [line("defaults.awsProfile", "config/null-in-defaults", "is null", '"not set here" in an environment', "remove the key from defaults")],
  },
  // What a person meant
  {
    name: "a key with two letters swapped",
    config: prod({ cpsm: true }),
    lines: [line("environments.prod.cpsm", "value/unknown-key", "unknown key", 'did you mean "cspm"?')],
  },
  {
    name: "a site with the wrong top-level domain",
    config: prod({ datadogSite: "datadoghq.us" }),
    lines: [line("environments.prod.datadogSite", "value/not-allowed", '"datadoghq.us" is not allowed', 'did you mean "datadoghq.com"?')],
  },
  // Backends and Terraform's own settings
  {
    name: "s3 backend: two environments sharing one state key",
    config: {
      environments: {
        prod: { awsAccountId: ACCOUNT, backend: { type: "s3", bucket: "acme-tf-state", key: "datadog.tfstate" } },
        staging: { awsAccountId: "210987654321", backend: { type: "s3", bucket: "acme-tf-state", key: "datadog.tfstate" } },
      },
    },
    lines: [line("environments.staging.backend", "config/shared-state", "s3://acme-tf-state/datadog.tfstate", 'same place as environment "prod"', 'Give each its own "key"')],
  },
  {
    name: "s3 bucket name with capitals",
    config: prod({ backend: { type: "s3", bucket: "Acme_TF_State" } }),
    lines: [line("environments.prod.backend.bucket", "value/s3-bucket", '"Acme_TF_State" is not an S3 bucket name', "lower-case")],
  },
  {
    name: "awsAssumeRoleArn is a user ARN",
    config: prod({ awsAssumeRoleArn: "arn:aws:iam::123456789012:user/TerraformDeploy" }),
    lines: [line("environments.prod.awsAssumeRoleArn", "value/iam-role-arn", "is not an IAM role ARN", '"arn:<partition>:iam::<account id>:role/<name>"')],
  },
  {
    name: "awsAssumeRoleArn in the wrong partition",
    config: prod({ ...GOV, awsAssumeRoleArn: "arn:aws:iam::123456789012:role/TerraformDeploy" }),
    lines: [line("environments.prod.awsAssumeRoleArn", "combination/assume-role-partition", "is in partition aws", 'awsRegion "us-gov-west-1" is in aws-us-gov', '"arn:aws-us-gov:iam::"')],
  },
  {
    name: "awsAssumeRoleSessionName without awsAssumeRoleArn",
    config: prod({ awsAssumeRoleSessionName: "datadog-deploy" }),
    lines: [line("environments.prod.awsAssumeRoleSessionName", "combination/assume-role-without-arn", "without awsAssumeRoleArn", "add the ARN of the role to assume")],
  },
  {
    name: "import.datadogAccountConfigId is an AWS account ID",
    config: prod({ import: { datadogAccountConfigId: ACCOUNT } }),
    lines: [line("environments.prod.import.datadogAccountConfigId", "value/datadog-config-id", "not a Datadog AWS account config ID", "that is an AWS account ID", "/api/v2/integration/aws/accounts")],
  },
  {
    name: "import.iamRole differs from auth.roleName",
    config: prod({ auth: { type: "role", roleName: "DatadogIntegrationRole" }, import: { iamRole: "DatadogAWSIntegrationRole" } }),
    lines: [
      line(
        "environments.prod.import.iamRole",
        "combination/import-name-mismatch",
        '"DatadogAWSIntegrationRole" differs from auth.roleName "DatadogIntegrationRole"',
        "set auth.roleName to the existing role's name",
      ),
    ],
  },
  {
    name: "datadogApiKeyEnv not readable by Terraform",
    config: prod({ datadogApiKeyEnv: "MY_DATADOG_API_KEY" }),
    lines: [line("environments.prod.datadogApiKeyEnv", "value/key-variable", "cannot be read by Terraform", 'use "DD_API_KEY"', '"TF_VAR_my_datadog_api_key"')],
  },
  // Everything at once
  {
    name: "several problems in several environments are all reported",
    config: {
      defaults: { tags: ["team platform"] },
      environments: {
        prod: { awsAccountId: "1234-5678-9012", awsRegion: "eu-west-1", datadogSite: "datadoghq.ue" },
        staging: { awsAccountId: "210987654321", cspm: true, resourceCollection: false, metrics: { hostTag: ["datadog:monitored"] } },
        sandbox: { awsAccountId: "111122223333", manageDatadogIntegration: false },
        fine: { awsAccountId: "444455556666" },
      },
    },
    lines: [
      line("defaults.tags[0]", "value/datadog-tag", '"team platform" contains " "'),
      line("environments.prod.awsAccountId", "value/aws-account-id", "without them", '"123456789012"'),
      line("environments.prod.datadogSite", "value/not-allowed", 'did you mean "datadoghq.eu"?'),
      line("environments.staging.cspm", "combination/cspm-without-resource-collection", "CSPM needs resource collection"),
      line("environments.staging.metrics.hostTag", "value/unknown-key", 'did you mean "hostTags"?'),
      line("environments.sandbox.externalId", "combination/external-id-required", "is required when manageDatadogIntegration is false"),
    ],
  },
  // Metric streams
  {
    name: "metric streams without a key source, and with both namespace lists",
    config: prod({ metricStreams: { namespaces: { includeOnly: ["AWS/EC2"], excludeOnly: ["AWS/S3"] } } }),
    lines: [
      line("environments.prod.firehoseApiKey", "delivery/api-key-missing", "metricStreams sends data through Kinesis Data Firehose", '"source": "secretsManager"', '"source": "variable"'),
      line("environments.prod.metricStreams.namespaces", "delivery/include-and-exclude", 'both "includeOnly" and "excludeOnly"', "keep includeOnly"),
    ],
  },
  {
    name: "metric streams from GovCloud to a commercial site, with a commercial region",
    config: prod({ ...GOV, datadogSite: "datadoghq.com", auth: { type: "accessKeys" }, firehoseApiKey: { source: "variable" }, metricStreams: { regions: ["us-gov-west-1", "us-east-1"] } }),
    lines: [
      line("environments.prod.metricStreams", "delivery/site", 'datadogSite "datadoghq.com" takes no Firehose deliveries from aws-us-gov accounts', '"ddog-gov.com", "us2.ddog-gov.com"'),
      line("environments.prod.metricStreams.regions[1]", "delivery/region-partition", '"us-east-1" is in partition aws', 'such as "us-gov-west-1"'),
    ],
  },
];

// ---------------------------------------------------------------------------------------
// Running them
// ---------------------------------------------------------------------------------------

interface CaseRun extends RunResult {
  readonly file: string;
  readonly before: Record<string, string>;
  readonly after: Record<string, string>;
  readonly parentBefore: string[];
  readonly parentAfter: string[];
}

let workDir: string;
/** A previous good synth plus what `cdktf deploy` and the user left in the output folder. */
let template: string;
const runs = new Map<string, CaseRun>();

/** Output folder of a previous good run, with files the app must never touch. */
async function prepareTemplate(): Promise<void> {
  template = path.join(workDir, "template", "out");
  fs.mkdirSync(path.dirname(template), { recursive: true });
  const good = await synth(path.join(ROOT, "datadog-aws.config.json"), template);
  if (good.code !== 0) throw new Error(`the good synth failed (exit ${good.code}):\n${good.stderr}`);
  const extras: Record<string, string> = {
    "stacks/prod/.terraform/marker": "left by terraform init\n",
    "stacks/prod/.terraform.lock.hcl": "# lock file\n",
    "stacks/retired/cdk.tf.json": "{}\n",
    "notes.txt": "the user's own file\n",
  };
  for (const [rel, text] of Object.entries(extras)) {
    fs.mkdirSync(path.dirname(path.join(template, rel)), { recursive: true });
    fs.writeFileSync(path.join(template, rel), text);
  }
}

async function runCase(c: BadCase, i: number): Promise<CaseRun> {
  const dir = path.join(workDir, `case-${String(i).padStart(2, "0")}`);
  const out = path.join(dir, "out");
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(template, out, { recursive: true });
  const file = path.join(dir, c.config === undefined && c.raw === undefined ? "missing.config.json" : "datadog-aws.config.json");
  if (c.raw !== undefined) fs.writeFileSync(file, c.raw);
  else if (c.config !== undefined) fs.writeFileSync(file, JSON.stringify(c.config, null, 2));
  const before = snapshot(out);
  const parentBefore = fs.readdirSync(dir).sort();
  const result = await synth(file, out);
  return { ...result, file, before, after: snapshot(out), parentBefore, parentAfter: fs.readdirSync(dir).sort() };
}

beforeAll(async () => {
  await buildProject();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "bad-input-cli-"));
  await prepareTemplate();
  const results = await pool(CASES, POOL_SIZE, runCase);
  CASES.forEach((c, i) => runs.set(c.name, results[i]));
}, 300_000);

afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const TRACE = /^\s+at /m;

test("the case names are distinct and there are at least 30 of them", () => {
  expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  expect(CASES.length).toBeGreaterThanOrEqual(30);
});

test("the template output folder holds a previous good synth and the extra files", () => {
  const files = Object.keys(snapshot(template));
  expect(files).toEqual(expect.arrayContaining(["manifest.json", "stacks/prod/cdk.tf.json", "stacks/prod/.terraform/marker", "stacks/retired/cdk.tf.json"]));
});

describe.each(CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
  test("fails with a message naming the environment and field and how to fix it, no trace, output untouched", () => {
    countProof("badInputCases");
    const r = runs.get(c.name)!;
    const context = `stderr was:\n${r.stderr}`;

    expect({ code: r.code, context }).toEqual({ code: 2, context });
    expect(r.stdout).toBe("");

    // The designed message, not a crash: no trace, no "Synth failed", no hint to set DEBUG.
    expect(r.stderr).not.toMatch(TRACE);
    expect(r.stderr).not.toContain("Synth failed");
    expect(r.stderr).not.toContain("DEBUG=1");

    const header = c.header ?? `${r.file}: ${c.lines.length === 1 ? "1 problem" : `${c.lines.length} problems`}; nothing was written.`;
    expect(r.stderr.split("\n")[0]).toBe(header);

    const problemLines = r.stderr.split("\n").filter((l) => l.startsWith("  - "));
    expect({ problems: problemLines.length, context }).toEqual({ problems: c.lines.length, context });
    for (const expected of c.lines) {
      const where = expected.where.replace("<file>", r.file);
      const matching = problemLines.filter((l) => l.startsWith(`  - ${where}: `));
      expect({ where, matching: matching.length, context }).toEqual({ where, matching: 1, context });
      expect({ where, code: / \[([a-z0-9/-]+)\]$/.exec(matching[0])?.[1] }).toEqual({ where, code: expected.code });
      for (const word of expected.words) {
        if (typeof word === "string") expect(matching[0]).toContain(word);
        else expect(matching[0]).toMatch(word);
      }
    }

    // The output folder is exactly as before (same files, contents, inodes and times),
    // and no staging folder is left next to it.
    expect(r.after).toEqual(r.before);
    expect(r.parentAfter).toEqual(r.parentBefore);
  });
});

describe("stack traces", () => {
  let dir: string;
  let out: string;
  let before: Record<string, string>;
  beforeAll(async () => {
    dir = path.join(workDir, "debug");
    out = path.join(dir, "out");
    fs.mkdirSync(dir, { recursive: true });
    // A previous good synth, then a symbolic link to itself where a stack's folder must go:
    // a problem the app does not anticipate (ELOOP), so it reaches the "unexpected error"
    // path, after some files were already moved into place (which must be rolled back).
    const good = await synth(path.join(ROOT, "datadog-aws.config.json"), out);
    expect(good.code).toBe(0);
    fs.rmSync(path.join(out, "stacks", "staging"), { recursive: true });
    fs.symlinkSync("staging", path.join(out, "stacks", "staging"));
    before = snapshot(out);
  });

  test("an unexpected error prints its message and a hint, no trace, and rolls back what it had moved", async () => {
    countProof("badInputCases");
    const r = await synth(path.join(ROOT, "datadog-aws.config.json"), out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Synth failed: .*ELOOP/m);
    expect(r.stderr).toMatch(/^Synth failed: .* \[command\/unexpected\]$/m);
    expect(r.stderr).toContain("Set DEBUG=1 for the stack trace.");
    expect(r.stderr).not.toMatch(TRACE);
    expect(snapshot(out)).toEqual(before);
    expect(fs.readdirSync(dir).sort()).toEqual(["out"]);
  });

  test("with DEBUG=1 the unexpected error's trace is printed", async () => {
    countProof("badInputCases");
    const r = await synth(path.join(ROOT, "datadog-aws.config.json"), out, { DEBUG: "1" });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Synth failed: .*ELOOP/m);
    expect(r.stderr).toMatch(TRACE);
    expect(r.stderr).toMatch(/^\s+at .*synth-app\.js/m);
    expect(r.stderr).not.toContain("Set DEBUG=1");
    expect(snapshot(out)).toEqual(before);
  });

  test("a config error never prints a trace, even with DEBUG=1: the message is the whole answer", async () => {
    countProof("badInputCases");
    const file = path.join(dir, "bad.config.json");
    fs.writeFileSync(file, JSON.stringify(prod({ awsAccountId: "1234-5678-9012" })));
    const fresh = path.join(dir, "fresh-out");
    for (const env of [{}, { DEBUG: "1" }] as Record<string, string>[]) {
      const r = await synth(file, fresh, env);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('  - environments.prod.awsAccountId: "1234-5678-9012" has dashes or spaces');
      expect(r.stderr).not.toContain("Set DEBUG=1");
      expect(r.stderr).not.toMatch(TRACE);
    }
    expect(fs.existsSync(fresh)).toBe(false);
  });

  test("an output folder that cannot exist is a clear error naming CDKTF_OUTDIR", async () => {
    countProof("badInputCases");
    const blocker = path.join(dir, "not-a-folder");
    fs.writeFileSync(blocker, "keep me\n");
    const r = await synth(path.join(ROOT, "datadog-aws.config.json"), path.join(blocker, "out"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot be used as the output folder: .*not-a-folder is a file, not a folder; .*point CDKTF_OUTDIR at another folder \[output\/folder-unusable\]/);
    expect(fs.readFileSync(blocker, "utf8")).toBe("keep me\n");
  });

  test("a file where a stack's folder must go is a clear error, and what was moved is rolled back", async () => {
    countProof("badInputCases");
    const folder = path.join(dir, "file-in-place");
    expect((await synth(path.join(ROOT, "datadog-aws.config.json"), folder)).code).toBe(0);
    fs.rmSync(path.join(folder, "stacks", "staging"), { recursive: true });
    fs.writeFileSync(path.join(folder, "stacks", "staging"), "keep me\n");
    const kept = snapshot(folder);
    const r = await synth(path.join(ROOT, "datadog-aws.config.json"), folder);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/stacks\/staging is a file, not a folder; move that file away.*\[output\/folder-unusable\]/);
    expect(r.stderr).not.toMatch(/Synth failed|EEXIST|ENOTDIR/);
    expect(snapshot(folder)).toEqual(kept);
  });
});
