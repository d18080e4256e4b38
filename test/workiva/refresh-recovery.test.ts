/**
 * The Refresh resource when starting or polling goes wrong in less obvious ways, through the real
 * provider host (BUILT package) against the Workiva emulator: a late-applied POST answered by
 * "already running", a start that may have happened but could not be checked, workspaces on
 * status polls, odd connection lists, and a ready access token shared by every Refresh.
 */
import { workiva } from "pulumi-datasync";
import { EMULATOR_CREDENTIALS, type Emulator } from "../emulator";
import { Stack } from "../harness";
import {
  CONNECTIONS,
  FAST_POLL,
  emulatorStack,
  failureOf,
  resourceNamed,
  startWorkivaEmulator,
  workivaCalls,
  refreshProgram,
  requireBuild,
} from "./support";

const runsOf = (value: unknown) => value as workiva.RunOutput[];

describe("workiva.Refresh recovery through the provider host", () => {
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

  it("a POST applied after the client gave up, re-sent and answered 409: the running run is ours, adopted", async () => {
    // Client timeout 2.5 s. The first POST is applied at 3.5 s: the lookup after the timeout (from
    // 2.5 s) has a whole second to find nothing, even on a loaded machine. The re-send (sent after
    // the lookup, held 1.8 s: 0.7 s under the timeout) is handled at 4.3 s or later, so always
    // after the first applied, while that run still runs (3 s): it is answered 409, the run is ours.
    emulator.workiva.setRunMs(3000);
    const refreshPath = `${CONNECTIONS}/conn-esg-1/refresh`;
    emulator.faults.add({ method: "POST", path: refreshPath, delayMs: 3500 });
    emulator.faults.add({ method: "POST", path: refreshPath, delayMs: 1800 });
    stack = emulatorStack(emulator, "late-409", { DATASYNC_HTTP_TIMEOUT_MS: "2500" });

    const up = await stack.up(refreshProgram({ connections: ["conn-esg-1"] }));

    const posts = emulator.log.filter({ method: "POST", path: refreshPath });
    expect(posts).toHaveLength(2);
    // The first was applied after its client gave up (logged 0), the re-send was answered 409.
    expect(posts.map((e) => e.status)).toEqual([0, 409]);
    const remote = emulator.workiva.runs();
    expect(remote).toHaveLength(1);
    expect(up.outputs.status).toBe("complete");
    expect(runsOf(up.outputs.runs).map((r) => r.jobId)).toEqual([remote[0].jobId]);
  });

  it("a start that may have happened (ambiguous POST, failed check) is recorded; the next up adopts it", async () => {
    emulator.faults.add({ method: "POST", path: `${CONNECTIONS}/conn-esg-1/refresh`, commitThenFail: 503 });
    emulator.faults.add({ method: "GET", path: `${CONNECTIONS}/conn-esg-1`, status: 500, times: Infinity });
    stack = emulatorStack(emulator, "maybe-started", { DATASYNC_HTTP_ATTEMPTS: "1" });
    const program = refreshProgram({ connections: ["conn-esg-1"] });

    const failure = await failureOf(stack.up(program));
    expect(failure.result.errors[0]).toContain("conn-esg-1: refresh may have started");
    const recorded = resourceNamed(failure.result, "refresh");
    expect(recorded.outputs).toMatchObject({ status: "error", deployError: expect.any(String) });
    expect(emulator.workiva.runs()).toHaveLength(1);

    emulator.faults.clear();
    emulator.log.clear();
    const settled = await stack.up(program);
    expect(settled.rows.map((r) => r.op)).toEqual(["update"]);
    expect(calls.refreshPosts()).toBe(0);
    const remote = emulator.workiva.runs();
    expect(remote).toHaveLength(1);
    expect(resourceNamed(settled, "refresh").outputs).toMatchObject({ status: "complete" });
    expect(runsOf(settled.outputs.runs).map((r) => r.jobId)).toEqual([remote[0].jobId]);
    expect(resourceNamed(settled, "refresh").outputs.deployError).toBeUndefined();
  });

  it("a start that may have happened but did not: the next up looks, then sends it once", async () => {
    emulator.faults.add({ method: "POST", path: `${CONNECTIONS}/conn-esg-1/refresh`, status: 503 });
    emulator.faults.add({ method: "GET", path: `${CONNECTIONS}/conn-esg-1`, status: 500, times: Infinity });
    stack = emulatorStack(emulator, "maybe-not-started", { DATASYNC_HTTP_ATTEMPTS: "1" });
    const program = refreshProgram({ connections: ["conn-esg-1"] });

    const failure = await failureOf(stack.up(program));
    expect(resourceNamed(failure.result, "refresh").outputs).toMatchObject({ status: "error" });
    expect(emulator.workiva.runs()).toHaveLength(0);

    emulator.faults.clear();
    emulator.log.clear();
    const settled = await stack.up(program);
    expect(settled.rows.map((r) => r.op)).toEqual(["update"]);
    expect(calls.details()).toBe(1);
    expect(calls.singles()).toEqual(["conn-esg-1"]);
    expect(emulator.workiva.runs()).toHaveLength(1);
    expect(settled.outputs.status).toBe("complete");
  });

  it("status polls send the workspace each run was started in", async () => {
    emulator.workiva.setRunMs(400);
    stack = emulatorStack(emulator, "workspaces");
    const up = await stack.up(
      refreshProgram({
        workspaceId: "ws-emulator",
        connections: [
          "conn-sales-1",
          "conn-sales-2",
          { connectionId: "conn-esg-1", workspaceId: "ws-other" },
        ],
      }),
    );
    expect(up.outputs.status).toBe("complete");
    const batchPolls = emulator.log.filter({ method: "GET", path: `${CONNECTIONS}/batch/refresh/*` });
    const runPolls = emulator.log.filter({ method: "GET", path: `${CONNECTIONS}/conn-esg-1/status` });
    expect(batchPolls.length).toBeGreaterThan(0);
    expect(runPolls.length).toBeGreaterThan(0);
    expect(batchPolls.map((e) => e.query.workspaceId)).toEqual(batchPolls.map(() => "ws-emulator"));
    expect(runPolls.map((e) => e.query.workspaceId)).toEqual(runPolls.map(() => "ws-other"));
  });

  it("a connection list with odd items (a last run without job id, broken entries) still gives destinations", async () => {
    const x = emulator.workiva.addConnections(2, "dest-X", "x");
    const y = emulator.workiva.addConnections(1, "dest-Y", "y");
    const failedStart = {
      connectionId: x[0],
      sourceStatus: "error",
      destinationStatus: "error",
      error: "no",
    };
    const body = [
      {
        connectionId: x[0],
        destinationId: "dest-X",
        destinationType: "spreadsheet",
        lastRun: failedStart,
        lastRunJobId: null,
      },
      { connectionId: x[1], destinationId: "dest-X", destinationType: "spreadsheet", lastRun: "unexpected" },
      { name: "a connection without id" },
      { connectionId: 42, destinationId: null },
      { connectionId: y[0], destinationId: "dest-Y", destinationType: "spreadsheet", lastRun: { jobId: 7 } },
    ];
    emulator.faults.add({ method: "GET", path: CONNECTIONS, status: 200, body: { body, code: 200 } });
    stack = emulatorStack(emulator, "odd-list");

    const up = await stack.up(refreshProgram({ connections: [...x, ...y] }));
    expect(up.outputs.status).toBe("complete");
    expect(calls.lists()).toBe(1);
    expect(calls.details()).toBe(0);
    expect(calls.batchSizes()).toEqual([2]);
    expect(calls.singles()).toEqual([y[0]]);
  });

  it("with a ready access token, parallel Refresh resources read the connection list once", async () => {
    const token = await readyToken(emulator);
    stack = new Stack({
      name: "ready-token",
      config: { "workiva:apiUrl": emulator.workivaApiUrl, "workiva:accessToken": token },
      secretConfigKeys: ["workiva:accessToken"],
      env: { ...FAST_POLL },
    });
    emulator.log.clear();
    const program = () => {
      const groups = [
        ["conn-sales-1", "conn-sales-2", "conn-esg-1"],
        ["conn-finance-1", "conn-finance-2", "conn-esg-2"],
      ];
      return Object.fromEntries(
        groups.map((connections, i) => [`r${i}`, new workiva.Refresh(`r${i}`, { connections }).status]),
      );
    };
    const up = await stack.up(program);
    expect(up.outputs).toEqual({ r0: "complete", r1: "complete" });
    expect(calls.tokens()).toBe(0);
    expect(calls.lists()).toBe(1);
  });
});

/** A token exchanged directly at the emulator (what a user would paste as `workiva:accessToken`). */
async function readyToken(emulator: Emulator): Promise<string> {
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: EMULATOR_CREDENTIALS.workivaClientId,
    client_secret: EMULATOR_CREDENTIALS.workivaClientSecret,
  });
  const answer = await fetch(emulator.workivaTokenUrl, {
    method: "POST",
    headers: { "x-version": "2026-01-01" },
    body: form,
  });
  return ((await answer.json()) as { access_token: string }).access_token;
}
