/**
 * Renaming an ExternalDataSchema resource without an alias: the engine creates the new resource
 * (which adopts the same table) and then deletes the old one. The old one's delete must leave the
 * table to the new one: still syncing, its data kept, even with `deleteDataOnDestroy`.
 */
import { posthog } from "pulumi-datasync";
import type { Emulator } from "../emulator";
import { postgresBody } from "../emulator/posthog/test-helpers";
import type { Stack } from "../harness";
import { posthogCalls, posthogStack, requireBuild, resourceNamed, startPosthogEmulator } from "./support";

describe("an ExternalDataSchema renamed in the program", () => {
  let emulator: Emulator;
  let stack: Stack;
  let calls: ReturnType<typeof posthogCalls>;
  let sourceId: string;

  const program = (resourceName: string) => () => {
    new posthog.ExternalDataSchema(resourceName, {
      sourceId,
      name: "orders",
      syncType: "full_refresh",
      syncFrequency: "6hour",
      deleteDataOnDestroy: true,
    });
    return {};
  };

  beforeAll(async () => {
    requireBuild();
    emulator = await startPosthogEmulator();
    calls = posthogCalls(emulator);
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.reset();
    sourceId = emulator.posthog.createSource(postgresBody({ prefix: "app_" })).id;
  });
  afterEach(() => stack?.dispose());

  it("keeps the table syncing and its data: the old resource's delete leaves it to the new one", async () => {
    stack = posthogStack(emulator, "rename");
    const first = await stack.up(program("orders-old"));
    const row = emulator.posthog.markSynced(resourceNamed(first, "orders-old").id);
    expect(row.table).not.toBeNull();

    emulator.log.clear();
    const renamed = await stack.up(program("orders-new"));
    expect(renamed.rows.map((r) => `${r.op} ${r.name}`).sort()).toEqual([
      "create orders-new",
      "delete orders-old",
    ]);
    expect(resourceNamed(renamed, "orders-new").id).toBe(row.id);
    const after = emulator.posthog.schema(row.id);
    expect(after).toMatchObject({ should_sync: true, sync_frequency: "6hour" });
    expect(after?.table).toEqual(row.table);
    expect(calls.sequence().filter((c) => c.startsWith("DELETE") || c.includes("cancel"))).toEqual([]);

    // The new resource owns the table from now on: destroying it stops syncing and drops the data.
    emulator.log.clear();
    await stack.destroy();
    expect(emulator.posthog.schema(row.id)).toMatchObject({ should_sync: false, table: null });
  });
});
