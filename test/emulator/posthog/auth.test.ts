import { buildEmulator, READ_KEY, stripeBody, type TestEmulator } from "./test-helpers";

describe("PostHog emulator: auth, projects, paths", () => {
  let emu: TestEmulator;
  beforeEach(async () => {
    emu = await buildEmulator();
  });
  afterEach(() => emu.close());

  it("401 not_authenticated without an Authorization header", async () => {
    const answer = await emu.call("GET", "external_data_sources/", { key: null });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      type: "authentication_error",
      code: "not_authenticated",
      detail: "Authentication credentials were not provided.",
      attr: null,
    });
  });

  it("401 authentication_failed for an unknown key", async () => {
    const answer = await emu.call("GET", "external_data_sources/", { key: "phx_nope" });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({
      type: "authentication_error",
      code: "authentication_failed",
      attr: null,
    });
  });

  it("a read-only key reads but gets 403 permission_denied on writes, with nothing created", async () => {
    expect((await emu.call("GET", "external_data_sources/", { key: READ_KEY })).status).toBe(200);
    const answer = await emu.call("POST", "external_data_sources/", { key: READ_KEY, body: stripeBody() });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      type: "authentication_error",
      code: "permission_denied",
      detail: "API key missing required scope 'external_data_source:write'",
      attr: null,
    });
    expect(emu.control.sources()).toHaveLength(0);
  });

  it("a key without the read scope gets 403 naming the read scope", async () => {
    const custom = await buildEmulator({ apiKeys: { phx_other: ["feature_flag:read"] } });
    const answer = await custom.call("GET", "external_data_sources/", { key: "phx_other" });
    expect(answer.status).toBe(403);
    expect(answer.body.detail).toBe("API key missing required scope 'external_data_source:read'");
    await custom.close();
  });

  it("unknown projects answer 404; @current is the first project", async () => {
    const unknown = await emu.call("GET", "external_data_sources/", { project: "2" });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ type: "invalid_request", code: "not_found", attr: null });
    expect((await emu.call("GET", "external_data_sources/", { project: "@current" })).status).toBe(200);
  });

  it("sources of one project are invisible from another", async () => {
    const multi = await buildEmulator({ projects: ["1", "7"] });
    const { body } = await multi.call("POST", "external_data_sources/", { body: stripeBody() });
    expect((await multi.call("GET", `external_data_sources/${body.id}/`, { project: "7" })).status).toBe(404);
    expect((await multi.call("GET", "external_data_sources/", { project: "7" })).body.count).toBe(0);
    await multi.close();
  });

  it("the trailing slash is optional and the deprecated environments path works", async () => {
    const { body } = await emu.call("POST", "external_data_sources", { body: stripeBody() });
    expect((await emu.call("GET", `external_data_sources/${body.id}`)).status).toBe(200);
    expect((await emu.call("GET", `external_data_sources/${body.id}/`)).status).toBe(200);
    const viaEnvironments = await emu.app.inject({
      method: "GET",
      url: `/api/environments/1/external_data_sources/${body.id}/`,
      headers: { authorization: "Bearer phx_emulator_write" },
    });
    expect(viaEnvironments.statusCode).toBe(200);
  });

  it("also serves both slash forms on an app that does not ignore trailing slashes", async () => {
    const Fastify = (await import("fastify")).default;
    const { registerPosthog } = await import("./index");
    const app = Fastify();
    registerPosthog(app);
    const headers = { authorization: "Bearer phx_emulator_write" };
    expect((await app.inject({ url: "/api/projects/1/external_data_sources", headers })).statusCode).toBe(
      200,
    );
    expect((await app.inject({ url: "/api/projects/1/external_data_sources/", headers })).statusCode).toBe(
      200,
    );
    await app.close();
  });
});
