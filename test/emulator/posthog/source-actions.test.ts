import { BULK_MESSAGES } from "./bulk-update";
import { INVALID_JOB_DATE_MESSAGE } from "./policy";
import { buildEmulator, postgresBody, stripeBody, type TestEmulator } from "./test-helpers";

/** Customer (append) and Charge (full refresh) enabled, Invoice listed as a disabled row. */
const withInvoice = () => {
  const body = stripeBody();
  return { ...body, payload: { ...body.payload, schemas: [...body.payload.schemas, { name: "Invoice" }] } };
};

describe("PostHog emulator: source actions", () => {
  let emu: TestEmulator;
  beforeEach(async () => {
    emu = await buildEmulator({ jobMs: 500 });
  });
  afterEach(() => emu.close());

  async function createSource(body: unknown = stripeBody()): Promise<string> {
    const answer = await emu.call("POST", "external_data_sources/", { body });
    expect(answer.status).toBe(201);
    return answer.body.id;
  }
  const schemaId = (sourceId: string, name: string) => emu.control.schemaByName(sourceId, name)!.id;

  describe("refresh_schemas", () => {
    it("adds rows for new tables (should_sync:false, sync_type:null) without syncing; answers counts", async () => {
      const id = await createSource();
      expect(emu.control.schemas(id).map((schema) => schema.name)).toEqual(["Charge", "Customer"]);
      const jobsBefore = emu.control.jobs(id).length;
      const answer = await emu.call("POST", `external_data_sources/${id}/refresh_schemas/`);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ added: 5, deleted: 0, auto_enabled: 0, total_tables_seen: 7 });
      expect(emu.control.schemaByName(id, "Invoice")).toMatchObject({
        should_sync: false,
        sync_type: null,
        status: null,
      });
      expect(emu.control.jobs(id)).toHaveLength(jobsBefore);
      expect((await emu.call("POST", `external_data_sources/${id}/refresh_schemas/`)).body).toEqual({
        added: 0,
        deleted: 0,
        auto_enabled: 0,
        total_tables_seen: 7,
      });
    });

    it("a vanished table: unused row soft-deleted, enabled row disabled, synced row kept (status Completed)", async () => {
      const id = await createSource(withInvoice());
      const charge = schemaId(id, "Charge");
      const invoice = schemaId(id, "Invoice");
      emu.control.markSynced(charge);
      emu.control.updateSchema(charge, { should_sync: false });
      emu.control.setCatalogue("Stripe", ["Price"]);
      const answer = await emu.call("POST", `external_data_sources/${id}/refresh_schemas/`);
      expect(answer.body).toEqual({ added: 1, deleted: 1, auto_enabled: 0, total_tables_seen: 1 });
      expect(emu.control.schema(invoice)!.deleted).toBe(true);
      expect(emu.control.schemaByName(id, "Customer")).toMatchObject({
        should_sync: false,
        status: "Completed",
      });
      expect(emu.control.schema(charge)).toMatchObject({
        deleted: false,
        should_sync: false,
        status: "Completed",
      });
      expect(emu.control.schemas(id).map((schema) => schema.name)).toEqual(["Charge", "Customer", "Price"]);
    });

    it("revives the soft-deleted row of a table that comes back", async () => {
      const id = await createSource(withInvoice());
      const invoice = schemaId(id, "Invoice");
      await emu.call("DELETE", `external_data_schemas/${invoice}/`);
      expect((await emu.call("POST", `external_data_sources/${id}/refresh_schemas/`)).body).toMatchObject({
        added: 5,
        deleted: 0,
      });
      expect(schemaId(id, "Invoice")).toBe(invoice);
      expect(emu.control.schema(invoice)!.deleted).toBe(false);
    });

    it("bare and qualified names of one table are the same row (Postgres schema cleared)", async () => {
      const id = await createSource(postgresBody());
      expect(emu.control.schemas(id).map((schema) => schema.name)).toEqual(["orders"]);
      const stored = emu.control.source(id)!.stored_job_inputs;
      emu.control.updateSource(id, { job_inputs: { ...stored, schema: null } });
      const answer = await emu.call("POST", `external_data_sources/${id}/refresh_schemas/`);
      expect(answer.body).toEqual({ added: 4, deleted: 0, auto_enabled: 0, total_tables_seen: 5 });
      expect(emu.control.schemas(id).map((schema) => schema.name)).toEqual([
        "analytics.sessions",
        "orders",
        "public.customers",
        "public.events",
        "public.line_items",
      ]);
    });

    it("answers 400 for a source without configuration", async () => {
      emu.control.setCatalogue("Vitally", ["accounts"]);
      const id = emu.control.createSource({ source_type: "Vitally", payload: {} }).id;
      expect((await emu.call("POST", `external_data_sources/${id}/refresh_schemas/`)).body).toEqual({
        message: "Source has no configuration.",
      });
    });
  });

  describe("bulk_update_schemas", () => {
    it("updates several schemas and returns them, each following the schema PATCH rules", async () => {
      const id = await createSource(withInvoice());
      const invoice = schemaId(id, "Invoice");
      const customer = schemaId(id, "Customer");
      const answer = await emu.call("PATCH", `external_data_sources/${id}/bulk_update_schemas/`, {
        body: {
          schemas: [
            {
              id: invoice,
              should_sync: true,
              sync_type: "incremental",
              incremental_field: "created",
              incremental_field_type: "integer",
            },
            { id: customer, sync_frequency: "never", sync_time_of_day: "03:15:00" },
          ],
        },
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toHaveLength(2);
      expect(answer.body[0]).toMatchObject({
        id: invoice,
        should_sync: true,
        sync_type: "incremental",
        status: "Running",
      });
      expect(answer.body[1]).toMatchObject({
        id: customer,
        sync_frequency: null,
        sync_time_of_day: "03:15:00",
      });
      expect(emu.control.schema(invoice)!.incremental_field).toBe("created");
    });

    it("rejects an empty list, duplicate ids, unknown ids and malformed ids", async () => {
      const id = await createSource();
      const customer = schemaId(id, "Customer");
      const bulk = (body: unknown) =>
        emu.call("PATCH", `external_data_sources/${id}/bulk_update_schemas/`, { body });
      expect((await bulk({ schemas: [] })).body).toEqual({
        type: "validation_error",
        code: "empty",
        detail: "This list may not be empty.",
        attr: "schemas",
      });
      expect((await bulk({})).body).toMatchObject({ code: "required", attr: "schemas" });
      const duplicate = await bulk({ schemas: [{ id: customer }, { id: customer, should_sync: false }] });
      expect(duplicate.status).toBe(400);
      expect(duplicate.body).toEqual({
        type: "validation_error",
        code: "invalid_input",
        detail: "Schema updates must contain unique ids",
        attr: null,
      });
      const other = await createSource(postgresBody());
      const unknown = await bulk({
        schemas: [{ id: customer }, { id: schemaId(other, "orders"), should_sync: false }],
      });
      expect(unknown.body.detail).toBe("One or more schemas could not be found for this source");
      expect((await bulk({ schemas: [{ id: "nope" }] })).body).toMatchObject({
        attr: "schemas__0__id",
        detail: "Must be a valid UUID.",
      });
      expect((await bulk({ schemas: [{ id: customer, sync_type: "fast" }] })).body).toMatchObject({
        code: "invalid_choice",
        attr: "schemas__0__sync_type",
      });
      expect(emu.control.schemaByName(other, "orders")!.should_sync).toBe(true);
    });

    it("saves each schema on its own: a refused one is listed (400), the others stay applied", async () => {
      const id = await createSource(withInvoice());
      const customer = schemaId(id, "Customer");
      const invoice = schemaId(id, "Invoice");
      const answer = await emu.call("PATCH", `external_data_sources/${id}/bulk_update_schemas/`, {
        body: {
          schemas: [
            { id: customer, sync_frequency: "24hour" },
            { id: invoice, should_sync: true },
          ],
        },
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        type: "invalid_request",
        code: "bulk_schema_save_failed",
        detail: BULK_MESSAGES.notSaved([
          { name: "Invoice", reason: "Sync type must be set up first before enabling schema" },
        ]),
        attr: null,
      });
      expect(answer.body.detail).toMatch(/^These schemas in the batch could not be saved: Invoice \(/);
      expect(emu.control.schema(customer)!.sync_frequency).toBe("24hour");
      expect(emu.control.schema(invoice)!.should_sync).toBe(false);
    });

    it("a database error on one save answers 503; the others stay applied", async () => {
      const id = await createSource();
      const customer = schemaId(id, "Customer");
      const charge = schemaId(id, "Charge");
      emu.control.failNextSchemaSave(charge);
      const answer = await emu.call("PATCH", `external_data_sources/${id}/bulk_update_schemas/`, {
        body: {
          schemas: [
            { id: customer, sync_frequency: "1hour" },
            { id: charge, sync_frequency: "1hour" },
          ],
        },
      });
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ type: "server_error", code: "bulk_schema_save_failed" });
      expect(answer.body.detail).toContain("Charge (a database error occurred while saving)");
      expect(emu.control.schema(customer)!.sync_frequency).toBe("1hour");
      expect(emu.control.schema(charge)!.sync_frequency).toBe("6hour");
    });

    it("drops incremental_field_lookback_seconds (not a field of the bulk item)", async () => {
      const id = await createSource();
      const customer = schemaId(id, "Customer");
      await emu.call("PATCH", `external_data_schemas/${customer}/`, { body: { sync_type: "incremental" } });
      const answer = await emu.call("PATCH", `external_data_sources/${id}/bulk_update_schemas/`, {
        body: { schemas: [{ id: customer, incremental_field_lookback_seconds: 3600 }] },
      });
      expect(answer.status).toBe(200);
      expect(emu.control.schema(customer)!.incremental_field_lookback_seconds).toBeNull();
      const single = await emu.call("PATCH", `external_data_schemas/${customer}/`, {
        body: { incremental_field_lookback_seconds: 3600 },
      });
      expect(single.body.incremental_field_lookback_seconds).toBe(3600);
    });
  });

  describe("webhooks", () => {
    it("create_webhook answers success with a URL on a Stripe source; the source says it supports webhooks", async () => {
      const id = await createSource();
      const answer = await emu.call("POST", `external_data_sources/${id}/create_webhook/`);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        success: true,
        webhook_url: expect.stringMatching(/^http:\/\/.+\/public\/webhooks\//),
        error: null,
        pending_inputs: [],
      });
      const withSecret = await emu.call("POST", `external_data_sources/${id}/create_webhook/`, {
        body: { inputs: { signing_secret: "whsec_test" } },
      });
      expect(withSecret.body.success).toBe(true);
      const unknown = await emu.call("POST", `external_data_sources/${id}/create_webhook/`, {
        body: { inputs: { nope: "x" } },
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toEqual({ message: "Invalid webhook inputs" });
      expect((await emu.call("POST", `external_data_sources/${id}/create_webhook/`)).body.webhook_url).toBe(
        answer.body.webhook_url,
      );
      expect(emu.control.source(id)!.webhook.exists).toBe(true);
    });

    it("create_webhook can be told to fail", async () => {
      const id = await createSource();
      emu.control.setWebhookError(id, "Stripe refused the endpoint");
      expect((await emu.call("POST", `external_data_sources/${id}/create_webhook/`)).body).toEqual({
        success: false,
        webhook_url: null,
        error: "Stripe refused the endpoint",
        pending_inputs: [],
      });
    });

    it("types without webhooks answer 400 and read supports_webhooks:false", async () => {
      const id = await createSource(postgresBody());
      expect((await emu.call("GET", `external_data_sources/${id}/`)).body.supports_webhooks).toBe(false);
      for (const action of ["create_webhook", "delete_webhook"]) {
        const answer = await emu.call("POST", `external_data_sources/${id}/${action}/`);
        expect(answer.status).toBe(400);
        expect(answer.body).toEqual({ message: "This source type does not support webhooks" });
      }
    });

    it("delete_webhook is refused while tables sync through it, then deletes", async () => {
      const id = await createSource();
      const customer = schemaId(id, "Customer");
      await emu.call("PATCH", `external_data_schemas/${customer}/`, { body: { sync_type: "webhook" } });
      expect(emu.control.source(id)!.webhook.exists).toBe(true);
      const refused = await emu.call("POST", `external_data_sources/${id}/delete_webhook/`);
      expect(refused.status).toBe(400);
      expect(refused.body.message).toMatch(
        /^Cannot delete webhook while tables are using webhook sync: Customer\./,
      );
      await emu.call("PATCH", `external_data_schemas/${customer}/`, { body: { sync_type: "full_refresh" } });
      const deleted = await emu.call("POST", `external_data_sources/${id}/delete_webhook/`);
      expect(deleted.body).toEqual({ success: true, external_deleted: true, error: null });
      expect(
        (await emu.call("POST", `external_data_sources/${id}/delete_webhook/`)).body.external_deleted,
      ).toBe(false);
    });
  });

  describe("jobs and reload", () => {
    it("jobs run Running -> Completed over jobMs; schemas get a table and last_synced_at", async () => {
      const id = await createSource();
      const running = await emu.call("GET", `external_data_sources/${id}/jobs/`);
      expect(running.status).toBe(200);
      expect(running.body).toHaveLength(2);
      expect(running.body[0]).toMatchObject({
        status: "Running",
        finished_at: null,
        rows_synced: null,
        latest_error: null,
      });
      expect(Object.keys(running.body[0]).sort()).toEqual(
        ["created_at", "finished_at", "id", "latest_error", "rows_synced", "schema", "status"].sort(),
      );
      expect((await emu.call("GET", `external_data_sources/${id}/`)).body.status).toBe("Running");

      emu.advance(499);
      expect((await emu.call("GET", `external_data_sources/${id}/jobs/`)).body[0].status).toBe("Running");
      emu.advance(1);
      const done = await emu.call("GET", `external_data_sources/${id}/jobs/`);
      expect(done.body.map((job: { status: string }) => job.status)).toEqual(["Completed", "Completed"]);
      expect(done.body[0].rows_synced).toBe(100);
      const source = (await emu.call("GET", `external_data_sources/${id}/`)).body;
      expect(source.status).toBe("Completed");
      expect(source.last_run_at).toBe("2026-01-01T00:00:00.000Z");
      const customer = source.schemas.find((schema: { name: string }) => schema.name === "Customer");
      expect(customer).toMatchObject({ status: "Completed", last_synced_at: "2026-01-01T00:00:00.500Z" });
      expect(customer.table).toMatchObject({ name: "stripe_stripe_customer" });
    });

    it("really progresses with wall-clock time too", async () => {
      const live = await buildEmulator({ jobMs: 30 }, false);
      const id = (await live.call("POST", "external_data_sources/", { body: stripeBody() })).body.id;
      expect((await live.call("GET", `external_data_sources/${id}/jobs/`)).body[0].status).toBe("Running");
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect((await live.call("GET", `external_data_sources/${id}/jobs/`)).body[0].status).toBe("Completed");
      await live.close();
    });

    it("reload syncs every enabled schema; jobs filter by schemas/after/before, newest first", async () => {
      const id = await createSource();
      emu.advance(1000);
      expect((await emu.call("POST", `external_data_sources/${id}/reload/`)).status).toBe(200);
      const all = (await emu.call("GET", `external_data_sources/${id}/jobs/`)).body;
      expect(all).toHaveLength(4);
      expect(all.slice(0, 2).map((job: { status: string }) => job.status)).toEqual(["Running", "Running"]);
      expect((await emu.call("GET", `external_data_sources/${id}/`)).body.status).toBe("Running");

      const customerJobs = (await emu.call("GET", `external_data_sources/${id}/jobs/?schemas=Customer`)).body;
      expect(customerJobs).toHaveLength(2);
      expect(customerJobs.every((job: { schema: { name: string } }) => job.schema.name === "Customer")).toBe(
        true,
      );
      const both = (
        await emu.call("GET", `external_data_sources/${id}/jobs/?schemas=Customer&schemas=Charge`)
      ).body;
      expect(both).toHaveLength(4);
      const after = (
        await emu.call("GET", `external_data_sources/${id}/jobs/?after=2026-01-01T00:00:00.500Z`)
      ).body;
      expect(after).toHaveLength(2);
      const before = (
        await emu.call("GET", `external_data_sources/${id}/jobs/?before=2026-01-01T00:00:00.500Z`)
      ).body;
      expect(before).toHaveLength(2);
      expect(before.every((job: { status: string }) => job.status === "Completed")).toBe(true);
      const bad = await emu.call("GET", `external_data_sources/${id}/jobs/?after=yesterday-ish`);
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({
        type: "validation_error",
        code: "invalid_input",
        detail: INVALID_JOB_DATE_MESSAGE,
        attr: null,
      });
    });

    it("returns at most 50 jobs", async () => {
      const id = await createSource();
      for (let i = 0; i < 30; i += 1) {
        emu.advance(600);
        await emu.call("POST", `external_data_sources/${id}/reload/`);
      }
      expect((await emu.call("GET", `external_data_sources/${id}/jobs/`)).body).toHaveLength(50);
    });

    it("a failing sync turns the schema and the source Failed with the error", async () => {
      const id = await createSource();
      const customer = schemaId(id, "Customer");
      emu.control.failNextSync(customer, "Stripe API key revoked");
      emu.advance(500);
      const source = (await emu.call("GET", `external_data_sources/${id}/`)).body;
      expect(source.status).toBe("Failed");
      expect(source.latest_error).toBe("Stripe API key revoked");
      const jobs = (await emu.call("GET", `external_data_sources/${id}/jobs/?schemas=Customer`)).body;
      expect(jobs[0]).toMatchObject({ status: "Failed", latest_error: "Stripe API key revoked" });
    });
  });
});
