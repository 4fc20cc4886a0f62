/**
 * The local Datadog API (support/local-datadog-api.ts) answers as Datadog's API does for
 * what the Terraform provider sends. Plain HTTP against it, no provider involved.
 */
import { RECORDED_PERMISSIONS } from "./support/datadog-api/recorded-lists";
import { LOCAL_DD_API_KEY, LOCAL_DD_APP_KEY, LocalDatadogApi, type LocalDatadogApiOptions } from "./support/local-datadog-api";

const KEYS = { "DD-API-KEY": LOCAL_DD_API_KEY, "DD-APPLICATION-KEY": LOCAL_DD_APP_KEY };
const ACCOUNTS = "/api/v2/integration/aws/accounts";
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const servers: LocalDatadogApi[] = [];
async function start(options?: LocalDatadogApiOptions): Promise<LocalDatadogApi> {
  const server = await LocalDatadogApi.start(options);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function call(server: LocalDatadogApi, method: string, path: string, body?: unknown, headers: Record<string, string> = KEYS) {
  const res = await fetch(server.url + path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? JSON.parse(text) : undefined, contentType: res.headers.get("content-type") };
}

/** What provider 4.19 sends for a role-based account with empty `namespace_filters {}`, `xray_services {}`, `lambda_forwarder {}`. */
function providerBody(awsAccountId: string, overrides: Record<string, unknown> = {}) {
  return {
    data: {
      attributes: {
        account_tags: [],
        auth_config: { role_name: "DatadogIntegrationRole" },
        aws_account_id: awsAccountId,
        aws_partition: "aws",
        aws_regions: { include_all: true },
        logs_config: { lambda_forwarder: { lambdas: [], log_source_config: { tag_filters: [] }, sources: [] } },
        metrics_config: {
          automute_enabled: true,
          collect_cloudwatch_alarms: false,
          collect_custom_metrics: false,
          enabled: true,
          metric_name_filters: [],
          namespace_filters: { exclude_only: ["AWS/SQS", "AWS/ElasticMapReduce", "AWS/Usage"] },
          tag_filters: [],
        },
        resources_config: { cloud_security_posture_management_collection: false, extended_collection: true },
        traces_config: { xray_services: { include_only: [] } },
        ...overrides,
      },
      type: "account",
    },
  };
}

describe("local Datadog API", () => {
  test("refuses requests without the right keys, and validate needs only the API key", async () => {
    const server = await start();
    const noKeys = await call(server, "GET", ACCOUNTS, undefined, {});
    expect(noKeys.status).toBe(403);
    expect(noKeys.json).toEqual({ errors: ["Forbidden"] });
    expect((await call(server, "GET", ACCOUNTS, undefined, { "DD-API-KEY": LOCAL_DD_API_KEY })).status).toBe(403);
    expect((await call(server, "GET", ACCOUNTS, undefined, { ...KEYS, "DD-APPLICATION-KEY": "wrong" })).status).toBe(403);
    expect((await call(server, "POST", ACCOUNTS, providerBody("123456789012"), { "DD-APPLICATION-KEY": LOCAL_DD_APP_KEY })).status).toBe(403);
    expect(server.accounts()).toEqual([]);

    const validate = await call(server, "GET", "/api/v1/validate", undefined, { "DD-API-KEY": LOCAL_DD_API_KEY });
    expect(validate).toMatchObject({ status: 200, json: { valid: true } });
    expect((await call(server, "GET", "/api/v1/validate", undefined, { "DD-API-KEY": "wrong" })).status).toBe(403);

    expect(server.requests.map((r) => r.status)).toEqual([403, 403, 403, 403, 200, 403]);
    expect(JSON.stringify(server.requests)).not.toContain(LOCAL_DD_API_KEY);
    expect(JSON.stringify(server.requests)).not.toContain(LOCAL_DD_APP_KEY);
  });

  test("creates a role-based integration with a UUID, a 32-hex external_id and the API's defaults", async () => {
    const server = await start();
    const created = await call(server, "POST", ACCOUNTS, {
      data: {
        type: "account",
        attributes: {
          account_tags: [],
          auth_config: { role_name: "DatadogIntegrationRole" },
          aws_account_id: "123456789012",
          aws_partition: "aws",
          logs_config: { lambda_forwarder: { sources: ["s3", "lambda", "cloudtrail"] } },
          metrics_config: { tag_filters: [{ namespace: "AWS/EC2", tags: ["b:2", "a:1"] }] },
          traces_config: {},
        },
      },
    });
    expect(created.status).toBe(200);
    expect(created.contentType).toBe("application/vnd.api+json");
    const data = created.json.data;
    expect(data.id).toMatch(UUID_V4);
    expect(data.type).toBe("account");
    expect(data.attributes.auth_config).toEqual({ role_name: "DatadogIntegrationRole", external_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(data.attributes).toMatchObject({
      account_tags: null, // the create response only; reads return []
      aws_regions: { include_all: true },
      logs_config: { lambda_forwarder: { lambdas: [], sources: ["s3", "lambda", "cloudtrail"], log_source_config: { tag_filters: [] } } },
      metrics_config: {
        enabled: true,
        automute_enabled: true,
        collect_custom_metrics: false,
        collect_cloudwatch_alarms: false,
        tag_filters: [{ namespace: "AWS/EC2", tags: ["b:2", "a:1"] }],
        namespace_filters: { exclude_only: ["AWS/SQS", "AWS/ElasticMapReduce", "AWS/Usage"] },
      },
      resources_config: { cloud_security_posture_management_collection: false, extended_collection: true },
      traces_config: { xray_services: { include_only: [] } },
    });
    expect(data.attributes.metrics_config).not.toHaveProperty("metric_name_filters");
    expect(Object.keys(data.attributes)).toEqual([
      "account_tags",
      "auth_config",
      "aws_account_id",
      "aws_partition",
      "aws_regions",
      "created_at",
      "logs_config",
      "metrics_config",
      "modified_at",
      "resources_config",
      "traces_config",
    ]);
    expect(server.accounts()).toEqual([{ ...data, attributes: { ...data.attributes, account_tags: [], created_at: expect.any(String), modified_at: expect.any(String) } }]);

    // Key-based: the secret is never returned.
    const keys = await call(server, "POST", ACCOUNTS, providerBody("210987654321", { auth_config: { access_key_id: "AKIAEXAMPLEEXAMPLE00", secret_access_key: "not-a-secret" } }));
    expect(keys.json.data.attributes.auth_config).toEqual({ access_key_id: "AKIAEXAMPLEEXAMPLE00" });
    expect(keys.text).not.toContain("not-a-secret");
  });

  test("a second integration for the same AWS account is a conflict", async () => {
    const server = await start();
    expect((await call(server, "POST", ACCOUNTS, providerBody("123456789012"))).status).toBe(200);
    const second = await call(server, "POST", ACCOUNTS, providerBody("123456789012", { auth_config: { role_name: "Other" } }));
    expect(second.status).toBe(409);
    expect(second.json).toEqual({ errors: [{ status: "409", title: "Account already exists", detail: "AWS account with provided id already exists" }] });
    expect(server.accounts()).toHaveLength(1);
    expect(() => server.seedAccount(providerBody("123456789012").data.attributes)).toThrow(/409/);
  });

  test("an unknown namespace or log source is refused with 400 when the lists are configured", async () => {
    const server = await start({ namespaces: ["AWS/EC2", "AWS/SQS", "AWS/ElasticMapReduce", "AWS/Usage"], logSources: ["s3", "lambda"] });
    const body = providerBody("123456789012");
    body.data.attributes.metrics_config.namespace_filters = { include_only: ["AWS/EC2", "AWS/Bedrock/Guardrails", "AWS/Nope"] } as never;
    const refused = await call(server, "POST", ACCOUNTS, body);
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({
      errors: [{ status: "400", title: "Bad Request", detail: "invalid value", meta: { "metrics_config.namespace_filters.include_only": "invalid namespaces: [AWS/Bedrock/Guardrails AWS/Nope]" } }],
    });
    const badSource = providerBody("123456789012", { logs_config: { lambda_forwarder: { lambdas: [], sources: ["s3", "bogus"] } } });
    expect((await call(server, "POST", ACCOUNTS, badSource)).status).toBe(400);
    expect(server.accounts()).toEqual([]);
    // The defaults are known names, so the provider's usual body passes.
    expect((await call(server, "POST", ACCOUNTS, providerBody("123456789012"))).status).toBe(200);
    // Without the option, any namespace is accepted.
    const open = await start();
    expect((await call(open, "POST", ACCOUNTS, body)).status).toBe(200);
  });

  test("GET, PATCH and DELETE by the quoted id the provider sends", async () => {
    const server = await start();
    const created = (await call(server, "POST", ACCOUNTS, providerBody("123456789012"))).json.data;
    const quoted = `${ACCOUNTS}/%22${created.id}%22`;
    const got = await call(server, "GET", quoted);
    expect(got.status).toBe(200);
    expect(got.json.data.attributes.account_tags).toEqual([]);
    expect(got.json.data.attributes.auth_config).toEqual(created.attributes.auth_config);
    expect((await call(server, "GET", `${ACCOUNTS}/${created.id}`)).json.data.id).toBe(created.id);
    expect(server.requests[1].path).toBe(quoted);

    const update = providerBody("123456789012", {
      account_tags: ["team:b", "env:a"],
      auth_config: { external_id: created.attributes.auth_config.external_id, role_name: "Renamed" },
      aws_regions: { include_only: ["us-west-2", "us-east-1"] },
    });
    update.data.attributes.metrics_config.namespace_filters = { include_only: ["AWS/Lambda", "AWS/EC2"] } as never;
    const patched = await call(server, "PATCH", quoted, update);
    expect(patched.status).toBe(200);
    expect(patched.json.data.attributes).toMatchObject({
      account_tags: ["team:b", "env:a"],
      auth_config: { role_name: "Renamed", external_id: created.attributes.auth_config.external_id },
      aws_regions: { include_only: ["us-west-2", "us-east-1"] },
      metrics_config: { namespace_filters: { include_only: ["AWS/Lambda", "AWS/EC2"] } },
    });
    expect(patched.json.data.attributes.metrics_config).not.toHaveProperty("metric_name_filters");
    expect((await call(server, "GET", quoted)).json.data.attributes).toEqual({ ...patched.json.data.attributes, created_at: expect.any(String), modified_at: expect.any(String) });

    // Fields a PATCH leaves out keep their values; switching auth type is refused.
    const partial = await call(server, "PATCH", quoted, { data: { type: "account", attributes: { aws_account_id: "123456789012", auth_config: { role_name: "Renamed" } } } });
    expect(partial.json.data.attributes.auth_config.external_id).toBe(created.attributes.auth_config.external_id);
    expect(partial.json.data.attributes.aws_regions).toEqual({ include_only: ["us-west-2", "us-east-1"] });
    const toKeys = providerBody("123456789012", { auth_config: { access_key_id: "AKIAEXAMPLEEXAMPLE00", secret_access_key: "x" } });
    expect((await call(server, "PATCH", quoted, toKeys)).status).toBe(400);

    const deleted = await call(server, "DELETE", quoted);
    expect(deleted).toMatchObject({ status: 204, text: "" });
    const gone = await call(server, "GET", quoted);
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual({ errors: [{ status: "404", title: "Account not found", detail: "AWS account with provided id is not integrated" }] });
    expect((await call(server, "DELETE", quoted)).status).toBe(404);
    expect((await call(server, "PATCH", quoted, update)).status).toBe(404);
    expect((await call(server, "GET", `${ACCOUNTS}/not-a-uuid`)).status).toBe(400);
  });

  test("lists integrations, filtered by aws_account_id", async () => {
    const server = await start();
    await call(server, "POST", ACCOUNTS, providerBody("111111111111"));
    const seeded = server.seedAccount({ aws_account_id: "222222222222", aws_partition: "aws", auth_config: { role_name: "FromTheUi" } });
    expect(seeded.attributes.auth_config.external_id).toMatch(/^[0-9a-f]{32}$/);

    const all = await call(server, "GET", ACCOUNTS);
    expect(all.json.data.map((d: { attributes: { aws_account_id: string } }) => d.attributes.aws_account_id)).toEqual(["111111111111", "222222222222"]);
    const one = await call(server, "GET", `${ACCOUNTS}?aws_account_id=222222222222`);
    expect(one.json.data).toEqual([seeded]);
    expect(server.requests.at(-1)?.query).toEqual({ aws_account_id: "222222222222" });
    expect((await call(server, "GET", `${ACCOUNTS}?aws_account_id=333333333333`)).json).toEqual({ data: [] });
  });

  test("serves the IAM permission lists sorted, the full list as the union", async () => {
    const custom = await start({ permissions: { standard: ["s3:GetObject", "ec2:Describe*"], resourceCollection: ["s3:GetObject", "acm:ListCertificates"] } });
    const get = async (server: LocalDatadogApi, suffix: string) => (await call(server, "GET", `/api/v2/integration/aws/iam_permissions${suffix}`)).json;
    expect(await get(custom, "")).toEqual({ data: { id: "permissions", type: "permissions", attributes: { permissions: ["acm:ListCertificates", "ec2:Describe*", "s3:GetObject"] } } });
    expect((await get(custom, "/standard")).data.attributes.permissions).toEqual(["ec2:Describe*", "s3:GetObject"]);
    expect((await get(custom, "/resource_collection")).data.attributes.permissions).toEqual(["acm:ListCertificates", "s3:GetObject"]);

    // By default: Datadog's lists as recorded outside the project, not lib/facts (which they check).
    const recorded = await start();
    expect((await get(recorded, "/standard")).data.attributes.permissions).toEqual([...new Set(RECORDED_PERMISSIONS.standard.items)].sort());
    expect((await get(recorded, "/resource_collection")).data.attributes.permissions).toEqual([...new Set(RECORDED_PERMISSIONS.resourceCollection.items)].sort());
  });

  test("unknown paths get 404 and are recorded; the name lists are served only when configured", async () => {
    const server = await start();
    const unknown = await call(server, "POST", "/api/v2/integration/aws/event_bridge", { data: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ errors: ["Not found"] });
    expect(server.requests.at(-1)).toEqual({ method: "POST", path: "/api/v2/integration/aws/event_bridge", query: {}, body: { data: {} }, status: 404 });
    expect((await call(server, "GET", "/api/v2/integration/aws/available_namespaces")).status).toBe(404);

    const withLists = await start({ namespaces: ["AWS/EC2", "AWS/ApiGateway"], logSources: ["s3"] });
    expect((await call(withLists, "GET", "/api/v2/integration/aws/available_namespaces")).json).toEqual({
      data: { id: "namespaces", type: "namespaces", attributes: { namespaces: ["AWS/EC2", "AWS/ApiGateway"] } },
    });
    expect((await call(withLists, "GET", "/api/v2/integration/aws/logs/services")).json.data.attributes.logs_services).toEqual(["s3"]);
  });

  test("close() is idempotent and closes the port", async () => {
    const server = await LocalDatadogApi.start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await call(server, "GET", "/api/v1/validate", undefined, KEYS)).status).toBe(200);
    await server.close();
    await expect(server.close()).resolves.toBeUndefined();
    await expect(fetch(`${server.url}/api/v1/validate`, { headers: KEYS })).rejects.toThrow();
  });
});
