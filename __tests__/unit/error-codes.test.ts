/**
 * The error codes of lib/errors/: every code in the table is raised by something a user
 * can do (or, for AWS and Datadog answers, by the factory the commands raise it with, whose
 * message must say what a user needs), codes are well formed and distinct, every printed
 * problem line ends with its code, and the tables of docs/errors.md are the catalogue as it
 * is now.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Testing, TerraformStack, TerraformVariable } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { z } from "zod";
import { DatadogAwsIntegration } from "../../lib/constructs/datadog-aws-integration";
import { deployerPolicy, SynthesizedStack } from "../../lib/stack/deployer-policy";
import { loadConfig, parseConfigText, resolveConfig, resolveConfigDetailed } from "../../lib/config/load-config";
import { describeIssue, flattenIssues } from "../../lib/config/messages";
import { AccountsFile, parseAccountsFile, readAccountsFile, renderAccountsFile } from "../../lib/config/organization";
import * as errors from "../../lib/errors";
import { CodedError, ConfigError, ERROR_CODES, ErrorCode, isErrorCode, ServiceError } from "../../lib/errors";
import { fetchList, LISTS } from "../../cli/permissions/permission-drift";
import { discover } from "../../cli/discover/discover";
import { hclRequested } from "../../cli/synth/hcl-output";
import { checkEnvironmentNames, readCommandLine } from "../../cli/runner";
import { ERROR_CODES_FILE, ERROR_TABLES, renderErrorCodes, withErrorCodes } from "../../scripts/write-error-codes";
import { refusalOf } from "../support/config-issues";
import { synthConfig } from "../support/synth";

const ROOT = path.join(__dirname, "..", "..");
const ACCOUNT = "123456789012";
const prod = (fields: Record<string, unknown>) => ({ environments: { prod: { awsAccountId: ACCOUNT, ...fields } } });
const SPLIT = { manageDatadogIntegration: false, externalId: "8b6a1f0c2d3e4f5a6b7c8d9e0f1a2b3c", permissions: "pinned" } as const;
const GOV = { awsRegion: "us-gov-west-1", datadogSite: "ddog-gov.com" };
const ORGANIZATION: AccountsFile = {
  organizationId: "o-a1b2c3d4e5",
  managementAccountId: "100000000000",
  partition: "aws",
  accounts: { "200000000001": { environment: "payments", name: "Payments" } },
};

let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), "error-codes-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file in the test's folder with `text`. */
function file(name: string, text: string): string {
  const at = path.join(dir, name);
  mkdirSync(path.dirname(at), { recursive: true });
  writeFileSync(at, text);
  return at;
}

/** The codes of a refused config: the error's own, then each problem's. */
const codesOf = (e: CodedError): ErrorCode[] => [e.code, ...e.issues.map((i) => i.code)];
const config = (raw: unknown) => codesOf(refusalOf(() => resolveConfig(raw, "test.config.json")));
const refused = (act: () => unknown) => codesOf(refusalOf(act));
const accountsFile = (edit: (j: Record<string, any>) => void) => {
  const json = JSON.parse(renderAccountsFile(ORGANIZATION, "c.json"));
  edit(json);
  return refused(() => parseAccountsFile(JSON.stringify(json), "a.json"));
};
/**
 * The codes of an error the commands raise from an answer of AWS or Datadog (their proof
 * tests meet these answers for real), after checking the message says what a user needs:
 * what was refused or named, and what to do.
 */
function said(error: CodedError, ...words: RegExp[]): ErrorCode[] {
  for (const w of words) expect(error.message).toMatch(w);
  return codesOf(error);
}
/** A doctor error names the environment it could not diagnose. */
const ENVIRONMENT = /^Cannot diagnose environment "prod":\n/;
/** A URL where nothing listens. */
const NO_SERVER = "http://127.0.0.1:9";
/** The code a printed line ends with. */
const codesInLine = (line: string) => [/ \[([a-z-]+\/[a-z-]+)\]$/.exec(line)?.[1]].filter(isErrorCode);
/** The codes of the CodedError `act` rejects with. */
async function rejected(act: () => Promise<unknown>): Promise<ErrorCode[]> {
  const outcome = await act().then(
    () => new Error("expected a CodedError, but nothing was refused"),
    (e: unknown) => e,
  );
  if (outcome instanceof CodedError) return codesOf(outcome);
  throw outcome;
}

/**
 * For every code, what raises it: a config, a file or a construct a user could write, run
 * here in-process; for answers of AWS or Datadog (discover and doctor talk to them), the
 * factory the command raises the error with, which their proof tests run for real.
 */
const RAISED_BY: Record<ErrorCode, () => readonly ErrorCode[] | Promise<readonly ErrorCode[]>> = {
  "file/not-found": () => refused(() => loadConfig(path.join(dir, "missing.json"))),
  "file/unreadable": () => refused(() => loadConfig(dir)),
  "file/not-json": () => refused(() => parseConfigText('{ "environments": {}, }', "c.json")),
  "file/duplicate-key": () => refused(() => loadConfig(file("twice.json", JSON.stringify(prod({})).replace('"prod":', '"prod": {}, "prod":')))),

  "config/invalid": () => config(prod({ awsAccountId: "1" })),
  "config/no-environments": () => config({ environments: {} }),
  "config/stack-name": () => config({ environments: { "prod env": { awsAccountId: ACCOUNT } } }),
  "config/account-id-in-defaults": () => config({ defaults: { awsAccountId: ACCOUNT }, environments: { a: {} } }),
  "config/null-in-defaults": () => config({ defaults: { awsProfile: null }, environments: { a: { awsAccountId: ACCOUNT } } }),
  "config/null-not-unsettable": () => config(prod({ awsAccountId: null })),
  "config/same-account": () => config({ environments: { a: { awsAccountId: ACCOUNT }, b: { awsAccountId: ACCOUNT } } }),
  "config/shared-state": () =>
    config({ environments: { a: { awsAccountId: ACCOUNT, backend: { type: "local", path: "s" } }, b: { awsAccountId: "210987654321", backend: { type: "local", path: "s" } } } }),

  "value/required": () => config({}),
  "value/wrong-type": () => config(prod({ cspm: "yes" })),
  "value/unknown-key": () => config(prod({ regoins: "all" })),
  "value/not-allowed": () => config(prod({ datadogSite: "datadoghq.co" })),
  "value/unknown-variant": () => config(prod({ auth: { type: "keys" } })),
  "value/wrong-form": () => config(prod({ regions: 5 })),
  "value/empty": () => config(prod({ backend: { type: "local", path: "" } })),
  // Every check of the config has a code of its own; a zod check without one gets this.
  "value/invalid": () => flattenIssues(z.number().max(1).safeParse(2, { error: describeIssue }).error!).map((i) => i.code),
  "value/aws-account-id": () => config(prod({ awsAccountId: "1234-5678-9012" })),
  "value/iam-name": () => config(prod({ auth: { type: "role", roleName: "Datadog Role" } })),
  "value/region": () => config(prod({ awsRegion: "Frankfurt" })),
  "value/unknown-region": () => config(prod({ awsRegion: "us-est-1" })),
  "value/datadog-tag": () => config(prod({ tags: ["env prod"] })),
  "value/aws-tag-filter": () => config(prod({ metrics: { hostTags: ["monitored"] } })),
  "value/listed-name": () => config(prod({ metrics: { namespaces: { includeOnly: [" AWS/EC2"] } } })),
  "value/not-in-datadog-list": () => config(prod({ logs: { sources: ["cloudtrial"] } })),
  "value/log-group-name": () => config(prod({ logDelivery: { logGroups: ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/api:*"] } })),
  "value/lambda-arn": () => config(prod({ logs: { lambdaForwarderArns: ["DatadogForwarder"] } })),
  "value/external-id": () => config(prod({ ...SPLIT, externalId: "!" })),
  "value/iam-role-arn": () => config(prod({ awsAssumeRoleArn: "arn:aws:iam::123456789012:user/deploy" })),
  "value/kms-key": () => config(prod({ backend: { type: "s3", bucket: "tf-state", kmsKeyId: "my key" } })),
  "value/datadog-config-id": () => config(prod({ import: { datadogAccountConfigId: ACCOUNT } })),
  "value/key-variable": () => config(prod({ datadogApiKeyEnv: "PROD_DD_KEY" })),
  "value/provider-version": () => config(prod({ datadogProviderVersion: "4.x" })),
  "value/metric-name-pattern": () => config(prod({ metrics: { metricNameFilters: [{ namespace: "AWS/EC2", includeOnly: ["NetworkIn"] }] } })),
  "value/organization-parent-id": () => config({ organization: { ouIds: ["ou-1"] } }),
  "value/s3-bucket": () => config(prod({ backend: { type: "s3", bucket: "Tf_State" } })),
  "value/session-name": () => config(prod({ awsAssumeRoleArn: "arn:aws:iam::123456789012:role/Deploy", awsAssumeRoleSessionName: "a b" })),
  "value/managed-policy-quota": () => config(prod({ managedPolicyQuota: 9 })),
  "value/date": () => accountsFile((j) => (j.accounts["200000000001"].closed = "yesterday")),
  "value/organization-id": () => accountsFile((j) => (j.organizationId = "org-1")),

  "combination/auth-partition": () => config(prod({ auth: { type: "accessKeys" } })),
  "combination/site-partition": () => config(prod({ awsRegion: "us-gov-west-1" })),
  "combination/region-partition": () => config(prod({ regions: ["cn-north-1"] })),
  "combination/forwarder-partition": () => config(prod({ ...GOV, logs: { lambdaForwarderArns: ["arn:aws:lambda:us-east-1:123456789012:function:F"] } })),
  "combination/assume-role-partition": () => config(prod({ ...GOV, awsAssumeRoleArn: "arn:aws:iam::123456789012:role/Deploy" })),
  "combination/assume-role-without-arn": () => config(prod({ awsAssumeRoleSessionName: "pipeline" })),
  "combination/backend-partition": () => config(prod({ ...GOV, backend: { type: "s3", bucket: "tf-state", roleArn: "arn:aws:iam::123456789012:role/State" } })),
  "combination/backend-kms-unencrypted": () => config(prod({ backend: { type: "s3", bucket: "tf-state", kmsKeyId: "alias/tf", encrypt: false } })),
  "combination/cspm-without-resource-collection": () => config(prod({ cspm: true, resourceCollection: false })),
  "combination/include-and-exclude": () => config(prod({ metrics: { namespaces: { includeOnly: ["AWS/EC2"], excludeOnly: ["AWS/SQS"] } } })),
  "combination/tag-filter-twice": () => config(prod({ metrics: { hostTags: ["a:b"], tagFilters: [{ namespace: "AWS/EC2", tags: ["c:d"] }] } })),
  "combination/provider-version-feature": () =>
    refused(() => synthConfig(prod({ datadogProviderVersion: "~> 4.15.0", metrics: { metricNameFilters: [{ namespace: "AWS/EC2", includeOnly: ["aws.ec2.network_in"] }] } }))),
  "combination/metric-name-filter-mode": () => config(prod({ metrics: { metricNameFilters: [{ namespace: "AWS/EC2" }] } })),
  "combination/metric-name-filter-twice": () =>
    config(
      prod({
        metrics: {
          metricNameFilters: [
            { namespace: "AWS/EC2", includeOnly: ["aws.ec2.network_in"] },
            { namespace: "AWS/EC2", excludeOnly: ["aws.ec2.disk_*"] },
          ],
        },
      }),
    ),
  "combination/metric-name-filter-namespace": () => config(prod({ metrics: { metricNameFilters: [{ namespace: "AWS/SQS", includeOnly: ["aws.sqs.*"] }] } })),
  "costs/bucket-name": () => config(prod({ costs: { bucket: { name: "arn:aws:s3:::billing" } } })),
  "costs/export-name": () => config(prod({ costs: { bucket: { name: "billing-cur" }, export: { name: "cost report" } } })),
  "costs/report-prefix": () => config(prod({ costs: { bucket: { name: "billing-cur" }, export: { prefix: "/cur/" } } })),
  "costs/bucket-partition": () => config(prod({ costs: { bucket: { name: "billing-cur", region: "cn-north-1" } } })),
  "costs/partition": () => config(prod({ ...GOV, costs: { bucket: { name: "billing-cur" } } })),
  "costs/access-keys": () => config(prod({ auth: { type: "accessKeys" }, costs: { bucket: { name: "billing-cur" } } })),
  "costs/unmanaged": () => config(prod({ ...SPLIT, costs: { bucket: { name: "billing-cur" } } })),
  "costs/bucket-without-export": () => config(prod({ costs: { bucket: { name: "billing-cur" }, export: { create: false } } })),
  "combination/log-tag-filter-source": () => config(prod({ logs: { sources: ["s3"], tagFilters: [{ source: "lambda", tags: ["env:prod"] }] } })),
  "combination/log-tag-filter-twice": () =>
    config(
      prod({
        logs: {
          sources: ["s3"],
          tagFilters: [
            { source: "s3", tags: ["env:prod"] },
            { source: "s3", tags: ["team:a"] },
          ],
        },
      }),
    ),
  "delivery/log-delivery-modes": () => config(prod({ firehoseApiKey: { source: "variable" }, logDelivery: { accountLevel: {}, logGroups: ["/aws/lambda/api"] } })),
  "delivery/log-delivery-region": () => config(prod({ firehoseApiKey: { source: "variable" }, logDelivery: { byRegion: { "US East": { logGroups: ["/aws/lambda/api"] } } } })),
  "delivery/log-delivery-duplicate": () => config(prod({ firehoseApiKey: { source: "variable" }, logDelivery: { logGroups: ["/aws/lambda/api", "/aws/lambda/api"] } })),
  "delivery/log-delivery-loop": () => config(prod({ firehoseApiKey: { source: "variable" }, logDelivery: { logGroups: ["/aws/kinesisfirehose/datadog-logs-delivery"] } })),
  "combination/external-id-required": () => config(prod({ manageDatadogIntegration: false })),
  "combination/external-id-unused": () => config(prod({ externalId: SPLIT.externalId })),
  "combination/live-permissions-unmanaged": () => config(prod({ ...SPLIT, permissions: "live" })),
  "combination/import-unmanaged": () => config(prod({ ...SPLIT, import: { datadogAccountConfigId: "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0" } })),
  "combination/import-wrong-principal": () => config(prod({ import: { iamUser: "DatadogIntegrationUser" } })),
  "combination/import-name-mismatch": () => config(prod({ import: { iamRole: "OtherRole" } })),
  "combination/same-key-variable": () => config(prod({ datadogApiKeyEnv: "TF_VAR_dd", datadogAppKeyEnv: "TF_VAR_dd" })),
  "combination/reserved-key-variable": () => config(prod({ datadogApiKeyEnv: "TF_VAR_datadog_aws_access_key_id" })),
  "combination/key-variable-unused": () => config(prod({ ...SPLIT, datadogApiKeyEnv: "TF_VAR_dd_api_key" })),

  "organization/account-id-in-template": () => config({ organization: { environment: { awsAccountId: ACCOUNT } } }),
  "organization/unknown-placeholder": () => config({ organization: { environment: { tags: ["account:{acountId}"] } } }),
  "organization/output-is-config": () => config({ organization: { output: "test.config.json" } }),
  "organization/name-taken": () => refused(() => resolveConfigDetailed({ organization: {}, environments: { Payments: { awsAccountId: "300000000001" } } }, "c.json", { accounts: ORGANIZATION })),
  "organization/nothing-to-synthesize": () => refused(() => loadConfig(file("alone/c.json", JSON.stringify({ organization: {} })))),
  "organization/accounts-file-invalid": () => accountsFile((j) => (j.extra = 1)),
  "organization/accounts-file-not-json": () => refused(() => parseAccountsFile("{", "a.json")),
  "organization/accounts-file-unreadable": () => refused(() => readAccountsFile(dir)),
  "organization/accounts-file-account-id": () => accountsFile((j) => (j.accounts["12"] = { environment: "x", name: "x" })),
  "organization/accounts-file-flags": () => accountsFile((j) => Object.assign(j.accounts["200000000001"], { closed: "2026-01-01", leftOrganization: "2026-01-02" })),
  "organization/accounts-file-duplicate-name": () => accountsFile((j) => (j.accounts["300000000001"] = { environment: "PAYMENTS", name: "x" })),

  // Before any call to AWS: the config has nothing to discover.
  "discover/no-organization-section": () => rejected(() => discover(file("no-organization/c.json", JSON.stringify(prod({}))))),
  "discover/another-organization": () => said(errors.accountsFileOfAnotherOrganization("a.json", "o-a", "o-b", "100000000000"), /a\.json was written for organization o-a/, /set organization\.output/),
  "discover/credentials-missing": () => said(errors.awsCredentialsMissing("no profile"), /\(no profile\)/, /AWS_PROFILE/),
  "discover/credentials-rejected": () => said(errors.awsCredentialsRejected("InvalidClientTokenId", "bad"), /InvalidClientTokenId: bad/, /refresh them/),
  "discover/access-denied": () => said(errors.awsAccessDenied("ListAccounts", "AccessDeniedException", "no"), /refused ListAccounts/, /organizations:ListAccounts,/, /AWSOrganizationsReadOnlyAccess/),
  "discover/not-in-organization": () => said(errors.notInOrganization("none"), /not in an AWS Organization/, /management account/),
  "discover/not-management-account": () => said(errors.notManagementAccount("o-a", "100000000000"), /o-a's management account \(100000000000\)/, /use the management account's credentials/),
  "discover/ou-not-found": () =>
    said(errors.organizationalUnitNotFound(0, "ou-ab12-cd34ef56", "o-a", "ParentNotFoundException", "no"), /organization\.ouIds\[0\]: "ou-ab12-cd34ef56"/, /aws organizations list-roots/),
  "discover/unreachable": () => said(errors.awsUnreachable("http://127.0.0.1:1", "ECONNREFUSED"), /at http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/, /AWS_ENDPOINT_URL/),
  "discover/request-failed": () => said(errors.awsRequestFailed("ListAccounts", "ServiceException", "oops"), /ListAccounts with ServiceException: oops/),
  "discover/accounts-file-unwritable": () => said(errors.accountsFileUnwritable("a.json", "EACCES"), /a\.json: cannot be written \(EACCES\); it was left as it was/),

  "construct/invalid-props": () => refused(() => new DatadogAwsIntegration(new TerraformStack(Testing.app(), "s"), "dd", { awsAccountId: "1" })),
  "construct/too-many-managed-policies": () => said(errors.tooManyManagedPolicies("s/dd", 12, 10, 20), /s\/dd: 12 managed policies/, /turn off cspm or resourceCollection/, /up to 20/),
  "construct/region-not-literal": () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const region = new TerraformVariable(stack, "region", { type: "string" }).stringValue;
    return refused(() => new DatadogAwsIntegration(stack, "dd", { awsAccountId: ACCOUNT, awsRegion: region }));
  },
  "construct/provider-partition": () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new AwsProvider(stack, "aws", { region: "us-gov-west-1" });
    return refused(() => new DatadogAwsIntegration(stack, "dd", { awsAccountId: ACCOUNT, awsRegion: "us-east-1", ...SPLIT }));
  },
  "construct/conflict": () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new DatadogAwsIntegration(stack, "first", { awsAccountId: ACCOUNT, ...SPLIT });
    return refused(() => new DatadogAwsIntegration(stack, "second", { awsAccountId: ACCOUNT, ...SPLIT }));
  },

  "delivery/secret-name": () => config(prod({ firehoseApiKey: { source: "secretsManager", secretName: "arn:aws:secretsmanager:us-east-1:123456789012:secret:dd key" } })),
  "delivery/name-prefix": () => config(prod({ firehoseApiKey: { source: "variable" }, metricStreams: { namePrefix: "Datadog_" } })),
  "delivery/api-key-missing": () => config(prod({ metricStreams: {} })),
  "delivery/region-partition": () => config(prod({ firehoseApiKey: { source: "variable" }, metricStreams: { regions: ["us-east-1", "us-gov-west-1"] } })),
  "delivery/partition": () => config(prod({ awsRegion: "cn-north-1", auth: { type: "accessKeys" }, firehoseApiKey: { source: "variable" }, metricStreams: {} })),
  "delivery/site": () => config(prod({ ...GOV, datadogSite: "datadoghq.com", auth: { type: "accessKeys" }, firehoseApiKey: { source: "variable" }, metricStreams: {} })),
  "delivery/include-and-exclude": () => config(prod({ firehoseApiKey: { source: "variable" }, metricStreams: { namespaces: { includeOnly: ["AWS/EC2"], excludeOnly: ["AWS/S3"] } } })),
  "delivery/name-too-long": () =>
    said(
      errors.deliveryNameTooLong("s/dd/metrics-us-east-1", "bucket", "x".repeat(64), 63),
      /at s\/dd\/metrics-us-east-1:/,
      /the bucket name \\?"x+\\?" is 64 characters, over AWS's 63/,
      /shorter namePrefix/,
    ),

  "output/folder-unusable": () => said(errors.outputFolderUnusable("out", "permission denied writing out", "point CDKTF_OUTDIR at another folder"), /^ {2}- out: /m, /point CDKTF_OUTDIR/),
  "config/state-at-old-path": () =>
    said(
      errors.localStateAtOldPath("c.json", [{ environment: "prod", oldPath: "terraform.prod.tfstate", stackDir: "cdktf.out/stacks/prod" }]),
      /environments\.prod\.backend: terraform\.prod\.tfstate/,
      /"path": "terraform\.prod\.tfstate"/,
      /init -reconfigure/,
    ),
  "output/foreign-folder": () => said(errors.outputForeignFolders("out/stacks", ["prod"], []), /out\/stacks\/prod: was not written by synth/, /move it out of out\/stacks/),
  "output/other-config": () => said(errors.outputConfigSwitched("out", "a.json", "b.json", ["prod"]), /holds the stacks of a\.json \(prod\)/, /--output <folder>/),
  "output/deployer-policy": () => refused(() => deployerPolicy({ provider: { aws: [{ region: "us-east-1" }] }, resource: {} } as unknown as SynthesizedStack)),
  "output/hcl-variable": () => refused(() => hclRequested({ SYNTH_HCL_OUTPUT: "yes" })),

  "doctor/usage": () => said(errors.doctorUsage("name the environment to diagnose"), /\n\s*Usage: npm run doctor -- <environment>/),
  "doctor/unknown-environment": () => said(errors.doctorUnknownEnvironment("c.json", "prodution", ["production"], "production"), /did you mean "production"\?/),
  "doctor/datadog-keys-missing": () => said(errors.doctorDatadogKeysMissing("prod", ["DD_API_KEY"], "datadoghq.com"), ENVIRONMENT, /DD_API_KEY is not set/, /export DD_API_KEY/),
  "doctor/datadog-keys-refused": () =>
    said(errors.doctorDatadogKeysRefused("prod", "https://api.datadoghq.com", 403, "DD_API_KEY", "DD_APP_KEY", "datadoghq.com"), ENVIRONMENT, /HTTP 403/, /DD_APP_KEY an application key/),
  "doctor/datadog-unreachable": () => said(errors.doctorDatadogUnreachable("prod", "https://api.datadoghq.com", "ECONNREFUSED"), ENVIRONMENT, /DATADOG_API_URL/),
  "doctor/datadog-request-failed": () => said(errors.doctorDatadogRequestFailed("prod", "GET /api/v2/integration/aws/accounts", 500, ""), ENVIRONMENT, /accounts with HTTP 500 \[/),
  "doctor/aws-credentials-missing": () => said(errors.doctorAwsCredentialsMissing("prod", "no profile", "the standard AWS credential chain"), ENVIRONMENT, /awsProfile \/ awsAssumeRoleArn/),
  "doctor/aws-credentials-rejected": () => said(errors.doctorAwsCredentialsRejected("prod", "InvalidClientTokenId", "bad", "the standard AWS credential chain"), ENVIRONMENT, /refresh them/),
  "doctor/aws-wrong-account": () =>
    said(
      errors.doctorAwsWrongAccount("prod", ACCOUNT, "210987654321", "arn:aws:iam::210987654321:user/x", "the standard AWS credential chain"),
      ENVIRONMENT,
      /awsAccountId is 123456789012; use credentials for 123456789012/,
    ),
  "doctor/assume-role-failed": () =>
    said(
      errors.doctorAwsAssumeRoleFailed("prod", "arn:aws:iam::123456789012:role/Deploy", "AccessDenied", "no"),
      ENVIRONMENT,
      /cannot assume arn:aws:iam::123456789012:role\/Deploy \(awsAssumeRoleArn\)/,
    ),
  "doctor/access-denied": () => said(errors.doctorAwsAccessDenied("prod", "iam:GetRole", "AccessDenied", "no"), ENVIRONMENT, /refused iam:GetRole/, /iam:GetRole, iam:ListRoles,/, /IAMReadOnlyAccess/),
  "doctor/aws-unreachable": () => said(errors.doctorAwsUnreachable("prod", "http://127.0.0.1:1", "ECONNREFUSED"), ENVIRONMENT, /AWS_ENDPOINT_URL/),
  "doctor/aws-request-failed": () => said(errors.doctorAwsRequestFailed("prod", "iam:GetRole", "ServiceFailure", "oops"), ENVIRONMENT, /iam:GetRole with ServiceFailure: oops/),

  // A refused connection, for real: no server listens on port 9.
  "permissions/unreadable": () => rejected(() => fetchList(NO_SERVER, LISTS[0].endpoint, {})),
  "permissions/datadog-unreachable": () => rejected(() => fetchList(NO_SERVER, LISTS[0].endpoint, {})),
  // Datadog's answers (permissions-command.test.ts meets the refusal and the 503 from the local Datadog API).
  "permissions/datadog-keys-refused": () => said(errors.permissionListKeysRefused("https://api.datadoghq.com/x", 403, false), /Datadog now requires keys/, /set DD_API_KEY and DD_APP_KEY/),
  "permissions/datadog-request-failed": () => said(errors.permissionListRequestFailed("https://api.datadoghq.com/x", 503, "Service Unavailable"), /answered 503 Service Unavailable; try again later/),
  "permissions/datadog-answer-changed": () => said(errors.permissionListAnswerChanged("https://api.datadoghq.com/x"), /without data\.attributes\.permissions/),
  "permissions/drift": () => codesInLine(errors.PERMISSIONS_DRIFT_LINE),

  "command/usage": () => refused(() => readCommandLine({ command: "npm run synth", usage: "Usage: npm run synth" }, ["--hlc"], {})),
  "command/unknown-environment": () => refused(() => checkEnvironmentNames("npm run synth", "c.json", ["prdo"], ["prod"])),
  "command/unexpected": () => codesInLine(errors.unexpectedFailureLine("Synth", "EEXIST: file already exists")),
};

const CODES = Object.keys(ERROR_CODES) as ErrorCode[];

describe("every code is raised", () => {
  test("the table and the cases name the same codes", () => {
    expect(Object.keys(RAISED_BY).sort()).toEqual([...CODES].sort());
  });

  test.each(CODES)("%s", async (code) => {
    expect(await RAISED_BY[code]()).toContain(code);
  });
});

describe("the codes themselves", () => {
  test("each is <area>/<name> in lower case, and no two differ only in punctuation", () => {
    for (const code of CODES) expect(code).toMatch(/^[a-z]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
    const folded = CODES.map((c) => c.replace(/[^a-z0-9]/g, ""));
    expect(new Set(folded).size).toBe(CODES.length);
  });

  test("each says what is wrong and how to fix it, in sentences", () => {
    for (const code of CODES) {
      const { meaning, fix } = ERROR_CODES[code];
      expect({ code, meaning }).toEqual({ code, meaning: expect.stringMatching(/^\S.*\.$/) });
      expect({ code, fix }).toEqual({ code, fix: expect.stringMatching(/^\S.*\.$/) });
    }
  });

  test("isErrorCode knows the table and nothing else", () => {
    expect(CODES.every(isErrorCode)).toBe(true);
    expect(["value/Aws-Account-Id", "value", "toString", "", 1].some(isErrorCode)).toBe(false);
  });
});

describe("what users see", () => {
  test("every printed problem line ends with its code, in the order of issues", () => {
    const e = refusalOf(() =>
      resolveConfig({ defaults: { tags: ["team platform"] }, environments: { prod: { awsAccountId: "1234", cpsm: true }, b: { awsAccountId: ACCOUNT, manageDatadogIntegration: false } } }, "c.json"),
    );
    const lines = e.message.split("\n").filter((l) => l.startsWith("  - "));
    expect(lines).toEqual(e.issues.map((i) => `  - ${i.path}: ${i.message} [${i.code}]`));
    expect(e.issues.map((i) => i.code)).toEqual(["value/datadog-tag", "value/aws-account-id", "value/unknown-key", "combination/external-id-required"]);
    expect(e.problems).toEqual(e.issues.map((i) => `${i.path}: ${i.message}`));
  });

  test("a problem given as a bare string has the error's code", () => {
    const e = new ConfigError("Cannot do it:\n  - because", ["because"], "output/folder-unusable");
    expect(e.issues).toEqual([{ code: "output/folder-unusable", message: "because" }]);
    expect(new ConfigError("m", ["p"]).code).toBe("config/invalid");
  });
});

describe("the class says where the fix lies", () => {
  test("what the user wrote is a ConfigError", () => {
    const e = refusalOf(() => resolveConfig(prod({ awsAccountId: "1" }), "c.json"));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e).toBeInstanceOf(CodedError);
  });

  test("AWS or Datadog out of reach is a ServiceError, not a ConfigError, with the cause kept", async () => {
    const e = await fetchList(NO_SERVER, LISTS[0].endpoint, {}).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(e).toBeInstanceOf(ServiceError);
    expect(e).not.toBeInstanceOf(ConfigError);
    expect(e).toMatchObject({ code: "permissions/unreadable", cause: expect.objectContaining({ message: "fetch failed" }) });
    expect((e as Error).message).toMatch(
      /^Cannot read Datadog's permission lists:\n {2}- cannot reach http:\/\/127\.0\.0\.1:9\/.*; check the network, or DATADOG_API_URL \[permissions\/datadog-unreachable\]$/,
    );
    for (const unreachable of [errors.awsUnreachable("http://127.0.0.1:1", "ECONNREFUSED"), errors.doctorAwsUnreachable("prod", "http://127.0.0.1:1", "ECONNREFUSED")]) {
      expect(unreachable).toBeInstanceOf(ServiceError);
      expect(unreachable).not.toBeInstanceOf(ConfigError);
    }
  });

  test("a wrong command line stays a ConfigError, and still ends with the usage", () => {
    const e = errors.doctorUsage("name the environment to diagnose");
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toMatch(/^Cannot diagnose:\n {2}- name the environment to diagnose \[doctor\/usage\]\nUsage: npm run doctor/);
  });
});

describe("the error-code tables of docs/errors.md", () => {
  test("are the catalogue as it is now (else run: npm run schema)", () => {
    const text = readFileSync(path.join(ROOT, ERROR_CODES_FILE), "utf8");
    expect(withErrorCodes(text) === text ? "current" : "stale: run npm run schema").toBe("current");
  });

  test("lists every code once, under its area", () => {
    const rendered = renderErrorCodes();
    for (const code of CODES) expect({ code, rows: rendered.split(`| \`${code}\` |`).length - 1 }).toEqual({ code, rows: 1 });
  });

  test("another kind of code (the doctor's findings) joins as one more table, after the areas", () => {
    const findings = { heading: "`npm run doctor` findings", note: "exit code 1", codes: { "trust-wrong-account": { meaning: "M | m.", fix: "F." } } };
    const rendered = renderErrorCodes([...ERROR_TABLES, findings]);
    expect(rendered.endsWith("**`npm run doctor` findings** (exit code 1)\n\n| code | what is wrong | how to fix it |\n|---|---|---|\n| `trust-wrong-account` | M \\| m. | F. |")).toBe(true);
    expect(rendered.startsWith(renderErrorCodes())).toBe(true);
  });

  test("the generator replaces only the text between the markers", () => {
    const text = "# Title\n\nbefore\n<!-- error-codes:start -->\nold\n<!-- error-codes:end -->\nafter\n";
    const out = withErrorCodes(text);
    expect(out.startsWith("# Title\n\nbefore\n<!-- error-codes:start -->\n")).toBe(true);
    expect(out.endsWith("\n<!-- error-codes:end -->\nafter\n")).toBe(true);
    expect(out).not.toContain("\nold\n");
    expect(withErrorCodes(out)).toBe(out);
    expect(() => withErrorCodes("# no markers\n")).toThrow(/error-codes:start/);
  });
});
