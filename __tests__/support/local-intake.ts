// A local Datadog Firehose intake (logs or metrics) on 127.0.0.1 over HTTPS, recording what Firehose delivers; shareable by the metric streams proofs.
/**
 * What it imitates: the HTTP endpoint a Kinesis Data Firehose delivery stream posts to, as AWS
 * specifies it ("HTTP Endpoint Delivery Request and Response Specifications", Firehose
 * developer guide): a POST whose JSON body is { requestId, timestamp, records: [{ data }] }
 * (each `data` base64), possibly gzip-encoded (Content-Encoding: gzip, the logs template's
 * ContentEncoding GZIP), with the destination's access key in X-Amz-Firehose-Access-Key; the
 * endpoint answers 200 with { requestId, timestamp } when it accepts the records, and an
 * error status with { requestId, timestamp, errorMessage } when not (Datadog's intake
 * refuses a request without a valid API key). HTTPS only: the AWS provider refuses an
 * http:// endpoint URL, so the intake has a self-signed certificate for 127.0.0.1 (made with
 * openssl), whose file the Firehose side (moto: REQUESTS_CA_BUNDLE) must trust.
 *
 * Every request is kept as received, accepted or not, so a test asserts what arrived.
 * The server is unref'd: it never keeps the test process alive, and close() removes the
 * certificate.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";

/** One delivery as the intake received it. */
export interface IntakeRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Whether X-Amz-Firehose-Access-Key held the intake's key. */
  readonly keyAccepted: boolean;
  /** The body, decoded (gunzipped when Content-Encoding says gzip) and parsed. */
  readonly body: { readonly requestId?: string; readonly timestamp?: number; readonly records?: readonly { readonly data: string }[] };
  /** The status the intake answered. */
  readonly status: number;
}

export class LocalIntake {
  readonly requests: IntakeRequest[] = [];

  private constructor(
    private readonly server: Server,
    private readonly dir: string,
    /** The certificate file the Firehose side must trust. */
    readonly caFile: string,
    /** The key a delivery must carry to be accepted. */
    readonly apiKey: string,
  ) {}

  /** Base URL, e.g. https://127.0.0.1:41234 */
  get url(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  static async start(apiKey: string): Promise<LocalIntake> {
    const dir = mkdtempSync(path.join(tmpdir(), "local-intake-"));
    const [key, cert] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], {
      stdio: "ignore",
    });
    let intake: LocalIntake | undefined;
    const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        let raw = Buffer.concat(chunks);
        if (/gzip/i.test(String(req.headers["content-encoding"] ?? ""))) raw = gunzipSync(raw);
        let body: IntakeRequest["body"] = {};
        try {
          body = JSON.parse(raw.toString("utf8"));
        } catch {
          body = {};
        }
        const keyAccepted = req.headers["x-amz-firehose-access-key"] === apiKey;
        const requestId = String(req.headers["x-amz-firehose-request-id"] ?? body.requestId ?? "");
        const ok = req.method === "POST" && Array.isArray(body.records);
        const status = !ok ? 400 : keyAccepted ? 200 : 403;
        intake!.requests.push({ path: req.url ?? "/", headers: req.headers, keyAccepted, body, status });
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ requestId, timestamp: Date.now(), ...(status === 200 ? {} : { errorMessage: ok ? "Forbidden: invalid API key" : "Bad request: no records" }) }));
      });
    });
    server.unref();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    intake = new LocalIntake(server, dir, cert, apiKey);
    return intake;
  }

  /** Every record that arrived, its data decoded from base64 (as raw bytes). */
  records(): Buffer[] {
    return this.requests.flatMap((r) => (r.body.records ?? []).map((x) => Buffer.from(x.data, "base64")));
  }

  close(): Promise<void> {
    return new Promise((resolve) =>
      this.server.close(() => {
        rmSync(this.dir, { recursive: true, force: true });
        resolve();
      }),
    );
  }
}
