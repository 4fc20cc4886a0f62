// Faults Datadog's API really answers with (429 with its rate-limit headers, the odd 5xx), injected on chosen calls of the local API, and a tally of them.
/**
 * What a fault looks like on the wire, and why:
 * - 429: Datadog's rate-limit answer. Its headers are the ones Datadog documents
 *   (docs.datadoghq.com/api/latest/rate-limits: X-RateLimit-Limit, -Period (seconds, calendar
 *   aligned), -Remaining, -Reset (seconds until the next reset), -Name (the limit's name, for
 *   increase requests)). The body has the APIErrorResponse shape (`{"errors": [...]}`, the
 *   Datadog API spec's 429 response); its wording is assumed.
 * - 5xx: a gateway or server error answered instead of the call; the body has the same
 *   shape, wording assumed.
 * In both cases the call is NOT carried out (nothing stored, nothing changed): that is what
 * a 429 means, and what a 5xx from Datadog's front door usually means. A 5xx after the
 * change was made (a POST that created the integration, then failed) is another fault,
 * not injected here.
 *
 * How the Terraform provider's client meets them (datadog-api-client-go, api/datadog/client.go,
 * CallAPI and shouldRetryRequest; the provider turns retries on by default, at most 3
 * retries, within 60 s: provider.go `http_client_retry_*`): a 429 with X-Ratelimit-Reset is
 * retried after that many seconds; any other 429 or 5xx after BackOffBase x
 * BackOffMultiplier^n = 2, 4, 8 s (v2.64.0, provider 4.19.0). v2.51.0 (provider 3.82.0) caps
 * that backoff at the HTTP client's timeout, which the provider leaves at 0, so it retries
 * a 5xx at once. The fourth failing answer is the one Terraform reports.
 */
import { countProof } from "../proof-counters";
import type { Reply } from "./replies";

export type FaultKind = "429" | "5xx";

export type Fault =
  | {
      readonly status: 429;
      /** X-RateLimit-Reset: seconds until the limit resets (what the client waits). @default 1 */
      readonly resetSeconds?: number;
      /** X-RateLimit-Limit. @default 100 */
      readonly limit?: number;
      /** X-RateLimit-Period in seconds. @default 60 */
      readonly periodSeconds?: number;
      /** X-RateLimit-Name. @default "integration_aws" (assumed) */
      readonly name?: string;
    }
  | { readonly status: 500 | 502 | 503 | 504 };

export interface FaultRule {
  readonly method: string;
  /** The request path, exactly, or a pattern of it (e.g. /^\/api\/v2\/integration\/aws\/accounts\/[^/]+$/). */
  readonly path: string | RegExp;
  readonly fault: Fault;
  /** How many matching requests answer with the fault, in a row. @default 1 */
  readonly times?: number;
  /** Matching requests let through before the first fault. @default 0 */
  readonly after?: number;
}

/** One fault answered: the call it hit and what it got. */
export interface InjectedFault {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly kind: FaultKind;
  /** When it was answered (ms since the epoch). */
  readonly at: number;
  /** Milliseconds until the same call came again (the client's wait before its retry); unset until it does. */
  retriedAfterMs?: number;
}

const STATUS_TEXT: Record<number, string> = { 429: "Too many requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout" };

/** The answer a fault gives in place of the call. */
export function faultReply(fault: Fault): Reply {
  const body = { errors: [STATUS_TEXT[fault.status]] };
  if (fault.status !== 429) return { status: fault.status, body, type: "application/json" };
  const period = fault.periodSeconds ?? 60;
  return {
    status: 429,
    body,
    type: "application/json",
    headers: {
      "X-RateLimit-Limit": String(fault.limit ?? 100),
      "X-RateLimit-Period": String(period),
      "X-RateLimit-Remaining": "0",
      "X-RateLimit-Reset": String(fault.resetSeconds ?? 1),
      "X-RateLimit-Name": fault.name ?? "integration_aws",
    },
  };
}

/** The faults armed on one local API, matched against each request in arrival order. */
export class FaultInjector {
  /** Every fault answered so far, in order. */
  readonly injected: InjectedFault[] = [];
  private readonly rules: { rule: FaultRule; seen: number }[] = [];

  /** Arms a rule; rules are tried in the order they were armed. */
  inject(rule: FaultRule): this {
    this.rules.push({ rule, seen: 0 });
    return this;
  }

  /** The fault answer for this request, if an armed rule takes it; counts the request against every rule it matches. */
  take(method: string, path: string): Reply | undefined {
    const now = Date.now();
    // The call came again: how long the client waited after the fault.
    for (const f of this.injected) if (f.retriedAfterMs === undefined && f.method === method && f.path === path) f.retriedAfterMs = now - f.at;
    let reply: Reply | undefined;
    for (const entry of this.rules) {
      const { rule } = entry;
      const pathMatches = typeof rule.path === "string" ? rule.path === path : rule.path.test(path);
      if (rule.method !== method || !pathMatches) continue;
      const index = entry.seen++;
      const after = rule.after ?? 0;
      if (reply || index < after || index >= after + (rule.times ?? 1)) continue;
      reply = faultReply(rule.fault);
      this.injected.push({ method, path, status: reply.status, kind: reply.status === 429 ? "429" : "5xx", at: now });
    }
    return reply;
  }

  /** Faults armed but not answered yet (a rule whose requests never came). */
  pending(): number {
    return this.rules.reduce((n, { rule, seen }) => n + Math.max(0, (rule.after ?? 0) + (rule.times ?? 1) - Math.max(seen, rule.after ?? 0)), 0);
  }
}

/** Counts faults for the proof summary: injected, and survived when the command that met them came through by itself. */
export function countFaults(faults: readonly InjectedFault[], survived: boolean): void {
  for (const kind of ["429", "5xx"] as const) {
    const n = faults.filter((f) => f.kind === kind).length;
    if (!n) continue;
    countProof(`faults:injected:${kind}`, n);
    if (survived) countProof(`faults:survived:${kind}`, n);
  }
}
