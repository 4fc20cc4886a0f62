/**
 * `npm run doctor -- <environment>` for an environment with `costs`: the real command against
 * moto and the local Datadog API. The role as the stack leaves it (its permissions and its cost
 * read policy) and Datadog told about the config's export: no problem, exit 0; Datadog told
 * nothing, or the role without its read policy: the finding, exit 1. moto has no AWS Data
 * Exports, so the export itself is reported as not read here (its findings are tested
 * in-process, __tests__/unit/doctor/costs.test.ts).
 */
import { PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { costPlaces } from "../../lib/constructs/private/cost-names";
import { costReadPolicyDocument, costReadPolicyName } from "../../lib/constructs/private/cost-read-policy";
import { proofToolsReady } from "../support/proof-guards";
import { LocalDatadogApi } from "../support/local-datadog-api";
import { MotoServer } from "../support/moto-server";
import { findProofTools } from "../support/test-tools";
import { createStackRole, DoctorWorkspace, runDoctor } from "../support/doctor-fixtures";

const ROLE = "DatadogIntegrationRole";
const EXTERNAL_ID = "0123456789abcdef0123456789abcd01";
const COSTS = { bucket: { name: "acme-billing", create: false }, export: { create: false, name: "acme-cur2", prefix: "cur/hourly" } };
const HELD = { report_name: "acme-cur2", report_prefix: "cur/hourly", report_type: "CUR2.0", bucket_name: "acme-billing", bucket_region: "us-east-1" };

const TITLE = "npm run doctor with costs against moto and the local Datadog API";
if (proofToolsReady(TITLE)) {
  describe(TITLE, () => {
    // One moto for the file (each test its own account), a fresh local Datadog API per test.
    const ws = new DoctorWorkspace();
    const local: { moto?: MotoServer; api?: LocalDatadogApi } = {};
    let n = 0;
    beforeAll(async () => void (local.moto = await MotoServer.start(findProofTools().motoPython!)), 60_000);
    afterAll(() => Promise.all([local.moto?.close(), ws.cleanup()]));
    beforeEach(async () => void (local.api = await LocalDatadogApi.start()));
    afterEach(() => local.api!.close());

    /** A payer account as the stack leaves it: the role, its permissions, its cost read policy unless told not; Datadog's integration with or without the export. */
    async function payer(o: { readPolicy: boolean; toldDatadog: boolean }) {
      const moto = local.moto!;
      const api = local.api!;
      const accountId = `1200000000${String(++n).padStart(2, "0")}`;
      const credentials = await moto.credentialsFor(accountId, "aws");
      const iam = moto.iam(credentials, "aws");
      try {
        await createStackRole(iam, { name: ROLE, trustAccount: "464622532012", externalId: EXTERNAL_ID }, { partition: "aws" });
        if (o.readPolicy) {
          const places = costPlaces({ bucket: { ...COSTS.bucket }, export: { ...COSTS.export } }, "aws", accountId, "us-east-1");
          await iam.send(
            new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: costReadPolicyName(places, "cur/hourly", "acme-cur2"), PolicyDocument: JSON.stringify(costReadPolicyDocument(places)) }),
          );
        }
      } finally {
        iam.destroy();
      }
      const integration = api.seedAccount({ aws_account_id: accountId, aws_partition: "aws", auth_config: { role_name: ROLE, external_id: EXTERNAL_ID } });
      if (o.toldDatadog) api.ccmConfigs.set(integration.id, [HELD]);
      const config = ws.config({ prod: { awsAccountId: accountId, permissions: "pinned", costs: COSTS } });
      return runDoctor({ config, environment: "prod", awsEndpoint: moto.url, credentials, datadogUrl: api.url });
    }

    test("as the stack leaves it: Datadog reads the config's export, the role may read it, the export itself not read (moto), exit 0", async () => {
      const r = await payer({ readPolicy: true, toldDatadog: true });
      const api = local.api!;
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
      expect(r.stdout).toContain("ok  Datadog reads the CUR 2.0 export s3://acme-billing/cur/hourly/acme-cur2 (us-east-1), as the config says");
      expect(r.stdout).toContain(`may read the export's files, the bucket's listing and Cost Explorer`);
      expect(r.stdout).toContain("--  the CUR 2.0 export: not checked (");
      expect(api.requests.map((q) => `${q.method} ${q.path}`)).toContain(`GET /api/v2/integration/aws/accounts/${api.accounts()[0].id}/ccm_config`);
    }, 120_000);

    test("Datadog told nothing and the role without its read policy: both findings, exit 1", async () => {
      const r = await payer({ readPolicy: false, toldDatadog: false });
      expect(r.code).toBe(1);
      expect([...r.stdout.matchAll(/^\d+\. \[([a-z-]+)\]/gm)].map((m) => m[1])).toEqual(["ccm-config-missing", "cost-read-missing"]);
      expect(r.stdout).toContain("not allowed: s3:GetObject arn:aws:s3:::acme-billing/cur/hourly/acme-cur2/data/report.parquet");
    }, 120_000);
  });
}
