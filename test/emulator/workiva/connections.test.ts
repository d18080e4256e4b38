import { SEED_CONNECTIONS, SEED_DESTINATIONS } from "./seed";
import { workivaTestApp, type WorkivaTestApp } from "./test-support";

describe("Workiva emulator: list and details", () => {
  let t: WorkivaTestApp;
  beforeEach(async () => {
    t = await workivaTestApp();
  });
  afterEach(() => t.close());

  it("lists the seeded catalogue in the envelope, no cursor on the last page (or null/empty when set)", async () => {
    const answer = await t.wdata("GET", "");
    expect(answer.status).toBe(200);
    expect(answer.body.code).toBe(200);
    expect("cursor" in answer.body).toBe(false);
    t.control.setLastPageCursor("null");
    expect((await t.wdata("GET", "")).body.cursor).toBeNull();
    t.control.setLastPageCursor("empty");
    expect((await t.wdata("GET", "")).body.cursor).toBe("");
    expect(answer.body.body.map((c: { connectionId: string }) => c.connectionId)).toEqual(
      SEED_CONNECTIONS.map((spec) => spec.connectionId),
    );
    const destinations = new Set(answer.body.body.map((c: { destinationId: string }) => c.destinationId));
    expect(destinations.size).toBe(3);
  });

  it("filters by destinationId, destinationType, sourceType and sourceId (a type needs its id)", async () => {
    const ids = async (query: Record<string, string>) =>
      (await t.wdata("GET", "", { query })).body.body.map((c: { connectionId: string }) => c.connectionId);
    expect(await ids({ destinationId: SEED_DESTINATIONS.esgDocument })).toEqual(["conn-esg-1", "conn-esg-2"]);
    expect(await ids({ destinationType: "document", destinationId: SEED_DESTINATIONS.esgDocument })).toEqual([
      "conn-esg-1",
      "conn-esg-2",
    ]);
    expect(
      await ids({ destinationType: "spreadsheet", destinationId: SEED_DESTINATIONS.esgDocument }),
    ).toEqual([]);
    expect(await ids({ sourceType: "wdata_table", sourceId: "src-sales-3" })).toEqual(["conn-sales-3"]);
    expect(await ids({ sourceId: "src-sales-3" })).toEqual(["conn-sales-3"]);
    for (const query of [{ destinationType: "document" }, { sourceType: "wdata_table" }] as Record<
      string,
      string
    >[]) {
      const answer = await t.wdata("GET", "", { query });
      expect(answer.status).toBe(400);
      expect(answer.body.body[1]).toMatch(/Id: required with/);
    }
    // The filter's enum is the list parameter's (no wdata_shared_query), not ConnectionDto's.
    const shared = await t.wdata("GET", "", { query: { sourceType: "wdata_shared_query", sourceId: "x" } });
    expect(shared.status).toBe(400);
    expect(
      await ids({
        destinationId: SEED_DESTINATIONS.salesWorkbook,
        sourceType: "wdata_table",
        sourceId: "src-sales-3",
      }),
    ).toEqual(["conn-sales-3"]);
    expect(await ids({ destinationId: "nowhere" })).toEqual([]);
  });

  it("pages with limit and cursor, and with offset", async () => {
    t.control.addConnections(25, "wb-big", "big");
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string> = { destinationId: "wb-big", limit: "10" };
      if (cursor) query.cursor = cursor;
      const answer = await t.wdata("GET", "", { query });
      expect(answer.status).toBe(200);
      seen.push(...answer.body.body.map((c: { connectionId: string }) => c.connectionId));
      cursor = answer.body.cursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `big-${i + 1}`));

    // With a cursor, `limit` is ignored: the page size of the first call holds.
    const first = await t.wdata("GET", "", { query: { destinationId: "wb-big", limit: "10" } });
    const second = await t.wdata("GET", "", {
      query: { destinationId: "wb-big", limit: "2", cursor: first.body.cursor },
    });
    expect(second.body.body).toHaveLength(10);

    const offset = await t.wdata("GET", "", { query: { destinationId: "wb-big", offset: "20", limit: "3" } });
    expect(offset.body.body.map((c: { connectionId: string }) => c.connectionId)).toEqual([
      "big-21",
      "big-22",
      "big-23",
    ]);
    expect(offset.body.cursor).toEqual(expect.any(String));
  });

  it.each([
    [{ limit: "0" }, "limit"],
    [{ limit: "1001" }, "limit"],
    [{ limit: "ten" }, "limit"],
    [{ offset: "-1" }, "offset"],
    [{ cursor: "garbage" }, "cursor"],
    [{ sourceType: "excel", sourceId: "x" }, "sourceType"],
  ])("answers the 400 multi-error for %j", async (query, field) => {
    const answer = await t.wdata("GET", "", { query });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ code: 400, body: ["Invalid request", expect.stringContaining(field)] });
  });

  it("accepts limit 1 and 1000", async () => {
    expect((await t.wdata("GET", "", { query: { limit: "1" } })).body.body).toHaveLength(1);
    expect((await t.wdata("GET", "", { query: { limit: "1000" } })).body.body).toHaveLength(
      SEED_CONNECTIONS.length,
    );
  });

  it("returns every ConnectionDto field of a connection that never ran", async () => {
    const answer = await t.wdata("GET", "/conn-sales-1", { query: { workspaceId: "anything" } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      code: 200,
      body: {
        connectionId: "conn-sales-1",
        name: "Sales by region",
        description: expect.any(String),
        metadata: {},
        workspaceId: "ws-emulator",
        created: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        createdBy: expect.any(String),
        updated: expect.any(String),
        sourceId: "src-sales-1",
        sourceType: "wdata_query",
        sourceWorkspaceId: "ws-emulator",
        destinationId: SEED_DESTINATIONS.salesWorkbook,
        destinationType: "spreadsheet",
        destinationWorkspaceId: "ws-emulator",
        lastRun: null,
        lastRunBy: null,
        lastRunDate: null,
        lastRunJobId: null,
        lastRunSourceParameters: null,
        lastRunDestinationParameters: null,
      },
    });
  });

  it("fills lastRun* after a refresh", async () => {
    const run = (
      await t.wdata("POST", "/conn-sales-2/refresh", { body: { sourceParameters: { year: 2025 } } })
    ).body.body;
    const details = (await t.wdata("GET", "/conn-sales-2")).body.body;
    expect(details.lastRun).toEqual(run);
    expect(details.lastRunJobId).toBe(run.jobId);
    expect(details.lastRunDate).toBe(run.created);
    expect(details.lastRunBy).toBe("emulator-client");
    expect(details.lastRunSourceParameters).toEqual({ year: 2025 });
    expect(details.lastRunDestinationParameters).toEqual({});
    expect(t.control.connection("conn-sales-2")?.lastRunJobId).toBe(run.jobId);
  });

  it("answers 404 Not found for unknown connections, jobs, batches and with a trailing slash still routes", async () => {
    for (const path of ["/nope", "/nope/status", "/conn-sales-1/status", "/batch/refresh/nope"]) {
      const answer = await t.wdata("GET", path);
      expect([path, answer.status, answer.body]).toEqual([path, 404, { code: 404, body: "Not found" }]);
    }
    const refresh = await t.wdata("POST", "/nope/refresh", { body: {} });
    expect(refresh.status).toBe(404);
    expect(refresh.body).toEqual({ code: 404, body: "Not found" });
    expect((await t.wdata("GET", "/conn-sales-1/")).status).toBe(200);
  });

  it("control: addConnection, duplicates, reset restores the seed", async () => {
    t.control.addConnection({
      connectionId: "extra-1",
      destinationId: "wb-x",
      sourceType: "wdata_table",
      name: "Extra",
    });
    expect(() => t.control.addConnection({ connectionId: "extra-1", destinationId: "wb-x" })).toThrow(
      /already exists/,
    );
    expect(() => t.control.addConnection({ connectionId: "bad id", destinationId: "wb-x" })).toThrow();
    expect((await t.wdata("GET", "/extra-1")).body.body).toMatchObject({
      name: "Extra",
      sourceType: "wdata_table",
    });
    t.control.reset();
    expect(t.control.connection("extra-1")).toBeUndefined();
    expect(t.control.connection("conn-sales-1")).toBeDefined();
    expect(t.control.tokensIssued()).toBe(0);
  });

  it("seed: false starts empty; options.connections are added", async () => {
    const empty = await workivaTestApp({
      seed: false,
      connections: [{ connectionId: "only", destinationId: "d" }],
    });
    try {
      const answer = await empty.wdata("GET", "");
      expect(answer.body.body.map((c: { connectionId: string }) => c.connectionId)).toEqual(["only"]);
    } finally {
      await empty.close();
    }
  });
});
