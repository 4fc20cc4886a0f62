/**
 * The local Datadog API (support/local-datadog-api.ts) answers as Datadog's API does for
 * what the Terraform provider sends. Plain HTTP against it, no provider involved.
 */
import { RECORDED_PERMISSIONS } from "../support/datadog-api/recorded-lists";
import { LOCAL_DD_API_KEY, LOCAL_DD_APP_KEY, LocalDatadogApi, type LocalDatadogApiOptions } from "../support/local-datadog-api";

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
        tag_filters: [{ namespace: "AWS/EC2", tags: ["a:1", "b:2"] }], // sorted: see the list-order test
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

  test("injected faults: a 429 with Datadog's rate-limit headers and a 5xx answer in place of the call, then the call goes through", async () => {
    const server = await start();
    server.faults
      .inject({ method: "POST", path: ACCOUNTS, fault: { status: 429, resetSeconds: 3, limit: 50, periodSeconds: 10, name: "integration_aws_write" }, times: 2 })
      .inject({ method: "GET", path: /^\/api\/v2\/integration\/aws\/accounts\/[^/]+$/, fault: { status: 502 }, after: 1 });
    const headersOf = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(server.url + path, { method, headers: { ...KEYS, "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, json: (await res.json()) as Record<string, any>, rateLimit: Object.fromEntries([...res.headers].filter(([k]) => k.startsWith("x-ratelimit-"))) };
    };
    const limited = await headersOf("POST", ACCOUNTS, providerBody("123456789012"));
    expect(limited).toEqual({
      status: 429,
      json: { errors: ["Too many requests"] },
      rateLimit: { "x-ratelimit-limit": "50", "x-ratelimit-period": "10", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "3", "x-ratelimit-name": "integration_aws_write" },
    });
    expect(server.accounts()).toEqual([]); // refused, not carried out
    expect((await headersOf("POST", ACCOUNTS, providerBody("123456789012"))).status).toBe(429);
    const created = await headersOf("POST", ACCOUNTS, providerBody("123456789012"));
    expect(created.status).toBe(200);
    expect(created.rateLimit).toEqual({});
    const byId = `${ACCOUNTS}/${created.json.data.id}`;
    expect((await headersOf("GET", byId)).status).toBe(200); // let through (after: 1)
    expect(await headersOf("GET", byId)).toEqual({ status: 502, json: { errors: ["Bad Gateway"] }, rateLimit: {} });
    expect((await headersOf("GET", byId)).status).toBe(200);

    expect(server.faults.injected.map(({ at: _, retriedAfterMs: __, ...f }) => f)).toEqual([
      { method: "POST", path: ACCOUNTS, status: 429, kind: "429" },
      { method: "POST", path: ACCOUNTS, status: 429, kind: "429" },
      { method: "GET", path: byId, status: 502, kind: "5xx" },
    ]);
    // Each fault knows how long the caller waited before calling again.
    expect(server.faults.injected.every((f) => typeof f.retriedAfterMs === "number" && f.retriedAfterMs >= 0)).toBe(true);
    expect(server.faults.pending()).toBe(0);
    expect(server.requests.map((r) => `${r.method} ${r.status}${r.fault ? " (fault)" : ""}`)).toEqual(["POST 429 (fault)", "POST 429 (fault)", "POST 200", "GET 200", "GET 502 (fault)", "GET 200"]);
  });

  test("a fault armed for calls that never come stays pending", async () => {
    const server = await start();
    server.faults.inject({ method: "DELETE", path: ACCOUNTS, fault: { status: 503 }, times: 2 });
    expect(server.faults.pending()).toBe(2);
    expect((await call(server, "GET", ACCOUNTS)).status).toBe(200);
    expect(server.faults.pending()).toBe(2);
    expect(server.faults.injected).toEqual([]);
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

  test("a create whose connection drops after Datadog stored it: no answer, the account exists, the retry is a 409", async () => {
    const server = await start();
    server.dropNextCreates();
    await expect(call(server, "POST", ACCOUNTS, providerBody("123456789012"))).rejects.toThrow(/fetch failed/);
    expect(server.requests.map((r) => [r.method, r.status, r.dropped])).toEqual([["POST", 200, true]]);
    const [stored] = server.accounts();
    expect(stored.attributes.aws_account_id).toBe("123456789012");
    // The client that never got the answer tries again: Datadog's conflict, once per try.
    const again = await call(server, "POST", ACCOUNTS, providerBody("123456789012"));
    expect(again.status).toBe(409);
    expect(again.json).toEqual({ errors: [{ status: "409", title: "Account already exists", detail: "AWS account with provided id already exists" }] });
    // What discover and doctor read to find it.
    const listed = await call(server, "GET", `${ACCOUNTS}?aws_account_id=123456789012`);
    expect(listed.json.data.map((a: { id: string }) => a.id)).toEqual([stored.id]);
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

  test("lists come back in the order Datadog keeps them, not the order sent", async () => {
    const server = await start();
    const body = providerBody("123456789012", {
      account_tags: ["team:b", "Env:c", "env:a"],
      aws_regions: { include_only: ["us-west-2", "eu-west-1", "us-east-1"] },
      logs_config: {
        lambda_forwarder: {
          lambdas: ["arn:aws:lambda:us-east-1:123456789012:function:B", "arn:aws:lambda:us-east-1:123456789012:function:A"],
          sources: ["s3", "lambda", "cloudtrail"],
          log_source_config: {
            tag_filters: [
              { source: "s3", tags: ["z:1", "a:1"] },
              { source: "lambda", tags: ["k:1"] },
            ],
          },
        },
      },
      traces_config: { xray_services: { include_only: ["AWS/SQS", "AWS/Lambda"] } },
    });
    body.data.attributes.metrics_config.namespace_filters = { include_only: ["AWS/Usage", "NotPublished/B", "Glue", "AWS/ELB", "NotPublished/A", "AWS/ApiGateway"] } as never;
    body.data.attributes.metrics_config.tag_filters = [
      { namespace: "AWS/RDS", tags: ["b:1", "a:1"] },
      { namespace: "AWS/EC2", tags: ["x:1"] },
    ] as never;
    const expected = {
      account_tags: ["Env:c", "env:a", "team:b"],
      aws_regions: { include_only: ["eu-west-1", "us-east-1", "us-west-2"] },
      logs_config: {
        lambda_forwarder: {
          lambdas: ["arn:aws:lambda:us-east-1:123456789012:function:A", "arn:aws:lambda:us-east-1:123456789012:function:B"],
          sources: ["s3", "lambda", "cloudtrail"], // as sent (provider cassette TestAccIntegrationAwsAccount_RoleBased)
          log_source_config: {
            // as sent (the same cassette), each one's tags sorted
            tag_filters: [
              { source: "s3", tags: ["a:1", "z:1"] },
              { source: "lambda", tags: ["k:1"] },
            ],
          },
        },
      },
      metrics_config: {
        // Datadog's published order (AWS/ApiGateway 0, AWS/ELB 12, Glue 50, AWS/Usage 106), then names it lacks.
        namespace_filters: { include_only: ["AWS/ApiGateway", "AWS/ELB", "Glue", "AWS/Usage", "NotPublished/A", "NotPublished/B"] },
        tag_filters: [
          { namespace: "AWS/EC2", tags: ["x:1"] },
          { namespace: "AWS/RDS", tags: ["a:1", "b:1"] },
        ],
      },
      traces_config: { xray_services: { include_only: ["AWS/Lambda", "AWS/SQS"] } },
    };
    const created = (await call(server, "POST", ACCOUNTS, body)).json.data;
    expect(created.attributes).toMatchObject(expected);
    expect(server.accounts()[0].attributes).toMatchObject(expected);

    // Datadog's default exclusion comes back in its own order, whatever order it is sent in.
    const reordered = providerBody("123456789012");
    reordered.data.attributes.metrics_config.namespace_filters = { exclude_only: ["AWS/Usage", "AWS/ElasticMapReduce", "AWS/SQS"] } as never;
    const patched = (await call(server, "PATCH", `${ACCOUNTS}/${created.id}`, reordered)).json.data;
    expect(patched.attributes.metrics_config.namespace_filters).toEqual({ exclude_only: ["AWS/SQS", "AWS/ElasticMapReduce", "AWS/Usage"] });
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
    // In the order Datadog keeps lists (see the list-order test).
    expect(patched.json.data.attributes).toMatchObject({
      account_tags: ["env:a", "team:b"],
      auth_config: { role_name: "Renamed", external_id: created.attributes.auth_config.external_id },
      aws_regions: { include_only: ["us-east-1", "us-west-2"] },
      metrics_config: { namespace_filters: { include_only: ["AWS/EC2", "AWS/Lambda"] } },
    });
    expect(patched.json.data.attributes.metrics_config).not.toHaveProperty("metric_name_filters");
    expect((await call(server, "GET", quoted)).json.data.attributes).toEqual({ ...patched.json.data.attributes, created_at: expect.any(String), modified_at: expect.any(String) });

    // Fields a PATCH leaves out keep their values; switching auth type is refused.
    const partial = await call(server, "PATCH", quoted, { data: { type: "account", attributes: { aws_account_id: "123456789012", auth_config: { role_name: "Renamed" } } } });
    expect(partial.json.data.attributes.auth_config.external_id).toBe(created.attributes.auth_config.external_id);
    expect(partial.json.data.attributes.aws_regions).toEqual({ include_only: ["us-east-1", "us-west-2"] });
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

  test("GET /api/v1/metrics: the names that reported since `from`, by tag_filter or host, as the spec's MetricsListResponse", async () => {
    const server = await start();
    const now = Date.now();
    const seconds = (ms: number) => String(Math.floor(ms / 1000));
    server.submitMetric("aws.ec2.cpuutilization", ["aws_account:123456789012", "region:us-east-1"], new Date(now - 60_000), "i-0abc");
    server.submitMetric("aws.ec2.cpuutilization", ["aws_account:123456789012"], new Date(now - 30_000));
    server.submitMetric("aws.rds.cpuutilization", ["aws_account:123456789012"], new Date(now - 3_600_000));
    server.submitMetric("aws.lambda.invocations", ["aws_account:210987654321"], new Date(now - 60_000));
    const from = seconds(now - 600_000);

    const all = await call(server, "GET", `/api/v1/metrics?from=${from}`);
    expect(all).toMatchObject({ status: 200, contentType: "application/json", json: { from, metrics: ["aws.ec2.cpuutilization", "aws.lambda.invocations"] } });
    const tagged = await call(server, "GET", `/api/v1/metrics?from=${from}&tag_filter=${encodeURIComponent("aws_account:123456789012")}`);
    expect(tagged.json).toEqual({ from, metrics: ["aws.ec2.cpuutilization"] });
    const older = await call(server, "GET", `/api/v1/metrics?from=${seconds(now - 7_200_000)}&tag_filter=aws_account:1234*`);
    expect(older.json.metrics).toEqual(["aws.ec2.cpuutilization", "aws.rds.cpuutilization"]);
    expect((await call(server, "GET", `/api/v1/metrics?from=${from}&tag_filter=${encodeURIComponent("aws_account:123456789012 AND region:us-east-1")}`)).json.metrics).toEqual([
      "aws.ec2.cpuutilization",
    ]);
    expect((await call(server, "GET", `/api/v1/metrics?from=${from}&host=i-0abc`)).json.metrics).toEqual(["aws.ec2.cpuutilization"]);
    expect((await call(server, "GET", `/api/v1/metrics?from=${from}&tag_filter=aws_account:000000000000`)).json).toEqual({ from, metrics: [] });

    // Refusals: APIErrorResponse, 400; and the keys, as everywhere else.
    const noFrom = await call(server, "GET", "/api/v1/metrics?tag_filter=aws_account:123456789012");
    expect(noFrom.status).toBe(400);
    expect(noFrom.json.errors).toEqual([expect.stringContaining("from")]);
    expect((await call(server, "GET", "/api/v1/metrics?from=yesterday")).status).toBe(400);
    expect((await call(server, "GET", `/api/v1/metrics?from=${from}&host=i-0abc&tag_filter=aws_account:123456789012`)).status).toBe(400);
    expect((await call(server, "GET", `/api/v1/metrics?from=${from}`, undefined, { "DD-API-KEY": LOCAL_DD_API_KEY })).status).toBe(403);
  });

  test("metric name filters: kept sorted, namespace first, absent when none; refused as the spec and Datadog's guide say", async () => {
    const server = await start({ namespaces: ["AWS/EC2", "AWS/RDS", "AWS/SQS", "AWS/ElasticMapReduce", "AWS/Usage"] });
    const withFilters = (filters: unknown[], namespaceFilters: unknown = { include_only: ["AWS/EC2"] }) => {
      const body = providerBody("123456789012");
      Object.assign(body.data.attributes.metrics_config, { metric_name_filters: filters, namespace_filters: namespaceFilters });
      return body;
    };
    const refusal = async (filters: unknown[]) => {
      const r = await call(server, "POST", ACCOUNTS, withFilters(filters));
      expect(r.status).toBe(400);
      return r.json.errors[0].meta["metrics_config.metric_name_filters"] as string;
    };
    expect(await refusal([{ namespace: "AWS/EC2", include_only: ["aws.ec2.network_in"], exclude_only: ["aws.ec2.disk_*"] }])).toMatch(/exactly one of include_only or exclude_only/);
    expect(await refusal([{ namespace: "AWS/EC2" }])).toMatch(/exactly one of include_only or exclude_only/);
    expect(
      await refusal([
        { namespace: "AWS/EC2", include_only: ["aws.ec2.network_in"] },
        { namespace: "AWS/EC2", exclude_only: ["aws.ec2.disk_*"] },
      ]),
    ).toBe("duplicate namespace: AWS/EC2");
    expect(await refusal([{ namespace: "AWS/Nope", include_only: ["aws.nope"] }])).toBe("invalid namespaces: [AWS/Nope]");
    expect(await refusal([{ namespace: "AWS/EC2", include_only: ["aws.ec2.NetworkIn", "aws.ec2.cpu?", "aws.ec2.ok_*"] }])).toBe("invalid metric name patterns: [aws.ec2.NetworkIn aws.ec2.cpu?]");
    expect(server.accounts()).toEqual([]);

    // Taken as the provider's own test sends them: an AWS/RDS filter while only AWS/EC2 is
    // collected is kept; filters come back by namespace, each one's patterns sorted.
    const created = await call(
      server,
      "POST",
      ACCOUNTS,
      withFilters([
        { exclude_only: ["aws.rds.burst_balance", "aws.rds.aurora*"], namespace: "AWS/RDS" },
        { include_only: ["aws.ec2.network_in"], namespace: "AWS/EC2" },
      ]),
    );
    expect(created.status).toBe(200);
    const kept = [
      { namespace: "AWS/EC2", include_only: ["aws.ec2.network_in"] },
      { namespace: "AWS/RDS", exclude_only: ["aws.rds.aurora*", "aws.rds.burst_balance"] },
    ];
    expect(created.json.data.attributes.metrics_config.metric_name_filters).toEqual(kept);
    expect(JSON.stringify(created.json.data.attributes.metrics_config.metric_name_filters[0])).toBe('{"namespace":"AWS/EC2","include_only":["aws.ec2.network_in"]}');
    const id = created.json.data.id as string;
    expect((await call(server, "GET", `${ACCOUNTS}/${id}`)).json.data.attributes.metrics_config.metric_name_filters).toEqual(kept);

    // An update with none (what provider 4.16+ sends without the block) clears them; the answer has no field.
    const cleared = await call(server, "PATCH", `${ACCOUNTS}/${id}`, withFilters([]));
    expect(cleared.status).toBe(200);
    expect(cleared.json.data.attributes.metrics_config).not.toHaveProperty("metric_name_filters");
    expect((await call(server, "GET", `${ACCOUNTS}/${id}`)).json.data.attributes.metrics_config).not.toHaveProperty("metric_name_filters");
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
