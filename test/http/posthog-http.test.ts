import { inspect } from "node:util";
import {
  ApiError,
  clearSecrets,
  HttpClient,
  registerSecret,
  resetRateLimiters,
  type RateLimit,
} from "../../provider/http";
import { startTestEmulator, thrown, type TestEmulator } from "./support";

const WRITE_KEY = "phx_emulator_write";
const READ_KEY = "phx_emulator_read";
const SOURCES = "/api/projects/1/external_data_sources/";

let emu: TestEmulator;
afterEach(() => emu.stop());
beforeEach(() => {
  resetRateLimiters();
  clearSecrets();
});

function posthog(apiKey: string, rateLimit?: RateLimit | null): HttpClient {
  registerSecret(apiKey); // as provider/config does for the configured key
  return new HttpClient({
    service: "posthog",
    baseUrl: emu.posthogHost,
    auth: { header: async () => `Bearer ${apiKey}`, invalidate: () => undefined },
    retry: { minDelayMs: 20 },
    rateLimit,
  });
}

const stripeSource = (prefix: string) => ({
  source_type: "Stripe",
  prefix,
  payload: {
    auth_method: { selection: "api_key", stripe_secret_key: "sk_test_123" },
    schemas: [{ name: "Customer", should_sync: true, sync_type: "full_refresh" }],
  },
});

describe("PostHog through the HTTP layer", () => {
  it("creates a source, then reports the API's duplicate-prefix message in one line", async () => {
    emu = await startTestEmulator();
    const client = posthog(WRITE_KEY);
    const created = await client.request<{ id: string }>({
      method: "POST",
      path: SOURCES,
      body: stripeSource("stripe_"),
    });
    expect(created.status).toBe(201);
    expect(created.data.id).toEqual(expect.any(String));

    const err = await thrown(() =>
      client.request({ method: "POST", path: SOURCES, body: stripeSource("stripe_") }),
    );
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toBe(
      "PostHog POST /api/projects/1/external_data_sources/ failed: 400 Another source of this type already uses the prefix 'stripe_'. Choose a different prefix so this connection's tables don't clash.",
    );
    expect(err).toMatchObject({ status: 400, ambiguous: false, retryable: false });
    expect(emu.log.count({ method: "POST", path: SOURCES })).toBe(2);
  });

  it("reports a missing scope (403) without the API key anywhere", async () => {
    emu = await startTestEmulator();
    const err = await thrown(() =>
      posthog(READ_KEY).request({ method: "POST", path: SOURCES, body: stripeSource("s_") }),
    );
    expect(err).toMatchObject({ status: 403, code: "permission_denied" });
    expect((err as Error).message).toMatch(
      /^PostHog POST \/api\/projects\/1\/external_data_sources\/ failed: 403 .*scope/,
    );
    const everything = [
      (err as Error).message,
      (err as Error).stack,
      JSON.stringify(err),
      inspect(err, { depth: Infinity, showHidden: true }),
    ].join("\n");
    expect(everything).not.toContain(READ_KEY);
  });

  it("with the server's per-key limit, a burst collects 429s and still succeeds by waiting Retry-After", async () => {
    emu = await startTestEmulator({
      rateLimits: { posthog: [{ limit: 3, windowMs: 1000 }], workiva: false },
    });
    const client = posthog(WRITE_KEY, null);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => client.request({ method: "GET", path: SOURCES })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(
      emu.log.filter({ method: "GET", path: SOURCES }).filter((e) => e.status === 429).length,
    ).toBeGreaterThan(0);
  });

  it("with the client limiter set to the server's limit, the same burst queues instead of collecting 429s", async () => {
    emu = await startTestEmulator({
      rateLimits: { posthog: [{ limit: 3, windowMs: 1000 }], workiva: false },
    });
    const client = posthog(WRITE_KEY, { limit: 3, intervalMs: 1100 });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => client.request({ method: "GET", path: SOURCES })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const statuses = emu.log.filter({ method: "GET", path: SOURCES }).map((e) => e.status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });
});
