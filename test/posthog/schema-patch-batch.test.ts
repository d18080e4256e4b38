/**
 * Coalescing of schema PATCHes per source (provider/posthog/schema/patch-batch.ts), against a
 * recording client: which requests go out, with what, and what each caller gets back.
 */
import { ApiError } from "../../provider/http";
import type { ApiSchema, ApiSchemaBulkEntry, ApiSchemaSettings } from "../../provider/posthog/api/types";
import type { PosthogClient } from "../../provider/posthog/api/client";
import {
  BATCH_QUIET_ENV,
  BATCH_QUIET_MS,
  BULK_MAX_SCHEMAS,
  batchQuietMs,
  patchSchema,
} from "../../provider/posthog/schema/patch-batch";

type Call = { bulk: string; ids: string[] } | { single: string } | { get: string };

function apiError(status: number): ApiError {
  return new ApiError({
    service: "posthog",
    method: "PATCH",
    path: "/api/projects/1/external_data_sources/src/bulk_update_schemas/",
    status,
    kind: "http",
    ambiguous: false,
    retryable: false,
    apiMessage: `refused ${status}`,
  });
}

/** A client whose answers the test decides; records every request. */
function recordingClient(
  options: {
    scope?: string;
    bulk?: (sourceId: string, entries: ApiSchemaBulkEntry[]) => ApiSchema[];
    single?: (id: string, patch: ApiSchemaSettings) => ApiSchema;
    /** The source's rows as a read-back shows them. */
    rows?: () => ApiSchema[];
  } = {},
) {
  const calls: Call[] = [];
  const row = (id: string, patch: ApiSchemaSettings) => ({ id, name: `table-${id}`, ...patch }) as ApiSchema;
  const client = {
    scope: options.scope ?? "http://posthog|1",
    bulkUpdateSchemas: async (sourceId: string, entries: ApiSchemaBulkEntry[]) => {
      calls.push({ bulk: sourceId, ids: entries.map((e) => e.id) });
      return options.bulk
        ? options.bulk(sourceId, entries)
        : entries.map(({ id, ...patch }) => row(id, patch));
    },
    getSource: async (sourceId: string) => {
      calls.push({ get: sourceId });
      return { id: sourceId, source_type: "Postgres", schemas: options.rows ? options.rows() : [] };
    },
    updateSchema: async (id: string, patch: ApiSchemaSettings) => {
      calls.push({ single: id });
      return options.single ? options.single(id, patch) : row(id, patch);
    },
  };
  return { client: client as unknown as PosthogClient, calls };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("schema PATCHes coalesced per source", () => {
  it("sends PATCHes of one source made together as one bulk_update_schemas, in order; each gets its row", async () => {
    const { client, calls } = recordingClient();
    const rows = await Promise.all(
      ["a", "b", "c"].map((id, i) => patchSchema(client, "src", id, { sync_frequency: `${i + 1}hour` })),
    );
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b", "c"] }]);
    expect(rows.map((r) => [r.id, r.sync_frequency])).toEqual([
      ["a", "1hour"],
      ["b", "2hour"],
      ["c", "3hour"],
    ]);
  });

  it("sends a lone PATCH as PATCH external_data_schemas/:id/", async () => {
    const { client, calls } = recordingClient();
    const row = await patchSchema(client, "src", "a", { should_sync: false });
    expect(calls).toEqual([{ single: "a" }]);
    expect(row).toMatchObject({ id: "a", should_sync: false });
  });

  it("keeps sources, and projects (client scopes), apart", async () => {
    const one = recordingClient({ scope: "http://posthog|1" });
    const two = recordingClient({ scope: "http://posthog|2" });
    await Promise.all([
      patchSchema(one.client, "s1", "a", { should_sync: true }),
      patchSchema(one.client, "s2", "b", { should_sync: true }),
      patchSchema(one.client, "s1", "c", { should_sync: true }),
      patchSchema(two.client, "s1", "d", { should_sync: true }),
    ]);
    expect(one.calls).toHaveLength(2);
    expect(one.calls).toEqual(expect.arrayContaining([{ bulk: "s1", ids: ["a", "c"] }, { single: "b" }]));
    expect(two.calls).toEqual([{ single: "d" }]);
  });

  it("gathers PATCHes that arrive within the quiet time; a later one starts a new request", async () => {
    const { client, calls } = recordingClient();
    const first = patchSchema(client, "src", "a", { should_sync: true });
    await sleep(BATCH_QUIET_MS / 2);
    const second = patchSchema(client, "src", "b", { should_sync: true });
    await Promise.all([first, second]);
    await patchSchema(client, "src", "c", { should_sync: true });
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b"] }, { single: "c" }]);
  });

  it(`sends at most ${BULK_MAX_SCHEMAS} schemas per request`, async () => {
    const { client, calls } = recordingClient();
    const ids = Array.from({ length: BULK_MAX_SCHEMAS + 2 }, (_, i) => `t${i}`);
    await Promise.all(ids.map((id) => patchSchema(client, "src", id, { should_sync: true })));
    expect(calls).toEqual([
      { bulk: "src", ids: ids.slice(0, BULK_MAX_SCHEMAS) },
      { bulk: "src", ids: ids.slice(BULK_MAX_SCHEMAS) },
    ]);
  });

  it("never puts one schema twice in a request: the second PATCH follows the first, in order", async () => {
    const { client, calls } = recordingClient();
    const rows = await Promise.all([
      patchSchema(client, "src", "a", { sync_frequency: "1hour" }),
      patchSchema(client, "src", "b", { sync_frequency: "1hour" }),
      patchSchema(client, "src", "a", { sync_frequency: "6hour" }),
    ]);
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b"] }, { single: "a" }]);
    expect(rows[2]).toMatchObject({ id: "a", sync_frequency: "6hour" });
  });

  it("a later PATCH of the same schema waits until the earlier request has settled, even a slow one", async () => {
    const events: string[] = [];
    const remote = new Map<string, string | null | undefined>();
    const client = {
      scope: "http://posthog|order",
      bulkUpdateSchemas: async (_source: string, entries: ApiSchemaBulkEntry[]) => {
        events.push("bulk start");
        await sleep(300); // slower than the quiet time: the next batch is ready before this answers
        for (const e of entries) remote.set(e.id, e.sync_frequency);
        events.push("bulk end");
        return entries.map(({ id, ...patch }) => ({ id, name: id, ...patch }) as ApiSchema);
      },
      updateSchema: async (id: string, patch: ApiSchemaSettings) => {
        events.push(`single ${id} start`);
        remote.set(id, patch.sync_frequency);
        return { id, name: id, ...patch } as ApiSchema;
      },
    } as unknown as PosthogClient;
    await Promise.all([
      patchSchema(client, "src", "a", { sync_frequency: "1hour" }),
      patchSchema(client, "src", "b", { sync_frequency: "1hour" }),
      patchSchema(client, "src", "a", { sync_frequency: "6hour" }),
    ]);
    expect(events).toEqual(["bulk start", "bulk end", "single a start"]);
    expect(remote.get("a")).toBe("6hour");
  });

  it("a list PostHog partly refused (400): what was applied is read back, only the rest is sent alone", async () => {
    // PostHog saves each schema of the list on its own: "a" and "c" are applied, "b" is refused.
    const { client, calls } = recordingClient({
      bulk: () => {
        throw apiError(400);
      },
      rows: () => [
        { id: "a", name: "a", should_sync: true },
        { id: "b", name: "b", should_sync: false },
        { id: "c", name: "c", should_sync: true },
      ],
      single: (id, patch) => {
        if (id === "b") throw apiError(400);
        return { id, name: id, ...patch } as ApiSchema;
      },
    });
    const results = await Promise.allSettled(
      ["a", "b", "c"].map((id) => patchSchema(client, "src", id, { should_sync: true })),
    );
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b", "c"] }, { get: "src" }, { single: "b" }]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ status: 400 });
  });

  it("a list answered 503 (a database error): the applied entries succeed, the others fail, none is resent", async () => {
    const { client, calls } = recordingClient({
      bulk: () => {
        throw apiError(503);
      },
      rows: () => [
        { id: "a", name: "a", should_sync: true, sync_frequency: null },
        { id: "b", name: "b", should_sync: true, sync_frequency: "6hour" },
      ],
    });
    const results = await Promise.allSettled([
      patchSchema(client, "src", "a", { sync_frequency: "never" }),
      patchSchema(client, "src", "b", { sync_frequency: "1hour" }),
    ]);
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b"] }, { get: "src" }]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
  });

  it.each([405, 413])(
    "a list answered %i (no bulk endpoint, list too large) is sent one by one",
    async (status) => {
      const { client, calls } = recordingClient({
        bulk: () => {
          throw apiError(status);
        },
      });
      const rows = await Promise.all(
        ["a", "b"].map((id) => patchSchema(client, "src", id, { should_sync: true })),
      );
      expect(calls).toEqual([{ bulk: "src", ids: ["a", "b"] }, { single: "a" }, { single: "b" }]);
      expect(rows.map((r) => r.id)).toEqual(["a", "b"]);
    },
  );

  it("a gone source (404) is sent one by one too, so each schema gets its own 404", async () => {
    const { client, calls } = recordingClient({
      bulk: () => {
        throw apiError(404);
      },
      single: () => {
        throw apiError(404);
      },
    });
    const results = await Promise.allSettled(
      ["a", "b"].map((id) => patchSchema(client, "src", id, { should_sync: false })),
    );
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b"] }, { single: "a" }, { single: "b" }]);
    expect(results.map((r) => (r as PromiseRejectedResult).reason?.status)).toEqual([404, 404]);
  });

  it("any other failure fails every PATCH of the request with it, and sends nothing more", async () => {
    const { client, calls } = recordingClient({
      bulk: () => {
        throw apiError(500);
      },
    });
    const results = await Promise.allSettled(
      ["a", "b"].map((id) => patchSchema(client, "src", id, { should_sync: true })),
    );
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b"] }]);
    expect(results.map((r) => (r as PromiseRejectedResult).reason?.status)).toEqual([500, 500]);
  });

  it("a schema missing from the answer is sent on its own", async () => {
    const { client, calls } = recordingClient({
      bulk: (_source, entries) =>
        entries
          .filter((e) => e.id !== "b")
          .map(({ id, ...patch }) => ({ id, name: id, ...patch }) as ApiSchema),
    });
    const rows = await Promise.all(
      ["a", "b"].map((id) => patchSchema(client, "src", id, { should_sync: true })),
    );
    expect(calls).toEqual([{ bulk: "src", ids: ["a", "b"] }, { single: "b" }]);
    expect(rows.map((r) => r.id)).toEqual(["a", "b"]);
  });
  describe(`${BATCH_QUIET_ENV}`, () => {
    afterEach(() => {
      delete process.env[BATCH_QUIET_ENV];
    });

    it("sets the quiet time; unset or empty keeps the default", () => {
      expect(batchQuietMs({})).toBe(BATCH_QUIET_MS);
      expect(batchQuietMs({ [BATCH_QUIET_ENV]: " " })).toBe(BATCH_QUIET_MS);
      expect(batchQuietMs({ [BATCH_QUIET_ENV]: "1500" })).toBe(1500);
    });

    it("0 sends every PATCH on its own", async () => {
      process.env[BATCH_QUIET_ENV] = "0";
      const { client, calls } = recordingClient();
      await Promise.all(["a", "b"].map((id) => patchSchema(client, "src", id, { should_sync: true })));
      expect(calls).toEqual([{ single: "a" }, { single: "b" }]);
    });

    it("refuses a value that is not a whole number of ms up to the longest wait, naming the variable", () => {
      for (const raw of ["-1", "1.5", "fast", "99999"]) {
        expect(() => batchQuietMs({ [BATCH_QUIET_ENV]: raw })).toThrow(
          `${BATCH_QUIET_ENV} must be a whole number of milliseconds from 0 (no coalescing) to 5000; got "${raw}"`,
        );
      }
    });
  });
});
