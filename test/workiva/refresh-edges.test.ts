/**
 * The Refresh resource's less common paths, through the real provider host (BUILT package)
 * against the Workiva emulator: not waiting then `pulumi refresh`, unwritable destinations,
 * ambiguous POST failures, a connection already running, unknown ids, invalid inputs.
 */
import { workiva } from "pulumi-datasync";
import type { Emulator } from "../emulator";
import type { Stack } from "../harness";
import {
  CONNECTIONS,
  emulatorStack,
  expectNoLeaks,
  failureOf,
  resourceNamed,
  startForeignRun,
  startWorkivaEmulator,
  workivaCalls,
  refreshProgram,
  requireBuild,
} from "./support";

const runsOf = (value: unknown) => value as workiva.RunOutput[];

describe("workiva.Refresh edge cases through the provider host", () => {
  let emulator: Emulator;
  let stack: Stack;
  let calls: ReturnType<typeof workivaCalls>;

  beforeAll(async () => {
    requireBuild();
    emulator = await startWorkivaEmulator();
    calls = workivaCalls(emulator);
  });
  afterAll(() => emulator.stop());

  beforeEach(() => {
    emulator.reset();
  });
  afterEach(() => stack?.dispose());

  it("waitForCompletion: false records `running`; `pulumi refresh` reads the final statuses", async () => {
    emulator.workiva.setRunMs(600);
    stack = emulatorStack(emulator, "nowait");
    const up = await stack.up(
      refreshProgram({
        connections: ["conn-sales-1", "conn-sales-2", "conn-esg-1"],
        waitForCompletion: false,
      }),
    );
    expect(up.outputs.status).toBe("running");
    expect(calls.statusGets()).toBe(0);
    expect(resourceNamed(up, "refresh").outputs.finishedAt).toBeUndefined();

    await new Promise((resolve) => setTimeout(resolve, 700));
    emulator.log.clear();
    const refreshed = await stack.refresh();
    expect(refreshed.rows.map((r) => r.op)).toEqual(["refresh-changed"]);
    expect(calls.statusGets()).toBe(2); // one batch status + one job status
    expect(calls.refreshPosts()).toBe(0);
    const outputs = resourceNamed(refreshed, "refresh").outputs;
    expect(outputs.status).toBe("complete");
    expect(outputs.finishedAt).toEqual(expect.any(String));
    expect(runsOf(outputs.runs).every((r) => r.destinationStatus === "complete")).toBe(true);

    emulator.log.clear();
    const again = await stack.refresh();
    expect(again.rows.map((r) => r.op)).toEqual(["read"]);
    expect(calls.all()).toBe(0);
  });

  it("cancelUnwritables: an unwritable destination is skipped, not a failure; without it the deploy fails", async () => {
    emulator.workiva.setUnwritable("conn-sales-2");
    stack = emulatorStack(emulator, "unwritable");
    const connections = ["conn-sales-1", "conn-sales-2", "conn-sales-3"];

    const skipped = await stack.up(refreshProgram({ connections, cancelUnwritables: true }));
    expect(skipped.outputs.status).toBe("complete");
    expect(runsOf(skipped.outputs.runs).map((r) => `${r.connectionId}:${r.sourceStatus}`)).toEqual([
      "conn-sales-1:complete",
      "conn-sales-2:cancelled",
      "conn-sales-3:complete",
    ]);
    expect(emulator.log.filter({ method: "POST", path: `${CONNECTIONS}/batch/refresh` })[0].query).toEqual({
      cancelUnwritables: "true",
    });
    stack.dispose();

    stack = emulatorStack(emulator, "unwritable-fails");
    const failure = await failureOf(stack.up(refreshProgram({ connections })));
    expect(failure.result.errors[0]).toContain(
      "Workiva refresh failed for 1 of 3 connections: conn-sales-2: Destination is not writable",
    );
  });

  it("an ambiguous batch POST (applied, then 503) is not replayed: the started runs are adopted", async () => {
    emulator.faults.add({ method: "POST", path: `${CONNECTIONS}/batch/refresh`, commitThenFail: 503 });
    stack = emulatorStack(emulator, "ambiguous");
    const up = await stack.up(
      refreshProgram({ connections: ["conn-finance-1", "conn-finance-2", "conn-finance-3"] }),
    );
    expect(calls.batchSizes()).toEqual([3]);
    expect(calls.details()).toBe(3);
    expect(emulator.workiva.runs()).toHaveLength(3);
    expect(up.outputs.status).toBe("complete");
    expect(runsOf(up.outputs.runs).map((r) => r.jobId)).toEqual(emulator.workiva.runs().map((r) => r.jobId));
  });

  it("a single POST dropped before it was applied is sent again once it is known not to have started", async () => {
    emulator.faults.add({ method: "POST", path: `${CONNECTIONS}/conn-esg-1/refresh`, drop: "before" });
    stack = emulatorStack(emulator, "dropped");
    const up = await stack.up(refreshProgram({ connections: ["conn-esg-1"] }));
    expect(calls.singles()).toEqual(["conn-esg-1", "conn-esg-1"]);
    expect(calls.details()).toBe(1);
    expect(emulator.workiva.runs()).toHaveLength(1);
    expect(up.outputs.status).toBe("complete");
  });

  /**
   * Runs `up` while someone else's run of `connectionId` holds the connection; that run ends only
   * once our single refresh of it was answered "already running" (no timing depends on load).
   */
  async function upDuringForeignRun(connectionId: string, name: string, connections: string[]) {
    emulator.workiva.setRunMs(600_000);
    const foreign = await startForeignRun(emulator, connectionId);
    emulator.workiva.setRunMs(200);
    emulator.log.clear();
    stack = emulatorStack(emulator, name);
    const up = stack.up(refreshProgram({ connections }));
    // Someone else's run ends once our own single refresh of the connection was refused.
    const refused = () =>
      emulator.log
        .filter({ method: "POST", path: `${CONNECTIONS}/${connectionId}/refresh` })
        .some((e) => e.status === 409 || e.status === 423);
    const deadline = Date.now() + 90_000;
    while (!refused() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    emulator.workiva.finishRun(foreign);
    return { up: await up, foreign };
  }

  it.each([409, 423])(
    "a connection already running (%i): waits for that run to finish, then starts its own",
    async (status) => {
      emulator.workiva.setAlreadyRunningStatus(status);
      const { up, foreign } = await upDuringForeignRun("conn-esg-2", `conflict-${status}`, [
        "conn-esg-1",
        "conn-esg-2",
      ]);
      expect(up.outputs.status).toBe("complete");
      expect(calls.batchSizes()).toEqual([]); // a document's connections are refreshed one by one
      const conflicts = emulator.log
        .filter({ method: "POST", path: `${CONNECTIONS}/conn-esg-2/refresh` })
        .map((e) => e.status);
      expect(conflicts).toEqual([status, 200]);
      const runs = emulator.workiva.runs().filter((r) => r.connectionId === "conn-esg-2");
      expect(runs.map((r) => r.jobId)).toEqual([foreign, expect.any(String)]);
      const [theirs, ours] = runs;
      expect(Date.parse(ours.created)).toBeGreaterThanOrEqual(Date.parse(theirs.updated));
      expect(runsOf(up.outputs.runs).find((r) => r.connectionId === "conn-esg-2")?.jobId).toBe(ours.jobId);
    },
  );

  it("a batch answered 409 because one of its connections is running: one by one, that one waits", async () => {
    const { up, foreign } = await upDuringForeignRun("conn-sales-2", "conflict-batch", [
      "conn-sales-1",
      "conn-sales-2",
    ]);
    expect(up.outputs.status).toBe("complete");
    expect(
      emulator.log.filter({ method: "POST", path: `${CONNECTIONS}/batch/refresh` }).map((e) => e.status),
    ).toEqual([409]);
    expect(calls.singles().sort()).toEqual(["conn-sales-1", "conn-sales-2", "conn-sales-2"]);
    const runs = emulator.workiva.runs();
    expect(runs.filter((r) => r.connectionId === "conn-sales-1")).toHaveLength(1);
    expect(runs.filter((r) => r.connectionId === "conn-sales-2").map((r) => r.jobId)).toEqual([
      foreign,
      expect.any(String),
    ]);
    const recorded = resourceNamed(up, "refresh").outputs;
    expect(recorded.batchFallbacks).toEqual([
      {
        connectionIds: ["conn-sales-1", "conn-sales-2"],
        status: 409,
        reason: expect.stringContaining("running"),
      },
    ]);
  });

  it("an unknown connection id is a clear error before anything starts; nothing is recorded", async () => {
    stack = emulatorStack(emulator, "unknown");
    const failure = await failureOf(
      stack.up(refreshProgram({ connections: ["conn-sales-1", "conn-missing-9"] })),
    );
    expect(failure.result.errors[0]).toContain("Workiva connection conn-missing-9 was not found");
    expect(failure.result.state.resources).toEqual([]);
    expect(calls.refreshPosts()).toBe(0);
    expectNoLeaks(failure.result);
  });

  it("check rejects invalid inputs at preview, naming the property and the rule, with no API call", async () => {
    stack = emulatorStack(emulator, "invalid");
    const failure = await failureOf(
      stack.preview(
        refreshProgram({ connections: ["conn-sales-1", "conn-sales-1", "a/b"], timeoutSeconds: 0 }),
      ),
    );
    const message = failure.result.errors.join("\n");
    expect(message).toContain(`property connections[2]: connection id "a/b" must not contain '/'`);
    expect(message).toContain(`property connections[1]: duplicate connection id "conn-sales-1"`);
    expect(message).toContain("property timeoutSeconds: must be a positive number of seconds");
    expect(calls.all()).toBe(0);
  });
});
