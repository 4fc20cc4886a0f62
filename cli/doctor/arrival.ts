/**
 * Whether data arrives: the last step of Datadog's manual setup guide ("wait up to 10
 * minutes, then look at the AWS overview dashboard") as a check. Datadog is asked for the
 * metrics tagged with the account's ID since the integration was created (or over the last
 * hour, for an older one); with `--wait`, it is asked again every interval until some
 * arrive or the limit the user set is reached, with a progress line each time.
 */
import type { DatadogAccount, MetricsArrival } from "./views";

/** How long Datadog says data can take to arrive after the integration is set up. */
export const ARRIVAL_EXPECTED_MS = 10 * 60_000;
/** The window an older integration is judged on: recent data, not data from its first day. */
const RECENT_MS = 60 * 60_000;

export interface WaitOptions {
  /** Stop asking after this long. 0: ask once. */
  readonly limitMs: number;
  /** Time between two questions. */
  readonly intervalMs: number;
  /** Told after each question that found nothing and before the next. */
  readonly progress?: (line: string) => void;
}

/** From when metrics count: the integration's creation, or the last hour for an integration older than that. */
export function arrivalWindowStart(account: DatadogAccount, now: Date): { from: Date; createdAt?: Date } {
  const created = typeof account.attributes.created_at === "string" ? new Date(account.attributes.created_at) : undefined;
  const createdAt = created && !Number.isNaN(created.getTime()) ? created : undefined;
  const recent = new Date(now.getTime() - RECENT_MS);
  return { from: createdAt && createdAt > recent ? createdAt : recent, createdAt };
}

/** "0.5s", "12s", "1m30s", "10m". */
export function duration(ms: number): string {
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes}m${seconds}s` : `${minutes}m`;
}

/** Asks `read` until it returns names or the limit passes; what was found, and how long it waited. */
export async function awaitMetrics(accountId: string, account: DatadogAccount, read: (from: Date) => Promise<string[]>, options: WaitOptions): Promise<MetricsArrival> {
  const started = Date.now();
  const { from, createdAt } = arrivalWindowStart(account, new Date(started));
  let polls = 0;
  for (;;) {
    const metrics = await read(from);
    polls++;
    const waited = Date.now() - started;
    if (metrics.length || waited + options.intervalMs > options.limitMs) {
      return { from, createdAt, metrics, checkedAt: new Date(), ...(options.limitMs > 0 ? { waitedMs: waited, polls } : {}) };
    }
    options.progress?.(
      `waiting for metrics from AWS account ${accountId} (tag aws_account:${accountId}) since ${from.toISOString()}: none yet, ${duration(waited)} of ${duration(options.limitMs)} waited, asking again in ${duration(options.intervalMs)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
}
