import type Bottleneck from "bottleneck";
import type { ServiceName } from "./service";

/** At most `limit` requests start per window of `intervalMs`; the rest wait in a queue. */
export interface RateLimit {
  limit: number;
  intervalMs: number;
}

/**
 * Published limits: PostHog personal API keys 480 requests/minute, Workiva 50 requests/second
 * (token endpoint included). Overridable per client (`rateLimit` option) or per process with
 * `DATASYNC_RATE_LIMIT_POSTHOG` / `DATASYNC_RATE_LIMIT_WORKIVA` = `<limit>/<intervalMs>` or `off`.
 */
export const DEFAULT_RATE_LIMITS: Readonly<Record<ServiceName, RateLimit>> = {
  posthog: { limit: 480, intervalMs: 60_000 },
  workiva: { limit: 50, intervalMs: 1_000 },
};

/** Something that runs jobs no faster than its limit, queueing (never dropping) the excess. */
export interface RateLimiter {
  /** Runs `job` when the limit allows; resolves or rejects with the job's own result. */
  schedule<T>(job: () => Promise<T>): Promise<T>;
  /** The limit in force, or `null` when unlimited. */
  readonly limit: RateLimit | null;
}

interface Entry {
  limiter: Bottleneck | null;
  limit: RateLimit | null;
}

const limiters = new Map<string, Entry>();

/**
 * Reads the process-wide override for a service from the environment: `<limit>/<intervalMs>`
 * (e.g. `5/500`) or `off`. Undefined when unset; throws on a malformed value.
 */
export function rateLimitFromEnv(service: ServiceName): RateLimit | null | undefined {
  const name = `DATASYNC_RATE_LIMIT_${service.toUpperCase()}`;
  const raw = process.env[name]?.trim();
  if (!raw) return undefined;
  if (/^(off|none|0)$/i.test(raw)) return null;
  const m = /^(\d+)\s*\/\s*(\d+)$/.exec(raw);
  if (!m)
    throw new Error(`${name} must look like <limit>/<intervalMs> (e.g. 480/60000) or "off"; got "${raw}"`);
  return validRateLimit({ limit: Number(m[1]), intervalMs: Number(m[2]) }, name);
}

function validRateLimit(limit: RateLimit, what: string): RateLimit {
  if (
    !Number.isInteger(limit.limit) ||
    limit.limit < 1 ||
    !Number.isFinite(limit.intervalMs) ||
    limit.intervalMs < 1
  ) {
    throw new Error(`${what}: a rate limit needs an integer limit >= 1 and an interval >= 1 ms`);
  }
  return limit;
}

/**
 * The limiter shared by every client of `service` talking to `origin` in this process, so that
 * all resources of a `pulumi up` queue behind one budget. Created on first use with `limit`
 * (explicit > environment > default); a later call with a different explicit limit updates it.
 * `limit: null` means unlimited.
 */
export function sharedRateLimiter(
  service: ServiceName,
  origin: string,
  limit?: RateLimit | null,
): RateLimiter {
  const key = `${service} ${origin}`;
  const wanted = limit !== undefined ? limit && validRateLimit(limit, "rateLimit") : resolveDefault(service);
  let entry = limiters.get(key);
  if (!entry) {
    entry = { limiter: null, limit: null };
    limiters.set(key, entry);
    applyLimit(entry, wanted);
  } else if (limit !== undefined && !sameLimit(entry.limit, wanted)) {
    applyLimit(entry, wanted);
  }
  const e = entry;
  return {
    schedule: <T>(job: () => Promise<T>): Promise<T> => (e.limiter ? e.limiter.schedule(job) : job()),
    get limit() {
      return e.limit;
    },
  };
}

function resolveDefault(service: ServiceName): RateLimit | null {
  const fromEnv = rateLimitFromEnv(service);
  return fromEnv !== undefined ? fromEnv : DEFAULT_RATE_LIMITS[service];
}

function sameLimit(a: RateLimit | null, b: RateLimit | null): boolean {
  return a === b || (a !== null && b !== null && a.limit === b.limit && a.intervalMs === b.intervalMs);
}

function applyLimit(entry: Entry, limit: RateLimit | null): void {
  if (entry.limiter) retire(entry.limiter);
  entry.limit = limit;
  if (limit === null) {
    entry.limiter = null;
    return;
  }
  // A new limiter rather than `updateSettings`: bottleneck 2.19.5 stops refilling the reservoir
  // after `updateSettings` (its heartbeat is cleared). Jobs queued on the old one still run.
  const Limiter = require("bottleneck") as typeof Bottleneck; // loaded at the first limit set
  entry.limiter = new Limiter({
    reservoir: limit.limit,
    reservoirRefreshAmount: limit.limit,
    reservoirRefreshInterval: limit.intervalMs,
  });
}

/**
 * Stops a replaced limiter's refill timer once its queued and running jobs are done (it would
 * otherwise tick for the life of the process).
 */
function retire(limiter: Bottleneck): void {
  const stop = (): void => void limiter.disconnect(false).catch(() => undefined);
  const { RECEIVED, QUEUED, RUNNING, EXECUTING } = limiter.counts();
  if (RECEIVED + QUEUED + RUNNING + EXECUTING === 0) stop();
  else limiter.once("idle", stop);
}

/** Drops every shared limiter (queued jobs still run). For tests only. */
export function resetRateLimiters(): void {
  for (const entry of limiters.values()) void entry.limiter?.disconnect(false);
  limiters.clear();
}
