import { SCHEMA_MESSAGES } from "./schema-patch";
import { buildEmulator, postgresBody, READ_KEY, stripeBody, type TestEmulator } from "./test-helpers";

/** Every Stripe table listed: Customer incremental (PostHog's create accepts any known sync type;
 * the table's append-only nature is for the client to respect), Charge full refresh, the rest as
 * disabled rows without a sync type. */
const ALL_STRIPE_ROWS = {
  schemas: [
    {
      name: "Customer",
      should_sync: true,
      sync_type: "incremental",
      incremental_field: "created",
      incremental_field_type: "integer",
    },
    { name: "Charge", should_sync: true, sync_type: "full_refresh" },
    ...["Invoice", "BalanceTransaction", "Subscription", "Product", "Price"].map((name) => ({ name })),
  ],
};

describe("PostHog emulator: external_data_schemas", () => {
  let emu: TestEmulator;
  let stripeId: string;
  beforeEach(async () => {
    emu = await buildEmulator({ jobMs: 500 });
    stripeId = (await emu.call("POST", "external_data_sources/", { body: stripeBody({}, ALL_STRIPE_ROWS) }))
      .body.id;
  });
  afterEach(() => emu.close());

  const idOf = (name: string, sourceId = stripeId) => emu.control.schemaByName(sourceId, name)!.id;
  const patch = (id: string, body: unknown) => emu.call("PATCH", `external_data_schemas/${id}/`, { body });
  const invalid = (detail: string) => ({
    type: "validation_error",
    code: "invalid_input",
    detail,
    attr: null,
  });

  describe("list, retrieve, delete", () => {
    it("lists full schemas newest first, paginated, with search on the name", async () => {
      const all = await emu.call("GET", "external_data_schemas/?limit=5");
      expect(all.status).toBe(200);
      expect(all.body.count).toBe(7);
      expect(all.body.results).toHaveLength(5);
      expect(all.body.results[0]).toHaveProperty("sync_frequency");
      expect(new URL(all.body.next).searchParams.get("offset")).toBe("5");
      emu.advance(5);
      await emu.call("POST", "external_data_sources/", {
        body: postgresBody({}, { schemas: [{ name: "orders" }, { name: "customers" }] }),
      });
      const newest = await emu.call("GET", "external_data_schemas/?limit=1");
      expect(["orders", "customers", "events", "line_items"]).toContain(newest.body.results[0].name);
      const search = await emu.call("GET", "external_data_schemas/?search=CUST");
      expect(search.body.results.map((schema: { name: string }) => schema.name).sort()).toEqual([
        "Customer",
        "customers",
      ]);
    });

    it("GET returns the full schema object", async () => {
      const answer = await emu.call("GET", `external_data_schemas/${idOf("Invoice")}/`);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        id: idOf("Invoice"),
        name: "Invoice",
        label: null,
        table: null,
        should_sync: false,
        last_synced_at: null,
        latest_error: null,
        incremental: false,
        status: null,
        sync_type: null,
        incremental_field: null,
        incremental_field_type: null,
        incremental_field_lookback_seconds: null,
        sync_frequency: "6hour",
        sync_time_of_day: null,
        primary_key_columns: null,
        cdc_table_mode: "consolidated",
      });
    });

    it("DELETE answers 204; the row is gone from GET, the list and the source", async () => {
      const invoice = idOf("Invoice");
      expect((await emu.call("DELETE", `external_data_schemas/${invoice}/`)).status).toBe(204);
      expect((await emu.call("GET", `external_data_schemas/${invoice}/`)).status).toBe(404);
      expect((await patch(invoice, { should_sync: false })).status).toBe(404);
      expect((await emu.call("POST", `external_data_schemas/${invoice}/reload/`)).status).toBe(404);
      const source = (await emu.call("GET", `external_data_sources/${stripeId}/`)).body;
      expect(source.schemas.map((schema: { name: string }) => schema.name)).not.toContain("Invoice");
    });

    it("404 for malformed ids; POST to the collection is 405 (after the scope check)", async () => {
      expect((await emu.call("GET", "external_data_schemas/123/")).body).toEqual({
        type: "invalid_request",
        code: "not_found",
        detail: "Not found.",
        attr: null,
      });
      const post = await emu.call("POST", "external_data_schemas/", { body: { name: "Customer" } });
      expect(post.status).toBe(405);
      expect(post.body).toEqual({
        type: "invalid_request",
        code: "method_not_allowed",
        detail: 'Method "POST" not allowed.',
        attr: null,
      });
      expect((await emu.call("POST", "external_data_schemas/", { key: READ_KEY })).status).toBe(403);
      expect((await patch(idOf("Customer"), { should_sync: false })).status).toBe(200);
      expect(
        (await emu.call("PATCH", `external_data_schemas/${idOf("Customer")}/`, { key: READ_KEY, body: {} }))
          .status,
      ).toBe(403);
    });
  });

  describe("PATCH", () => {
    it("returns the updated schema; never reads back as null; incremental is derived", async () => {
      const answer = await patch(idOf("Charge"), {
        sync_type: "incremental",
        incremental_field: "created",
        incremental_field_type: "integer",
        sync_frequency: "never",
        sync_time_of_day: "04:05",
        incremental_field_lookback_seconds: 3600,
        name: "Renamed",
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        name: "Charge",
        sync_type: "incremental",
        incremental: true,
        incremental_field: "created",
        sync_frequency: null,
        sync_time_of_day: "04:05:00",
        incremental_field_lookback_seconds: 3600,
      });
      expect(
        (await patch(idOf("Charge"), { sync_frequency: "12hour", sync_time_of_day: null })).body,
      ).toMatchObject({
        sync_frequency: "12hour",
        sync_time_of_day: null,
      });
    });

    it("sync_type changes only when present", async () => {
      expect((await patch(idOf("Customer"), { sync_frequency: "1hour" })).body.sync_type).toBe("incremental");
      expect((await patch(idOf("Customer"), { sync_type: "append" })).body).toMatchObject({
        sync_type: "append",
        incremental: false,
      });
    });

    it("enabling a row whose sync_type is null is refused; with a sync_type it starts a sync", async () => {
      const invoice = idOf("Invoice");
      const refused = await patch(invoice, { should_sync: true });
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual(invalid(SCHEMA_MESSAGES.syncTypeFirst));
      expect(emu.control.schema(invoice)!.should_sync).toBe(false);

      const enabled = await patch(invoice, { should_sync: true, sync_type: "full_refresh" });
      expect(enabled.body).toMatchObject({ should_sync: true, sync_type: "full_refresh", status: "Running" });
      const jobs = (await emu.call("GET", `external_data_sources/${stripeId}/jobs/?schemas=Invoice`)).body;
      expect(jobs).toHaveLength(1);
    });

    it("incremental settings on a non-incremental schema need sync_type in the same request", async () => {
      const charge = idOf("Charge");
      const refused = await patch(charge, {
        incremental_field: "created",
        incremental_field_type: "integer",
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual(
        invalid(SCHEMA_MESSAGES.unappliable(["incremental_field", "incremental_field_type"], "full_refresh")),
      );
      expect((await patch(idOf("Invoice"), { primary_key_columns: ["id"] })).body.detail).toContain(
        "sync type not set on its own",
      );
      expect((await patch(idOf("Customer"), { incremental_field: "updated" })).body.incremental_field).toBe(
        "updated",
      );
    });

    it("the primary key cannot change once data was synced, until the data is deleted", async () => {
      const customer = idOf("Customer");
      expect((await patch(customer, { primary_key_columns: ["id", "email"] })).status).toBe(200);
      emu.control.markSynced(customer);
      const refused = await patch(customer, { primary_key_columns: ["id"] });
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual(invalid(SCHEMA_MESSAGES.primaryKeyLocked));
      expect((await patch(customer, { primary_key_columns: ["id", "email"] })).status).toBe(200);
      expect((await emu.call("DELETE", `external_data_schemas/${customer}/delete_data/`)).status).toBe(200);
      expect((await patch(customer, { primary_key_columns: ["id"] })).body.primary_key_columns).toEqual([
        "id",
      ]);
    });

    it("cdc needs a primary key", async () => {
      const pgId = (
        await emu.call("POST", "external_data_sources/", {
          body: postgresBody(
            {},
            {
              schemas: [
                { name: "events", should_sync: true, sync_type: "full_refresh" },
                { name: "line_items", should_sync: false, sync_type: "cdc" },
              ],
            },
          ),
        })
      ).body.id;
      const events = idOf("events", pgId);
      const refused = await patch(events, { sync_type: "cdc" });
      expect(refused.status).toBe(400);
      expect(refused.body.detail).toMatch(/^CDC requires a primary key/);
      expect(emu.control.schema(events)!.sync_type).toBe("full_refresh");
      const accepted = await patch(events, {
        sync_type: "cdc",
        primary_key_columns: ["event_id"],
        cdc_table_mode: "both",
      });
      expect(accepted.body).toMatchObject({
        sync_type: "cdc",
        primary_key_columns: ["event_id"],
        cdc_table_mode: "both",
      });

      // A cdc table listed but not enabled is left "not set up" (no sync type), as PostHog does.
      const lineItems = idOf("line_items", pgId);
      expect(emu.control.schema(lineItems)).toMatchObject({ sync_type: null, primary_key_columns: null });
      emu.control.updateSchema(lineItems, { sync_type: "cdc", primary_key_columns: [] });
      const enable = await patch(lineItems, { should_sync: true });
      expect(enable.body).toEqual(invalid(SCHEMA_MESSAGES.cdcEnableWithoutKey("line_items")));
    });

    it("xmin is for Postgres sources only", async () => {
      expect((await patch(idOf("Charge"), { sync_type: "xmin" })).body).toEqual(
        invalid(SCHEMA_MESSAGES.xminPostgresOnly),
      );
    });

    it("bad values are DRF field errors with attr", async () => {
      const customer = idOf("Customer");
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ sync_type: "fast" }, "sync_type", "invalid_choice"],
        [{ sync_frequency: "2hour" }, "sync_frequency", "invalid_choice"],
        [{ incremental_field_type: "string" }, "incremental_field_type", "invalid_choice"],
        [{ cdc_table_mode: "all" }, "cdc_table_mode", "invalid_choice"],
        [{ should_sync: "maybe" }, "should_sync", "invalid_input"],
        [{ sync_time_of_day: "25:00" }, "sync_time_of_day", "invalid_input"],
        [{ primary_key_columns: "id" }, "primary_key_columns", "not_a_list"],
        [{ incremental_field_lookback_seconds: -1 }, "incremental_field_lookback_seconds", "min_value"],
        [
          { incremental_field_lookback_seconds: 5_184_001 },
          "incremental_field_lookback_seconds",
          "max_value",
        ],
      ];
      for (const [body, attr, code] of cases) {
        const answer = await patch(customer, body);
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({ type: "validation_error", code, attr });
      }
      expect((await patch(customer, { sync_type: "fast" })).body.detail).toBe(
        '"fast" is not a valid choice.',
      );
      expect((await patch(customer, { incremental_field_lookback_seconds: 5_184_000 })).status).toBe(200);
    });
  });

  describe("actions", () => {
    it("reload sets Running and starts a job (not a second one while one runs)", async () => {
      const customer = idOf("Customer");
      emu.advance(500);
      expect(emu.control.schema(customer)!.status).toBe("Completed");
      const answer = await emu.call("POST", `external_data_schemas/${customer}/reload/`);
      expect(answer.status).toBe(200);
      expect(answer.body).toBeUndefined();
      expect(emu.control.schema(customer)!.status).toBe("Running");
      await emu.call("POST", `external_data_schemas/${customer}/reload/`);
      expect(emu.control.jobs(stripeId).filter((job) => job.schema_id === customer)).toHaveLength(2);
    });

    it("cancel: 400 {detail} without a running sync; otherwise the job ends Failed", async () => {
      const charge = idOf("Charge");
      expect((await emu.call("POST", `external_data_schemas/${idOf("Invoice")}/cancel/`)).body).toEqual({
        detail: "No running sync to cancel.",
      });
      const cancelled = await emu.call("POST", `external_data_schemas/${charge}/cancel/`);
      expect(cancelled.status).toBe(200);
      expect(emu.control.schema(charge)!.status).toBeNull();
      expect(emu.control.jobs(stripeId).find((job) => job.schema_id === charge)!.status).toBe("Failed");
      const again = await emu.call("POST", `external_data_schemas/${charge}/cancel/`);
      expect(again.status).toBe(400);
    });

    it("resync cancels the running job and starts a new one", async () => {
      const charge = idOf("Charge");
      expect((await emu.call("POST", `external_data_schemas/${charge}/resync/`)).status).toBe(200);
      const jobs = emu.control.jobs(stripeId).filter((job) => job.schema_id === charge);
      expect(jobs.map((job) => job.status)).toEqual(["Running", "Failed"]);
      emu.advance(500);
      expect(emu.control.schema(charge)!.status).toBe("Completed");
    });

    it("delete_data drops the table and keeps the row", async () => {
      const customer = idOf("Customer");
      emu.advance(500);
      expect(emu.control.schema(customer)!.table).not.toBeNull();
      const answer = await emu.call("DELETE", `external_data_schemas/${customer}/delete_data/`);
      expect(answer.status).toBe(200);
      const after = (await emu.call("GET", `external_data_schemas/${customer}/`)).body;
      expect(after).toMatchObject({
        table: null,
        last_synced_at: null,
        status: null,
        should_sync: true,
        sync_type: "incremental",
      });
    });

    it("incremental_fields lists the table's candidate fields and what is available", async () => {
      const answer = await emu.call("POST", `external_data_schemas/${idOf("Customer")}/incremental_fields/`);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        incremental_fields: [
          { label: "created_at", type: "datetime", field: "created", field_type: "integer", nullable: false },
        ],
        incremental_available: false,
        append_available: true,
        full_refresh_available: true,
        cdc_available: null,
        webhook_only: false,
      });
      const pgId = (await emu.call("POST", "external_data_sources/", { body: postgresBody() })).body.id;
      const orders = await emu.call(
        "POST",
        `external_data_schemas/${idOf("orders", pgId)}/incremental_fields/`,
      );
      expect(orders.body.incremental_fields.map((field: { field: string }) => field.field)).toEqual([
        "updated_at",
        "id",
      ]);
      expect(orders.body.incremental_fields[0].type).toBe("datetime");
    });

    it("incremental_fields: no candidates, and a table discovery no longer finds", async () => {
      emu.control.setCatalogue("Vitally", [{ name: "accounts" }, { name: "notes" }]);
      const source = emu.control.createSource({ source_type: "Vitally", payload: { region: "eu" } });
      const accounts = await emu.call(
        "POST",
        `external_data_schemas/${idOf("accounts", source.id)}/incremental_fields/`,
      );
      expect(accounts.body).toMatchObject({
        incremental_fields: [],
        incremental_available: false,
        append_available: false,
      });
      emu.control.setCatalogue("Vitally", [{ name: "accounts" }]);
      const notes = await emu.call(
        "POST",
        `external_data_schemas/${idOf("notes", source.id)}/incremental_fields/`,
      );
      expect(notes.body).toEqual({ message: "Schema with name notes not found" });
    });
  });
});
