import { CREATE_MESSAGES } from "./source-create";
import { buildEmulator, postgresBody, stripeBody, type TestEmulator } from "./test-helpers";

describe("PostHog emulator: create — schemas, incremental fields, CDC, access", () => {
  let emu: TestEmulator;
  beforeEach(async () => {
    emu = await buildEmulator();
  });
  afterEach(() => emu.close());

  const create = (body: unknown) => emu.call("POST", "external_data_sources/", { body });
  const row = (sourceId: string, name: string) => emu.control.schemaByName(sourceId, name);

  it("a declared incremental field given by its label is stored as the field, with its field_type", async () => {
    const answer = await create(
      stripeBody(
        {},
        {
          schemas: [
            {
              name: "Customer",
              should_sync: true,
              sync_type: "append",
              incremental_field: "created_at",
              incremental_field_type: "datetime",
            },
          ],
        },
      ),
    );
    expect(answer.status).toBe(201);
    expect(row(answer.body.id, "Customer")).toMatchObject({
      incremental_field: "created",
      incremental_field_type: "integer",
    });
  });

  it("an undeclared incremental field is stored as given", async () => {
    const answer = await create(
      postgresBody(
        {},
        {
          schemas: [
            {
              name: "orders",
              should_sync: true,
              sync_type: "incremental",
              incremental_field: "modified",
              incremental_field_type: "datetime",
            },
          ],
        },
      ),
    );
    expect(row(answer.body.id, "orders")).toMatchObject({
      incremental_field: "modified",
      incremental_field_type: "datetime",
    });
  });

  it("an unknown sync type is refused with the list of sync types", async () => {
    const answer = await create(
      stripeBody({}, { schemas: [{ name: "Customer", should_sync: true, sync_type: "fast" }] }),
    );
    expect(answer.body).toEqual({ message: CREATE_MESSAGES.unknownSyncTypes(["fast"]) });
    expect(answer.body.message).toBe(
      "Unknown sync type: fast. Use one of: full_refresh, incremental, append, webhook, cdc, xmin.",
    );
  });

  it("a lookback outside 0..5184000 is refused for an incremental table", async () => {
    const body = postgresBody(
      {},
      {
        schemas: [
          {
            name: "orders",
            should_sync: true,
            sync_type: "incremental",
            incremental_field: "id",
            incremental_field_type: "integer",
            incremental_field_lookback_seconds: -1,
          },
        ],
      },
    );
    expect((await create(body)).body).toEqual({ message: CREATE_MESSAGES.invalidLookback("orders") });
  });

  describe("CDC", () => {
    const cdc = (payload: Record<string, unknown> = {}) =>
      postgresBody({}, { schemas: [{ name: "customers", should_sync: true, sync_type: "cdc" }], ...payload });

    it("needs payload.cdc_enabled", async () => {
      expect((await create(cdc())).body).toEqual({ message: CREATE_MESSAGES.cdcNotEnabled(["customers"]) });
      expect((await create(cdc())).body.message).toBe(
        "CDC must be enabled on the source before selecting it as a sync type. The following schemas requested CDC: customers.",
      );
      const ok = await create(cdc({ cdc_enabled: true }));
      expect(ok.status).toBe(201);
      expect(row(ok.body.id, "customers")).toMatchObject({ sync_type: "cdc", primary_key_columns: ["id"] });
      expect(
        (await emu.call("GET", `external_data_sources/${ok.body.id}/`)).body.job_inputs.cdc_enabled,
      ).toBe(true);
    });

    it("is refused when the team lacks the feature, even with cdc_enabled", async () => {
      const noFeature = await buildEmulator({ cdcEnabledForTeam: false });
      const answer = await noFeature.call("POST", "external_data_sources/", {
        body: cdc({ cdc_enabled: true }),
      });
      expect(answer.body).toEqual({ message: CREATE_MESSAGES.cdcNotEnabled(["customers"]) });
      await noFeature.close();
    });

    it("needs a primary key on each enabled cdc table", async () => {
      const answer = await create(
        postgresBody(
          {},
          { cdc_enabled: true, schemas: [{ name: "events", should_sync: true, sync_type: "cdc" }] },
        ),
      );
      expect(answer.body).toEqual({ message: CREATE_MESSAGES.cdcWithoutPrimaryKey(["events"]) });
    });
  });

  it("direct access exists for Postgres, MySQL and Snowflake (not Stripe)", async () => {
    const mysql = await create({
      source_type: "MySQL",
      access_method: "direct",
      prefix: "Shop",
      payload: {
        host: "h",
        port: 3306,
        database: "d",
        user: "u",
        password: "p",
        schema: "public",
        schemas: [],
      },
    });
    expect(mysql.status).toBe(201);
    expect((await create(stripeBody({ access_method: "direct", prefix: "S" }))).body).toEqual({
      message: CREATE_MESSAGES.directUnsupported,
    });
  });
});

describe("PostHog emulator: schema PATCH rules re-read from PostHog", () => {
  it("switching a schema to cdc is refused when the team lacks the feature", async () => {
    const emu = await buildEmulator({ cdcEnabledForTeam: false });
    const created = await emu.call("POST", "external_data_sources/", { body: postgresBody() });
    const orders = emu.control.schemaByName(created.body.id, "orders")!.id;
    const answer = await emu.call("PATCH", `external_data_schemas/${orders}/`, {
      body: { sync_type: "cdc" },
    });
    expect(answer.body).toEqual({
      type: "validation_error",
      code: "invalid_input",
      detail: "CDC is not enabled for this team",
      attr: null,
    });
    await emu.close();
  });

  it("a synced incremental table without a key may get its first primary key", async () => {
    const emu = await buildEmulator();
    const created = await emu.call("POST", "external_data_sources/", {
      body: postgresBody(
        {},
        {
          schemas: [
            {
              name: "events",
              should_sync: true,
              sync_type: "incremental",
              incremental_field: "updated_at",
              incremental_field_type: "timestamp",
            },
          ],
        },
      ),
    });
    const events = emu.control.schemaByName(created.body.id, "events")!.id;
    emu.control.markSynced(events);
    const answer = await emu.call("PATCH", `external_data_schemas/${events}/`, {
      body: { primary_key_columns: ["event_id"] },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.primary_key_columns).toEqual(["event_id"]);
    await emu.close();
  });
});
