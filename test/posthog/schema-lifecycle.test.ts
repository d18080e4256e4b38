/**
 * posthog.ExternalDataSchema under `pulumi preview/up/refresh/destroy`, through the real
 * dynamic-provider host against the PostHog emulator. API calls are counted at the emulator.
 */
import { posthog } from "pulumi-datasync";
import type { Emulator } from "../emulator";
import { postgresBody } from "../emulator/posthog/test-helpers";
import type { Stack } from "../harness";
import {
  expectNoLeaks,
  failureOf,
  opsOf,
  posthogCalls,
  posthogStack,
  requireBuild,
  resourceNamed,
  startPosthogEmulator,
} from "./support";

const PG_PASSWORD = "pg-secret-pass-1234";

type SchemaArgs = Omit<posthog.ExternalDataSchemaArgs, "sourceId">;

describe("posthog.ExternalDataSchema through the provider host", () => {
  let emulator: Emulator;
  let stack: Stack;
  let calls: ReturnType<typeof posthogCalls>;
  let sourceId: string;

  /** A program with one ExternalDataSchema named `table` on the Postgres source. */
  const schemaProgram = (args: SchemaArgs) => () => {
    const schema = new posthog.ExternalDataSchema("table", { sourceId, ...args });
    return { id: schema.id, type: schema.incrementalFieldType, status: schema.status };
  };

  beforeAll(async () => {
    requireBuild();
    emulator = await startPosthogEmulator();
    calls = posthogCalls(emulator);
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.reset();
    // PostHog makes rows only for the tables listed at create: list the ones these tests adopt.
    const listed = ["orders", "customers", "events", "line_items"].map((name) => ({
      name,
      should_sync: name === "orders",
      ...(name === "orders" ? { sync_type: "full_refresh" } : {}),
    }));
    sourceId = emulator.posthog.createSource(
      postgresBody({ prefix: "app_" }, { password: PG_PASSWORD, schemas: listed }),
    ).id;
    emulator.log.clear();
  });
  afterEach(() => stack?.dispose());

  it("create (adopt + fill the field type), no-op, update in place, triggers, replace, destroy", async () => {
    stack = posthogStack(emulator, "schema-life");
    const args: SchemaArgs = { name: "customers", syncType: "incremental", incrementalField: "updated_at" };
    const up = await stack.up(schemaProgram(args));
    expect(calls.sequence()).toEqual([
      "GET external_data_sources/:id/",
      "POST external_data_schemas/:id/incremental_fields/",
      "PATCH external_data_schemas/:id/",
    ]);
    const row = emulator.posthog.schemaByName(sourceId, "customers")!;
    expect(resourceNamed(up, "table").id).toBe(row.id);
    expect(row).toMatchObject({
      should_sync: true,
      sync_type: "incremental",
      incremental_field: "updated_at",
      incremental_field_type: "timestamp", // PostHog stores the field_type
    });
    expect(up.outputs.type).toBe("timestamp");
    expect(up.rows[0].providerBytes).toBeLessThanOrEqual(4096);
    expectNoLeaks(up, [PG_PASSWORD]);

    emulator.log.clear();
    expect(opsOf(await stack.up(schemaProgram(args)))).toEqual({ table: "same" });
    expect(calls.all()).toBe(0);

    const frequency = await stack.up(schemaProgram({ ...args, syncFrequency: "1hour" }));
    expect(opsOf(frequency)).toEqual({ table: "update" });
    expect(calls.sequence()).toEqual(["PATCH external_data_schemas/:id/"]);
    expect(emulator.log.filter({ method: "PATCH" })[0].body).toEqual({ sync_frequency: "1hour" });

    emulator.log.clear();
    await stack.up(schemaProgram({ ...args, syncFrequency: "1hour", syncTriggers: { version: 2 } }));
    expect(calls.sequence()).toEqual(["POST external_data_schemas/:id/reload/"]);

    emulator.log.clear();
    await stack.up(
      schemaProgram({ ...args, syncFrequency: "1hour", syncTriggers: { version: 2 }, resyncTriggers: "r1" }),
    );
    expect(calls.sequence()).toEqual(["POST external_data_schemas/:id/resync/"]);

    emulator.log.clear();
    const replaced = await stack.up(schemaProgram({ name: "line_items", syncType: "full_refresh" }));
    expect(opsOf(replaced)).toEqual({ table: "replace" });
    expect(resourceNamed(replaced, "table").id).toBe(
      emulator.posthog.schemaByName(sourceId, "line_items")!.id,
    );
    expect(emulator.posthog.schemaByName(sourceId, "customers")?.should_sync).toBe(false);
    expect(emulator.posthog.schemaByName(sourceId, "line_items")).toMatchObject({
      should_sync: true,
      sync_type: "full_refresh",
    });

    emulator.log.clear();
    await stack.destroy();
    expect(calls.sequence()).toEqual(["PATCH external_data_schemas/:id/"]);
    expect(emulator.posthog.schemaByName(sourceId, "line_items")?.should_sync).toBe(false);
  });

  it("refresh: no drift changes no input; a UI edit shows up and the next up puts it back", async () => {
    stack = posthogStack(emulator, "schema-drift");
    const args: SchemaArgs = { name: "orders", syncFrequency: "12hour" };
    const up = await stack.up(schemaProgram(args));
    const id = resourceNamed(up, "table").id;
    emulator.posthog.completeJobs();

    emulator.log.clear();
    const clean = await stack.refresh();
    expect(calls.sequence()).toEqual(["GET external_data_schemas/:id/"]);
    expect(
      clean.rows[0].changed.filter((k) => !["status", "lastSyncedAt", "latestError"].includes(k)),
    ).toEqual([]);

    // UI edits: a managed setting and an unmanaged one (the latter is not drift).
    emulator.posthog.updateSchema(id, { sync_frequency: "7day", sync_time_of_day: "05:00:00" });
    const drifted = await stack.refresh();
    expect(drifted.rows[0].op).toBe("refresh-changed");
    const state = resourceNamed(drifted, "table");
    expect(state.inputs.syncFrequency).toBe("7day");
    expect(state.inputs.syncTimeOfDay).toBeUndefined();
    expect(state.outputs.syncTimeOfDay).toBe("05:00:00");

    emulator.log.clear();
    const preview = await stack.preview(schemaProgram(args));
    expect(preview.rows[0]).toMatchObject({ op: "update", changed: ["syncFrequency"] });
    expect(calls.all()).toBe(0);
    await stack.up(schemaProgram(args));
    expect(emulator.log.filter({ method: "PATCH" }).map((e) => e.body)).toEqual([
      { sync_frequency: "12hour" },
    ]);
    expect(emulator.posthog.schema(id)).toMatchObject({
      sync_frequency: "12hour",
      sync_time_of_day: "05:00:00",
    });
  });

  it("deleteDataOnDestroy: stop syncing, cancel the running sync, drop the data", async () => {
    stack = posthogStack(emulator, "schema-data");
    const up = await stack.up(schemaProgram({ name: "orders", deleteDataOnDestroy: true }));
    const id = resourceNamed(up, "table").id;
    emulator.posthog.markSynced(id);
    emulator.posthog.updateSchema(id, { status: "Running" });

    emulator.log.clear();
    const destroyed = await stack.destroy();
    expect(destroyed.ok).toBe(true);
    expect(calls.sequence()).toEqual([
      "PATCH external_data_schemas/:id/",
      "POST external_data_schemas/:id/cancel/",
      "DELETE external_data_schemas/:id/delete_data/",
    ]);
    expect(emulator.posthog.schema(id)).toMatchObject({ should_sync: false, table: null });
  });

  it("a table not discovered yet is found with refresh_schemas; a wrong field lists the fields that exist", async () => {
    emulator.posthog.setCatalogue("Postgres", [
      ...emulator.posthog.catalogue("Postgres"),
      { name: "invoices", incrementalFields: [{ field: "issued_at", type: "datetime" }] },
    ]);
    stack = posthogStack(emulator, "schema-discover");
    const failed = await failureOf(
      stack.up(schemaProgram({ name: "invoices", syncType: "incremental", incrementalField: "issuedAt" })),
    );
    expect(calls.sequence()).toEqual([
      "GET external_data_sources/:id/",
      "POST external_data_sources/:id/refresh_schemas/",
      "GET external_data_sources/:id/",
      "POST external_data_schemas/:id/incremental_fields/",
    ]);
    expect(failed.result.errors.join("\n")).toMatch(
      /incrementalField "issuedAt" of table "invoices" is not a field it can sync incrementally on; .*incremental fields: issued_at \(datetime\)/,
    );
    expect(failed.result.state.resources).toEqual([]);
    expectNoLeaks(failed.result, [PG_PASSWORD]);

    emulator.log.clear();
    const up = await stack.up(
      schemaProgram({
        name: "invoices",
        syncType: "incremental",
        incrementalField: "issued_at",
        incrementalFieldType: "datetime",
      }),
    );
    expect(up.ok).toBe(true);
    expect(emulator.posthog.schemaByName(sourceId, "invoices")).toMatchObject({
      should_sync: true,
      incremental_field: "issued_at",
    });

    const missing = await failureOf(stack.up(schemaProgram({ name: "nope" })));
    expect(missing.result.errors.join("\n")).toMatch(
      /table "nope" not found.*it has: customers, events, invoices, line_items, orders/,
    );
  });

  it("a deleted source: refresh reports the schema gone; destroy of a gone schema succeeds", async () => {
    stack = posthogStack(emulator, "schema-gone");
    await stack.up(schemaProgram({ name: "orders" }));
    emulator.posthog.deleteSource(sourceId);
    const refreshed = await stack.refresh();
    expect(refreshed.rows.map((r) => r.op)).toEqual(["refresh-gone"]);

    const recreate = await failureOf(stack.up(schemaProgram({ name: "orders" })));
    expect(recreate.result.errors.join("\n")).toMatch(/source ".*" not found in project 1/);

    const other = posthogStack(emulator, "schema-gone-2");
    try {
      sourceId = emulator.posthog.createSource({
        source_type: "Stripe",
        payload: {
          auth_method: { selection: "api_key", stripe_secret_key: "sk_test_x" },
          schemas: [{ name: "Customer", should_sync: true, sync_type: "full_refresh" }],
        },
      }).id;
      const up = await other.up(schemaProgram({ name: "Customer" }));
      emulator.posthog.deleteSource(sourceId);
      emulator.log.clear();
      const destroyed = await other.destroy();
      expect(destroyed.ok).toBe(true);
      expect(calls.all()).toBe(1);
      expect(up.ok).toBe(true);
    } finally {
      await other.dispose();
    }
  });

  it("works on a source of the same program: preview with an unknown sourceId makes no call", async () => {
    const program = () => {
      const source = new posthog.ExternalDataSource("stripe", {
        sourceType: "Stripe",
        prefix: "pay_",
        jobInputs: { auth_method: { selection: "api_key", stripe_secret_key: "sk_test_same_program" } },
        schemas: [{ name: "Customer", syncType: "full_refresh" }],
      });
      const subscription = new posthog.ExternalDataSchema("subscription", {
        sourceId: source.id,
        name: "Subscription",
        syncType: "append", // PostHog's Stripe tables are append-only
        incrementalField: "created",
        syncFrequency: "6hour",
        syncTimeOfDay: "03:00:00",
      });
      return { subscriptionId: subscription.id };
    };
    stack = posthogStack(emulator, "schema-same");
    emulator.log.clear();
    const preview = await stack.preview(program);
    expect(preview.ok).toBe(true);
    expect(calls.all()).toBe(0);
    const up = await stack.up(program);
    const source = resourceNamed(up, "stripe").id;
    expect(emulator.posthog.schemaByName(source, "Subscription")).toMatchObject({
      should_sync: true,
      sync_type: "append",
      incremental_field_type: "integer",
      sync_time_of_day: "03:00:00",
    });
    emulator.log.clear();
    expect(opsOf(await stack.up(program))).toEqual({ stripe: "same", subscription: "same" });
    expect(calls.all()).toBe(0);
    await stack.destroy();
    expect(emulator.posthog.sources().filter((s) => s.id === source)).toEqual([]);
  });

  it("a schema PATCH failing after its source was created: the source is recorded, the next up completes the schema", async () => {
    const program = () => {
      const source = new posthog.ExternalDataSource("stripe", {
        sourceType: "Stripe",
        prefix: "fail_",
        jobInputs: { auth_method: { selection: "api_key", stripe_secret_key: "sk_test_patch_fail" } },
        schemas: [{ name: "Customer", syncType: "full_refresh" }],
      });
      const charge = new posthog.ExternalDataSchema("charge", {
        sourceId: source.id,
        name: "Charge",
        syncFrequency: "24hour",
      });
      return { chargeId: charge.id };
    };
    emulator.faults.add({
      method: "PATCH",
      path: `${"/api/projects/1/external_data_schemas"}/*`,
      status: 400,
      body: { detail: "patch refused" },
    });
    stack = posthogStack(emulator, "schema-patch-fail", { DATASYNC_LOG: "debug" });
    const failed = await failureOf(stack.up(program));
    expect(failed.result.errors.join("\n")).toMatch(
      /PATCH .*external_data_schemas.* failed: 400 patch refused/,
    );
    expect(opsOf(failed.result)).toMatchObject({ stripe: "create" });
    const source = resourceNamed(failed.result, "stripe");
    expect(failed.result.state.resources.map((r) => r.name)).toEqual(["stripe"]);
    const charge = emulator.posthog.schemaByName(source.id, "Charge")!;
    expect(charge.should_sync).toBe(false);
    expect(failed.result.hostStderr).toMatch(/\[datasync\] PostHog PATCH/);
    expectNoLeaks(failed.result, ["sk_test_patch_fail"]);

    emulator.log.clear();
    const completed = await stack.up(program);
    expect(opsOf(completed)).toEqual({ stripe: "same", charge: "create" });
    expect(calls.sequence()).toEqual(["GET external_data_sources/:id/", "PATCH external_data_schemas/:id/"]);
    expect(emulator.posthog.schema(charge.id)).toMatchObject({
      should_sync: true,
      sync_type: "full_refresh",
      sync_frequency: "24hour",
    });
    expect(emulator.posthog.sources()).toHaveLength(2);
  });

  it("read-only POSTs (incremental_fields) are retried after a 503; a 429 on the PATCH waits and succeeds", async () => {
    emulator.faults.add({ method: "POST", path: /\/incremental_fields\/?$/, status: 503 });
    emulator.faults.add({
      method: "PATCH",
      path: /external_data_schemas\/[^/]+\/?$/,
      status: 429,
      headers: { "Retry-After": "0" },
    });
    stack = posthogStack(emulator, "schema-retry");
    const up = await stack.up(
      schemaProgram({ name: "customers", syncType: "incremental", incrementalField: "id" }),
    );
    expect(up.ok).toBe(true);
    expect(emulator.log.filter({ method: "POST", path: /incremental_fields/ }).map((e) => e.status)).toEqual([
      503, 200,
    ]);
    expect(emulator.log.filter({ method: "PATCH" }).map((e) => e.status)).toEqual([429, 200]);
    expect(emulator.posthog.schemaByName(sourceId, "customers")).toMatchObject({
      incremental_field: "id",
      incremental_field_type: "integer",
    });
  });
  it("renamed without an alias (create new, delete old): the old one's delete leaves the table syncing, data kept", async () => {
    // The engine creates the new resource (adopting the same table), then deletes the old one.
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
    await stack.destroy();
    expect(emulator.posthog.schema(row.id)).toMatchObject({ should_sync: false, table: null });
  });
});
