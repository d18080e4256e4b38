import { workivaTestApp, type WorkivaTestApp } from "./test-support";

const FORM = { "content-type": "application/x-www-form-urlencoded", "x-version": "2026-01-01" };
const LEGACY_FORM = { "content-type": "application/x-www-form-urlencoded" };
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

describe("Workiva emulator: token endpoint", () => {
  let t: WorkivaTestApp;
  beforeEach(async () => {
    t = await workivaTestApp({ clients: { "client-a": "secret-a" }, tokenTtlSeconds: 120 });
  });
  afterEach(() => t.close());

  const post = (body: string, headers: Record<string, string> = FORM, path = "/oauth2/token") =>
    t.call({ method: "POST", path, headers, body });

  it("issues a bearer token for form credentials on each path with the version that serves it", async () => {
    const cases: Array<[string, Record<string, string>]> = [
      ["/oauth2/token", FORM],
      ["/iam/v1/oauth2/token", LEGACY_FORM],
      ["/iam/v1/oauth2/token", { ...LEGACY_FORM, "x-version": "2022-01-01" }],
    ];
    for (const [url, headers] of cases) {
      const answer = await post(
        "grant_type=client_credentials&client_id=client-a&client_secret=secret-a",
        headers,
        url,
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        access_token: expect.stringMatching(/^\w{20,}$/),
        expires_in: 120,
        scope: "wdata",
        token_type: "Bearer",
      });
      expect(answer.headers.get("cache-control")).toBe("no-store");
    }
    expect(t.control.tokensIssued()).toBe(3);
  });

  it("routes by X-Version: /oauth2/token without it (2022-01-01) or /iam/v1 with 2026-01-01 is 404", async () => {
    const form = "grant_type=client_credentials&client_id=client-a&client_secret=secret-a";
    const unversioned = await post(form, LEGACY_FORM, "/oauth2/token");
    expect(unversioned.status).toBe(404);
    expect(unversioned.body).toEqual({ code: "404NotFound", message: expect.any(String) });
    const legacyWithNew = await post(form, FORM, "/iam/v1/oauth2/token");
    expect(legacyWithNew.status).toBe(404);
    const unknown = await post(form, { ...FORM, "x-version": "2031-01-01" }, "/oauth2/token");
    expect(unknown.status).toBe(400);
    expect(t.control.tokensIssued()).toBe(0);
  });

  it("the 2022-01-01 endpoint also takes a JSON body; the 2026-01-01 one does not", async () => {
    const body = { grant_type: "client_credentials", client_id: "client-a", client_secret: "secret-a" };
    const legacy = await t.call({ method: "POST", path: "/iam/v1/oauth2/token", body });
    expect(legacy.status).toBe(200);
    expect(legacy.body.token_type).toBe("Bearer");
    const current = await t.call({
      method: "POST",
      path: "/oauth2/token",
      headers: { "x-version": "2026-01-01" },
      body,
    });
    expect(current.status).toBe(400);
    expect(current.body.error).toBe("invalid_request");
    expect(t.control.tokensIssued()).toBe(1);
  });

  it("issues a token for Basic credentials and echoes the requested scope", async () => {
    const answer = await post("grant_type=client_credentials&scope=custom", {
      ...FORM,
      authorization: basic("client-a", "secret-a"),
    });
    expect(answer.status).toBe(200);
    expect(answer.body.scope).toBe("custom");
    const list = await t.wdata("GET", "", { token: answer.body.access_token });
    expect(list.status).toBe(200);
  });

  it.each([
    ["missing grant_type", "client_id=client-a&client_secret=secret-a", {}, 400, "invalid_request"],
    [
      "unsupported grant_type",
      "grant_type=password&client_id=client-a&client_secret=secret-a",
      {},
      400,
      "unsupported_response_type",
    ],
    ["missing credentials", "grant_type=client_credentials", {}, 400, "invalid_request"],
    ["missing secret", "grant_type=client_credentials&client_id=client-a", {}, 400, "invalid_request"],
    [
      "wrong secret",
      "grant_type=client_credentials&client_id=client-a&client_secret=nope",
      {},
      401,
      "unauthorized_client",
    ],
    [
      "unknown client",
      "grant_type=client_credentials&client_id=who&client_secret=secret-a",
      {},
      401,
      "unauthorized_client",
    ],
    [
      "wrong Basic secret",
      "grant_type=client_credentials",
      { authorization: basic("client-a", "x") },
      401,
      "unauthorized_client",
    ],
    [
      "malformed Basic header",
      "grant_type=client_credentials",
      { authorization: "Basic !!!" },
      400,
      "invalid_request",
    ],
    [
      "credentials given twice",
      "grant_type=client_credentials&client_id=client-a&client_secret=secret-a",
      { authorization: basic("client-a", "secret-a") },
      400,
      "invalid_request",
    ],
  ])("rejects %s", async (_case, payload, extraHeaders, status, error) => {
    const answer = await post(payload, { ...FORM, ...extraHeaders });
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({
      error,
      error_description: expect.any(String),
      error_uri: expect.stringMatching(/^https:\/\//),
    });
    expect(t.control.tokensIssued()).toBe(0);
  });

  it("rejects a JSON body and an unknown content type as invalid_request", async () => {
    const json = await t.call({
      method: "POST",
      path: "/oauth2/token",
      headers: { "x-version": "2026-01-01" },
      body: { grant_type: "client_credentials", client_id: "client-a", client_secret: "secret-a" },
    });
    expect(json.status).toBe(400);
    expect(json.body.error).toBe("invalid_request");
    const xml = await post("<x/>", { "content-type": "application/xml" });
    expect(xml.status).toBe(400);
    expect(xml.body.error).toBe("invalid_request");
  });

  it("tokens expire after tokenTtlSeconds and expireTokens() invalidates them", async () => {
    const first = await t.token();
    expect((await t.wdata("GET", "", { token: first })).status).toBe(200);
    t.clock.advance(119_000);
    expect((await t.wdata("GET", "", { token: first })).status).toBe(200);
    t.clock.advance(1_000);
    const expired = await t.wdata("GET", "", { token: first });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ code: 401, body: "Unauthorized" });

    const second = await t.token();
    expect((await t.wdata("GET", "", { token: second })).status).toBe(200);
    t.control.expireTokens();
    expect((await t.wdata("GET", "/conn-sales-1", { token: second })).status).toBe(401);
    expect(t.control.tokensIssued()).toBe(2);
  });

  it("answers 401 on every Wdata endpoint without a valid bearer token", async () => {
    const calls: Array<["GET" | "POST", string, unknown]> = [
      ["GET", "", undefined],
      ["GET", "/conn-sales-1", undefined],
      ["POST", "/conn-sales-1/refresh", {}],
      ["GET", "/conn-sales-1/status", undefined],
      ["POST", "/batch/refresh", [{ connectionId: "conn-sales-1" }]],
      ["GET", "/batch/refresh/whatever", undefined],
    ];
    for (const [method, path, body] of calls) {
      for (const token of [null, "not-a-token"]) {
        const answer = await t.wdata(method, path, { token, body });
        expect([method, path, answer.status]).toEqual([method, path, 401]);
        expect(answer.body).toEqual({ code: 401, body: "Unauthorized" });
        expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
      }
    }
    expect(t.control.runs()).toHaveLength(0);
  });
});
