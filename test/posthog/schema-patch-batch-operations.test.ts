/**
 * The early send of a schema PATCH batch (provider/posthog/schema/patch-batch.ts): when every
 * schema operation running on the source waits in the batch and the process runs as many
 * operations as the engine runs at once (PULUMI_PARALLEL here), no operation can join before one
 * returns, so the batch goes out at once instead of after the quiet time. A fake clock decides
 * when timers fire: "at once" is a fact of the code, not of the machine's speed.
 */
import os from "node:os";
import type { ApiSchema, ApiSchemaBulkEntry, ApiSchemaSettings } from "../../provider/posthog/api/types";
import type { PosthogClient } from "../../provider/posthog/api/client";
import type { SchemaOperation } from "../../provider/posthog/schema/patch-batch";
import {
  BATCH_QUIET_MS,
  ENGINE_PARALLEL_ENV,
  engineParallelism,
} from "../../provider/posthog/schema/patch-batch";

type Batcher = typeof import("../../provider/posthog/schema/patch-batch");
/** The batcher, loaded afresh for each test: what it learns of the engine holds for its process. */
let batcher: Batcher;
const patchSchema: Batcher["patchSchema"] = (...args) => batcher.patchSchema(...args);
const schemaOperation: Batcher["schemaOperation"] = (...args) => batcher.schemaOperation(...args);

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

/** One schema operation of source `sourceId` that PATCHes schema `id` (after `before`). */
const patching = (client: PosthogClient, id: string, before?: Promise<void>, sourceId = "src") =>
  schemaOperation(client, sourceId, async (operation: SchemaOperation) => {
    await before;
    return patchSchema(client, sourceId, id, { should_sync: false }, operation);
  });

/**
 * The engine seen full: three operations (of another project) waited the quiet time, returned with
 * the engine's three slots taken, and the engine refills the slots with the test's operations.
 */
async function engineSeenFull(): Promise<void> {
  const { client } = recordingClient();
  const wave = Promise.all(["w1", "w2", "w3"].map((id) => patching(client, id)));
  await elapse(BATCH_QUIET_MS);
  await wave;
}

describe("a schema PATCH batch goes out as soon as no operation can join it", () => {
  beforeEach(() => {
    jest.useFakeTimers();
    process.env[ENGINE_PARALLEL_ENV] = "3";
    jest.isolateModules(() => {
      batcher = require("../../provider/posthog/schema/patch-batch") as Batcher;
    });
  });
  afterEach(() => {
    jest.useRealTimers();
    delete process.env[ENGINE_PARALLEL_ENV];
  });

  it("as many operations as the engine runs at once, all waiting in the batch: sent at once", async () => {
    await engineSeenFull();
    const { client, calls } = recordingClient();
    const done = Promise.all(["a", "b", "c"].map((id) => patching(client, id)));
    await elapse(1);
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b", "c"] }]);
    expect((await done).map((r) => r.id)).toEqual(["a", "b", "c"]);
  });

  it("waits for a running operation that has not PATCHed yet, then sends all together", async () => {
    await engineSeenFull();
    const { client, calls } = recordingClient();
    const slow = gate();
    const done = Promise.all([
      patching(client, "a"),
      patching(client, "b"),
      patching(client, "c", slow.opened),
    ]);
    await elapse(BATCH_QUIET_MS - 10);
    expect(calls).toEqual([]);
    slow.open();
    await elapse(1);
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b", "c"] }]);
    await done;
  });

  it("the engine's ramp-up (not seen full yet): the quiet time, then at once once it refills its slots", async () => {
    const { client, calls } = recordingClient();
    const first = Promise.all(["a", "b", "c"].map((id) => patching(client, id)));
    await elapse(BATCH_QUIET_MS - 10);
    expect(calls).toEqual([]);
    await elapse(10);
    await first;
    const second = Promise.all(["d", "e", "f"].map((id) => patching(client, id)));
    await elapse(1);
    expect(calls).toEqual([
      { bulk: "src", ids: ["a", "b", "c"] },
      { bulk: "src", ids: ["d", "e", "f"] },
    ]);
    await second;
  });

  it("fewer operations running than the engine runs at once: the quiet time (the engine may start more)", async () => {
    await engineSeenFull();
    const { client, calls } = recordingClient();
    const done = Promise.all(["a", "b"].map((id) => patching(client, id)));
    await elapse(BATCH_QUIET_MS - 10);
    expect(calls).toEqual([]);
    await elapse(10);
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b"] }]);
    await done;
  });

  it("an operation that ends without a PATCH frees its slot: the one the engine starts next completes the batch", async () => {
    await engineSeenFull();
    const { client, calls } = recordingClient();
    const reading = gate();
    const failing = schemaOperation(client, "src", async () => {
      await reading.opened;
      throw new Error("table not found");
    });
    const first = Promise.all([patching(client, "a"), patching(client, "b")]);
    await elapse(1);
    expect(calls).toEqual([]);
    reading.open();
    await expect(failing).rejects.toThrow("table not found");
    const next = patching(client, "c");
    await elapse(1);
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b", "c"] }]);
    await Promise.all([first, next]);
  });

  it("operations on another source fill the engine's slots but do not hold this batch back", async () => {
    await engineSeenFull();
    const { client, calls } = recordingClient();
    const other = gate();
    const elsewhere = schemaOperation(client, "other-src", () => other.opened);
    const done = Promise.all(["a", "b"].map((id) => patching(client, id)));
    await elapse(1);
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b"] }]);
    other.open();
    await Promise.all([done, elsewhere]);
  });

  it("a PATCH made outside an operation keeps the quiet time", async () => {
    const { client, calls } = recordingClient();
    const done = Promise.all([
      patchSchema(client, "src", "a", { should_sync: false }),
      patching(client, "b"),
      patching(client, "c"),
      patching(client, "d"),
    ]);
    await elapse(BATCH_QUIET_MS - 10);
    expect(calls).toEqual([]);
    await elapse(10);
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b", "c", "d"] }]);
    await done;
  });

  it("more operations running than the engine is assumed to run: the quiet time decides from then on", async () => {
    const { client, calls } = recordingClient();
    const first = Promise.all(["a", "b", "c", "d"].map((id) => patching(client, id)));
    await elapse(BATCH_QUIET_MS - 10);
    expect(calls).toEqual([]);
    await elapse(10);
    await first;
    const second = Promise.all(["e", "f", "g"].map((id) => patching(client, id)));
    await elapse(BATCH_QUIET_MS - 10);
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b", "c", "d"] }]);
    await elapse(10);
    expect(calls).toEqual([
      { bulk: "src", ids: ["a", "b", "c", "d"] },
      { bulk: "src", ids: ["e", "f", "g"] },
    ]);
    await second;
  });
});

describe(`${ENGINE_PARALLEL_ENV}`, () => {
  it("sets how many operations the engine runs at once; unset or not a positive number: 4 x the CPUs", () => {
    expect(engineParallelism({ [ENGINE_PARALLEL_ENV]: "5" })).toBe(5);
    for (const env of [{}, { [ENGINE_PARALLEL_ENV]: "0" }, { [ENGINE_PARALLEL_ENV]: "many" }])
      expect(engineParallelism(env)).toBe(4 * os.availableParallelism());
  });
});
