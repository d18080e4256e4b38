import { DEFAULT_RETRY, type RetrySettings } from "./retry-policy";

/** Timing settings of one HttpClient. */
export interface TimingSettings {
  /** Timeout of one attempt (connect + answer), default 30 s (Workiva itself cuts at 29 s). */
  timeoutMs: number;
  /** Deadline of a whole `request()` call: queueing, every attempt and every wait. Default 5 min. */
  deadlineMs: number;
}

/** Defaults of TimingSettings. */
export const DEFAULT_TIMING: Readonly<TimingSettings> = { timeoutMs: 30_000, deadlineMs: 300_000 };

/**
 * Process-wide overrides, read when a client is constructed (explicit options still win):
 * `DATASYNC_HTTP_ATTEMPTS`, `DATASYNC_HTTP_MIN_DELAY_MS`, `DATASYNC_HTTP_MAX_DELAY_MS`,
 * `DATASYNC_HTTP_MAX_RETRY_AFTER_MS`, `DATASYNC_HTTP_TIMEOUT_MS`, `DATASYNC_HTTP_DEADLINE_MS`.
 */
export const HTTP_ENV = {
  attempts: "DATASYNC_HTTP_ATTEMPTS",
  minDelayMs: "DATASYNC_HTTP_MIN_DELAY_MS",
  maxDelayMs: "DATASYNC_HTTP_MAX_DELAY_MS",
  maxRetryAfterMs: "DATASYNC_HTTP_MAX_RETRY_AFTER_MS",
  timeoutMs: "DATASYNC_HTTP_TIMEOUT_MS",
  deadlineMs: "DATASYNC_HTTP_DEADLINE_MS",
} as const;

function envNumber(name: string, min: number): number | undefined {
  const raw = process.env[name]?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number >= ${min}; got "${raw}"`);
  return n;
}

function pick(explicit: number | undefined, envName: string, fallback: number, min: number): number {
  if (explicit !== undefined) {
    if (!Number.isFinite(explicit) || explicit < min)
      throw new Error(`HTTP option ${envName} must be >= ${min}`);
    return explicit;
  }
  return envNumber(envName, min) ?? fallback;
}

/** Retry settings: explicit options, then environment, then DEFAULT_RETRY. */
export function resolveRetrySettings(options: Partial<RetrySettings> = {}): RetrySettings {
  return {
    attempts: Math.floor(pick(options.attempts, HTTP_ENV.attempts, DEFAULT_RETRY.attempts, 1)),
    minDelayMs: pick(options.minDelayMs, HTTP_ENV.minDelayMs, DEFAULT_RETRY.minDelayMs, 0),
    maxDelayMs: pick(options.maxDelayMs, HTTP_ENV.maxDelayMs, DEFAULT_RETRY.maxDelayMs, 0),
    maxRetryAfterMs: pick(
      options.maxRetryAfterMs,
      HTTP_ENV.maxRetryAfterMs,
      DEFAULT_RETRY.maxRetryAfterMs,
      0,
    ),
  };
}

/** Timing settings: explicit options, then environment, then DEFAULT_TIMING. */
export function resolveTimingSettings(options: Partial<TimingSettings> = {}): TimingSettings {
  return {
    timeoutMs: pick(options.timeoutMs, HTTP_ENV.timeoutMs, DEFAULT_TIMING.timeoutMs, 1),
    deadlineMs: pick(options.deadlineMs, HTTP_ENV.deadlineMs, DEFAULT_TIMING.deadlineMs, 1),
  };
}
