import { buildEmulator, stripeBody, type TestEmulator } from "./test-helpers";

describe("PostHog emulator: control and options", () => {
  let emu: TestEmulator;
  let sourceId: string;
  beforeEach(async () => {
    emu = await buildEmulator({ jobMs: 500 });
    sourceId = (await emu.call("POST", "external_data_sources/", { body: stripeBody() })).body.id;
  });
  afterEach(() => emu.close());

  const idOf = (name: string) => emu.control.schemaByName(sourceId, name)!.id;

  it("updateSchema simulates a UI edit that the API then reports", async () => {
    emu.control.updateSchema(idOf("Customer"), {
      sync_frequency: "never",
      should_sync: false,
      label: "Customers",
    });
    const schema = (await emu.call("GET", `external_data_schemas/${idOf("Customer")}/`)).body;
    expect(schema).toMatchObject({ sync_frequency: null, should_sync: false, label: "Customers" });
  });

  it("updateSource replaces stored inputs and description; deleteSource makes it 404", async () => {
    emu.control.updateSource(sourceId, {
      description: "edited in UI",
      job_inputs: { stripe_secret_key: "sk_test_2" },
    });
    const source = (await emu.call("GET", `external_data_sources/${sourceId}/`)).body;
    expect(source).toMatchObject({ description: "edited in UI", job_inputs: {} });
    emu.control.deleteSource(sourceId);
    expect((await emu.call("GET", `external_data_sources/${sourceId}/`)).status).toBe(404);
    expect(emu.control.sources()).toHaveLength(0);
    expect(emu.control.sources({ includeDeleted: true })[0]).toMatchObject({ id: sourceId, deleted: true });
  });

  it("deleteSchema removes one row", async () => {
    emu.control.deleteSchema(idOf("Charge"));
    const names = (await emu.call("GET", `external_data_sources/${sourceId}/`)).body.schemas.map(
      (schema: { name: string }) => schema.name,
    );
    expect(names).toEqual(["Customer"]);
    expect(emu.control.schemas(sourceId, { includeDeleted: true })).toHaveLength(2);
  });

  it("discoverTable adds a should_sync:false row that refresh_schemas keeps", async () => {
    const discovered = emu.control.discoverTable(sourceId, {
      name: "Dispute",
      incrementalFields: [{ field: "created", type: "integer" }],
    });
    expect(discovered).toMatchObject({ name: "Dispute", should_sync: false, sync_type: null });
    const schemas = (await emu.call("GET", `external_data_sources/${sourceId}/`)).body.schemas;
    expect(schemas).toHaveLength(3);
    // Refresh keeps it (and adds rows for the catalogue tables create did not list).
    expect((await emu.call("POST", `external_data_sources/${sourceId}/refresh_schemas/`)).body).toEqual({
      added: 5,
      deleted: 0,
      auto_enabled: 0,
      total_tables_seen: 8,
    });
    expect(emu.control.schemaByName(sourceId, "Dispute")!.id).toBe(discovered.id);
    const fields = await emu.call("POST", `external_data_schemas/${discovered.id}/incremental_fields/`);
    expect(fields.body.incremental_fields[0].field).toBe("created");
  });

  it("failSchema fails the schema, its running job and the source status", async () => {
    emu.control.failSchema(idOf("Charge"), "Card data unavailable");
    const source = (await emu.call("GET", `external_data_sources/${sourceId}/`)).body;
    expect(source).toMatchObject({ status: "Failed", latest_error: "Card data unavailable" });
    expect(emu.control.jobs(sourceId).find((job) => job.schema_id === idOf("Charge"))).toMatchObject({
      status: "Failed",
      latest_error: "Card data unavailable",
    });
  });

  it("markSynced completes a sync at once", () => {
    const schema = emu.control.markSynced(idOf("Customer"));
    expect(schema.status).toBe("Completed");
    expect(schema.table).not.toBeNull();
    expect(schema.last_synced_at).toBe("2026-01-01T00:00:00.000Z");
  });

  it("completeJobs finishes everything running", () => {
    emu.control.completeJobs();
    expect(emu.control.jobs().every((job) => job.status === "Completed")).toBe(true);
  });

  it("createSource via the control applies the API's validation", () => {
    expect(() => emu.control.createSource(stripeBody())).toThrow(/answered 400/);
  });

  it("reset forgets everything; seed creates one synced demo source", async () => {
    emu.control.reset();
    expect(emu.control.sources()).toHaveLength(0);
    expect((await emu.call("GET", `external_data_sources/${sourceId}/`)).status).toBe(404);

    const seeded = await buildEmulator({ seed: true });
    const [demo] = seeded.control.sources();
    expect(demo).toMatchObject({ source_type: "Stripe", prefix: "demo_", status: "Completed" });
    expect(demo.schemas.filter((schema) => schema.should_sync).map((schema) => schema.name)).toEqual([
      "Charge",
      "Customer",
    ]);
    seeded.control.reset();
    expect(seeded.control.sources()).toHaveLength(1);
    await seeded.close();
  });

  it("options: keys with owners, projects, catalogues, required and secret inputs, webhook types", async () => {
    const custom = await buildEmulator({
      apiKeys: { phx_admin: ["*"] },
      apiKeyOwners: { phx_admin: "ops@example.com" },
      projects: ["42"],
      catalogues: { Postgres: [{ name: "accounts", incrementalFields: [{ field: "id", type: "integer" }] }] },
      requiredInputs: { Postgres: ["dsn"] },
      secretInputs: { Postgres: ["dsn"] },
      optionalInputs: { Postgres: ["region"] },
      webhookSourceTypes: [],
    });
    const call = (method: "GET" | "POST", path: string, body?: unknown) =>
      custom.call(method, path, { key: "phx_admin", project: "42", body });
    expect(
      (await call("POST", "external_data_sources/", { source_type: "Postgres", payload: {} })).body,
    ).toEqual({
      message: "Invalid source config: Required field 'dsn' is missing",
    });
    const created = await call("POST", "external_data_sources/", {
      source_type: "Postgres",
      payload: { dsn: "postgres://u:p@h/db", region: "eu" },
    });
    const source = (await call("GET", `external_data_sources/${created.body.id}/`)).body;
    expect(source).toMatchObject({ created_by: "ops@example.com", job_inputs: { region: "eu" } });
    expect(source.schemas.map((schema: { name: string }) => schema.name)).toEqual(["accounts"]);
    const stripe = await call("POST", "external_data_sources/", stripeBody());
    expect((await call("POST", `external_data_sources/${stripe.body.id}/create_webhook/`)).status).toBe(400);
    await custom.close();
  });
});
