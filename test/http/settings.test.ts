import { DEFAULT_RETRY, DEFAULT_TIMING, resetRateLimiters, sharedRateLimiter } from "../../provider/http";
import { resolveRetrySettings, resolveTimingSettings } from "../../provider/http/settings";

const VARS = [
  "DATASYNC_HTTP_ATTEMPTS",
  "DATASYNC_HTTP_TIMEOUT_MS",
  "DATASYNC_HTTP_DEADLINE_MS",
  "DATASYNC_RATE_LIMIT_POSTHOG",
];
afterEach(() => {
  for (const v of VARS) delete process.env[v];
  resetRateLimiters();
});

describe("HTTP settings", () => {
  it("defaults: 5 attempts, 30 s per attempt, 5 min deadline", () => {
    expect(resolveRetrySettings()).toEqual(DEFAULT_RETRY);
    expect(DEFAULT_RETRY.attempts).toBe(5);
    expect(resolveTimingSettings()).toEqual({ timeoutMs: 30_000, deadlineMs: 300_000 });
    expect(DEFAULT_TIMING).toEqual({ timeoutMs: 30_000, deadlineMs: 300_000 });
  });

  it("environment overrides defaults; explicit options override the environment", () => {
    process.env.DATASYNC_HTTP_ATTEMPTS = "2";
    process.env.DATASYNC_HTTP_TIMEOUT_MS = "1500";
    expect(resolveRetrySettings().attempts).toBe(2);
    expect(resolveTimingSettings().timeoutMs).toBe(1500);
    expect(resolveRetrySettings({ attempts: 7 }).attempts).toBe(7);
    process.env.DATASYNC_HTTP_DEADLINE_MS = "soon";
    expect(() => resolveTimingSettings()).toThrow(/DATASYNC_HTTP_DEADLINE_MS must be a number/);
  });

  it("rate limits: defaults per service, environment override, explicit option", () => {
    expect(sharedRateLimiter("posthog", "https://a.example").limit).toEqual({
      limit: 480,
      intervalMs: 60_000,
    });
    expect(sharedRateLimiter("workiva", "https://a.example").limit).toEqual({ limit: 50, intervalMs: 1000 });
    process.env.DATASYNC_RATE_LIMIT_POSTHOG = "5/500";
    expect(sharedRateLimiter("posthog", "https://b.example").limit).toEqual({ limit: 5, intervalMs: 500 });
    process.env.DATASYNC_RATE_LIMIT_POSTHOG = "off";
    expect(sharedRateLimiter("posthog", "https://c.example").limit).toBeNull();
    expect(sharedRateLimiter("posthog", "https://c.example", { limit: 9, intervalMs: 90 }).limit).toEqual({
      limit: 9,
      intervalMs: 90,
    });
    process.env.DATASYNC_RATE_LIMIT_POSTHOG = "lots";
    expect(() => sharedRateLimiter("posthog", "https://d.example")).toThrow(/<limit>\/<intervalMs>/);
  });
});

describe("shared rate limiters", () => {
  afterEach(() => jest.restoreAllMocks());

  it("a replaced limiter stops its refill timer once its running job is done", async () => {
    const setTimer = jest.spyOn(global, "setInterval");
    const clearTimer = jest.spyOn(global, "clearInterval");
    const timers = (): unknown[] => setTimer.mock.results.map((r) => r.value);
    const running = (): number =>
      timers().filter((t) => !clearTimer.mock.calls.some(([c]) => c === t)).length;
    const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

    const first = sharedRateLimiter("workiva", "https://e.example", { limit: 1, intervalMs: 1000 });
    expect(timers()).toHaveLength(1); // the refill interval
    let release = (): void => undefined;
    const started = new Promise<void>((onStart) => {
      void first.schedule(
        () =>
          new Promise<string>((resolve) => {
            onStart();
            release = () => resolve("done");
          }),
      );
    });
    await started;

    const second = sharedRateLimiter("workiva", "https://e.example", { limit: 2, intervalMs: 1000 });
    expect(second.limit).toEqual({ limit: 2, intervalMs: 1000 });
    await settle();
    expect(timers()).toHaveLength(2);
    expect(running()).toBe(2); // the old one still refills while its job runs

    release();
    await settle();
    expect(running()).toBe(1); // only the new limiter's

    sharedRateLimiter("workiva", "https://e.example", null);
    await settle();
    expect(running()).toBe(0); // unlimited: no limiter, no timer
  });
});
