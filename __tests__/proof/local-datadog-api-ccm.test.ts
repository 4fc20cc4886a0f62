/**
 * The local Datadog API's Cloud Cost Management endpoints (support/datadog-api/ccm-config.ts)
 * answer as Datadog's do (provider cassette TestAccIntegrationAwsAccountCcmConfigBasic,
 * Datadog API spec): plain HTTP, no provider involved.
 */
import { LOCAL_DD_API_KEY, LOCAL_DD_APP_KEY, LocalDatadogApi } from "../support/local-datadog-api";

const EXPORT = { report_name: "cost-and-usage-report", report_prefix: "reports", report_type: "CUR2.0", bucket_name: "billing", bucket_region: "us-east-1" };
const body = (configs: unknown[], type = "ccm_config") => ({ data: { attributes: { ccm_config: { data_export_configs: configs } }, type } });

let api: LocalDatadogApi;
let configId: string;
beforeEach(async () => {
  api = await LocalDatadogApi.start();
  configId = api.seedAccount({ aws_account_id: "569954555555", aws_partition: "aws", auth_config: { role_name: "DatadogIntegrationRole" }, aws_regions: { include_all: true } }).id;
});
afterEach(() => api.close());

/** One request with the local keys: status and parsed body. */
async function send(method: string, id: string, payload?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${api.url}/api/v2/integration/aws/accounts/${id}/ccm_config`, {
    method,
    headers: { "DD-API-KEY": LOCAL_DD_API_KEY, "DD-APPLICATION-KEY": LOCAL_DD_APP_KEY, ...(payload ? { "Content-Type": "application/json" } : {}) },
    body: payload ? JSON.stringify(payload) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

test("create, get, update and delete, as the provider's recording shows them; 404 after delete", async () => {
  const created = await send("POST", configId, body([EXPORT]));
  expect(created).toEqual({ status: 200, json: { data: { id: configId, type: "ccm_config", attributes: { data_export_configs: [EXPORT] } } } });
  expect((await send("GET", configId)).json).toEqual(created.json);
  const updated = await send("PATCH", configId, body([{ ...EXPORT, bucket_name: "billing-updated", bucket_region: "us-west-2" }]));
  expect([updated.status, updated.json.data.attributes.data_export_configs[0].bucket_region]).toEqual([200, "us-west-2"]);
  expect((await send("DELETE", configId)).status).toBe(204);
  const gone = await send("GET", configId);
  expect(gone.status).toBe(404);
  expect((await send("DELETE", configId)).status).toBe(404);
});

test("a second create is a conflict; an update of none is not found", async () => {
  expect((await send("PATCH", configId, body([EXPORT]))).status).toBe(404);
  expect((await send("POST", configId, body([EXPORT]))).status).toBe(200);
  const again = await send("POST", configId, body([EXPORT]));
  expect([again.status, again.json.errors[0].status]).toEqual([409, "409"]);
});

test("the integration deleted: its cost configuration goes with it, and the answer is the recorded 'Account not found'", async () => {
  await send("POST", configId, body([EXPORT]));
  const res = await fetch(`${api.url}/api/v2/integration/aws/accounts/${configId}`, { method: "DELETE", headers: { "DD-API-KEY": LOCAL_DD_API_KEY, "DD-APPLICATION-KEY": LOCAL_DD_APP_KEY } });
  expect(res.status).toBe(204);
  expect(await send("GET", configId)).toEqual({ status: 404, json: { errors: [{ status: "404", title: "Account not found", detail: "AWS account with provided id is not integrated" }] } });
  expect(api.ccmConfigs.size).toBe(0);
});

test("invalid bodies are refused with 400 and nothing is stored: a missing field, another report type, another data type", async () => {
  const { report_prefix: _, ...noPrefix } = EXPORT;
  for (const bad of [body([noPrefix]), body([{ ...EXPORT, report_type: "CUR" }]), body([EXPORT], "account"), { data: {} }]) {
    const res = await send("POST", configId, bad);
    expect([res.status, res.json.errors[0].status]).toEqual([400, "400"]);
  }
  expect(api.ccmConfigs.size).toBe(0);
});

test("without the keys: 403, as every other route", async () => {
  const res = await fetch(`${api.url}/api/v2/integration/aws/accounts/${configId}/ccm_config`);
  expect(res.status).toBe(403);
});
