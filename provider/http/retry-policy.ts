import { isReadOnlyMethod } from "./service";
import type { FailureKind } from "./errors";

/** Retry settings of one HttpClient. */
export interface RetrySettings {
  /** Total attempts including the first one (1 = no retry). */
  attempts: number;
  /** Backoff before the first retry; doubles each retry. */
  minDelayMs: number;
  /** Upper bound of one backoff wait. */
  maxDelayMs: number;
  /** Upper bound of a server-requested wait (Retry-After). */
  maxRetryAfterMs: number;
}

/**
 * Defaults: 5 attempts, backoff 500 ms doubling up to 20 s with +-20 % jitter, Retry-After
 * honoured up to 60 s. (The per-request timeout of 30 s and the 5 min deadline live in client.ts.)
 */
export const DEFAULT_RETRY: Readonly<RetrySettings> = {
  attempts: 5,
  minDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

/** Statuses retried for requests that are safe to replay. */
const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);

/** Network error codes that mean the connection was never established (nothing was sent). */
const NEVER_CONNECTED_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
]);

/** True when `code` is a network error that means the connection was never established. */
export function isNeverConnectedCode(code: string | undefined): boolean {
  return code !== undefined && NEVER_CONNECTED_CODES.has(code);
}

/**
 * True when a request may be sent again after it possibly reached the server: every method
 * except POST (GET, HEAD, PUT, PATCH, DELETE), or any request the caller marked `idempotent`.
 */
export function isReplayable(method: string, idempotent = false): boolean {
  return idempotent || method.toUpperCase() !== "POST";
}

/** The facts about one failed attempt that decide whether to retry it. */
export interface AttemptFailure {
  kind: FailureKind;
  /** HTTP status, 0 without an answer. */
  status: number;
  /** False when the connection never opened, so the server cannot have seen the request. */
  sent: boolean;
}

/**
 * Decides whether a failed attempt may be retried:
 * - 429: always (the server refused the request before doing anything);
 * - 500/502/503/504 and network errors/timeouts after sending: only if `isReplayable`;
 * - a connection that never opened: always;
 * - a malformed 2xx body: only if `isReplayable` (a POST may have been applied);
 * - anything else (4xx, deadline, caller abort): never.
 */
export function isRetryable(failure: AttemptFailure, method: string, idempotent = false): boolean {
  switch (failure.kind) {
    case "http":
      if (failure.status === 429) return true;
      return TRANSIENT_STATUSES.has(failure.status) && isReplayable(method, idempotent);
    case "network":
    case "timeout":
      return !failure.sent || isReplayable(method, idempotent);
    case "malformed":
      return isReplayable(method, idempotent);
    default:
      return false;
  }
}

/**
 * True when a failure may have left the change applied on the server: the request was sent,
 * the method changes something, and the answer was a 5xx, no answer (reset, timeout) or a 2xx
 * with a malformed body. Read-only methods are never ambiguous.
 */
export function isAmbiguous(failure: AttemptFailure, method: string): boolean {
  if (isReadOnlyMethod(method) || !failure.sent) return false;
  switch (failure.kind) {
    case "http":
      return failure.status >= 500;
    case "network":
    case "timeout":
    case "deadline":
    case "aborted":
    case "malformed":
      return true;
    default:
      return false;
  }
}

/**
 * Parses a Retry-After header (RFC 9110: delay in seconds, or an HTTP date) into milliseconds
 * from `nowMs`. Returns undefined when missing or unparseable; a date in the past gives 0.
 */
export function parseRetryAfter(
  value: string | undefined | null,
  nowMs: number = Date.now(),
): number | undefined {
  if (value === undefined || value === null) return undefined;
  const v = value.trim();
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  if (/^-/.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * Exponential backoff with jitter before retry number `retry` (1 = first retry):
 * `minDelayMs * 2^(retry-1)`, capped at `maxDelayMs`, times a random factor in [0.8, 1.2),
 * never above `maxDelayMs`.
 */
export function backoffDelay(
  retry: number,
  settings: Pick<RetrySettings, "minDelayMs" | "maxDelayMs">,
  random: () => number = Math.random,
): number {
  const base = Math.min(settings.maxDelayMs, settings.minDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(Math.min(settings.maxDelayMs, base * (0.8 + 0.4 * random())));
}

/**
 * The wait before retry number `retry`: the server's Retry-After when given (capped at
 * `maxRetryAfterMs`, plus up to 10 % positive jitter, itself capped at 250 ms, so concurrent
 * callers do not all come back at the same instant), else `backoffDelay`.
 */
export function retryDelay(
  retryAfterMs: number | undefined,
  retry: number,
  settings: RetrySettings,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) {
    const wait = Math.min(retryAfterMs, settings.maxRetryAfterMs);
    return Math.round(wait + Math.min(250, wait * 0.1) * random());
  }
  return backoffDelay(retry, settings, random);
}
