import { inspect } from "node:util";
import {
  ApiError,
  clearSecrets,
  HttpClient,
  resetRateLimiters,
  setHttpLogger,
  type HttpAttemptEvent,
  type HttpClientOptions,
} from "../../provider/http";
import { WorkivaTokenManager } from "../../provider/workiva/auth";
import {
  answeringServer,
  CONNECTION_ID,
  CONNECTIONS,
  freePort,
  startTestEmulator,
  thrown,
  WORKIVA_CLIENT,
  type TestEmulator,
} from "./support";

const PREP = "/s/wdata/prep";
const LIST = `${PREP}${CONNECTIONS}`;
const REFRESH = `${PREP}${CONNECTIONS}/${CONNECTION_ID}/refresh`;

let emu: TestEmulator;
let events: HttpAttemptEvent[];

beforeEach(async () => {
  resetRateLimiters();
  clearSecrets();
  events = [];
  setHttpLogger((e) => events.push(e));
  emu = await startTestEmulator();
});
afterEach(async () => {
  setHttpLogger(undefined);
  await emu.stop();
});

/** A Workiva client on the emulator, authenticated with a fresh token manager. */
function workiva(options: Partial<HttpClientOptions> = {}): HttpClient {
  const auth = new WorkivaTokenManager({ tokenUrl: emu.workivaTokenUrl, ...WORKIVA_CLIENT });
  return new HttpClient({
    service: "workiva",
    baseUrl: emu.workivaApiUrl,
    auth,
    retry: { minDelayMs: 20, maxDelayMs: 100 },
    ...options,
  });
}

const count = (method: string, path: string) => emu.log.count({ method, path });

describe("retries", () => {
  it("waits Retry-After (1 s) after a 429, then succeeds", async () => {
    emu.faults.add({ method: "GET", path: LIST, status: 429, headers: { "retry-after": "1" } });
    const client = workiva();
    const started = Date.now();
    const res = await client.request<{ body: unknown[] }>({ method: "GET", path: CONNECTIONS });
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    expect(res.data.body.length).toBeGreaterThan(0);
    expect(count("GET", LIST)).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    const [first, second] = emu.log.filter({ method: "GET", path: LIST });
    expect(second!.startedAt - first!.startedAt).toBeGreaterThanOrEqual(990);
  });

  it("honours Retry-After given as an HTTP date", async () => {
    const at = new Date(Date.now() + 2000).toUTCString(); // second resolution: 1..2 s from now
    emu.faults.add({ method: "GET", path: LIST, status: 503, headers: { "retry-after": at } });
    const started = Date.now();
    await workiva().request({ method: "GET", path: CONNECTIONS });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(count("GET", LIST)).toBe(2);
  });

  it("does not replay a POST answered 503: one call, ambiguous error", async () => {
    emu.faults.add({ method: "POST", path: REFRESH, status: 503, times: Infinity });
    const err = await thrown(() =>
      workiva().request({ method: "POST", path: `${CONNECTIONS}/${CONNECTION_ID}/refresh`, body: {} }),
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      service: "workiva",
      method: "POST",
      status: 503,
      ambiguous: true,
      retryable: false,
    });
    expect((err as ApiError).message).toMatch(
      /^Workiva POST \/api\/v1\/connections\/conn-sales-1\/refresh failed: 503 Service unavailable \[the change may have been applied/,
    );
    expect(count("POST", REFRESH)).toBe(1);
  });

  it("does not replay a POST whose change was committed before the 5xx", async () => {
    emu.faults.add({ method: "POST", path: REFRESH, commitThenFail: 502 });
    const err = await thrown(() =>
      workiva().request({ method: "POST", path: `${CONNECTIONS}/${CONNECTION_ID}/refresh`, body: {} }),
    );
    expect(err).toMatchObject({ status: 502, ambiguous: true });
    expect(count("POST", REFRESH)).toBe(1);
    expect(emu.workiva.runs()).toHaveLength(1);
  });

  it("retries a GET answered 503 twice, succeeding on the third call", async () => {
    emu.faults.add({ method: "GET", path: LIST, status: 503, times: 2 });
    const res = await workiva().request({ method: "GET", path: CONNECTIONS });
    expect(res.status).toBe(200);
    expect(count("GET", LIST)).toBe(3);
  });

  it("gives up after the configured attempts and says how many were made", async () => {
    emu.faults.add({ method: "GET", path: LIST, status: 500, times: Infinity });
    const err = await thrown(() =>
      workiva({ retry: { attempts: 3, minDelayMs: 10 } }).request({ method: "GET", path: CONNECTIONS }),
    );
    expect(err).toMatchObject({ status: 500, attempts: 3, retryable: true, ambiguous: false });
    expect((err as Error).message).toContain("[after 3 attempts]");
    expect(count("GET", LIST)).toBe(3);
  });

  it("retries a POST answered 429 (nothing was applied)", async () => {
    emu.faults.add({ method: "POST", path: REFRESH, status: 429, headers: { "retry-after": "0" } });
    const res = await workiva().request({
      method: "POST",
      path: `${CONNECTIONS}/${CONNECTION_ID}/refresh`,
      body: {},
    });
    expect(res.status).toBe(200);
    expect(count("POST", REFRESH)).toBe(2);
    expect(emu.workiva.runs()).toHaveLength(1);
  });

  it("retries a POST whose connection never opened (refused port), once the server is up", async () => {
    const port = await freePort();
    const client = new HttpClient({
      service: "posthog",
      baseUrl: `http://127.0.0.1:${port}`,
      retry: { attempts: 5, minDelayMs: 300, maxDelayMs: 300 },
    });
    let server: Awaited<ReturnType<typeof answeringServer>> | undefined;
    setHttpLogger((e) => {
      events.push(e);
      if (e.error === "ECONNREFUSED" && !server) {
        void answeringServer(port, { status: 201, body: { id: "abc" } }).then((s) => (server = s));
      }
    });
    try {
      const res = await client.request<{ id: string }>({
        method: "POST",
        path: "/api/projects/1/external_data_sources/",
        body: { a: 1 },
      });
      expect(res).toMatchObject({ status: 201, data: { id: "abc" } });
      expect(events.filter((e) => e.error === "ECONNREFUSED").length).toBeGreaterThanOrEqual(1);
      expect(server!.hits()).toBe(1);
    } finally {
      await server?.close();
    }
  });

  it("reports a refused POST as not applied, after all attempts", async () => {
    const port = await freePort();
    const client = new HttpClient({
      service: "posthog",
      baseUrl: `http://127.0.0.1:${port}`,
      retry: { attempts: 3, minDelayMs: 10 },
    });
    const err = await thrown(() => client.request({ method: "POST", path: "/api/projects/1/x/", body: {} }));
    expect(err).toMatchObject({
      status: 0,
      kind: "network",
      code: "ECONNREFUSED",
      ambiguous: false,
      attempts: 3,
    });
    expect((err as Error).message).toBe(
      "PostHog POST /api/projects/1/x/ failed: network error ECONNREFUSED - connection refused; nothing was sent [after 3 attempts]",
    );
  });

  it("retries a GET whose connection was dropped, but not a POST", async () => {
    emu.faults.add({ method: "GET", path: LIST, drop: "before" });
    await expect(workiva().request({ method: "GET", path: CONNECTIONS })).resolves.toMatchObject({
      status: 200,
    });
    expect(count("GET", LIST)).toBe(2);

    emu.faults.add({ method: "POST", path: REFRESH, drop: "after" });
    const err = await thrown(() =>
      workiva().request({ method: "POST", path: `${CONNECTIONS}/${CONNECTION_ID}/refresh`, body: {} }),
    );
    expect(err).toMatchObject({ status: 0, kind: "network", ambiguous: true, retryable: false });
    expect(count("POST", REFRESH)).toBe(1);
  });

  it("treats a malformed 2xx body as an error: retried for GET, ambiguous for POST", async () => {
    emu.faults.add({ method: "GET", path: LIST, malformed: true });
    await expect(workiva().request({ method: "GET", path: CONNECTIONS })).resolves.toMatchObject({
      status: 200,
    });
    expect(count("GET", LIST)).toBe(2);

    emu.faults.add({ method: "POST", path: REFRESH, malformed: true });
    const err = await thrown(() =>
      workiva().request({ method: "POST", path: `${CONNECTIONS}/${CONNECTION_ID}/refresh`, body: {} }),
    );
    expect(err).toMatchObject({ kind: "malformed", status: 200, ambiguous: true, retryable: false });
    expect((err as Error).message).toMatch(/failed: 200 answer with a malformed body \(invalid JSON/);
    expect(count("POST", REFRESH)).toBe(1);
  });

  it("times out a slow attempt and retries it (GET)", async () => {
    // 1 s for the retry to be answered: a busy machine must not time it out too.
    emu.faults.add({ method: "GET", path: LIST, delayMs: 2500 });
    const res = await workiva({ timeoutMs: 1000 }).request({ method: "GET", path: CONNECTIONS });
    expect(res.status).toBe(200);
    expect(events.filter((e) => e.path === CONNECTIONS).map((e) => e.error ?? e.status)).toEqual([
      "timeout",
      200,
    ]);
  });

  it("does not retry a POST that timed out after sending", async () => {
    emu.faults.add({ method: "POST", path: REFRESH, delayMs: 1500 });
    const err = await thrown(() =>
      workiva({ timeoutMs: 300 }).request({
        method: "POST",
        path: `${CONNECTIONS}/${CONNECTION_ID}/refresh`,
        body: {},
      }),
    );
    expect(err).toMatchObject({
      kind: "timeout",
      code: "ETIMEDOUT",
      status: 0,
      ambiguous: true,
      retryable: false,
    });
    expect(count("POST", REFRESH)).toBe(1);
  });

  it("stops at the overall deadline", async () => {
    // Attempts at about 0, 600 and 1200 ms; the next wait would cross the 1500 ms deadline, so the
    // last answer (503) is the error. The last attempt has 300 ms to be answered before the
    // deadline, which keeps the outcome the same on a busy machine.
    emu.faults.add({ method: "GET", path: LIST, status: 503, times: Infinity });
    const started = Date.now();
    const err = await thrown(() =>
      workiva({ deadlineMs: 1500, retry: { attempts: 100, minDelayMs: 600, maxDelayMs: 600 } }).request({
        method: "GET",
        path: CONNECTIONS,
      }),
    );
    expect(Date.now() - started).toBeLessThan(2500);
    expect(err).toMatchObject({ status: 503 });
    expect(count("GET", LIST)).toBe(3);
  });

  it("stops when the caller aborts", async () => {
    emu.faults.add({ method: "GET", path: LIST, delayMs: 2000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const err = await thrown(() =>
      workiva().request({ method: "GET", path: CONNECTIONS, signal: controller.signal }),
    );
    expect(err).toMatchObject({ kind: "aborted", code: "ABORTED", retryable: false });
    expect(count("GET", LIST)).toBe(1);
  });
});

describe("errors", () => {
  it("normalises a Workiva 404 into one line", async () => {
    const err = await thrown(() =>
      workiva().request({ method: "GET", path: `${CONNECTIONS}/no-such-connection` }),
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      service: "workiva",
      status: 404,
      kind: "http",
      retryable: false,
      ambiguous: false,
    });
    expect((err as ApiError).message).toMatch(
      /^Workiva GET \/api\/v1\/connections\/no-such-connection failed: 404 \S/,
    );
    expect((err as ApiError).message).not.toContain("\n");
  });

  it("normalises a DRF error with its attr", async () => {
    emu.faults.add({
      method: "POST",
      path: "/api/projects/1/external_data_sources",
      status: 400,
      body: {
        type: "validation_error",
        code: "invalid_input",
        detail: "Another source of this type already uses the prefix 'stripe_'",
        attr: "prefix",
      },
    });
    const client = new HttpClient({ service: "posthog", baseUrl: emu.url });
    const err = await thrown(() =>
      client.request({ method: "POST", path: "/api/projects/1/external_data_sources/", body: {} }),
    );
    expect((err as Error).message).toBe(
      "PostHog POST /api/projects/1/external_data_sources/ failed: 400 Another source of this type already uses the prefix 'stripe_' (attr: prefix)",
    );
    expect(err).toMatchObject({
      code: "invalid_input",
      attr: "prefix",
      apiMessage: expect.stringContaining("stripe_"),
    });
  });

  it("never exposes a credential in what it throws", async () => {
    const apiKey = "phx_test-not-a-real-key-123";
    const auth = { header: async () => `Bearer ${apiKey}`, invalidate: () => undefined };
    // The server echoes the credential back, as some proxies and error pages do.
    emu.faults.add({
      method: "GET",
      path: "/api/projects/1/external_data_sources",
      status: 500,
      times: Infinity,
      body: { detail: `upstream rejected Authorization: Bearer ${apiKey} and key ${apiKey}` },
    });
    const client = new HttpClient({
      service: "posthog",
      baseUrl: emu.url,
      auth,
      retry: { attempts: 2, minDelayMs: 10 },
    });
    const err = await thrown(() =>
      client.request({
        method: "GET",
        path: "/api/projects/1/external_data_sources/",
        query: { api_key: apiKey },
      }),
    );

    const refused = new HttpClient({
      service: "posthog",
      baseUrl: `http://127.0.0.1:${await freePort()}`,
      auth,
      retry: { attempts: 1 },
    });
    const networkErr = await thrown(() =>
      refused.request({ method: "POST", path: "/api/projects/1/x/", body: { key: apiKey } }),
    );

    for (const e of [err, networkErr]) {
      expect(e).toBeInstanceOf(ApiError);
      const texts = [
        (e as Error).message,
        (e as Error).stack ?? "",
        JSON.stringify(e),
        inspect(e, { depth: Infinity, showHidden: true }),
        String(e),
      ];
      for (const text of texts) {
        expect(text).not.toContain(apiKey);
        expect(text).not.toContain("TopSecret");
      }
      expect(Object.keys(e as object)).not.toEqual(expect.arrayContaining(["config"]));
      expect(e).not.toHaveProperty("config");
      expect(e).not.toHaveProperty("request");
      expect(e).not.toHaveProperty("response");
      expect(e).not.toHaveProperty("cause");
    }
    expect((err as ApiError).message).toContain("[redacted]");
  });
});

describe("401 re-authentication", () => {
  it("invalidates the credential once, fetches a new one and retries (any method)", async () => {
    emu.faults.add({ method: "POST", path: REFRESH, status: 401 });
    const client = workiva();
    const res = await client.request({
      method: "POST",
      path: `${CONNECTIONS}/${CONNECTION_ID}/refresh`,
      body: {},
    });
    expect(res.status).toBe(200);
    expect(count("POST", REFRESH)).toBe(2);
    expect(emu.workiva.tokensIssued()).toBe(2);
    expect(emu.workiva.runs()).toHaveLength(1);
  });

  it("gives up after one re-authentication", async () => {
    emu.faults.add({ method: "GET", path: LIST, status: 401, times: Infinity });
    const err = await thrown(() => workiva().request({ method: "GET", path: CONNECTIONS }));
    expect(err).toMatchObject({ status: 401, retryable: false });
    expect(count("GET", LIST)).toBe(2);
    expect(emu.workiva.tokensIssued()).toBe(2);
  });
});

describe("rate limiter", () => {
  it("queues instead of dropping: 12 calls at 5 per 500 ms take at least 2 windows", async () => {
    const client = workiva({ rateLimit: { limit: 5, intervalMs: 500 } });
    await client.request({ method: "GET", path: `${CONNECTIONS}/${CONNECTION_ID}` }); // token + 1 call
    resetRateLimiters();
    emu.log.clear();
    const limited = workiva({ rateLimit: { limit: 5, intervalMs: 500 } });
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        limited.request({ method: "GET", path: `${CONNECTIONS}/${CONNECTION_ID}` }),
      ),
    );
    const elapsed = Date.now() - started;
    expect(results.every((r) => r.status === 200)).toBe(true);
    const calls = emu.log.filter({ method: "GET", path: `${LIST}/${CONNECTION_ID}` });
    expect(calls).toHaveLength(12);
    const first = calls[0]!.startedAt;
    expect(calls.filter((c) => c.startedAt - first < 400).length).toBeLessThanOrEqual(5);
    expect(elapsed).toBeGreaterThanOrEqual(900);
  });

  it("is shared by every client of the same service and host", async () => {
    const limit = { limit: 4, intervalMs: 500 };
    const a = new HttpClient({ service: "posthog", baseUrl: emu.url, rateLimit: limit });
    const b = new HttpClient({ service: "posthog", baseUrl: emu.url, rateLimit: limit });
    const path = "/api/projects/1/nothing-here/";
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).request({ method: "GET", path })),
    );
    expect(outcomes.every((o) => o.status === "rejected" && (o.reason as ApiError).status === 404)).toBe(
      true,
    );
    const calls = emu.log.filter({ method: "GET", path });
    expect(calls).toHaveLength(8);
    const first = calls[0]!.startedAt;
    expect(calls.filter((c) => c.startedAt - first < 400).length).toBeLessThanOrEqual(4);
  });
});
