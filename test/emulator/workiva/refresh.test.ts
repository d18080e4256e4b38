import { workivaTestApp, type WorkivaTestApp } from "./test-support";

const statuses = (run: { sourceStatus: string; destinationStatus: string }) => [
  run.sourceStatus,
  run.destinationStatus,
];

describe("Workiva emulator: single refresh and run status", () => {
  let t: WorkivaTestApp;
  beforeEach(async () => {
    t = await workivaTestApp({ runMs: 300 });
  });
  afterEach(() => t.close());

  const status = async (connectionId: string, jobId?: string) =>
    t.wdata("GET", `/${connectionId}/status`, jobId ? { query: { jobId } } : {});

  it("starts a run (200 ConnectionRunDto) that moves not_started -> running -> complete", async () => {
    const answer = await t.wdata("POST", "/conn-sales-1/refresh", {
      body: {
        connectionId: "conn-sales-1",
        sourceParameters: { p: 1 },
        destinationParameters: { sheet: "A" },
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      code: 200,
      body: {
        connectionId: "conn-sales-1",
        jobId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        created: "2025-01-01T00:00:00.000Z",
        updated: "2025-01-01T00:00:00.000Z",
        createdBy: "emulator-client",
        sourceStatus: "not_started",
        destinationStatus: "not_started",
        sourceParameters: { p: 1 },
        destinationParameters: { sheet: "A" },
        sourceMetadata: {},
        destinationMetadata: {},
        sourceWorkspaceId: "ws-emulator",
        destinationWorkspaceId: "ws-emulator",
        workspaceId: "ws-emulator",
      },
    });
    const { jobId } = answer.body.body;

    const timeline: string[][] = [];
    for (const step of [0, 100, 100, 99, 1]) {
      t.clock.advance(step);
      const current = await status("conn-sales-1", jobId);
      expect(current.status).toBe(200);
      expect(current.body.body.jobId).toBe(jobId);
      timeline.push(statuses(current.body.body));
    }
    expect(timeline).toEqual([
      ["not_started", "not_started"],
      ["running", "not_started"],
      ["complete", "running"],
      ["complete", "running"],
      ["complete", "complete"],
    ]);
    const done = (await status("conn-sales-1", jobId)).body.body;
    expect(done.updated).toBe("2025-01-01T00:00:00.300Z");
    expect("error" in done).toBe(false);
  });

  it("status without jobId answers the latest run; a job of another connection is 404", async () => {
    const first = (await t.wdata("POST", "/conn-sales-1/refresh", { body: {} })).body.body;
    t.clock.advance(300);
    const second = (await t.wdata("POST", "/conn-sales-1/refresh", { body: {} })).body.body;
    expect(second.jobId).not.toBe(first.jobId);
    expect((await status("conn-sales-1")).body.body.jobId).toBe(second.jobId);
    expect((await status("conn-sales-1", first.jobId)).body.body.jobId).toBe(first.jobId);
    expect((await status("conn-sales-2", first.jobId)).status).toBe(404);
    expect((await status("conn-sales-1", "no-such-job")).status).toBe(404);
  });

  it("answers 409 'already running' while the connection's run is unfinished, and accepts again after", async () => {
    expect((await t.wdata("POST", "/conn-sales-1/refresh", { body: {} })).status).toBe(200);
    t.clock.advance(299);
    const again = await t.wdata("POST", "/conn-sales-1/refresh", { body: {} });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ code: 409, body: "Connection conn-sales-1 is already running" });
    expect(t.control.runs()).toHaveLength(1);
    t.clock.advance(1);
    expect((await t.wdata("POST", "/conn-sales-1/refresh", { body: {} })).status).toBe(200);
    expect(t.control.runs().map((run) => run.connectionId)).toEqual(["conn-sales-1", "conn-sales-1"]);
  });

  it("usePrevious* take the previous run's parameters over explicit ones", async () => {
    await t.wdata("POST", "/conn-sales-1/refresh", {
      body: { sourceParameters: { year: 2024 }, destinationParameters: { sheet: "Old" } },
    });
    t.clock.advance(300);
    const run = await t.wdata("POST", "/conn-sales-1/refresh", {
      body: {
        sourceParameters: { year: 2025 },
        destinationParameters: { sheet: "New" },
        usePreviousSourceParameters: true,
        usePreviousDestinationParameters: false,
      },
    });
    expect(run.body.body.sourceParameters).toEqual({ year: 2024 });
    expect(run.body.body.destinationParameters).toEqual({ sheet: "New" });

    const first = await t.wdata("POST", "/conn-sales-2/refresh", {
      body: { usePreviousSourceParameters: true },
    });
    expect(first.body.body.sourceParameters).toEqual({});
  });

  it.each([
    ["path/body connectionId mismatch", { connectionId: "conn-sales-2" }, /does not match/],
    ["parameters that are not objects", { sourceParameters: "x" }, /sourceParameters/],
    ["a non-boolean usePrevious flag", { usePreviousSourceParameters: "yes" }, /usePreviousSourceParameters/],
    ["a body that is not an object", [1, 2], /object/],
    ["a missing body", undefined, /object/],
  ])("answers 400 for %s and starts nothing", async (_case, body, detail) => {
    const answer = await t.wdata("POST", "/conn-sales-1/refresh", { body });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe(400);
    expect(answer.body.body[0]).toBe("Invalid request");
    expect(answer.body.body.slice(1).join(" ")).toMatch(detail);
    expect(t.control.runs()).toHaveLength(0);
  });

  it("answers 400 in the envelope for malformed JSON", async () => {
    const answer = await t.call({
      method: "POST",
      path: "/s/wdata/prep/api/v1/connections/conn-sales-1/refresh",
      headers: { authorization: `Bearer ${await t.token()}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      code: 400,
      body: ["Invalid request", expect.any(String), expect.any(String)],
    });
  });

  it("failConnection: runs progress, then end error/error with the message; healConnection restores", async () => {
    t.control.failConnection("conn-finance-1", "Query timed out");
    const run = (await t.wdata("POST", "/conn-finance-1/refresh", { body: {} })).body.body;
    t.clock.advance(150);
    expect(statuses((await status("conn-finance-1", run.jobId)).body.body)).toEqual([
      "running",
      "not_started",
    ]);
    t.clock.advance(150);
    const failed = (await status("conn-finance-1", run.jobId)).body.body;
    expect(statuses(failed)).toEqual(["error", "error"]);
    expect(failed.error).toBe("Query timed out");

    const stillFailing = (await t.wdata("POST", "/conn-finance-1/refresh", { body: {} })).body.body;
    t.control.healConnection("conn-finance-1");
    t.clock.advance(300);
    expect((await status("conn-finance-1", stillFailing.jobId)).body.body.error).toBe("Query timed out");
    const healed = (await t.wdata("POST", "/conn-finance-1/refresh", { body: {} })).body.body;
    t.clock.advance(300);
    expect(statuses((await status("conn-finance-1", healed.jobId)).body.body)).toEqual([
      "complete",
      "complete",
    ]);
  });

  it("failConnection(id, null): a late failure with no error message at all", async () => {
    t.control.failConnection("conn-finance-1", null);
    const run = (await t.wdata("POST", "/conn-finance-1/refresh", { body: {} })).body.body;
    t.clock.advance(300);
    const failed = (await status("conn-finance-1", run.jobId)).body.body;
    expect(statuses(failed)).toEqual(["error", "error"]);
    expect("error" in failed).toBe(false);
  });

  it.each([409, 423])("a connection already running answers %i when told to", async (code) => {
    t.control.setAlreadyRunningStatus(code);
    expect((await t.wdata("POST", "/conn-sales-1/refresh", { body: {} })).status).toBe(200);
    const again = await t.wdata("POST", "/conn-sales-1/refresh", { body: {} });
    expect(again.status).toBe(code);
    expect(again.body).toEqual({ code, body: "Connection conn-sales-1 is already running" });
  });

  it("failConnection with times fails only that many runs", async () => {
    t.control.failConnection("conn-finance-2", "boom", 1);
    const first = (await t.wdata("POST", "/conn-finance-2/refresh", { body: {} })).body.body;
    t.clock.advance(300);
    const second = (await t.wdata("POST", "/conn-finance-2/refresh", { body: {} })).body.body;
    t.clock.advance(300);
    expect((await status("conn-finance-2", first.jobId)).body.body.sourceStatus).toBe("error");
    expect((await status("conn-finance-2", second.jobId)).body.body.sourceStatus).toBe("complete");
  });

  it("an unwritable destination fails a single refresh at once with error/error", async () => {
    t.control.setUnwritable("conn-esg-1");
    const run = (await t.wdata("POST", "/conn-esg-1/refresh", { body: {} })).body.body;
    expect(statuses(run)).toEqual(["error", "error"]);
    expect(run.error).toBe("Destination is not writable");
    expect((await t.wdata("POST", "/conn-esg-1/refresh", { body: {} })).status).toBe(200);
  });

  it("setRunMs changes the duration of later runs", async () => {
    t.control.setRunMs(0);
    const run = (await t.wdata("POST", "/conn-sales-3/refresh", { body: {} })).body.body;
    expect(statuses(run)).toEqual(["complete", "complete"]);
  });

  it("progresses on the real clock too (runMs 60)", async () => {
    const live = await workivaTestApp({ runMs: 60, now: Date.now });
    try {
      const run = (await live.wdata("POST", "/conn-sales-1/refresh", { body: {} })).body.body;
      expect(run.sourceStatus).toBe("not_started");
      await new Promise((resolve) => setTimeout(resolve, 80));
      const done = (await live.wdata("GET", "/conn-sales-1/status", { query: { jobId: run.jobId } })).body
        .body;
      expect(statuses(done)).toEqual(["complete", "complete"]);
    } finally {
      await live.close();
    }
  });
});
