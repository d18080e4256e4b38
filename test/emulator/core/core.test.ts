import { createCore, type EmulatorCore } from "./server";

describe("emulator core: log, faults, rate limits, latency", () => {
  let core: EmulatorCore;
  let base: string;
  let applied = 0;

  beforeEach(async () => {
    applied = 0;
    core = createCore({ rateLimits: { posthog: [{ limit: 3, windowMs: 60_000 }], workiva: false } });
    core.app.post("/api/projects/:id/things", async () => ({ id: String(++applied) }));
    core.app.get("/s/wdata/prep/api/v1/ping", async () => ({ body: "pong", code: 200 }));
    await core.app.listen({ host: "127.0.0.1", port: 0 });
    const address = core.app.server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterEach(() => core.app.close());

  const post = (body: unknown = {}, key = "Bearer k1") =>
    fetch(`${base}/api/projects/1/things/`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: key },
      body: JSON.stringify(body),
    });

  it("logs method, path, query, status and redacts secret body fields", async () => {
    const res = await post({ stripe_secret_key: "sk_test_123", prefix: "p_" });
    expect(res.status).toBe(200);
    const [entry] = core.log.entries;
    expect(entry).toMatchObject({
      service: "posthog",
      method: "POST",
      path: "/api/projects/1/things/",
      status: 200,
    });
    expect(entry.body).toEqual({ stripe_secret_key: "[redacted]", prefix: "p_" });
    expect(JSON.stringify(core.log.entries)).not.toContain("sk_test_123");
    expect(core.log.count({ method: "POST", path: "/api/projects/*/things" })).toBe(1);
  });

  it("answers an injected status without running the handler, then recovers", async () => {
    core.faults.add({ method: "POST", path: "/api/projects/*/things", status: 503, times: 1 });
    const first = await post();
    expect(first.status).toBe(503);
    expect(await first.json()).toMatchObject({ type: "server_error" });
    expect(applied).toBe(0);
    expect((await post()).status).toBe(200);
    expect(applied).toBe(1);
  });

  it("injects 429 with Retry-After and the service's throttled body", async () => {
    core.faults.add({ service: "workiva", status: 429, headers: { "retry-after": "2" } });
    const res = await fetch(`${base}/s/wdata/prep/api/v1/ping`);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(await res.json()).toEqual({ code: 429, body: "Too many requests" });
  });

  it("commit then fail: the change is applied but the answer is a 5xx", async () => {
    core.faults.add({ path: "/api/projects/*/things", commitThenFail: 502 });
    const res = await post();
    expect(res.status).toBe(502);
    expect(applied).toBe(1);
  });

  it("malformed: the change is applied and the body is not JSON", async () => {
    core.faults.add({ path: "/api/projects/*/things", malformed: true });
    const res = await post();
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
    expect(applied).toBe(1);
  });

  it("drops connections before and after the handler", async () => {
    core.faults.add({ path: "/api/projects/*/things", drop: "before" });
    await expect(post()).rejects.toThrow();
    expect(applied).toBe(0);
    core.faults.add({ path: "/api/projects/*/things", drop: "after" });
    await expect(post()).rejects.toThrow();
    expect(applied).toBe(1);
    expect(core.log.entries.map((e) => e.status)).toEqual([0, 0]);
  });

  it("skips the first matches and applies `times` times", async () => {
    const fault = core.faults.add({ path: "/api/projects/*/things", status: 500, skip: 1, times: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post({}, `Bearer k${i}`)).status);
    expect(statuses).toEqual([200, 500, 500, 200]);
    expect(fault).toMatchObject({ matched: 4, applied: 2 });
  });

  it("rate limits per key with 429 and Retry-After", async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post()).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await post();
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({ code: "throttled" });
    expect((await post({}, "Bearer other-key")).status).toBe(200);
  });

  it("accepts an empty JSON body as {} and rejects malformed JSON with 400", async () => {
    const empty = await fetch(`${base}/api/projects/1/things/`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer k1" },
    });
    expect(empty.status).toBe(200);
    const bad = await fetch(`${base}/api/projects/1/things/`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer k1" },
      body: "{not json",
    });
    expect(bad.status).toBe(400);
  });

  it("adds latency to every request", async () => {
    core.setLatency(150);
    const started = Date.now();
    await fetch(`${base}/s/wdata/prep/api/v1/ping`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
