// Serves the parts of Datadog's HTTP API the Terraform Datadog provider calls, on 127.0.0.1, and records every request, so stacks are applied against Datadog's behaviour offline.
/**
 * A local stand-in for the parts of Datadog's HTTP API that the Terraform Datadog provider
 * (3.82.0, 4.19.0) calls for `datadog_integration_aws_account` and the
 * `datadog_integration_aws_iam_permissions*` data sources. It answers as Datadog's API
 * does, not as the provider would like: point the real provider at it with
 * `api_url = server.url` and the keys below.
 *
 * Evidence, cited by name throughout:
 * - "Datadog API spec": the OpenAPI documents shipped with DataDog/datadog-api-client-go.
 * - "provider cassette X": DataDog/terraform-provider-datadog, datadog/tests/cassettes/X.yaml
 *   (recorded real requests and responses).
 * - "client cassette X": DataDog/datadog-api-client-go, tests/scenarios/cassettes/
 *   TestScenarios/v2/Feature_AWS_Integration/Scenario_X.yaml.
 * Where no recording shows a behaviour the code says "assumed". What the API stores and
 * renders is in datadog-api/account-record.ts, the order it keeps lists in in
 * datadog-api/list-order.ts, its refusals in datadog-api/replies.ts, the checks it makes in
 * datadog-api/request-checks.ts.
 */
import { randomUUID } from "node:crypto";
import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type AccountData, isObj, merge, normalize, nowNano, type Obj, renderAccount, type Stored } from "./datadog-api/account-record";
import { accountNotFound, apiError, conflict, FORBIDDEN, NOT_FOUND, type Reply } from "./datadog-api/replies";
import { checkAccountRequest } from "./datadog-api/request-checks";
import { FaultInjector } from "./datadog-api/faults";
import { type MetricPoint, MetricStore } from "./datadog-api/metrics";
import { RECORDED_PERMISSIONS } from "./datadog-api/recorded-lists";
import { type CcmConfig, ccmConfigRoute } from "./datadog-api/ccm-config";

/** The only keys accepted. Deliberately not shaped like real Datadog keys (32/40 hex). */
export const LOCAL_DD_API_KEY = "local-test-api-key-0000";
export const LOCAL_DD_APP_KEY = "local-test-app-key-0000";

export interface RecordedRequest {
  method: string;
  /** The path as sent on the wire, still percent-encoded (the provider sends `%22<id>%22`). */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (the raw text when it is not JSON); absent when the request had none. */
  body?: unknown;
  status: number;
  /** True when an injected fault answered it (see `faults`): the call was not carried out. */
  fault?: boolean;
  /** True when the API stored what was asked and then dropped the connection without answering (dropNextCreates). */
  dropped?: boolean;
}

export interface LocalDatadogApiOptions {
  /**
   * Lists the iam_permissions endpoints serve. @default Datadog's lists as recorded outside the
   * project (datadog-api/recorded-lists.ts), never lib/facts: "live" must not agree with "pinned" by construction
   */
  permissions?: { standard: readonly string[]; resourceCollection: readonly string[] };
  /**
   * The iam_permissions lists need no keys today (Datadog's CloudFormation templates read
   * them without any); true makes them require both keys, as every other route does.
   * @default false
   */
  permissionsNeedKeys?: boolean;
  /**
   * false: the application key lacks `metrics_read`, so GET /api/v1/metrics answers 403
   * Forbidden (Datadog docs: the endpoint "requires the metrics_read permission"; scoped
   * application keys can leave it out). @default true
   */
  metricsRead?: boolean;
  /** CloudWatch namespaces the API accepts. @default accept any namespace */
  namespaces?: readonly string[];
  /** Log sources the API accepts. @default accept any */
  logSources?: readonly string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class LocalDatadogApi {
  readonly requests: RecordedRequest[] = [];
  /** Faults to answer chosen calls with (429, 5xx), instead of carrying them out; see datadog-api/faults.ts. */
  readonly faults = new FaultInjector();
  private readonly store = new Map<string, Stored>();
  /** Each integration's Cloud Cost Management config, by its config id (datadog-api/ccm-config.ts). */
  readonly ccmConfigs = new Map<string, CcmConfig>();
  private readonly metrics = new MetricStore();
  private createsToDrop = 0;
  private closing?: Promise<void>;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly options: LocalDatadogApiOptions,
  ) {}

  static async start(options: LocalDatadogApiOptions = {}): Promise<LocalDatadogApi> {
    let api: LocalDatadogApi | undefined;
    const server = createServer((req, res) => {
      api!.handle(req, res).catch((err: unknown) => {
        res.writeHead(500, { "Content-Type": "text/plain" });
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    api = new LocalDatadogApi(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, options);
    return api;
  }

  /** Integrations currently stored, as GET returns them (deep copies). */
  accounts(): AccountData[] {
    return [...this.store.values()].map((s) => renderAccount(s, "read"));
  }

  /**
   * Creates an integration as a person would in the UI (for import tests), with the API's
   * checks and defaults. `id`: the config ID Datadog gave it, when a test needs a known one
   * (a config that imports it names it). @default a new UUID
   */
  seedAccount(attributes: Obj, id?: string, createdAt?: Date): AccountData {
    const refused = checkAccountRequest(attributes, undefined, this.options) ?? (this.byAwsId(attributes.aws_account_id) ? conflict() : undefined);
    if (refused) throw new Error(`seedAccount refused: ${JSON.stringify(refused.body)}`);
    const stored = this.insert(attributes, id);
    // An integration made earlier (`createdAt`): the nanosecond form nowNano() gives.
    if (createdAt) stored.createdAt = stored.modifiedAt = `${createdAt.toISOString().slice(0, 23)}000000Z`;
    return renderAccount(stored, "read");
  }

  /** A metric reaching Datadog, as the AWS integration submits it (tags such as `aws_account:<id>`). @default at now */
  submitMetric(name: string, tags: readonly string[], at: Date = new Date(), host?: string): void {
    const point: MetricPoint = { name, tags, at, ...(host ? { host } : {}) };
    this.metrics.submit(point);
  }

  /**
   * The next `count` successful creates (POST /api/v2/integration/aws/accounts) store the
   * integration, then drop the connection without an answer: what a client sees when its
   * runner dies, or the network fails, after Datadog created the account but before the
   * answer arrived, so Terraform never saves it to state.
   */
  dropNextCreates(count = 1): void {
    this.createsToDrop = count;
  }

  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await new Promise<string>((resolve, reject) => {
      let text = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => (text += chunk));
      req.on("end", () => resolve(text));
      req.on("error", reject);
    });
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // not JSON: kept as text, refused below as a body without data.attributes
    }
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = req.method ?? "GET";
    const fault = this.faults.take(method, url.pathname);
    const reply = fault ?? this.route(method, url.pathname, url.searchParams, req.headers, body);
    const drop = !fault && this.createsToDrop > 0 && method === "POST" && url.pathname === "/api/v2/integration/aws/accounts" && reply.status === 200;
    this.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...(raw ? { body } : {}),
      status: reply.status,
      ...(fault ? { fault: true } : {}),
      ...(drop ? { dropped: true } : {}),
    });
    if (drop) {
      this.createsToDrop--;
      req.socket.destroy();
      return;
    }
    if (reply.body === undefined) {
      res.writeHead(reply.status); // DELETE: 204 with no body and no Content-Type (provider cassettes)
      res.end();
      return;
    }
    const text = JSON.stringify(reply.body);
    // v2 responses are JSON:API (provider cassettes: "application/vnd.api+json"); the Go client accepts both.
    res.writeHead(reply.status, { ...reply.headers, "Content-Type": reply.type ?? "application/vnd.api+json", "Content-Length": Buffer.byteLength(text) });
    res.end(text);
  }

  private route(method: string, path: string, query: URLSearchParams, headers: IncomingHttpHeaders, body: unknown): Reply {
    const apiKeyOk = headers["dd-api-key"] === LOCAL_DD_API_KEY;
    // /api/v1/validate checks the API key only (Datadog API spec: `security: apiKeyAuth`; the
    // Go client sends no DD-APPLICATION-KEY on it, so requiring one would break `terraform plan`).
    if (method === "GET" && path === "/api/v1/validate") return apiKeyOk ? { status: 200, body: { valid: true }, type: "application/json" } : FORBIDDEN;
    const keysOk = apiKeyOk && headers["dd-application-key"] === LOCAL_DD_APP_KEY;
    const openList = method === "GET" && path.startsWith("/api/v2/integration/aws/iam_permissions") && !this.options.permissionsNeedKeys;
    if (!keysOk && !openList) return FORBIDDEN;

    const aws = "/api/v2/integration/aws";
    if (path === `${aws}/accounts`) {
      if (method === "POST") return this.create(body);
      if (method === "GET") {
        const wanted = query.get("aws_account_id");
        return { status: 200, body: { data: this.accounts().filter((a) => wanted === null || a.attributes.aws_account_id === wanted) } };
      }
      return NOT_FOUND;
    }
    if (method === "GET" && path === "/api/v1/metrics") return this.options.metricsRead === false ? FORBIDDEN : this.metrics.activeMetrics(query);
    const ccm = new RegExp(`^${aws}/accounts/([^/]+)/ccm_config$`).exec(path);
    if (ccm) return ccmConfigRoute(method, this.store.get(decodeURIComponent(ccm[1]).toLowerCase())?.id, body, this.ccmConfigs);
    const byId = new RegExp(`^${aws}/accounts/([^/]+)$`).exec(path);
    if (byId && ["GET", "PATCH", "DELETE"].includes(method)) return this.byConfigId(method, byId[1], body);
    if (method !== "GET") return NOT_FOUND;

    const perms = this.options.permissions ?? { standard: RECORDED_PERMISSIONS.standard.items, resourceCollection: RECORDED_PERMISSIONS.resourceCollection.items };
    // All three lists come back sorted by code point, without duplicates (provider cassettes
    // TestAccDatadogIntegrationAWSIAMPermissions{,Standard,ResourceCollection}Datasource); the full
    // list is the union of the other two.
    const permissions = (list: readonly string[]): Reply => ({
      status: 200,
      body: { data: { id: "permissions", type: "permissions", attributes: { permissions: [...new Set(list)].sort() } } },
    });
    if (path === `${aws}/iam_permissions`) return permissions([...perms.standard, ...perms.resourceCollection]);
    if (path === `${aws}/iam_permissions/standard`) return permissions(perms.standard);
    if (path === `${aws}/iam_permissions/resource_collection`) return permissions(perms.resourceCollection);
    // Served only when configured, in the order given (the real list is not sorted: provider cassette
    // TestAccDatadogIntegrationAWSAvailableNamespacesDatasource).
    if (path === `${aws}/available_namespaces` && this.options.namespaces)
      return { status: 200, body: { data: { id: "namespaces", type: "namespaces", attributes: { namespaces: [...this.options.namespaces] } } } };
    if (path === `${aws}/logs/services` && this.options.logSources)
      return { status: 200, body: { data: { id: "logs_services", type: "logs_services", attributes: { logs_services: [...this.options.logSources] } } } };
    return NOT_FOUND;
  }

  private create(body: unknown): Reply {
    const attrs = isObj(body) && isObj(body.data) && isObj(body.data.attributes) ? body.data.attributes : undefined;
    const refused = checkAccountRequest(attrs, undefined, this.options);
    if (refused) return refused;
    // Checked after the body (assumed order: validation, then the unique AWS account id).
    if (this.byAwsId(attrs!.aws_account_id)) return conflict();
    return { status: 200, body: { data: renderAccount(this.insert(attrs!), "write", true) } };
  }

  private byConfigId(method: string, segment: string, body: unknown): Reply {
    // The provider passes types.String.String(), so the id arrives quoted and encoded:
    // /accounts/%22<uuid>%22 (provider cassette TestAccIntegrationAwsAccount_RoleBased). Datadog
    // strips the quotes; other clients send the bare UUID.
    let id = "";
    try {
      id = decodeURIComponent(segment).replace(/^"(.*)"$/, "$1");
    } catch {
      // malformed percent-encoding: not a UUID
    }
    if (!UUID.test(id)) {
      // Client cassette Get_account_config_returns_Bad_Request_response.
      return apiError(400, "Invalid Parameter", 'invalid parameter "aws_account_config_id" in "path"; expected type "uuid"');
    }
    const stored = this.store.get(id.toLowerCase());
    if (!stored) return accountNotFound();
    if (method === "GET") return { status: 200, body: { data: renderAccount(stored, "read") } };
    if (method === "DELETE") {
      this.store.delete(stored.id);
      this.ccmConfigs.delete(stored.id);
      return { status: 204 }; // provider cassettes: 204 No Content, empty body
    }
    const attrs = isObj(body) && isObj(body.data) && isObj(body.data.attributes) ? body.data.attributes : undefined;
    const refused = checkAccountRequest(attrs, stored.attrs, this.options);
    if (refused) return refused;
    const other = this.byAwsId(attrs!.aws_account_id);
    if (other && other.id !== stored.id) return conflict(); // assumed: the AWS account id stays unique
    stored.attrs = normalize(merge(stored.attrs, attrs!));
    stored.modifiedAt = nowNano();
    return { status: 200, body: { data: renderAccount(stored, "write") } };
  }

  private byAwsId(awsAccountId: unknown): Stored | undefined {
    return [...this.store.values()].find((s) => s.attrs.aws_account_id === awsAccountId);
  }

  private insert(attrs: Obj, id: string = randomUUID()): Stored {
    const now = nowNano();
    const stored: Stored = { id, attrs: normalize(structuredClone(attrs)), createdAt: now, modifiedAt: now };
    this.store.set(stored.id, stored);
    return stored;
  }
}
