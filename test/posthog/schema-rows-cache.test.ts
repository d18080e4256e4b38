/**
 * The shared schema rows of a source (provider/posthog/schema/rows-cache.ts) next to the PATCHes
 * of this process: read once, never older than our own writes. Against a recording client.
 */
import { ApiError } from "../../provider/http";
import type { ApiSchema, ApiSchemaBulkEntry, ApiSchemaSettings } from "../../provider/posthog/api/types";
import type { PosthogClient } from "../../provider/posthog/api/client";
import type { SchemaInputs, SchemaOutputs } from "../../provider/posthog/schema/model";
import { createSchema, deleteSchema } from "../../provider/posthog/schema/ops";
import { patchSchema } from "../../provider/posthog/schema/patch-batch";
import { forgetRows, sourceRows } from "../../provider/posthog/schema/rows-cache";

let nextScope = 0;

/** A PostHog source with two tables in memory; counts GETs of the source and PATCHes. */
function fakeSource(options: { failPatches?: boolean } = {}) {
  const rows = new Map<string, ApiSchema>(
    ["orders", "customers"].map((name, i) => [
      `id-${i}`,
      {
        id: `id-${i}`,
        name,
        should_sync: true,
        sync_type: "full_refresh",
        sync_frequency: "24hour",
      } as ApiSchema,
    ]),
  );
  const counts = { gets: 0, patches: 0 };
  const apply = (id: string, patch: ApiSchemaSettings) => {
    counts.patches++;
    const row = { ...rows.get(id)!, ...patch } as ApiSchema;
    rows.set(id, row);
    if (options.failPatches)
      throw new ApiError({
        service: "posthog",
        method: "PATCH",
        path: `/x/${id}/`,
        status: 503,
        kind: "http",
        ambiguous: false,
        retryable: true,
      });
    return row;
  };
  const client = {
    scope: `http://posthog|scope-${nextScope++}`,
    projectId: "1",
    getSource: async () => {
      counts.gets++;
      return { id: "src", schemas: [...rows.values()].map((r) => ({ ...r })) };
    },
    updateSchema: async (id: string, patch: ApiSchemaSettings) => apply(id, patch),
    bulkUpdateSchemas: async (_source: string, entries: ApiSchemaBulkEntry[]) =>
      entries.map(({ id, ...patch }) => apply(id, patch)),
  };
  return { client: client as unknown as PosthogClient, rows, counts };
}

describe("the shared schema rows of a source", () => {
  it("are read once for concurrent creates", async () => {
    const { client, counts } = fakeSource();
    await Promise.all([sourceRows(client, "src", false), sourceRows(client, "src", false)]);
    expect(counts.gets).toBe(1);
  });

  it("carry what our PATCHes wrote, without reading the source again", async () => {
    const { client, counts } = fakeSource();
    await sourceRows(client, "src", false);
    await patchSchema(client, "src", "id-0", { should_sync: false });
    const rows = await sourceRows(client, "src", false);
    expect(rows.find((r) => r.id === "id-0")?.should_sync).toBe(false);
    expect(counts.gets).toBe(1);
  });

  it("are read again after a PATCH that failed (it may have been applied)", async () => {
    const { client, counts } = fakeSource({ failPatches: true });
    await sourceRows(client, "src", false);
    await expect(patchSchema(client, "src", "id-0", { should_sync: false })).rejects.toThrow();
    const rows = await sourceRows(client, "src", false);
    expect(counts.gets).toBe(2);
    expect(rows.find((r) => r.id === "id-0")?.should_sync).toBe(false);
    forgetRows(client, "src");
  });

  it("a create right after a delete of the same table (delete-before-replace) turns syncing back on", async () => {
    const { client, rows, counts } = fakeSource();
    await sourceRows(client, "src", false); // another create of this run read the source
    const state = {
      projectId: "1",
      sourceId: "src",
      name: "orders",
      shouldSync: true,
      syncType: "full_refresh",
      syncFrequency: "24hour",
      incremental: false,
      managedSettings: ["shouldSync", "syncType", "syncFrequency"],
      deleteDataOnDestroy: false,
    } as SchemaOutputs;
    await deleteSchema(client, "id-0", state);
    expect(rows.get("id-0")?.should_sync).toBe(false);

    const inputs = { ...state } as unknown as SchemaInputs;
    const created = await createSchema(client, inputs);
    expect(created.id).toBe("id-0");
    expect(rows.get("id-0")?.should_sync).toBe(true);
    expect(counts).toEqual({ gets: 1, patches: 2 });
  });
});
