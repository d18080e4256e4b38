/**
 * The Refresh resource against Workiva as its API reference describes it (`oas/wdata.yaml`),
 * through the real provider host (BUILT package) against the emulator: only legal batches, a
 * batch refused as a whole sent one by one, a late failure without a message, a last list page
 * without a cursor. Each test fails on the provider before issue 12.
 */
import { workiva } from "pulumi-datasync";
import type { Emulator } from "../emulator";
import type { Stack } from "../harness";
import {
  CONNECTIONS,
  emulatorStack,
  expectNoLeaks,
  failureOf,
  refreshProgram,
  requireBuild,
  resourceNamed,
  startWorkivaEmulator,
  workivaCalls,
} from "./support";

const runsOf = (value: unknown) => value as workiva.RunOutput[];
const SALES = ["conn-sales-1", "conn-sales-2", "conn-sales-3"]; // incoming, one spreadsheet

describe("workiva.Refresh against the reference's rules, through the provider host", () => {
  let emulator: Emulator;
  let stack: Stack;
  let calls: ReturnType<typeof workivaCalls>;

  beforeAll(async () => {
    requireBuild();
    emulator = await startWorkivaEmulator();
    calls = workivaCalls(emulator);
  });
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.reset());
  afterEach(() => stack?.dispose());

  /** Each connection of `ids` has exactly one run at the emulator, and it completed. */
  const expectEachRunOnce = (ids: readonly string[]) => {
    const runs = emulator.workiva.runs();
    expect(runs.map((r) => r.connectionId).sort()).toEqual([...ids].sort());
    expect(runs.every((r) => r.sourceStatus === "complete" && r.destinationStatus === "complete")).toBe(true);
  };

  it("3 connections into one Wdata table and 2 into a document go one by one; the spreadsheet's are batched", async () => {
    const table = emulator.workiva.addConnections(3, "table-sales", "tbl", {
      sourceType: "wdata_query",
      destinationType: "wdata_table",
    });
    const doc = ["conn-esg-1", "conn-esg-2"]; // seeded: into one document
    const connections = [...table, ...SALES, ...doc];
    stack = emulatorStack(emulator, "legal-batches");

    const up = await stack.up(refreshProgram({ connections, triggers: { v: 1 } }));

    expect(up.outputs.status).toBe("complete");
    expect(calls.batchSizes()).toEqual([3]);
    expect(emulator.workiva.batches()[0].childRefreshes.map((c) => c.connectionId)).toEqual(SALES);
    expect(calls.singles().sort()).toEqual([...table, ...doc].sort());
    expect(emulator.log.filter({ method: "POST", path: /refresh$/ }).every((e) => e.status === 200)).toBe(
      true,
    );
    expectEachRunOnce(connections);
    expect(runsOf(up.outputs.runs).map((r) => r.connectionId)).toEqual(connections);
    expect(resourceNamed(up, "refresh").outputs.batchFallbacks).toBeUndefined();
    expectNoLeaks(up);
  });

  it("outgoing connections of one workbook are batched together", async () => {
    const out = emulator.workiva.addConnections(2, "table-out", "out", {
      sourceType: "spreadsheet",
      sourceId: "wb-out",
      destinationType: "wdata_table",
    });
    stack = emulatorStack(emulator, "outgoing");
    const up = await stack.up(refreshProgram({ connections: out }));
    expect(up.outputs.status).toBe("complete");
    expect(calls.batchSizes()).toEqual([2]);
    expect(calls.singles()).toEqual([]);
    expectEachRunOnce(out);
  });

  it("entries with parameters or usePrevious* run alone, batched or not: the same input runs the same way", async () => {
    stack = emulatorStack(emulator, "parameters");
    const connections = [
      { connectionId: "conn-sales-1", sourceParameters: { year: 2025 } },
      { connectionId: "conn-sales-2", usePreviousDestinationParameters: true },
      "conn-sales-3",
      "conn-finance-1",
      "conn-finance-2",
    ];
    const up = await stack.up(refreshProgram({ connections }));
    expect(up.outputs.status).toBe("complete");
    expect(calls.batchSizes()).toEqual([2]); // the finance workbook's two bare entries
    expect(calls.singles().sort()).toEqual(["conn-sales-1", "conn-sales-2", "conn-sales-3"]);
    const sales1 = emulator.workiva.runs().find((r) => r.connectionId === "conn-sales-1");
    expect(sales1?.sourceParameters).toEqual({ year: 2025 });
  });

  it.each([400, 409, 422])(
    "a batch refused as a whole (%i) is sent one by one: each connection runs once, the fallback is in the outputs",
    async (status) => {
      if (status === 422) {
        // Not a status the reference lists for refreshBatch: answered by a fault rule instead.
        const body = {
          code: 422,
          body: "A batch refreshes incoming connections ...; use the single refresh for: x",
        };
        emulator.faults.add({ method: "POST", path: `${CONNECTIONS}/batch/refresh`, status: 422, body });
      } else emulator.workiva.setBatchRefusalStatus(status);
      // The list says the document's connections write into one spreadsheet: the provider batches
      // them, and the emulator (which knows better) refuses the batch.
      const listed = ["conn-esg-1", "conn-esg-2"].map((id) => ({
        ...emulator.workiva.connection(id),
        destinationType: "spreadsheet",
      }));
      emulator.faults.add({
        method: "GET",
        path: CONNECTIONS,
        status: 200,
        body: { body: listed, code: 200 },
      });
      stack = emulatorStack(emulator, `refused-${status}`);

      const up = await stack.up(refreshProgram({ connections: ["conn-esg-1", "conn-esg-2"] }));

      expect(up.outputs.status).toBe("complete");
      expect(
        emulator.log.filter({ method: "POST", path: `${CONNECTIONS}/batch/refresh` }).map((e) => e.status),
      ).toEqual([status]);
      expect(calls.singles().sort()).toEqual(["conn-esg-1", "conn-esg-2"]);
      expectEachRunOnce(["conn-esg-1", "conn-esg-2"]);
      const outputs = resourceNamed(up, "refresh").outputs;
      expect(outputs.batchFallbacks).toEqual([
        {
          connectionIds: ["conn-esg-1", "conn-esg-2"],
          status,
          reason: expect.stringContaining("use the single refresh for"),
        },
      ]);
      expect(runsOf(outputs.runs).every((r) => r.jobId && r.batchRefreshId === undefined)).toBe(true);

      emulator.log.clear();
      const again = await stack.up(refreshProgram({ connections: ["conn-esg-1", "conn-esg-2"] }));
      expect(again.rows.map((r) => r.op)).toEqual(["same"]);
      expect(calls.all()).toBe(0);
    },
  );

  it("a run that fails late without an error message fails the deploy naming its connection and job", async () => {
    emulator.workiva.failConnection("conn-finance-2", null, 1);
    stack = emulatorStack(emulator, "late-failure");
    const program = refreshProgram({ connections: ["conn-finance-1", "conn-finance-2", "conn-esg-1"] });

    const failure = await failureOf(stack.up(program));

    const job = emulator.workiva.runs().find((r) => r.connectionId === "conn-finance-2")?.jobId;
    expect(failure.result.errors[0]).toContain(
      `Workiva refresh failed for 1 of 3 connections: conn-finance-2: source error, destination error (job ${job}; Workiva gave no error message)`,
    );
    const recorded = resourceNamed(failure.result, "refresh").outputs;
    expect(recorded.status).toBe("error");
    const run = runsOf(recorded.runs).find((r) => r.connectionId === "conn-finance-2");
    expect(run).toEqual(
      expect.objectContaining({ jobId: job, sourceStatus: "error", destinationStatus: "error" }),
    );
    expect(run?.error).toBeUndefined();
  });

  it("a batch child whose start failed (no job id, only an error) fails the deploy naming it; the rest run once", async () => {
    emulator.workiva.failStart("conn-sales-2", "Destination is locked for editing");
    stack = emulatorStack(emulator, "failed-start");
    const program = refreshProgram({ connections: SALES });

    const failure = await failureOf(stack.up(program));

    expect(failure.result.errors[0]).toContain(
      "Workiva refresh failed for 1 of 3 connections: conn-sales-2: refresh not started: Destination is locked for editing",
    );
    expect(calls.batchSizes()).toEqual([3]);
    expect(calls.singles()).toEqual([]); // a clear initiation error is not retried blindly
    expectEachRunOnce(["conn-sales-1", "conn-sales-3"]);
    const recorded = resourceNamed(failure.result, "refresh").outputs;
    expect(
      runsOf(recorded.runs).map((r) => `${r.connectionId}:${r.jobId ? "job" : "none"}:${r.sourceStatus}`),
    ).toEqual(["conn-sales-1:job:complete", "conn-sales-2:none:error", "conn-sales-3:job:complete"]);

    emulator.workiva.healConnection("conn-sales-2");
    const retried = await stack.up(program);
    expect(resourceNamed(retried, "refresh").outputs.status).toBe("complete");
  });

  it.each(["absent", "null", "empty"] as const)(
    "a connection list whose last page has its cursor %s is read once",
    async (form) => {
      emulator.workiva.setLastPageCursor(form);
      stack = emulatorStack(emulator, `cursor-${form}`);
      const up = await stack.up(refreshProgram({ connections: SALES }));
      expect(up.outputs.status).toBe("complete");
      expect(calls.lists()).toBe(1);
      expect(emulator.log.filter({ method: "GET", path: CONNECTIONS }).map((e) => e.status)).toEqual([200]);
      expect(calls.batchSizes()).toEqual([3]);
    },
  );
});
