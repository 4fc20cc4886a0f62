/**
 * A local Datadog intake for Kinesis Data Firehose's HTTP endpoint deliveries: an HTTPS
 * server on 127.0.0.1 (the AWS provider accepts only https:// endpoint URLs) with a
 * certificate made for the test by openssl, that keeps every request it receives and answers
 * as Firehose's HTTP endpoint specification asks (200, a JSON body with the request's id and a
 * timestamp). A gzipped body (Content-Encoding: gzip) is kept unzipped. It stops by itself
 * after `lifetimeMs`, whatever the test does.
 *
 * Give the moto server that delivers to it `caBundleEnv()`, so Python's requests trusts the
 * certificate without turning verification off.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";

/** One request the intake received. */
export interface IntakeRequest {
  readonly method: string;
  readonly path: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export class LocalIntake {
  private constructor(
    /** Every request received, in order. */
    readonly requests: readonly IntakeRequest[],
    private readonly server: Server,
    private readonly dir: string,
    readonly url: string,
    private readonly stopTimer: NodeJS.Timeout,
  ) {}

  /** Starts the intake on a free port of 127.0.0.1; it closes itself after `lifetimeMs`. */
  static async start(lifetimeMs = 10 * 60_000): Promise<LocalIntake> {
    const dir = mkdtempSync(path.join(os.tmpdir(), "local-intake-"));
    const key = path.join(dir, "key.pem");
    const cert = path.join(dir, "cert.pem");
    // A self-signed certificate for 127.0.0.1 only, marked as its own CA so a bundle of it verifies it.
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
      ],
      { stdio: "ignore" },
    );
    const requests: IntakeRequest[] = [];
    const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(",") : (v ?? "")]));
        // The logs template's ContentEncoding GZIP: Firehose gzips the body and says so.
        const raw = Buffer.concat(chunks);
        const body = (/gzip/i.test(headers["content-encoding"] ?? "") ? gunzipSync(raw) : raw).toString("utf8");
        requests.push({ method: req.method ?? "", path: req.url ?? "", headers, body });
        let requestId = "";
        try {
          requestId = String((JSON.parse(body) as { requestId?: unknown }).requestId ?? "");
        } catch {
          // not JSON: answered all the same, the test asserts on what arrived
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ requestId, timestamp: Date.now() }));
      });
    });
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("the local intake has no port");
    const intake: LocalIntake = new LocalIntake(requests, server, dir, `https://127.0.0.1:${address.port}`, setTimeout(() => void intake.close(), lifetimeMs).unref());
    server.unref();
    return intake;
  }

  /** Environment for a Python process (moto) so that requests trusts this intake's certificate. */
  caBundleEnv(): Record<string, string> {
    return { REQUESTS_CA_BUNDLE: path.join(this.dir, "cert.pem") };
  }

  async close(): Promise<void> {
    clearTimeout(this.stopTimer);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
