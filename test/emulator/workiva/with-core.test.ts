/** The Workiva routes inside the lead's emulator core (hooks for logging, rate limits, faults). */
import { createCore, type EmulatorCore } from "../core/server";
import { registerWorkiva } from "./index";
import type { WorkivaControl } from "./types";

describe("Workiva emulator under the emulator core", () => {
  let core: EmulatorCore;
  let control: WorkivaControl;
  let base: string;

  beforeEach(async () => {
    core = createCore({ rateLimits: { posthog: false, workiva: [{ limit: 4, windowMs: 60_000 }] } });
    // Runs outlast each test (no test waits for one), so "already running" holds under any load.
    control = registerWorkiva(core.app, { runMs: 60_000 });
    base = await core.app.listen({ host: "127.0.0.1", port: 0 });
  });
  afterEach(() => core.app.close());

  const token = async () => {
    const response = await fetch(`${base}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-version": "2026-01-01" },
      body: "grant_type=client_credentials&client_id=emulator-client&client_secret=emulator-secret",
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const refresh = (accessToken: string, connectionId: string) =>
    fetch(`${base}/s/wdata/prep/api/v1/connections/${connectionId}/refresh`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
      body: "{}",
    });

  it("serves tokens and refreshes; the log records them with the secret redacted", async () => {
    const accessToken = await token();
    const response = await refresh(accessToken, "conn-sales-1");
    expect(response.status).toBe(200);
    expect(core.log.count({ service: "workiva", method: "POST", path: "/oauth2/token" })).toBe(1);
    expect(JSON.stringify(core.log.entries)).not.toContain("emulator-secret");
  });

  it("commit-then-fail on a refresh starts the run but answers 503 in the Workiva envelope", async () => {
    const accessToken = await token();
    core.faults.add({
      method: "POST",
      path: "/s/wdata/prep/api/v1/connections/*/refresh",
      commitThenFail: 503,
    });
    const response = await refresh(accessToken, "conn-sales-1");
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ code: 503, body: expect.any(String) });
    expect(control.runs()).toHaveLength(1);
    const again = await refresh(accessToken, "conn-sales-1");
    expect(again.status).toBe(409);
  });

  it("rate limits answer 429 and start nothing", async () => {
    const accessToken = await token();
    const statuses: number[] = [];
    for (const id of ["conn-sales-1", "conn-finance-1", "conn-esg-1", "conn-sales-2", "conn-finance-2"]) {
      statuses.push((await refresh(accessToken, id)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect(control.runs()).toHaveLength(4);
  });
});
