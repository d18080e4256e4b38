/**
 * The Refresh resource under `pulumi preview/up/refresh/destroy`, through the real dynamic-provider
 * host (the BUILT package: `npm run build` first) against the Workiva emulator. API calls are
 * counted at the emulator.
 */
import { workiva } from "pulumi-datasync";
import type { Emulator } from "../emulator";
import type { Stack } from "../harness";
import {
  emulatorStack,
  expectNoLeaks,
  failureOf,
  resourceNamed,
  startWorkivaEmulator,
  workivaCalls,
  refreshProgram,
  requireBuild,
} from "./support";

type RefreshArgs = workiva.RefreshArgs;

/** A program with one Refresh named `refresh`; outputs its status, runs and batch ids. */
const SALES = ["conn-sales-1", "conn-sales-2", "conn-sales-3"];

const runsOf = (value: unknown) => value as workiva.RunOutput[];

describe("workiva.Refresh through the provider host", () => {
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

  it("151 connections on 3 destinations: 100 + 20 and 30 in batches, 1 single; all waited for", async () => {
    const a = emulator.workiva.addConnections(120, "dest-A", "a");
    const b = emulator.workiva.addConnections(30, "dest-B", "b");
    const c = emulator.workiva.addConnections(1, "dest-C", "c");
    const connections = [...b.slice(0, 10), ...a, ...c, ...b.slice(10)];
    stack = emulatorStack(emulator, "scale");
    const program = refreshProgram({ connections, triggers: { version: 1 } });

    const up = await stack.up(program);

    expect(calls.batchSizes().sort((x, y) => x - y)).toEqual([20, 30, 100]);
    expect(calls.singles()).toEqual(["c-1"]);
    expect(calls.lists()).toBe(1);
    expect(calls.details()).toBe(0);
    expect(calls.tokens()).toBe(1);
    const runs = runsOf(up.outputs.runs);
    expect(runs).toHaveLength(151);
    expect(runs.map((run) => run.connectionId)).toEqual(connections);
    expect(runs.every((run) => run.sourceStatus === "complete" && run.destinationStatus === "complete")).toBe(
      true,
    );
    expect(runs.filter((run) => run.batchRefreshId === undefined).map((run) => run.connectionId)).toEqual([
      "c-1",
    ]);
    expect(up.outputs.status).toBe("complete");
    expect(up.outputs.batchRefreshIds).toHaveLength(3);
    // Everything was waited for: every run the emulator started has finished.
    const started = emulator.workiva.runs();
    expect(started).toHaveLength(151);
    expect(
      started.every((run) => run.sourceStatus === "complete" && run.destinationStatus === "complete"),
    ).toBe(true);
    const row = up.rows.find((r) => r.name === "refresh");
    expect(row?.providerBytes).toBeGreaterThan(0);
    expect(row?.providerBytes).toBeLessThanOrEqual(4096);
    expectNoLeaks(up);

    emulator.log.clear();
    const again = await stack.up(program);
    expect(again.rows.map((r) => r.op)).toEqual(["same"]);
    expect(calls.all()).toBe(0);
  });

  it("preview makes no call; a no-op up none; timeoutSeconds updates in place; triggers run once more", async () => {
    stack = emulatorStack(emulator, "life");
    const args: RefreshArgs = {
      connections: [...SALES, "conn-finance-1"],
      triggers: { tables: ["Customer"] },
    };

    const preview = await stack.preview(refreshProgram(args));
    expect(preview.rows.map((r) => `${r.op}:${r.status}`)).toEqual(["create:planned"]);
    expect(calls.all()).toBe(0);
    expect(preview.hostCalls.create).toBe(0);

    const created = await stack.up(refreshProgram(args));
    expect(calls.batchSizes()).toEqual([3]);
    expect(calls.singles()).toEqual(["conn-finance-1"]);
    expect(emulator.workiva.runs()).toHaveLength(4);
    const firstId = resourceNamed(created, "refresh").id;

    emulator.log.clear();
    const noop = await stack.up(refreshProgram(args));
    expect(noop.rows.map((r) => r.op)).toEqual(["same"]);
    expect(calls.all()).toBe(0);

    const timeoutOnly = await stack.up(refreshProgram({ ...args, timeoutSeconds: 600 }));
    expect(timeoutOnly.rows.map((r) => r.op)).toEqual(["update"]);
    expect(timeoutOnly.rows[0].changed).toEqual(["timeoutSeconds"]);
    expect(calls.all()).toBe(0);
    expect(resourceNamed(timeoutOnly, "refresh").outputs).toMatchObject({
      timeoutSeconds: 600,
      status: "complete",
    });
    expect(resourceNamed(timeoutOnly, "refresh").id).toBe(firstId);

    const changed = { ...args, timeoutSeconds: 600, triggers: { tables: ["Customer", "Invoice"] } };
    const previewChange = await stack.preview(refreshProgram(changed));
    expect(previewChange.rows.map((r) => `${r.op}:${r.replaces.join(",")}`)).toEqual(["replace:triggers"]);
    expect(calls.refreshPosts()).toBe(0);

    const rerun = await stack.up(refreshProgram(changed));
    expect(rerun.rows.map((r) => r.op)).toEqual(["replace"]);
    expect(calls.batchSizes()).toEqual([3]);
    expect(calls.singles()).toEqual(["conn-finance-1"]);
    expect(emulator.workiva.runs()).toHaveLength(8); // one new run per connection
    expect(rerun.state.resources).toHaveLength(1);
    expect(resourceNamed(rerun, "refresh").id).not.toBe(firstId);

    emulator.log.clear();
    const refreshed = await stack.refresh();
    expect(refreshed.rows.map((r) => r.op)).toEqual(["read"]); // no drift: finished runs are final
    expect(calls.all()).toBe(0);

    const destroyed = await stack.destroy();
    expect(destroyed.rows.map((r) => r.op)).toEqual(["delete"]);
    expect(destroyed.state.resources).toEqual([]);
    expect(calls.all()).toBe(0);
    expectNoLeaks(rerun);
  });

  it("a failing connection fails the deploy with its id and error; the next up runs the refresh again", async () => {
    emulator.workiva.failConnection("conn-finance-2", "Source query failed: table FX_RATES is missing", 1);
    stack = emulatorStack(emulator, "fail");
    const program = refreshProgram({ connections: ["conn-finance-1", "conn-finance-2", "conn-esg-1"] });

    const failure = await failureOf(stack.up(program));
    expect(failure.result.errors).toHaveLength(1);
    expect(failure.result.errors[0]).toContain(
      "Workiva refresh failed for 1 of 3 connections: conn-finance-2: Source query failed: table FX_RATES is missing",
    );
    const recorded = resourceNamed(failure.result, "refresh");
    expect(recorded.initErrors).toEqual([expect.stringContaining("conn-finance-2")]);
    expect(recorded.outputs).toMatchObject({
      status: "error",
      deployError: expect.stringContaining("conn-finance-2"),
    });
    expect(runsOf(recorded.outputs.runs).map((r) => `${r.connectionId}:${r.destinationStatus}`)).toEqual([
      "conn-finance-1:complete",
      "conn-finance-2:error",
      "conn-esg-1:complete",
    ]);
    expectNoLeaks(failure.result);

    emulator.log.clear();
    const retried = await stack.up(program);
    expect(retried.rows.map((r) => r.op)).toEqual(["update"]);
    expect(calls.batchSizes()).toEqual([2]);
    expect(calls.singles()).toEqual(["conn-esg-1"]);
    expect(emulator.workiva.runs()).toHaveLength(6);
    const settled = resourceNamed(retried, "refresh");
    expect(settled.initErrors).toBeUndefined();
    expect(settled.outputs.status).toBe("complete");
    expect(settled.outputs.deployError).toBeUndefined();

    emulator.log.clear();
    const noop = await stack.up(program);
    expect(noop.rows.map((r) => r.op)).toEqual(["same"]);
    expect(calls.all()).toBe(0);
  });

  it("a timeout names what is still running; the next up resumes waiting instead of starting again", async () => {
    emulator.workiva.setRunMs(2500);
    stack = emulatorStack(emulator, "slow");
    const args: RefreshArgs = { connections: ["conn-esg-1", "conn-esg-2"], timeoutSeconds: 0.5 };

    const failure = await failureOf(stack.up(refreshProgram(args)));
    expect(failure.result.errors[0]).toMatch(
      /Workiva refresh did not finish within 0\.5 s; still running 2 of 2 connections: conn-esg-1 \(source \w+, destination \w+\); conn-esg-2 /,
    );
    expect(resourceNamed(failure.result, "refresh").outputs).toMatchObject({ status: "running" });
    expect(calls.singles().sort()).toEqual(["conn-esg-1", "conn-esg-2"]); // a document: one by one

    emulator.log.clear();
    const resumed = await stack.up(refreshProgram({ ...args, timeoutSeconds: 30 }));
    expect(resumed.rows.map((r) => r.op)).toEqual(["update"]);
    expect(calls.refreshPosts()).toBe(0);
    expect(emulator.workiva.runs()).toHaveLength(2);
    expect(resourceNamed(resumed, "refresh").outputs).toMatchObject({ status: "complete" });
  });

  it("parallel Refresh resources share one token exchange", async () => {
    stack = emulatorStack(emulator, "parallel");
    const program = () => {
      const groups = [SALES, ["conn-finance-1", "conn-finance-2"], ["conn-esg-1"], ["conn-finance-3"]];
      return Object.fromEntries(
        groups.map((connections, i) => [`r${i}`, new workiva.Refresh(`r${i}`, { connections }).status]),
      );
    };
    const up = await stack.up(program);
    expect(up.outputs).toEqual({ r0: "complete", r1: "complete", r2: "complete", r3: "complete" });
    expect(up.hostCalls.create).toBe(4);
    expect(calls.tokens()).toBe(1);
    expect(emulator.workiva.tokensIssued()).toBe(1);
    expect(calls.lists()).toBe(1); // destinations learned once for the run
    expectNoLeaks(up);
  });
});
