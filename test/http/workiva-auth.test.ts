import { inspect } from "node:util";
import { configure, ConfigError, resetConfig, workivaSettings } from "../../provider/config";
import { ApiError, clearSecrets, HttpClient, resetRateLimiters } from "../../provider/http";
import {
  resetWorkivaTokenManagers,
  StaticTokenAuth,
  workivaAuth,
  workivaTokenManager,
  WorkivaTokenManager,
} from "../../provider/workiva/auth";
import {
  CONNECTION_ID,
  CONNECTIONS,
  startTestEmulator,
  thrown,
  WORKIVA_CLIENT,
  type TestEmulator,
} from "./support";

const TOKEN_PATH = "/oauth2/token";
let emu: TestEmulator;

beforeEach(async () => {
  resetRateLimiters();
  resetWorkivaTokenManagers();
  resetConfig();
  clearSecrets();
  emu = await startTestEmulator();
});
afterEach(() => emu.stop());

function apiClient(auth: WorkivaTokenManager | StaticTokenAuth): HttpClient {
  return new HttpClient({ service: "workiva", baseUrl: emu.workivaApiUrl, auth, retry: { minDelayMs: 20 } });
}
const exchanges = () => emu.log.count({ method: "POST", path: TOKEN_PATH });

describe("Workiva token manager", () => {
  it("20 concurrent calls cause exactly one token exchange", async () => {
    const manager = workivaTokenManager({ tokenUrl: emu.workivaTokenUrl, ...WORKIVA_CLIENT });
    const client = apiClient(manager);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        client.request({ method: "GET", path: `${CONNECTIONS}/${CONNECTION_ID}` }),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(exchanges()).toBe(1);
    expect(emu.workiva.tokensIssued()).toBe(1);
    expect(manager.exchanges).toBe(1);
  });

  it("renews an expired token once (one extra exchange) and the call succeeds", async () => {
    const client = apiClient(workivaTokenManager({ tokenUrl: emu.workivaTokenUrl, ...WORKIVA_CLIENT }));
    await client.request({ method: "GET", path: CONNECTIONS });
    emu.workiva.expireTokens();
    const res = await client.request({ method: "GET", path: `${CONNECTIONS}/${CONNECTION_ID}` });
    expect(res.status).toBe(200);
    expect(exchanges()).toBe(2);
    expect(emu.log.filter({ method: "GET" }).map((e) => e.status)).toEqual([200, 401, 200]);
  });

  it("renews once when 20 concurrent calls all hit the expired token", async () => {
    const client = apiClient(workivaTokenManager({ tokenUrl: emu.workivaTokenUrl, ...WORKIVA_CLIENT }));
    await client.request({ method: "GET", path: CONNECTIONS });
    emu.workiva.expireTokens();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        client.request({ method: "GET", path: `${CONNECTIONS}/${CONNECTION_ID}` }),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(exchanges()).toBe(2);
  });

  it("reuses the token until about 60 s before expiry, then renews", async () => {
    let now = 1_000_000;
    const manager = new WorkivaTokenManager(
      { tokenUrl: emu.workivaTokenUrl, ...WORKIVA_CLIENT },
      { now: () => now },
    );
    const first = await manager.header();
    now += 538_000; // expires_in 599 s: still fresh at 538 s
    expect(await manager.header()).toBe(first);
    expect(exchanges()).toBe(1);
    now += 2_000; // 540 s: inside the last minute
    const second = await manager.header();
    expect(second).not.toBe(first);
    expect(second).toMatch(/^Bearer \S+$/);
    expect(exchanges()).toBe(2);
  });

  it("ignores an invalidation for a token it already replaced", async () => {
    const manager = new WorkivaTokenManager({ tokenUrl: emu.workivaTokenUrl, ...WORKIVA_CLIENT });
    const old = await manager.header();
    manager.invalidate(old);
    const fresh = await manager.header();
    manager.invalidate(old); // a late 401 for the old token
    expect(await manager.header()).toBe(fresh);
    expect(exchanges()).toBe(2);
  });

  it("shares one manager per token URL and client id in the process", () => {
    const a = workivaTokenManager({ tokenUrl: emu.workivaTokenUrl, ...WORKIVA_CLIENT });
    const b = workivaTokenManager({ tokenUrl: emu.workivaTokenUrl, ...WORKIVA_CLIENT });
    const other = workivaTokenManager({
      tokenUrl: emu.workivaTokenUrl,
      clientId: "someone-else",
      clientSecret: "x-secret",
    });
    expect(b).toBe(a);
    expect(other).not.toBe(a);
  });

  it("fails a bad client secret with the OAuth message, without the secret, after one exchange", async () => {
    const secret = "wrong-secret-Value-987";
    const manager = new WorkivaTokenManager({
      tokenUrl: emu.workivaTokenUrl,
      clientId: WORKIVA_CLIENT.clientId,
      clientSecret: secret,
    });
    const err = await thrown(() => apiClient(manager).request({ method: "GET", path: CONNECTIONS }));
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      service: "workiva",
      method: "POST",
      path: TOKEN_PATH,
      status: 401,
      retryable: false,
    });
    expect((err as Error).message).toMatch(/^Workiva POST \/oauth2\/token failed: 401 \S/);
    for (const text of [
      (err as Error).message,
      (err as Error).stack ?? "",
      JSON.stringify(err),
      inspect(err, { depth: Infinity, showHidden: true }),
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(exchanges()).toBe(1);
    expect(emu.log.count({ method: "GET" })).toBe(0);
  });

  it("retries the token exchange itself on a 503 (it is safe to repeat)", async () => {
    emu.faults.add({ method: "POST", path: TOKEN_PATH, status: 503 });
    const manager = new WorkivaTokenManager(
      { tokenUrl: emu.workivaTokenUrl, ...WORKIVA_CLIENT },
      { http: new HttpClient({ service: "workiva", baseUrl: emu.url, retry: { minDelayMs: 10 } }) },
    );
    await expect(manager.header()).resolves.toMatch(/^Bearer /);
    expect(exchanges()).toBe(2);
  });

  it("never puts the token or the client secret in errors of later calls", async () => {
    const manager = new WorkivaTokenManager({ tokenUrl: emu.workivaTokenUrl, ...WORKIVA_CLIENT });
    const header = await manager.header();
    const token = header.slice("Bearer ".length);
    emu.faults.add({
      method: "GET",
      path: `/s/wdata/prep${CONNECTIONS}`,
      status: 400,
      body: { code: 400, body: [`bad token ${token}`, `client_secret=${WORKIVA_CLIENT.clientSecret}`] },
    });
    const err = await thrown(() => apiClient(manager).request({ method: "GET", path: CONNECTIONS }));
    const text = [
      (err as Error).message,
      (err as Error).stack,
      JSON.stringify(err),
      inspect(err, { showHidden: true }),
    ].join("\n");
    expect(text).not.toContain(token);
    expect(text).not.toContain(WORKIVA_CLIENT.clientSecret);
    expect((err as Error).message).toContain("bad token [redacted]");
  });
});

describe("ready access token", () => {
  it("is sent as is; when rejected the 401 surfaces without a useless resend", async () => {
    const token = "ready-token-not-known-to-the-emulator";
    const err = await thrown(() =>
      apiClient(new StaticTokenAuth(token)).request({ method: "GET", path: CONNECTIONS }),
    );
    expect(err).toMatchObject({ status: 401, retryable: false });
    expect(JSON.stringify(err) + (err as Error).message).not.toContain(token);
    expect(emu.log.count({ method: "GET" })).toBe(1);
    expect(exchanges()).toBe(0);
  });
});

describe("workivaAuth from configuration", () => {
  const stack = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

  it("uses client credentials from the stack config, shared across resources", async () => {
    configure(
      stack({
        "workiva:tokenUrl": emu.workivaTokenUrl,
        "workiva:clientId": "emulator-client",
        "workiva:clientSecret": "emulator-secret",
      }),
    );
    const a = workivaAuth();
    const b = workivaAuth(workivaSettings());
    expect(a).toBe(b);
    await expect(a.header()).resolves.toMatch(/^Bearer /);
  });

  it("falls back to a ready access token", async () => {
    configure(stack({ "workiva:accessToken": "ready-made-token-1" }));
    const auth = workivaAuth();
    expect(auth).toBeInstanceOf(StaticTokenAuth);
    await expect(auth.header()).resolves.toBe("Bearer ready-made-token-1");
  });

  it("names the config keys and variables when no credential is configured", () => {
    expect(() => workivaAuth()).toThrow(ConfigError);
    expect(() => workivaAuth()).toThrow(
      /workiva:clientId.*WORKIVA_CLIENT_ID.*workiva:clientSecret.*WORKIVA_CLIENT_SECRET.*workiva:accessToken.*WORKIVA_ACCESS_TOKEN/,
    );
    configure(stack({ "workiva:clientId": "only-id" }));
    expect(() => workivaAuth()).toThrow(
      "Workiva client secret is not configured: set `pulumi config set --secret workiva:clientSecret ...` or WORKIVA_CLIENT_SECRET",
    );
  });
});
