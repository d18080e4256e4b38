import {
  backoffDelay,
  DEFAULT_RETRY,
  isAmbiguous,
  isRetryable,
  parseRetryAfter,
  retryDelay,
} from "../../provider/http";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");

  it("reads delay-seconds", () => {
    expect(parseRetryAfter("1", now)).toBe(1000);
    expect(parseRetryAfter(" 30 ", now)).toBe(30_000);
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter("1.5", now)).toBe(1500);
  });

  it("reads an HTTP date relative to now, and a past date as 0", () => {
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:59:00 GMT", now)).toBe(0);
  });

  it("ignores missing and unparseable values", () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-3", now)).toBeUndefined();
  });
});

describe("backoff", () => {
  const settings = { minDelayMs: 100, maxDelayMs: 1000 };

  it("doubles per retry within +-20 % jitter and never exceeds the cap", () => {
    expect(backoffDelay(1, settings, () => 0)).toBe(80);
    expect(backoffDelay(1, settings, () => 0.999)).toBeLessThanOrEqual(120);
    expect(backoffDelay(2, settings, () => 0.5)).toBe(200);
    expect(backoffDelay(3, settings, () => 0.5)).toBe(400);
    expect(backoffDelay(10, settings, () => 0.999)).toBe(1000);
  });

  it("is randomised: two waits for the same retry differ", () => {
    const waits = new Set(
      Array.from({ length: 20 }, () => backoffDelay(3, { minDelayMs: 1000, maxDelayMs: 60_000 })),
    );
    expect(waits.size).toBeGreaterThan(1);
  });

  it("waits what Retry-After asks, capped by maxRetryAfterMs, never less", () => {
    const s = { ...DEFAULT_RETRY, maxRetryAfterMs: 5000 };
    expect(retryDelay(1000, 1, s, () => 0)).toBe(1000);
    const jittered = retryDelay(1000, 1, s, () => 0.999);
    expect(jittered).toBeGreaterThanOrEqual(1000);
    expect(jittered).toBeLessThanOrEqual(1100);
    expect(retryDelay(120_000, 1, s, () => 0)).toBe(5000);
    expect(retryDelay(undefined, 1, s, () => 0.5)).toBe(DEFAULT_RETRY.minDelayMs);
  });
});

describe("what is retried", () => {
  const http = (status: number) => ({ kind: "http" as const, status, sent: true });
  const network = (sent: boolean) => ({ kind: "network" as const, status: 0, sent });

  it.each(["GET", "PUT", "PATCH", "DELETE"])("%s: 429, 500, 502, 503, 504 and network errors", (method) => {
    for (const status of [429, 500, 502, 503, 504]) expect(isRetryable(http(status), method)).toBe(true);
    expect(isRetryable(network(true), method)).toBe(true);
    expect(isRetryable({ kind: "timeout", status: 0, sent: true }, method)).toBe(true);
  });

  it("POST: only 429 and a connection that never opened", () => {
    expect(isRetryable(http(429), "POST")).toBe(true);
    expect(isRetryable(network(false), "POST")).toBe(true);
    expect(isRetryable({ kind: "timeout", status: 0, sent: false }, "POST")).toBe(true);
    for (const status of [500, 502, 503, 504]) expect(isRetryable(http(status), "POST")).toBe(false);
    expect(isRetryable(network(true), "POST")).toBe(false);
    expect(isRetryable({ kind: "timeout", status: 0, sent: true }, "POST")).toBe(false);
    expect(isRetryable({ kind: "malformed", status: 200, sent: true }, "POST")).toBe(false);
  });

  it("a POST marked idempotent is replayed like a GET", () => {
    expect(isRetryable(http(503), "POST", true)).toBe(true);
  });

  it("never retries client errors, the deadline or a caller abort", () => {
    for (const status of [400, 401, 403, 404, 409, 423, 501])
      expect(isRetryable(http(status), "GET")).toBe(false);
    expect(isRetryable({ kind: "deadline", status: 0, sent: true }, "GET")).toBe(false);
    expect(isRetryable({ kind: "aborted", status: 0, sent: true }, "GET")).toBe(false);
  });

  it("flags as ambiguous only writes that may have been applied", () => {
    expect(isAmbiguous(http(503), "POST")).toBe(true);
    expect(isAmbiguous(http(500), "PATCH")).toBe(true);
    expect(isAmbiguous(network(true), "DELETE")).toBe(true);
    expect(isAmbiguous({ kind: "malformed", status: 201, sent: true }, "POST")).toBe(true);
    expect(isAmbiguous(network(false), "POST")).toBe(false);
    expect(isAmbiguous(http(429), "POST")).toBe(false);
    expect(isAmbiguous(http(400), "POST")).toBe(false);
    expect(isAmbiguous(http(503), "GET")).toBe(false);
  });
});
