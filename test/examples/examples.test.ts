/**
 * Every example runs through the harness (the real provider host) against the emulator, and is
 * checked the way its user would check it: operations, API calls counted at the emulator, and
 * what PostHog/Workiva hold afterwards.
 */
import * as path from "path";
import { startEmulator, type Emulator } from "../emulator";
import { Stack, assertNoLeaks } from "../harness";
import { runQuickstartStory } from "../../scripts/demo/quickstart-story";

const example = (name: string) => path.resolve(__dirname, "../../examples", name, "index.ts");
const FAST_POLL = { DATASYNC_WORKIVA_POLL_MS: "50,200" };

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, workiva: { runMs: 300 } });
});
afterAll(() => emulator.stop());

describe("examples/quickstart (the demo's story)", () => {
  it("passes every step: preview, up, no-op up, one change, refresh, destroy", async () => {
    const reports = await runQuickstartStory(emulator);
    const failed = reports.flatMap((r) =>
      r.checks.filter((c) => !c.ok).map((c) => `${r.title}: ${c.what} (saw ${c.saw})`),
    );
    expect(failed).toEqual([]);
    expect(reports.map((r) => r.apiCalls)[2]).toBe(0); // the no-op up
    expect(reports).toHaveLength(6);
  });
});

describe("examples/postgres-incremental", () => {
  const project = "datasync-postgres";
  let stack: Stack;
  beforeAll(() => {
    stack = new Stack({
      name: "pg",
      project,
      config: {
        ...emulator.config,
        [`${project}:dbHost`]: "db.internal",
        [`${project}:dbPassword`]: "pg-pass-123",
      },
      secretConfigKeys: ["posthog:apiKey", `${project}:dbPassword`],
    });
  });
  afterAll(() => stack.dispose());

  it("creates incremental tables, looks up a missing field type, resyncs on a version bump, and cleans up", async () => {
    const up = await stack.up(example("postgres-incremental"));
    expect(up.totals).toEqual({ create: 2 });
    expect(up.outputs.eventsIncrementalFieldType).toBe("timestamp"); // PostHog stores the field_type
    const source = emulator.posthog.sources().find((s) => s.prefix === "app_")!;
    const orders = source.schemas.find((s) => s.name === "orders")!;
    expect(orders).toMatchObject({
      sync_type: "incremental",
      incremental_field: "updated_at",
      sync_frequency: "15min",
    });
    expect(source.schemas.find((s) => s.name === "events")).toMatchObject({
      should_sync: true,
      sync_frequency: "5min",
    });
    assertNoLeaks(up.state, {
      secrets: ["pg-pass-123", emulator.env.POSTHOG_API_KEY],
      texts: { host: up.hostStderr + up.hostStdout },
    });

    let mark = emulator.log.entries.length;
    const again = await stack.up(example("postgres-incremental"));
    expect(again.totals).toEqual({ same: 2 });
    expect(emulator.log.entries.length - mark).toBe(0);

    stack.config[`${project}:eventsBackfillVersion`] = "v2";
    mark = emulator.log.entries.length;
    const bumped = await stack.up(example("postgres-incremental"));
    const calls = emulator.log.entries
      .slice(mark)
      .map((e) => `${e.method} ${e.path.replace(/[0-9a-f-]{36}/g, ":id")}`);
    expect(bumped.totals).toEqual({ same: 1, update: 1 });
    expect(calls).toEqual(["POST /api/projects/1/external_data_schemas/:id/resync/"]);

    mark = emulator.log.entries.length;
    const destroyed = await stack.destroy();
    expect(destroyed.totals).toEqual({ delete: 2 });
    const deletes = emulator.log.entries.slice(mark).filter((e) => e.path.endsWith("/delete_data/"));
    expect(deletes).toHaveLength(1);
    expect(emulator.posthog.sources().some((s) => s.prefix === "app_")).toBe(false);
  });
});

describe("examples/refresh-from-connection", () => {
  const project = "datasync-refresh-from-connection";
  let stack: Stack;
  beforeAll(() => {
    stack = new Stack({
      name: "close",
      project,
      config: { ...emulator.config },
      env: FAST_POLL,
      secretConfigKeys: ["workiva:clientSecret"],
    });
  });
  afterAll(() => stack.dispose());

  const refreshPosts = (from: number) =>
    emulator.log.entries.slice(from).filter((e) => e.method === "POST" && e.path.endsWith("/refresh"));

  it("refreshes the anchor's workbook as one batch, again only when the period moves on", async () => {
    let mark = emulator.log.entries.length;
    const up = await stack.up(example("refresh-from-connection"));
    expect(up.outputs).toMatchObject({ workbook: "wb-finance-close", status: "complete" });
    expect(refreshPosts(mark).map((e) => e.path)).toEqual(["/s/wdata/prep/api/v1/connections/batch/refresh"]);

    mark = emulator.log.entries.length;
    const again = await stack.up(example("refresh-from-connection"));
    expect(again.totals).toEqual({ same: 1 });
    expect(refreshPosts(mark)).toHaveLength(0);

    stack.config[`${project}:closePeriod`] = "2026-11";
    mark = emulator.log.entries.length;
    const next = await stack.up(example("refresh-from-connection"));
    expect(next.totals).toEqual({ replace: 1 });
    expect(refreshPosts(mark)).toHaveLength(1);
    expect(emulator.workiva.runs().filter((r) => r.connectionId === "conn-finance-3")).toHaveLength(2);
  });
});
