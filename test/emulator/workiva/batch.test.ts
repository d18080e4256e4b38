import { workivaTestApp, type WorkivaTestApp } from "./test-support";

const statuses = (run: { sourceStatus: string; destinationStatus: string }) => [
  run.sourceStatus,
  run.destinationStatus,
];
const items = (...ids: string[]) => ids.map((connectionId) => ({ connectionId }));

describe("Workiva emulator: batch refresh", () => {
  let t: WorkivaTestApp;
  beforeEach(async () => {
    t = await workivaTestApp({ runMs: 300 });
  });
  afterEach(() => t.close());

  const batch = (body: unknown, cancelUnwritables?: string) =>
    t.wdata("POST", "/batch/refresh", {
      body,
      query: cancelUnwritables === undefined ? undefined : { cancelUnwritables },
    });
  const batchStatus = async (batchId: string) =>
    (await t.wdata("GET", `/batch/refresh/${batchId}`)).body.body;

  it("starts one run per child (200 RefreshBatchDto) and aggregates statuses until every child is done", async () => {
    const answer = await batch([
      { connectionId: "conn-sales-1", sourceParameters: { q: 1 } },
      { connectionId: "conn-sales-2" },
      { connectionId: "conn-sales-3" },
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.code).toBe(200);
    const created = answer.body.body;
    expect(created).toEqual({
      batchRefreshId: expect.any(String),
      childRefreshes: expect.any(Array),
      created: "2025-01-01T00:00:00.000Z",
      updated: "2025-01-01T00:00:00.000Z",
      createdBy: "emulator-client",
      sourceStatus: "not_started",
      destinationStatus: "not_started",
    });
    expect(created.childRefreshes.map((c: { connectionId: string }) => c.connectionId)).toEqual([
      "conn-sales-1",
      "conn-sales-2",
      "conn-sales-3",
    ]);
    expect(created.childRefreshes[0]).toMatchObject({
      jobId: expect.any(String),
      sourceParameters: { q: 1 },
    });

    const runs = t.control.runs();
    expect(runs).toHaveLength(3);
    expect(runs.every((run) => run.batchRefreshId === created.batchRefreshId)).toBe(true);

    t.clock.advance(150);
    expect(statuses(await batchStatus(created.batchRefreshId))).toEqual(["running", "not_started"]);
    t.clock.advance(100);
    expect(statuses(await batchStatus(created.batchRefreshId))).toEqual(["complete", "running"]);
    t.clock.advance(50);
    const done = await batchStatus(created.batchRefreshId);
    expect(statuses(done)).toEqual(["complete", "complete"]);
    expect(done.updated).toBe("2025-01-01T00:00:00.300Z");
    expect(
      done.childRefreshes.every((c: { destinationStatus: string }) => c.destinationStatus === "complete"),
    ).toBe(true);

    const child = done.childRefreshes[1];
    const viaStatus = await t.wdata("GET", "/conn-sales-2/status", { query: { jobId: child.jobId } });
    expect(viaStatus.body.body).toEqual(child);
  });

  it("accepts exactly 100 refreshes", async () => {
    const ids = t.control.addConnections(100, "wb-big", "big");
    const answer = await batch(items(...ids));
    expect(answer.status).toBe(200);
    expect(answer.body.body.childRefreshes).toHaveLength(100);
  });

  it.each([
    ["an empty array", () => [], /At least 1/],
    ["101 items", () => items(...Array.from({ length: 101 }, (_, i) => `big-${i + 1}`)), /At most 100/],
    ["a body that is not an array", () => ({ connectionId: "conn-sales-1" }), /array/],
    ["an item without connectionId", () => [{ connectionId: "conn-sales-1" }, {}], /\[1\]\.connectionId/],
    [
      "duplicates",
      () => items("conn-sales-1", "conn-sales-2", "conn-sales-1"),
      /Duplicate connectionId in batch: conn-sales-1/,
    ],
  ])("answers the 400 multi-error for %s and starts nothing", async (_case, body, detail) => {
    t.control.addConnections(101, "wb-big", "big");
    const answer = await batch(body());
    expect(answer.status).toBe(400);
    expect(answer.body.body[0]).toBe("Invalid request");
    expect(answer.body.body.slice(1).join(" ")).toMatch(detail);
    expect(t.control.runs()).toHaveLength(0);
    expect(t.control.batches()).toHaveLength(0);
  });

  it("refuses, as a whole, connections into several spreadsheets or into a document (400 by default)", async () => {
    for (const ids of [
      ["conn-sales-1", "conn-finance-1", "conn-sales-2"],
      ["conn-esg-1", "conn-esg-2"],
    ]) {
      const answer = await batch(items(...ids));
      expect(answer.status).toBe(400);
      expect(answer.body.body).toEqual([
        "Invalid request",
        expect.stringMatching(new RegExp(`use the single refresh for: ${ids[0]} \\(`)),
      ]);
    }
    expect(t.control.runs()).toHaveLength(0);
  });

  it.each([409])("answers a refused batch with %i when told to (a SingleError)", async (status) => {
    t.control.setBatchRefusalStatus(status);
    const answer = await batch(items("conn-esg-1", "conn-esg-2"));
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ code: status, body: expect.stringContaining("conn-esg-1") });
    expect(t.control.runs()).toHaveLength(0);
  });

  it("takes outgoing connections of one workbook, into tables", async () => {
    t.control.addConnections(2, "table-1", "out", {
      sourceType: "spreadsheet",
      sourceId: "wb-out",
      destinationType: "wdata_table",
    });
    t.control.addConnection({
      connectionId: "out-other",
      destinationId: "table-1",
      sourceType: "spreadsheet",
      sourceId: "wb-other",
      destinationType: "wdata_table",
    });
    expect((await batch(items("out-1", "out-2"))).status).toBe(200);
    expect((await batch(items("out-1", "out-other"))).status).toBe(400);
  });

  it("answers 404 with a detail per unknown connection", async () => {
    const answer = await batch(items("conn-sales-1", "ghost-1", "ghost-2"));
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      code: 404,
      body: "Not found",
      details: [
        { code: "not_found", message: "Connection ghost-1 not found", target: "ghost-1" },
        { code: "not_found", message: "Connection ghost-2 not found", target: "ghost-2" },
      ],
    });
    expect(t.control.runs()).toHaveLength(0);
  });

  it("answers 409 already running when a child is running and starts no child", async () => {
    await t.wdata("POST", "/conn-sales-2/refresh", { body: {} });
    const answer = await batch(items("conn-sales-1", "conn-sales-2"));
    expect(answer.status).toBe(409);
    expect(answer.body).toEqual({ code: 409, body: "Connection conn-sales-2 is already running" });
    expect(t.control.runs()).toHaveLength(1);

    const first = await batch(items("conn-finance-1", "conn-finance-2"));
    expect(first.status).toBe(200);
    const second = await batch(items("conn-finance-1", "conn-finance-2", "conn-finance-3"));
    expect(second.body).toEqual({
      code: 409,
      body: "Connections conn-finance-1, conn-finance-2 are already running",
    });
  });

  it("cancelUnwritables=true cancels the unwritable child only; the batch completes", async () => {
    t.control.setUnwritable("conn-sales-2");
    const created = (await batch(items("conn-sales-1", "conn-sales-2", "conn-sales-3"), "true")).body.body;
    const cancelled = created.childRefreshes[1];
    expect(statuses(cancelled)).toEqual(["cancelled", "cancelled"]);
    expect(cancelled.error).toMatch(/not writable/);
    t.clock.advance(300);
    const done = await batchStatus(created.batchRefreshId);
    expect(done.childRefreshes.map(statuses)).toEqual([
      ["complete", "complete"],
      ["cancelled", "cancelled"],
      ["complete", "complete"],
    ]);
    expect(statuses(done)).toEqual(["complete", "complete"]);
    expect(done.error).toMatch(/^conn-sales-2: /);
    expect(t.control.batches()[0].cancelUnwritables).toBe(true);
  });

  it("without cancelUnwritables the unwritable child ends error and the batch reads error", async () => {
    t.control.setUnwritable("conn-sales-2");
    const created = (await batch(items("conn-sales-1", "conn-sales-2"), "false")).body.body;
    expect(created.childRefreshes[1]).toMatchObject({
      sourceStatus: "error",
      destinationStatus: "error",
      error: "Destination is not writable",
    });
    expect(statuses(created)).toEqual(["running", "running"]);
    t.clock.advance(300);
    const done = await batchStatus(created.batchRefreshId);
    expect(statuses(done)).toEqual(["error", "error"]);
    expect(done.error).toBe("conn-sales-2: Destination is not writable");
  });

  it("a failing child ends error with its message in the child and in the batch error", async () => {
    t.control.failConnection("conn-finance-2", "Source table missing");
    const created = (await batch(items("conn-finance-1", "conn-finance-2"))).body.body;
    t.clock.advance(299);
    expect((await batchStatus(created.batchRefreshId)).error).toBeUndefined();
    t.clock.advance(1);
    const done = await batchStatus(created.batchRefreshId);
    expect(done.childRefreshes.map(statuses)).toEqual([
      ["complete", "complete"],
      ["error", "error"],
    ]);
    expect(done.childRefreshes[1].error).toBe("Source table missing");
    expect(statuses(done)).toEqual(["error", "error"]);
    expect(done.error).toBe("conn-finance-2: Source table missing");
  });

  it("every child cancelled -> the batch reads cancelled", async () => {
    t.control.setUnwritable("conn-finance-1");
    t.control.setUnwritable("conn-finance-2");
    const created = (await batch(items("conn-finance-1", "conn-finance-2"), "TRUE")).body.body;
    expect(statuses(created)).toEqual(["cancelled", "cancelled"]);
  });

  it("usePrevious* apply to batch children", async () => {
    await t.wdata("POST", "/conn-finance-1/refresh", { body: { destinationParameters: { section: "S1" } } });
    t.clock.advance(300);
    const created = (
      await batch([
        {
          connectionId: "conn-finance-1",
          destinationParameters: { section: "S2" },
          usePreviousDestinationParameters: true,
        },
      ])
    ).body.body;
    expect(created.childRefreshes[0].destinationParameters).toEqual({ section: "S1" });
  });

  it("failStart: that child has only its connection and error (no job, no run); the rest start", async () => {
    t.control.failStart("conn-sales-2", "Destination is locked for editing");
    const created = (await batch(items("conn-sales-1", "conn-sales-2"))).body.body;
    expect(created.childRefreshes[1]).toEqual({
      connectionId: "conn-sales-2",
      error: "Destination is locked for editing",
    });
    expect(created.childRefreshes[0].jobId).toEqual(expect.any(String));
    expect(t.control.runs().map((r) => r.connectionId)).toEqual(["conn-sales-1"]);
    const single = await t.wdata("POST", "/conn-sales-2/refresh", { body: {} });
    expect(single.body).toEqual({
      code: 200,
      body: { connectionId: "conn-sales-2", error: "Destination is locked for editing" },
    });
    t.control.healConnection("conn-sales-2");
    expect((await t.wdata("POST", "/conn-sales-2/refresh", { body: {} })).body.body.jobId).toEqual(
      expect.any(String),
    );
  });

  it("answers 400 for a cancelUnwritables that is not a boolean", async () => {
    const answer = await batch(items("conn-sales-1"), "maybe");
    expect(answer.status).toBe(400);
    expect(answer.body.body).toEqual(["Invalid request", expect.stringContaining("cancelUnwritables")]);
  });

  it("counts refreshes per connection across single and batch endpoints", async () => {
    await batch(items("conn-sales-1", "conn-sales-2"));
    t.clock.advance(300);
    await t.wdata("POST", "/conn-sales-1/refresh", { body: {} });
    const perConnection = t.control.runs().reduce<Record<string, number>>((counts, run) => {
      counts[run.connectionId] = (counts[run.connectionId] ?? 0) + 1;
      return counts;
    }, {});
    expect(perConnection).toEqual({ "conn-sales-1": 2, "conn-sales-2": 1 });
    expect(t.control.runs().map((run) => run.batchRefreshId === null)).toEqual([false, false, true]);
    expect(t.control.batches()).toHaveLength(1);
  });
});
