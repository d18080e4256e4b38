/**
 * Many ExternalDataSchema resources on one source, through the real provider host against the
 * emulator: their PATCHes go out together as bulk_update_schemas on create, update and destroy,
 * every table gets exactly its own settings once, and a list the API refuses is sent one by one
 * so that only the refused table fails.
 */
import { posthog } from "pulumi-datasync";
import type { Emulator } from "../emulator";
import { postgresBody } from "../emulator/posthog/test-helpers";
import type { Stack } from "../harness";
import {
  SCHEMAS,
  SOURCES,
  failureOf,
  posthogCalls,
  posthogStack,
  requireBuild,
  resourceNamed,
  startPosthogEmulator,
} from "./support";

const TABLES = Array.from({ length: 12 }, (_, i) => `t${String(i).padStart(2, "0")}`);
const BULK_PATH = /\/bulk_update_schemas\/?$/;

describe("ExternalDataSchema resources of one source share bulk_update_schemas", () => {
  let emulator: Emulator;
  let stack: Stack;
  let calls: ReturnType<typeof posthogCalls>;
  let sourceId: string;

  /** One schema per table; `frequencies` overrides a table's sync frequency (default 24hour). */
  const program =
    (tables: string[], frequencies: Record<string, posthog.SyncFrequency> = {}) =>
    () => {
      for (const name of tables) {
        new posthog.ExternalDataSchema(name, {
          sourceId,
          name,
          shouldSync: true,
          syncType: "full_refresh",
          syncFrequency: frequencies[name] ?? "24hour",
        });
      }
      return {};
    };

  /** Table name -> how many times a PATCH (alone or in a bulk list) carried it, since the log was cleared. */
  const patchesPerTable = (): Record<string, number> => {
    const names = new Map(emulator.posthog.schemas(sourceId).map((s) => [s.id, s.name]));
    const counts: Record<string, number> = {};
    const count = (id: string) => {
      const name = names.get(id) ?? id;
      counts[name] = (counts[name] ?? 0) + 1;
    };
    for (const entry of emulator.log.filter({ method: "PATCH", path: new RegExp(`^${SCHEMAS}/[^/]+/?$`) })) {
      count(entry.path.replace(`${SCHEMAS}/`, "").replace(/\/$/, ""));
    }
    for (const list of calls.bulkBodies()) for (const item of list) count(String(item.id));
    return counts;
  };
  const patchRequests = () => emulator.log.filter({ method: "PATCH" }).length;
  const remote = (name: string) => emulator.posthog.schemaByName(sourceId, name);

  beforeAll(async () => {
    requireBuild();
    emulator = await startPosthogEmulator({ catalogues: { Postgres: TABLES.map((name) => ({ name })) } });
    calls = posthogCalls(emulator);
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.reset();
    // PostHog makes rows only for the tables listed at create: all of them, not syncing.
    sourceId = emulator.posthog.createSource(
      postgresBody({ prefix: "app_" }, { schemas: TABLES.map((name) => ({ name, should_sync: false })) }),
    ).id;
    emulator.log.clear();
  });
  afterEach(() => stack?.dispose());

  it("create, change four tables, destroy: each table PATCHed once per step, in fewer requests than tables", async () => {
    stack = posthogStack(emulator, "batch");
    await stack.up(program(TABLES));
    const once = Object.fromEntries(TABLES.map((name) => [name, 1]));
    expect(patchesPerTable()).toEqual(once);
    expect(patchRequests()).toBeLessThan(TABLES.length);
    expect(calls.bulkBodies().length).toBeGreaterThan(0);
    for (const name of TABLES) {
      expect(remote(name)).toMatchObject({
        should_sync: true,
        sync_type: "full_refresh",
        sync_frequency: "24hour",
      });
    }

    emulator.log.clear();
    const changed = Object.fromEntries(TABLES.slice(0, 4).map((name) => [name, "1hour" as const]));
    const update = await stack.up(program(TABLES, changed));
    expect(
      update.rows
        .filter((r) => r.op === "update")
        .map((r) => r.name)
        .sort(),
    ).toEqual(Object.keys(changed));
    expect(patchesPerTable()).toEqual(Object.fromEntries(Object.keys(changed).map((name) => [name, 1])));
    for (const name of TABLES) expect(remote(name)?.sync_frequency).toBe(changed[name] ?? "24hour");

    emulator.log.clear();
    await stack.destroy();
    expect(patchesPerTable()).toEqual(once);
    expect(patchRequests()).toBeLessThan(TABLES.length);
    for (const name of TABLES) expect(remote(name)?.should_sync).toBe(false);
  });

  it("a list refused for one table is sent one by one: only that table fails, the others are created", async () => {
    const refused = "t05";
    const refusedId = remote(refused)?.id;
    if (!refusedId) throw new Error(`no schema row for ${refused}`);
    emulator.faults.add({
      method: "PATCH",
      path: BULK_PATH,
      status: 400,
      body: { type: "validation_error", code: "invalid_input", detail: "refused", attr: null },
      times: Infinity,
    });
    emulator.faults.add({
      method: "PATCH",
      path: `${SCHEMAS}/${refusedId}/`,
      status: 400,
      body: { type: "validation_error", code: "invalid_input", detail: "table refused", attr: null },
    });
    stack = posthogStack(emulator, "refused");

    const failure = await failureOf(stack.up(program(TABLES)));
    expect(failure.result.errors).toHaveLength(1);
    expect(failure.result.errors[0]).toContain(refused);
    const created = failure.result.state.resources.filter((r) => r.type.endsWith("ExternalDataSchema"));
    expect(created.map((r) => r.name).sort()).toEqual(TABLES.filter((name) => name !== refused));
    for (const name of TABLES.filter((n) => n !== refused)) expect(remote(name)?.should_sync).toBe(true);
    expect(remote(refused)?.should_sync).toBe(false);

    emulator.faults.clear();
    emulator.log.clear();
    const retried = await stack.up(program(TABLES));
    expect(resourceNamed(retried, refused).id).toBe(refusedId);
    expect(patchesPerTable()).toEqual({ [refused]: 1 });
    expect(remote(refused)?.should_sync).toBe(true);
  });
  it("a bulk PATCH applied but answered 503: what was applied is read back, nothing is sent again", async () => {
    // PostHog saves each schema of a bulk list on its own; here every entry is saved, then 503.
    emulator.faults.add({ method: "PATCH", path: BULK_PATH, commitThenFail: 503, times: Infinity });
    stack = posthogStack(emulator, "bulk-503", { DATASYNC_HTTP_ATTEMPTS: "1" });

    const up = await stack.up(program(TABLES));
    expect(up.errors).toEqual([]);
    expect(up.state.resources.filter((r) => r.type.endsWith("ExternalDataSchema"))).toHaveLength(
      TABLES.length,
    );
    // Each table's settings went out once: the read-back found them applied, none was re-sent.
    expect(patchesPerTable()).toEqual(Object.fromEntries(TABLES.map((name) => [name, 1])));
    expect(emulator.log.filter({ method: "GET", path: `${SOURCES}/${sourceId}/` }).length).toBeGreaterThan(0);
    for (const name of TABLES) expect(remote(name)?.should_sync).toBe(true);

    emulator.faults.clear();
    emulator.log.clear();
    const again = await stack.up(program(TABLES));
    expect(again.totals).toEqual({ same: TABLES.length });
    expect(patchRequests()).toBe(0);
  });
});
