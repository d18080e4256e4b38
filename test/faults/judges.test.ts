/**
 * The suite's checks can fail: each judge and the leak check, fed a state that breaks its rule
 * (no provider host: the emulator's control makes the remote objects, states are built by hand).
 */
import { EMULATOR_CREDENTIALS, type Emulator } from "../emulator";
import type { ResourceState, RunResult, StackState } from "../harness";
import { leaksOf } from "./leak-check";
import { judgeSource } from "./posthog-judge";
import { sourceArgs, type SourceSlot } from "./posthog-slots";
import { TEST_SECRETS, startFaultEmulator } from "./support";
import { judgeRefresh } from "./workiva-judge";

const SLOT: SourceSlot = { name: "src-00", projectId: "100", prefix: "f00_" };

function stateWith(resources: Partial<ResourceState>[]): StackState {
  return {
    version: 1,
    project: "p",
    stack: "s",
    outputs: {},
    secretOutputs: [],
    resources: resources.map((r) => ({
      urn: `urn:${r.name}`,
      type: "t",
      name: "",
      id: "",
      inputs: {},
      outputs: {},
      secretInputs: [],
      secretOutputs: [],
      dependencies: [],
      parent: "",
      ...r,
    })),
  };
}

/** The v1 source of SLOT as POST would create it. */
function createV1(emulator: Emulator, prefix = SLOT.prefix): string {
  const args = sourceArgs(SLOT, 1);
  const declared = args.schemas as unknown as Record<string, unknown>[];
  const tables = declared.map((t) => ({
    name: t.name,
    should_sync: true,
    sync_type: t.syncType,
    incremental_field: t.incrementalField,
    incremental_field_type: t.incrementalFieldType,
    sync_time_of_day: t.syncTimeOfDay,
  }));
  const id = emulator.posthog.createSource(
    {
      source_type: "Stripe",
      prefix,
      description: args.description,
      payload: { ...(args.jobInputs as object), schemas: JSON.parse(JSON.stringify(tables)) },
    },
    { projectId: SLOT.projectId },
  ).id;
  for (const t of declared) {
    const row = emulator.posthog.schemaByName(id, t.name as string)!;
    emulator.posthog.updateSchema(row.id, { sync_frequency: t.syncFrequency as string });
  }
  return id;
}

describe("the fault suite's checks", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startFaultEmulator([SLOT.projectId]);
    emulator.workiva.addConnection({ connectionId: "jc-1", destinationId: "jd" });
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.posthog.reset();
    emulator.workiva.reset();
    emulator.workiva.addConnection({ connectionId: "jc-1", destinationId: "jd" });
  });

  const ctx = (state: StackState) => ({
    emulator,
    state,
    operation: "update" as const,
    version: 1 as const,
    since: 0,
  });

  it("a source matching the program and the state passes", () => {
    const id = createV1(emulator);
    expect(judgeSource(SLOT, ctx(stateWith([{ name: SLOT.name, id }])))).toEqual([]);
  });

  it("a source not in state is an orphan; two with one prefix are a duplicate; a drifted setting is lost", () => {
    const id = createV1(emulator);
    const other = createV1(emulator, "other_");
    emulator.posthog.updateSource(other, { prefix: SLOT.prefix });
    const row = emulator.posthog.schemaByName(id, "Customer")!;
    emulator.posthog.updateSchema(row.id, { sync_frequency: "7day" });
    const kinds = judgeSource(SLOT, ctx(stateWith([{ name: SLOT.name, id }]))).map((p) => p.kind);
    expect(kinds.sort()).toEqual(["duplicated", "lost", "orphaned"]);
  });

  it("a connection refreshed twice is a duplicate, a run nobody records an orphan", async () => {
    const token = await fetch(emulator.workivaTokenUrl, {
      method: "POST",
      headers: { "x-version": "2026-01-01" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: EMULATOR_CREDENTIALS.workivaClientId,
        client_secret: EMULATOR_CREDENTIALS.workivaClientSecret,
      }),
    }).then((res) => res.json() as Promise<{ access_token: string }>);
    const refresh = () =>
      fetch(`${emulator.workivaApiUrl}/api/v1/connections/jc-1/refresh`, {
        method: "POST",
        headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" },
        body: JSON.stringify({ connectionId: "jc-1" }),
      }).then((res) => res.json() as Promise<{ body: { jobId: string } }>);
    const first = await refresh();
    emulator.workiva.setRunMs(0);
    await new Promise((resolve) => setTimeout(resolve, 350));
    await refresh();
    const state = stateWith([
      {
        name: "r",
        outputs: { status: "complete", runs: [{ connectionId: "jc-1", jobId: first.body.jobId }] },
      },
    ]);
    const problems = judgeRefresh(
      { name: "r", connections: ["jc-1"] },
      { emulator, state, operation: "update", since: 0, expectedStatus: "complete" },
    );
    expect(problems.map((p) => p.kind).sort()).toEqual(["duplicated", "orphaned"]);
  });

  it("a secret in the state file or a token in the host output is a leak", () => {
    const run = {
      kind: "up",
      state: stateWith([]),
      hostStdout: "",
      hostStderr: `Authorization: Bearer ${"ab12".repeat(12)}`,
      errors: [],
    } as unknown as RunResult;
    expect(leaksOf(run, "")).toEqual(["up: hostStderr: a Workiva access token"]);
    expect(leaksOf({ ...run, hostStderr: "" }, `{"key":"${TEST_SECRETS.stripeKey}"}`)).toEqual([
      "up: stateFile: secret #3",
    ]);
  });
});
