import { ApiError } from "../../provider/http";
import type { ConnectionDto, ConnectionRunDto, RefreshConnectionDto } from "../../provider/workiva/api-types";
import { CLOCK_SKEW_MS, isOurRun } from "../../provider/workiva/adoption";
import type { WorkivaClient } from "../../provider/workiva/client";
import { connectionsConcerned } from "../../provider/workiva/conflicts";
import { MAX_START_ATTEMPTS, isBatchRefusal, startRequest } from "../../provider/workiva/refresh-start";

const apiError = (status: number, ambiguous: boolean, apiMessage?: string) =>
  new ApiError({
    service: "workiva",
    method: "POST",
    path: "/api/v1/connections/x/refresh",
    status,
    kind: status ? "http" : "network",
    ambiguous,
    retryable: false,
    apiMessage,
  });

describe("deciding whether an ambiguous POST started our run", () => {
  const sentAt = Date.parse("2025-01-01T00:00:00Z");
  it("a new job created after the POST (within the clock skew) is ours; a known or older one is not", () => {
    const at = (ms: number) => new Date(sentAt + ms).toISOString();
    expect(isOurRun({ lastRunJobId: "j2", lastRunDate: at(50) }, sentAt, new Set(["j1"]))).toBe(true);
    expect(isOurRun({ lastRunJobId: "j2", lastRunDate: at(-CLOCK_SKEW_MS + 1) }, sentAt, new Set())).toBe(
      true,
    );
    expect(isOurRun({ lastRunJobId: "j2", lastRunDate: at(-CLOCK_SKEW_MS - 1) }, sentAt, new Set())).toBe(
      false,
    );
    expect(isOurRun({ lastRunJobId: "j1", lastRunDate: at(50) }, sentAt, new Set(["j1"]))).toBe(false);
    expect(isOurRun({ lastRunJobId: null, lastRunDate: null }, sentAt, new Set())).toBe(false);
  });
});

describe("connections named by an 'already running' answer", () => {
  const items = ["a-1", "a-10", "a-2"].map((connectionId) => ({ connectionId }));
  it("matches whole ids only, else all of the request", () => {
    expect(connectionsConcerned("Connections a-10, a-2 are already running", items)).toEqual(["a-10", "a-2"]);
    expect(connectionsConcerned("Connection a-1 is already running", items)).toEqual(["a-1"]);
    expect(connectionsConcerned("Locked", items)).toEqual(["a-1", "a-10", "a-2"]);
  });
});

describe("starting one request", () => {
  const run = (connectionId: string, jobId: string): ConnectionRunDto => ({
    connectionId,
    jobId,
    sourceStatus: "not_started",
    destinationStatus: "not_started",
  });

  it("a definite rejection marks the connection not started, without a second POST", async () => {
    const refreshConnection = jest.fn(async () => {
      throw apiError(400, false, "Invalid request; sourceParameters: unknown parameter");
    });
    const client = { refreshConnection } as unknown as WorkivaClient;
    const result = await startRequest(
      { client, cancelUnwritables: false, deadlineMs: Date.now() + 1000 },
      {
        kind: "single",
        item: { connectionId: "c-1" },
      },
    );
    expect(refreshConnection).toHaveBeenCalledTimes(1);
    expect(result.runs).toEqual([
      {
        connectionId: "c-1",
        sourceStatus: "error",
        destinationStatus: "error",
        error: expect.stringContaining(
          "refresh not started: Workiva POST /api/v1/connections/x/refresh failed: 400",
        ),
      },
    ]);
  });

  it("ambiguous failures: adopts what started, re-sends the rest, gives up after MAX_START_ATTEMPTS", async () => {
    const started = new Map<string, ConnectionRunDto>();
    const refreshBatch = jest.fn(async (items: readonly RefreshConnectionDto[]) => {
      // The first item of each send is applied, then the answer is lost.
      const first = items[0].connectionId;
      started.set(first, run(first, `job-${first}-${refreshBatch.mock.calls.length}`));
      throw apiError(0, true, "connection reset; the request was sent");
    });
    const getConnection = jest.fn(async (id: string) => {
      const last = started.get(id);
      return {
        connectionId: id,
        destinationId: "d",
        lastRun: last ?? null,
        lastRunJobId: last?.jobId ?? null,
        lastRunDate: last ? new Date().toISOString() : null,
      } as unknown as ConnectionDto;
    });
    const client = { refreshBatch, getConnection } as unknown as WorkivaClient;
    const items = ["a", "b", "c", "d"].map((connectionId) => ({ connectionId }));
    const result = await startRequest(
      { client, cancelUnwritables: false, deadlineMs: Date.now() + 1000 },
      {
        kind: "batch",
        group: "into:d",
        items,
      },
    );
    expect(refreshBatch).toHaveBeenCalledTimes(MAX_START_ATTEMPTS);
    expect(refreshBatch.mock.calls.map(([sent]) => sent.map((i) => i.connectionId).join(""))).toEqual([
      "abcd",
      "bcd",
      "cd",
    ]);
    expect(result.runs.map((r) => `${r.connectionId}:${r.jobId ?? "-"}`)).toEqual([
      "a:job-a-1",
      "b:job-b-2",
      "c:job-c-3",
      "d:-",
    ]);
    expect(result.runs[3].error).toMatch(/^refresh not started: gave up after 3 attempts: Workiva POST/);
  });

  it("after an ambiguous send, a 409 for the re-send adopts the run our first send started late", async () => {
    let applied: ConnectionRunDto | undefined;
    const refreshConnection = jest.fn(async () => {
      if (refreshConnection.mock.calls.length === 1) throw apiError(0, true, "timeout; the request was sent");
      applied = { ...run("c-1", "job-late"), sourceStatus: "running" }; // applied after our lookup
      throw apiError(409, false, "Connection c-1 is already running");
    });
    const getConnection = jest.fn(async (id: string) => {
      return {
        connectionId: id,
        destinationId: "d",
        lastRun: applied ?? null,
        lastRunJobId: applied?.jobId ?? null,
        lastRunDate: applied ? new Date().toISOString() : null,
      } as unknown as ConnectionDto;
    });
    const getRun = jest.fn();
    const client = { refreshConnection, getConnection, getRun } as unknown as WorkivaClient;
    const result = await startRequest(
      {
        client,
        cancelUnwritables: false,
        deadlineMs: Date.now() + 1000,
        schedule: { firstMs: 5, factor: 1, maxMs: 5 },
      },
      { kind: "single", item: { connectionId: "c-1", workspaceId: "ws-1" } },
    );
    expect(refreshConnection).toHaveBeenCalledTimes(2);
    expect(getRun).not.toHaveBeenCalled(); // ours: adopted, not waited for
    expect(result.runs).toEqual([
      {
        connectionId: "c-1",
        jobId: "job-late",
        sourceStatus: "running",
        destinationStatus: "not_started",
        workspaceId: "ws-1",
      },
    ]);
  });

  it("when checking an ambiguous failure fails too, the connection is recorded as failed, not lost", async () => {
    const refreshConnection = jest.fn(async () => {
      throw apiError(503, true, "Service unavailable");
    });
    const getConnection = jest.fn(async () => {
      throw new ApiError({
        service: "workiva",
        method: "GET",
        path: "/api/v1/connections/c-1",
        status: 503,
        kind: "http",
        ambiguous: false,
        retryable: true,
      });
    });
    const client = { refreshConnection, getConnection } as unknown as WorkivaClient;
    const result = await startRequest(
      { client, cancelUnwritables: false, deadlineMs: Date.now() + 1000 },
      {
        kind: "single",
        item: { connectionId: "c-1" },
      },
    );
    expect(refreshConnection).toHaveBeenCalledTimes(1);
    expect(result.runs[0].error).toMatch(
      /^refresh may have started: .*503 Service unavailable.*; checking it failed: Workiva GET/,
    );
  });
});

describe("a batch refused as a whole, and answers that leave fields out", () => {
  const connection = (id: string, last?: { jobId: string }) =>
    ({
      connectionId: id,
      lastRun: last ? { ...last, sourceStatus: "running", destinationStatus: "not_started" } : null,
      lastRunJobId: last?.jobId ?? null,
      lastRunDate: last ? new Date().toISOString() : null,
    }) as unknown as ConnectionDto;

  it("only definite 4xx answers other than 401/408/429 count as a refusal", () => {
    expect([400, 403, 404, 409, 422, 423].every((s) => isBatchRefusal(apiError(s, false)))).toBe(true);
    expect([401, 408, 429].some((s) => isBatchRefusal(apiError(s, false)))).toBe(false);
    expect(isBatchRefusal(apiError(503, true))).toBe(false);
    expect(isBatchRefusal(apiError(0, true))).toBe(false);
  });

  it("after an ambiguous send, a refusal adopts what that send started, then sends the rest one by one", async () => {
    const started = new Map<string, { jobId: string }>();
    const refreshBatch = jest.fn(async (items: readonly RefreshConnectionDto[]) => {
      if (refreshBatch.mock.calls.length === 1) {
        started.set(items[0].connectionId, { jobId: "job-a-batch" }); // applied, answer lost
        throw apiError(0, true, "connection reset; the request was sent");
      }
      throw apiError(422, false, "Batch not allowed for these connections");
    });
    const refreshConnection = jest.fn(async (item: RefreshConnectionDto) => ({
      connectionId: item.connectionId,
      jobId: `job-${item.connectionId}`,
      sourceStatus: "not_started" as const,
      destinationStatus: "not_started" as const,
    }));
    const getConnection = jest.fn(async (id: string) => connection(id, started.get(id)));
    const client = { refreshBatch, refreshConnection, getConnection } as unknown as WorkivaClient;
    const items = ["a", "b", "c"].map((connectionId) => ({ connectionId }));

    const result = await startRequest(
      { client, cancelUnwritables: false, deadlineMs: Date.now() + 1000 },
      { kind: "batch", group: "into:wb", items },
    );

    expect(refreshBatch).toHaveBeenCalledTimes(2);
    expect(refreshConnection.mock.calls.map(([item]) => item.connectionId)).toEqual(["b", "c"]);
    expect(result.runs.map((r) => `${r.connectionId}:${r.jobId}`).sort()).toEqual([
      "a:job-a-batch",
      "b:job-b",
      "c:job-c",
    ]);
    expect(result.batchFallbacks).toEqual([
      { connectionIds: ["b", "c"], status: 422, reason: "Batch not allowed for these connections" },
    ]);
  });

  it("a child without a job id: its initiation error means not started; a connection not answered for is looked up", async () => {
    const refreshBatch = jest.fn(async () => ({
      batchRefreshId: "B-1",
      childRefreshes: [
        { connectionId: "a", jobId: "job-a", sourceStatus: "not_started" as const },
        { connectionId: "b", error: "Destination is locked" },
      ],
    }));
    const getConnection = jest.fn(async (id: string) =>
      connection(id, id === "c" ? { jobId: "job-c" } : undefined),
    );
    const client = { refreshBatch, getConnection } as unknown as WorkivaClient;
    const items = ["a", "b", "c"].map((connectionId) => ({ connectionId }));

    const result = await startRequest(
      { client, cancelUnwritables: false, deadlineMs: Date.now() + 1000 },
      { kind: "batch", group: "into:wb", items },
    );

    expect(getConnection.mock.calls.map(([id]) => id)).toEqual(["c"]);
    expect(result.batchRefreshIds).toEqual(["B-1"]);
    expect(result.runs).toEqual([
      {
        connectionId: "a",
        jobId: "job-a",
        batchRefreshId: "B-1",
        sourceStatus: "not_started",
        destinationStatus: "not_started",
      },
      {
        connectionId: "b",
        sourceStatus: "error",
        destinationStatus: "error",
        error: "refresh not started: Destination is locked",
      },
      { connectionId: "c", jobId: "job-c", sourceStatus: "running", destinationStatus: "not_started" },
    ]);
  });
});
