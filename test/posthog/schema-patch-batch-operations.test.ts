/**
 * The early send of a schema PATCH batch (provider/posthog/schema/patch-batch.ts): once every
 * running schema operation of the source has made its PATCH, waiting longer cannot add to the
 * batch, so it goes out after the short settle time instead of the quiet time. A fake clock decides
 * when timers fire, so "before the quiet time" is a fact of the code, not of the machine's speed.
 */
import type { ApiSchema, ApiSchemaBulkEntry, ApiSchemaSettings } from "../../provider/posthog/api/types";
import type { PosthogClient } from "../../provider/posthog/api/client";
import {
  BATCH_QUIET_MS,
  BATCH_SETTLE_MS,
  patchSchema,
  schemaOperation,
  type SchemaOperation,
} from "../../provider/posthog/schema/patch-batch";

type Call = { bulk: string; ids: string[] } | { single: string };

let projects = 0;

/** A client whose answers succeed; records every request. Each has its own project (scope). */
function recordingClient() {
  const calls: Call[] = [];
  const row = (id: string, patch: ApiSchemaSettings) => ({ id, name: `table-${id}`, ...patch }) as ApiSchema;
  const client = {
    scope: `http://posthog|${++projects}`,
    bulkUpdateSchemas: async (sourceId: string, entries: ApiSchemaBulkEntry[]) => {
      calls.push({ bulk: sourceId, ids: entries.map((e) => e.id) });
      return entries.map(({ id, ...patch }) => row(id, patch));
    },
    updateSchema: async (id: string, patch: ApiSchemaSettings) => {
      calls.push({ single: id });
      return row(id, patch);
    },
  };
  return { client: client as unknown as PosthogClient, calls };
}

/** A gate an operation waits at (its work before the PATCH, e.g. reading the source's rows). */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Lets the fake clock run `ms` (and the promises that its timers settle). */
const elapse = (ms: number) => jest.advanceTimersByTimeAsync(ms);

describe("a schema PATCH batch goes out as soon as no running operation can add to it", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const patching = (client: PosthogClient, id: string, before?: Promise<void>) =>
    schemaOperation(client, "src", async (operation: SchemaOperation) => {
      await before;
      return patchSchema(client, "src", id, { should_sync: false }, operation);
    });

  it("every running operation has PATCHed: sent after the settle time, not the quiet time", async () => {
    expect(BATCH_SETTLE_MS).toBeLessThan(BATCH_QUIET_MS);
    const { client, calls } = recordingClient();
    const done = Promise.all(["a", "b", "c"].map((id) => patching(client, id)));
    await elapse(BATCH_SETTLE_MS);
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b", "c"] }]);
    expect((await done).map((r) => r.id)).toEqual(["a", "b", "c"]);
  });

  it("waits (quiet time) for a running operation that has not PATCHed yet, then sends all together", async () => {
    const { client, calls } = recordingClient();
    const slow = gate();
    const done = Promise.all([
      patching(client, "a"),
      patching(client, "b"),
      patching(client, "c", slow.opened),
    ]);
    await elapse(BATCH_SETTLE_MS);
    expect(calls).toEqual([]);
    slow.open();
    await elapse(BATCH_SETTLE_MS);
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b", "c"] }]);
    await done;
  });

  it("an operation that ends without a PATCH (nothing to change, or it failed) releases the batch", async () => {
    const { client, calls } = recordingClient();
    const reading = gate();
    const failing = schemaOperation(client, "src", async () => {
      await reading.opened;
      throw new Error("table not found");
    });
    const done = Promise.all([patching(client, "a"), patching(client, "b")]);
    await elapse(BATCH_SETTLE_MS);
    expect(calls).toEqual([]);
    reading.open();
    await expect(failing).rejects.toThrow("table not found");
    await elapse(BATCH_SETTLE_MS);
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b"] }]);
    await done;
  });

  it("an operation the engine starts during the settle time joins the batch", async () => {
    const { client, calls } = recordingClient();
    const first = patching(client, "a");
    await elapse(BATCH_SETTLE_MS - 5);
    const later = patching(client, "b");
    await elapse(BATCH_SETTLE_MS);
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b"] }]);
    await Promise.all([first, later]);
  });

  it("operations on another source do not hold the batch back", async () => {
    const { client, calls } = recordingClient();
    const other = gate();
    const elsewhere = schemaOperation(client, "other-src", () => other.opened);
    const done = Promise.all(["a", "b"].map((id) => patching(client, id)));
    await elapse(BATCH_SETTLE_MS);
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b"] }]);
    other.open();
    await Promise.all([done, elsewhere]);
  });

  it("a PATCH made outside an operation keeps the quiet time", async () => {
    const { client, calls } = recordingClient();
    const done = Promise.all([
      patchSchema(client, "src", "a", { should_sync: false }),
      patching(client, "b"),
    ]);
    await elapse(BATCH_SETTLE_MS);
    expect(calls).toEqual([]);
    await elapse(BATCH_QUIET_MS);
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b"] }]);
    await done;
  });
});
