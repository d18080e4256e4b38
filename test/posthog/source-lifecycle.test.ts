/**
 * posthog.ExternalDataSource under `pulumi preview/up/refresh/destroy`, through the real
 * dynamic-provider host (the BUILT package: `npm run build` first) against the PostHog emulator.
 * API calls are counted at the emulator.
 */
import { posthog } from "pulumi-datasync";
import type { Emulator } from "../emulator";
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

const STRIPE_KEY = "sk_test_lifecycle_4242";

type TableArgs = posthog.ExternalDataSourceSchemaArgs;

const STRIPE_TABLES: TableArgs[] = [
  {
    name: "Customer",
    syncType: "append", // PostHog's Stripe tables are append-only
    incrementalField: "created",
    incrementalFieldType: "integer",
    syncFrequency: "1hour",
  },
  { name: "Charge", syncType: "full_refresh" },
];

function stripeProgram(overrides: Partial<posthog.ExternalDataSourceArgs> = {}) {
  return () => {
    const source = new posthog.ExternalDataSource("stripe", {
      sourceType: "Stripe",
      prefix: "stripe_",
      description: "billing",
      jobInputs: {
        auth_method: { selection: "api_key", stripe_secret_key: STRIPE_KEY },
        stripe_account_id: "acct_1",
      },
      schemas: STRIPE_TABLES,
      ...overrides,
    });
    return { id: source.id, schemaIds: source.schemaIds, status: source.status };
  };
}

describe("posthog.ExternalDataSource through the provider host", () => {
  let emulator: Emulator;
  let stack: Stack;
  let calls: ReturnType<typeof posthogCalls>;

  beforeAll(async () => {
    requireBuild();
    emulator = await startPosthogEmulator();
    calls = posthogCalls(emulator);
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.reset();
  });
  afterEach(() => stack?.dispose());

  it("create (POST + GET + one bulk for frequencies), no-op, update in place, replace, destroy", async () => {
    stack = posthogStack(emulator, "src-life");
    const preview = await stack.preview(stripeProgram());
    expect(preview.rows.map((r) => `${r.op}:${r.status}`)).toEqual(["create:planned"]);
    expect(calls.all()).toBe(0);

    const up = await stack.up(stripeProgram());
    expect(calls.sequence()).toEqual([
      // What the tables support, asked before anything is created (database_schema: PostHog lists the tables a source would have).
      "POST external_data_sources/database_schema/",
      "POST external_data_sources/",
      "GET external_data_sources/:id/",
      "PATCH external_data_sources/:id/bulk_update_schemas/",
    ]);
    expect(calls.bulkBodies()[0]).toEqual([{ id: expect.any(String), sync_frequency: "1hour" }]);
    const id = resourceNamed(up, "stripe").id;
    const remote = emulator.posthog.source(id)!;
    expect(remote.stored_job_inputs).toMatchObject({
      auth_method: { selection: "api_key", stripe_secret_key: STRIPE_KEY },
      stripe_account_id: "acct_1",
    });
    expect(emulator.posthog.schemaByName(id, "Customer")).toMatchObject({
      should_sync: true,
      sync_type: "append",
      incremental_field: "created",
      sync_frequency: "1hour",
    });
    // PostHog makes rows only for the tables listed at create.
    expect(emulator.posthog.schemaByName(id, "Invoice")).toBeUndefined();
    expect(Object.keys(up.outputs.schemaIds as object).sort()).toEqual(
      emulator.posthog
        .schemas(id)
        .map((s) => s.name)
        .sort(),
    );
    const row = up.rows.find((r) => r.name === "stripe")!;
    expect(row.providerBytes).toBeGreaterThan(0);
    expect(row.providerBytes).toBeLessThanOrEqual(4096);
    expect(resourceNamed(up, "stripe").secretOutputs).toContain("jobInputs");
    expectNoLeaks(up, [STRIPE_KEY]);

    emulator.log.clear();
    const noop = await stack.up(stripeProgram());
    expect(opsOf(noop)).toEqual({ stripe: "same" });
    expect(calls.all()).toBe(0);

    const changed = await stack.up(
      stripeProgram({
        description: "billing v2",
        jobInputs: {
          auth_method: { selection: "api_key", stripe_secret_key: STRIPE_KEY },
          stripe_account_id: "acct_2",
        },
        schemas: [{ ...STRIPE_TABLES[0], syncFrequency: "6hour" }, STRIPE_TABLES[1]],
      }),
    );
    expect(opsOf(changed)).toEqual({ stripe: "update" });
    expect(calls.sequence()).toEqual([
      "PATCH external_data_sources/:id/",
      "PATCH external_data_sources/:id/bulk_update_schemas/",
    ]);
    const patch = emulator.log.filter({
      method: "PATCH",
      path: `/api/projects/1/external_data_sources/${id}`,
    })[0];
    // The changed key, plus the declared secrets (PostHog refuses a connection change without them;
    // the emulator's log shows them redacted).
    expect(patch.body).toEqual({
      description: "billing v2",
      job_inputs: {
        stripe_account_id: "acct_2",
        auth_method: { selection: "api_key", stripe_secret_key: "[redacted]" },
      },
    });
    expect(calls.bulkBodies()[0]).toEqual([{ id: expect.any(String), sync_frequency: "6hour" }]);
    expect(resourceNamed(changed, "stripe").id).toBe(id);
    expectNoLeaks(changed, [STRIPE_KEY]);

    emulator.log.clear();
    const replaced = await stack.up(stripeProgram({ prefix: "billing_", description: "billing v2" }));
    expect(opsOf(replaced)).toEqual({ stripe: "replace" });
    const newId = resourceNamed(replaced, "stripe").id;
    expect(newId).not.toBe(id);
    expect(emulator.posthog.source(id)?.deleted).toBe(true);
    expect(emulator.posthog.sources().map((s) => s.id)).toEqual([newId]);

    emulator.log.clear();
    const destroyed = await stack.destroy();
    expect(destroyed.state.resources).toEqual([]);
    expect(calls.sequence()).toEqual(["DELETE external_data_sources/:id/"]);
    expect(emulator.posthog.sources()).toEqual([]);
  });

  it("refresh without drift changes nothing the program declares; the next up makes no call", async () => {
    stack = posthogStack(emulator, "src-refresh");
    await stack.up(stripeProgram());
    emulator.posthog.completeJobs();

    emulator.log.clear();
    const refreshed = await stack.refresh();
    expect(calls.sequence()).toEqual(["GET external_data_sources/:id/"]);
    // Only what PostHog computes may move (syncs finished); no input changed.
    const row = refreshed.rows[0];
    expect(row.changed.filter((k) => !["status", "lastRunAt", "latestError"].includes(k))).toEqual([]);
    const stripe = resourceNamed(refreshed, "stripe");
    expect(stripe.secretInputs).toContain("jobInputs");
    expect(stripe.secretOutputs).toContain("jobInputs");
    expectNoLeaks(refreshed, [STRIPE_KEY]);

    emulator.log.clear();
    const again = await stack.up(stripeProgram());
    expect(opsOf(again)).toEqual({ stripe: "same" });
    expect(calls.all()).toBe(0);
  });

  it("refresh with drift shows the UI edits; the next up restores them in place; new tables are not drift", async () => {
    stack = posthogStack(emulator, "src-drift");
    const up = await stack.up(stripeProgram());
    const id = resourceNamed(up, "stripe").id;
    const customer = emulator.posthog.schemaByName(id, "Customer")!;
    emulator.posthog.updateSource(id, {
      description: "edited in the UI",
      job_inputs: {
        auth_method: { selection: "api_key", stripe_secret_key: STRIPE_KEY },
        stripe_account_id: "acct_ui",
      },
    });
    emulator.posthog.updateSchema(customer.id, { sync_frequency: "24hour" });
    // Not drift: a table nobody declared gets enabled, and discovery adds a row.
    // PostHog made rows only for the declared tables; Invoice appears later, by discovery.
    emulator.posthog.updateSchema(emulator.posthog.discoverTable(id, "Invoice").id, {
      should_sync: true,
      sync_type: "full_refresh",
    });
    emulator.posthog.discoverTable(id, "Dispute");

    emulator.log.clear();
    const refreshed = await stack.refresh();
    expect(calls.all()).toBe(1);
    expect(refreshed.rows[0].op).toBe("refresh-changed");
    expect(refreshed.rows[0].changed).toEqual(
      expect.arrayContaining(["description", "jobInputs", "schemas"]),
    );
    const state = resourceNamed(refreshed, "stripe");
    expect(state.inputs.description).toBe("edited in the UI");
    expect(state.inputs.jobInputs).toEqual({
      auth_method: { selection: "api_key", stripe_secret_key: STRIPE_KEY },
      stripe_account_id: "acct_ui",
    });
    expect(
      (state.inputs.schemas as { name: string; syncFrequency?: string }[]).find((t) => t.name === "Customer")
        ?.syncFrequency,
    ).toBe("24hour");
    expect(state.secretInputs).toContain("jobInputs");
    expectNoLeaks(refreshed, [STRIPE_KEY]);

    emulator.log.clear();
    const preview = await stack.preview(stripeProgram());
    expect(opsOf(preview)).toEqual({ stripe: "update" });
    expect(preview.rows[0].changed).toEqual(expect.arrayContaining(["description", "jobInputs", "schemas"]));
    expect(calls.all()).toBe(0);

    const restored = await stack.up(stripeProgram());
    expect(opsOf(restored)).toEqual({ stripe: "update" });
    expect(calls.sequence()).toEqual([
      "PATCH external_data_sources/:id/",
      "PATCH external_data_sources/:id/bulk_update_schemas/",
    ]);
    expect(calls.bulkBodies()[0]).toEqual([{ id: customer.id, sync_frequency: "1hour" }]);
    expect(emulator.posthog.source(id)).toMatchObject({
      description: "billing",
      job_inputs: { stripe_account_id: "acct_1" },
    });
    expect(emulator.posthog.schemaByName(id, "Invoice")?.should_sync).toBe(true);

    emulator.log.clear();
    expect(opsOf(await stack.up(stripeProgram()))).toEqual({ stripe: "same" });
    expect(calls.all()).toBe(0);
  });

  it("rows PostHog disabled or soft-deleted (a vanished table, refresh_schemas) show as drift on refresh; the next up restores them", async () => {
    stack = posthogStack(emulator, "src-vanished");
    const up = await stack.up(stripeProgram());
    const id = resourceNamed(up, "stripe").id;
    const [first, second] = STRIPE_TABLES.map((t) => emulator.posthog.schemaByName(id, t.name as string)!);
    emulator.posthog.updateSchema(first.id, { should_sync: false }); // disabled: the enabled row of a vanished table
    emulator.posthog.deleteSchema(second.id); // soft-deleted: no longer in the source's rows

    emulator.log.clear();
    const refreshed = await stack.refresh();
    expect(refreshed.rows[0].op).toBe("refresh-changed");
    expect(refreshed.rows[0].changed).toEqual(expect.arrayContaining(["schemas"]));
    const declared = resourceNamed(refreshed, "stripe").inputs.schemas as Record<string, unknown>[];
    expect(declared.find((t) => t.name === first.name)?.shouldSync).toBe(false);
    // the vanished row: the table is still declared, with none of its settings left in PostHog
    expect(declared.find((t) => t.name === second.name)).toEqual({ name: second.name });
    expect(calls.writes()).toBe(0);

    const preview = await stack.preview(stripeProgram());
    expect(opsOf(preview)).toEqual({ stripe: "update" });
    expect(preview.rows[0].changed).toEqual(["schemas"]);

    const restored = await stack.up(stripeProgram());
    expect(opsOf(restored)).toEqual({ stripe: "update" });
    for (const table of STRIPE_TABLES)
      expect([table.name, emulator.posthog.schemaByName(id, table.name as string)?.should_sync]).toEqual([
        table.name,
        true,
      ]);
  });

  it("a source deleted elsewhere: refresh reports it gone, destroy of a gone source succeeds, up creates it again", async () => {
    stack = posthogStack(emulator, "src-gone");
    const up = await stack.up(stripeProgram());
    const id = resourceNamed(up, "stripe").id;
    emulator.posthog.deleteSource(id);

    const refreshed = await stack.refresh();
    expect(refreshed.rows.map((r) => r.op)).toEqual(["refresh-gone"]);
    expect(refreshed.state.resources).toEqual([]);

    const again = await stack.up(stripeProgram());
    expect(opsOf(again)).toEqual({ stripe: "create" });
    const newId = resourceNamed(again, "stripe").id;
    emulator.posthog.deleteSource(newId);
    emulator.log.clear();
    const destroyed = await stack.destroy();
    expect(destroyed.ok).toBe(true);
    expect(calls.sequence()).toEqual(["DELETE external_data_sources/:id/"]);
  });

  it("one table changed out of 20 (Postgres): one bulk_update_schemas call, no replacement", async () => {
    const names = Array.from({ length: 20 }, (_, i) => `table_${String(i).padStart(2, "0")}`);
    emulator.posthog.setCatalogue("Postgres", names);
    const pgInputs = {
      host: "db.internal",
      port: 5432,
      database: "app",
      user: "sync",
      password: "pg-pass-9876",
      schema: "public",
    };
    const program = (frequencyOf7: "6hour" | "1hour") => () => {
      const source = new posthog.ExternalDataSource("pg", {
        sourceType: "Postgres",
        prefix: "app_",
        jobInputs: pgInputs,
        schemas: names.map((name, i) => ({
          name,
          syncType: "full_refresh",
          syncFrequency: i === 7 ? frequencyOf7 : "6hour",
        })),
      });
      return { id: source.id };
    };
    stack = posthogStack(emulator, "src-twenty");
    const up = await stack.up(program("6hour"));
    // The frequencies equal PostHog's default: create alone applied everything.
    expect(calls.sequence()).toEqual(["POST external_data_sources/", "GET external_data_sources/:id/"]);
    const id = resourceNamed(up, "pg").id;

    emulator.log.clear();
    const changed = await stack.up(program("1hour"));
    expect(opsOf(changed)).toEqual({ pg: "update" });
    expect(changed.rows[0].replaces).toEqual([]);
    expect(calls.sequence()).toEqual(["PATCH external_data_sources/:id/bulk_update_schemas/"]);
    expect(calls.bulkBodies()).toEqual([
      [{ id: emulator.posthog.schemaByName(id, "table_07")!.id, sync_frequency: "1hour" }],
    ]);
    expect(resourceNamed(changed, "pg").id).toBe(id);
    expectNoLeaks(changed, ["pg-pass-9876"]);
  });

  it("tables added and removed in place: removed ones stop syncing, an undiscovered one is found with refresh_schemas", async () => {
    stack = posthogStack(emulator, "src-tables");
    const up = await stack.up(stripeProgram());
    const id = resourceNamed(up, "stripe").id;
    emulator.posthog.setCatalogue("Stripe", [
      ...emulator.posthog.catalogue("Stripe").map((t) => t.name),
      "Payout",
    ]);

    emulator.log.clear();
    const changed = await stack.up(
      stripeProgram({ schemas: [STRIPE_TABLES[0], { name: "Payout", syncType: "full_refresh" }] }),
    );
    expect(opsOf(changed)).toEqual({ stripe: "update" });
    expect(calls.sequence()).toEqual([
      "POST external_data_sources/:id/refresh_schemas/",
      "GET external_data_sources/:id/",
      "PATCH external_data_sources/:id/bulk_update_schemas/",
    ]);
    expect(emulator.posthog.schemaByName(id, "Charge")?.should_sync).toBe(false);
    expect(emulator.posthog.schemaByName(id, "Payout")).toMatchObject({
      should_sync: true,
      sync_type: "full_refresh",
    });
    expect((changed.outputs.schemaIds as Record<string, string>).Payout).toBe(
      emulator.posthog.schemaByName(id, "Payout")!.id,
    );

    emulator.log.clear();
    const failed = await failureOf(stack.up(stripeProgram({ schemas: [{ name: "Nope" }] })));
    expect(failed.result.errors.join("\n")).toMatch(
      /table "Nope" not found in the source.*it has: .*Customer/,
    );
  });

  it("preview with invalid settings fails naming the property and makes no API call", async () => {
    stack = posthogStack(emulator, "src-invalid");
    const failed = await failureOf(
      stack.preview(
        stripeProgram({
          prefix: "9lives",
          schemas: [{ name: "Customer", syncType: "incremental", syncFrequency: "hourly" }],
          jobInputs: { stripe_account_id: "acct_1" },
        }),
      ),
    );
    const errors = failed.result.errors.join("\n");
    expect(errors).toMatch(/prefix/);
    expect(errors).toMatch(/schemas\[0\]\.syncFrequency.*allowed values: never, 5min/);
    expect(errors).toMatch(/schemas\[0\]\.incrementalField/);
    expect(errors).toMatch(/jobInputs\.auth_method: is required for Stripe sources/);
    expect(calls.all()).toBe(0);
  });

  it("a 429 then success: the create goes through once", async () => {
    emulator.faults.add({
      method: "POST",
      path: "/api/projects/1/external_data_sources",
      status: 429,
      headers: { "Retry-After": "0" },
    });
    stack = posthogStack(emulator, "src-429");
    const up = await stack.up(stripeProgram());
    expect(up.ok).toBe(true);
    expect(
      emulator.log
        .filter({ method: "POST", path: "/api/projects/1/external_data_sources" })
        .map((e) => e.status),
    ).toEqual([429, 201]);
    expect(emulator.posthog.sources()).toHaveLength(1);
  });

  it("an ambiguous create (applied, then 500) is resolved by a look-up: exactly one source", async () => {
    emulator.faults.add({
      method: "POST",
      path: "/api/projects/1/external_data_sources",
      commitThenFail: 500,
    });
    stack = posthogStack(emulator, "src-ambiguous");
    const up = await stack.up(stripeProgram());
    expect(up.ok).toBe(true);
    expect(calls.sequence().slice(1, 4)).toEqual([
      "POST external_data_sources/",
      "GET external_data_sources/",
      "GET external_data_sources/:id/",
    ]);
    expect(
      emulator.log.filter({ method: "GET", path: "/api/projects/1/external_data_sources" })[0].query.search,
    ).toBe("stripe_");
    expect(emulator.posthog.sources()).toHaveLength(1);
    expect(resourceNamed(up, "stripe").id).toBe(emulator.posthog.sources()[0].id);
    expectNoLeaks(up, [STRIPE_KEY]);
  });

  it("an ambiguous create that was not applied (503, dropped connection) is retried once after the look-up", async () => {
    emulator.faults.add({ method: "POST", path: "/api/projects/1/external_data_sources", status: 503 });
    stack = posthogStack(emulator, "src-503");
    expect((await stack.up(stripeProgram())).ok).toBe(true);
    expect(
      emulator.log
        .filter({ method: "POST", path: "/api/projects/1/external_data_sources" })
        .map((e) => e.status),
    ).toEqual([503, 201]);
    expect(emulator.posthog.sources()).toHaveLength(1);

    emulator.reset();
    emulator.faults.add({ method: "POST", path: "/api/projects/1/external_data_sources", drop: "after" });
    const other = posthogStack(emulator, "src-drop");
    try {
      expect((await other.up(stripeProgram())).ok).toBe(true);
      expect(emulator.log.count({ method: "POST", path: "/api/projects/1/external_data_sources" })).toBe(1);
      expect(emulator.posthog.sources()).toHaveLength(1);
    } finally {
      await other.dispose();
    }
  });

  it("bulk update failing after the source exists: the source is recorded and the next up completes it", async () => {
    emulator.faults.add({
      method: "PATCH",
      path: /\/bulk_update_schemas\/?$/,
      status: 400,
      body: { detail: "boom" },
    });
    stack = posthogStack(emulator, "src-partial");
    const failed = await failureOf(stack.up(stripeProgram()));
    expect(failed.result.errors.join("\n")).toMatch(/bulk_update_schemas.*boom/);
    const recorded = resourceNamed(failed.result, "stripe");
    expect(recorded.id).toBe(emulator.posthog.sources()[0].id);
    expect(recorded.initErrors?.length).toBeGreaterThan(0);
    expectNoLeaks(failed.result, [STRIPE_KEY]);

    emulator.log.clear();
    const completed = await stack.up(stripeProgram());
    expect(completed.ok).toBe(true);
    expect(opsOf(completed)).toEqual({ stripe: "update" });
    expect(calls.sequence()).toEqual(["PATCH external_data_sources/:id/bulk_update_schemas/"]);
    expect(emulator.posthog.sources()).toHaveLength(1);
    expect(emulator.posthog.schemaByName(recorded.id, "Customer")?.sync_frequency).toBe("1hour");

    emulator.log.clear();
    expect(opsOf(await stack.up(stripeProgram()))).toEqual({ stripe: "same" });
    expect(calls.all()).toBe(0);
  });

  it("adopts an existing source (existingSourceId); destroy deletes it unless retainOnDelete", async () => {
    const existing = emulator.posthog.createSource({
      source_type: "Stripe",
      prefix: "legacy_",
      payload: {
        auth_method: { selection: "api_key", stripe_secret_key: "sk_test_old" },
        schemas: [{ name: "Customer", should_sync: true, sync_type: "full_refresh" }],
      },
    });
    stack = posthogStack(emulator, "src-adopt");
    const adopt = (retain: boolean) => () => {
      const source = new posthog.ExternalDataSource(
        "legacy",
        {
          sourceType: "Stripe",
          existingSourceId: existing.id,
          jobInputs: { auth_method: { selection: "api_key", stripe_secret_key: STRIPE_KEY } },
          schemas: [{ name: "Customer", syncFrequency: "12hour" }],
        },
        { retainOnDelete: retain },
      );
      return { id: source.id };
    };
    emulator.log.clear();
    const up = await stack.up(adopt(true));
    expect(resourceNamed(up, "legacy").id).toBe(existing.id);
    expect(calls.sequence()).toEqual([
      "GET external_data_sources/:id/",
      "PATCH external_data_sources/:id/",
      "PATCH external_data_sources/:id/bulk_update_schemas/",
    ]);
    expect(
      (emulator.posthog.source(existing.id)?.stored_job_inputs.auth_method as { stripe_secret_key?: string })
        ?.stripe_secret_key,
    ).toBe(STRIPE_KEY);
    expect(emulator.posthog.schemaByName(existing.id, "Customer")?.sync_frequency).toBe("12hour");
    expect(emulator.posthog.sources()).toHaveLength(1);

    emulator.log.clear();
    expect(opsOf(await stack.up(adopt(true)))).toEqual({ legacy: "same" });
    expect(calls.all()).toBe(0);

    await stack.destroy();
    expect(emulator.posthog.source(existing.id)?.deleted).toBe(false);
  });

  it("errors never show a secret: bad credentials fail with PostHog's message only", async () => {
    const badKey = "sk_invalid_do_not_print_77";
    stack = posthogStack(emulator, "src-badcred");
    const failed = await failureOf(
      stack.up(
        stripeProgram({ jobInputs: { auth_method: { selection: "api_key", stripe_secret_key: badKey } } }),
      ),
    );
    expect(failed.result.errors.join("\n")).toMatch(/400 Stripe rejected the API key/);
    expect(failed.result.state.resources).toEqual([]);
    expectNoLeaks(failed.result, [badKey]);
  });
});
