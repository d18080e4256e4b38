import { CREATE_MESSAGES } from "./source-create";
import { REJECTED_CREDENTIALS_MESSAGES } from "./credentials";
import { PREFIX_REQUIRED_MESSAGE, prefixTakenMessage } from "./policy";
import { buildEmulator, postgresBody, stripeBody, type TestEmulator } from "./test-helpers";

const STRIPE_TABLES = [
  "BalanceTransaction",
  "Charge",
  "Customer",
  "Invoice",
  "Price",
  "Product",
  "Subscription",
];

describe("PostHog emulator: external_data_sources", () => {
  let emu: TestEmulator;
  beforeEach(async () => {
    emu = await buildEmulator({ jobMs: 500 });
  });
  afterEach(() => emu.close());

  const create = (body: unknown) => emu.call("POST", "external_data_sources/", { body });
  const get = (id: string) => emu.call("GET", `external_data_sources/${id}/`);

  describe("create", () => {
    it("answers 201 with only the id; the source reads back with rows for the listed tables only", async () => {
      const answer = await create(stripeBody());
      expect(answer.status).toBe(201);
      expect(Object.keys(answer.body)).toEqual(["id"]);

      const source = (await get(answer.body.id)).body;
      expect(source).toMatchObject({
        id: answer.body.id,
        created_via: "api",
        status: "Running",
        source_type: "Stripe",
        prefix: "stripe_",
        description: "Stripe billing",
        access_method: "warehouse",
        latest_error: null,
        last_run_at: null,
        supports_webhooks: true,
      });
      expect(source.schemas.map((schema: { name: string }) => schema.name)).toEqual(["Charge", "Customer"]);
      const byName = Object.fromEntries(
        source.schemas.map((schema: { name: string }) => [schema.name, schema]),
      );
      expect(byName.Customer).toMatchObject({
        should_sync: true,
        sync_type: "append",
        incremental: false,
        incremental_field: "created",
        incremental_field_type: "integer",
        primary_key_columns: ["id"],
        sync_frequency: "6hour",
        status: "Running",
        cdc_table_mode: "consolidated",
        table: null,
      });
      expect(byName.Charge).toMatchObject({
        should_sync: true,
        sync_type: "full_refresh",
        incremental: false,
      });
      expect(byName.Invoice).toBeUndefined();
    });

    it("stores the normalised config (defaults added, unknown keys dropped) and reads it back redacted", async () => {
      const { body } = await create(stripeBody({}, { unknown_key: "x" }));
      expect((await get(body.id)).body.job_inputs).toEqual({
        auth_method: { selection: "api_key", stripe_integration_id: null },
        stripe_account_id: "acct_1",
      });
      expect(emu.control.source(body.id)!.stored_job_inputs).toEqual({
        auth_method: { selection: "api_key", stripe_secret_key: "rk_test_123", stripe_integration_id: null },
        stripe_account_id: "acct_1",
      });
    });

    it("a Stripe source without an account id reads back the nested key redacted and the id null", async () => {
      const { body } = await create(stripeBody({}, { stripe_account_id: undefined }));
      expect((await get(body.id)).body.job_inputs).toEqual({
        auth_method: { selection: "api_key", stripe_integration_id: null },
        stripe_account_id: null,
      });
    });

    it("drops secret and unknown keys of a Postgres source on read; the port reads back as an integer", async () => {
      const { body } = await create(postgresBody({}, { port: "5432", sslmode: "require", api_token: "t" }));
      expect((await get(body.id)).body.job_inputs).toEqual({
        host: "db.internal",
        port: 5432,
        database: "shop",
        user: "reader",
        schema: "public",
        ssh_tunnel: null,
      });
    });

    it("enables every table with PostHog's defaults when schemas is omitted or empty", async () => {
      for (const schemas of [undefined, []]) {
        const { body } = await create(stripeBody({ prefix: schemas ? "empty_" : "omitted_" }, { schemas }));
        const rows = (await get(body.id)).body.schemas;
        expect(rows.map((row: { name: string }) => row.name)).toEqual(STRIPE_TABLES);
        for (const row of rows) {
          expect(row).toMatchObject({
            should_sync: true,
            sync_type: "append",
            incremental_field: "created",
            incremental_field_type: "integer",
            primary_key_columns: ["id"],
            sync_frequency: "6hour",
            status: "Running",
          });
        }
      }
    });

    it("older PostHog (createRequiresSchemas) refuses a create without schemas", async () => {
      const old = await buildEmulator({ createRequiresSchemas: true });
      const answer = await old.call("POST", "external_data_sources/", {
        body: stripeBody({}, { schemas: [] }),
      });
      expect(answer.body).toEqual({ message: "Schemas not given" });
      await old.close();
    });

    it("ignores sync_frequency at create; cdc rows default to 5min with the detected key", async () => {
      const { body } = await create(
        postgresBody(
          {},
          {
            schemas: [
              { name: "orders", should_sync: true, sync_type: "full_refresh", sync_frequency: "24hour" },
              { name: "customers", should_sync: true, sync_type: "cdc", sync_time_of_day: "02:30" },
            ],
            cdc_enabled: true,
          },
        ),
      );
      const byName = Object.fromEntries(
        (await get(body.id)).body.schemas.map((schema: { name: string }) => [schema.name, schema]),
      );
      expect(byName.orders.sync_frequency).toBe("6hour");
      expect(byName.customers).toMatchObject({
        sync_type: "cdc",
        sync_frequency: "5min",
        primary_key_columns: ["id"],
        sync_time_of_day: "02:30:00",
        cdc_table_mode: "consolidated",
      });
    });

    it("DRF field errors come first: required, invalid_choice with the enum, not_a_dict, max_length", async () => {
      expect((await create({ payload: {} })).body).toEqual({
        type: "validation_error",
        code: "required",
        detail: "This field is required.",
        attr: "source_type",
      });
      const badType = await create({ ...stripeBody(), source_type: "stripe" });
      expect(badType.status).toBe(400);
      expect(badType.body).toEqual({
        type: "validation_error",
        code: "invalid_choice",
        detail: '"stripe" is not a valid choice.',
        attr: "source_type",
      });
      expect((await create({ source_type: "Stripe" })).body).toMatchObject({
        code: "required",
        attr: "payload",
      });
      expect((await create({ source_type: "Stripe", payload: "x" })).body).toMatchObject({
        code: "not_a_dict",
        attr: "payload",
      });
      expect((await create(stripeBody({ prefix: "p".repeat(101) }))).body).toMatchObject({
        code: "max_length",
        attr: "prefix",
        detail: "Ensure this field has no more than 100 characters.",
      });
      expect((await create(stripeBody({ description: "d".repeat(401) }))).body).toMatchObject({
        code: "max_length",
        attr: "description",
      });
      expect((await create(stripeBody({ access_method: "live" }))).body).toMatchObject({
        code: "invalid_choice",
        attr: "access_method",
      });
      expect(emu.control.sources()).toHaveLength(0);
    });

    it("accepts every source_type of the contract's enumeration (case-sensitive)", async () => {
      for (const type of [
        "Hubspot",
        "MySQL",
        "Snowflake",
        "BigQuery",
        "Zendesk",
        "GoogleSearchConsole",
        "Clerk",
      ]) {
        const answer = await create({ source_type: type, prefix: "x", payload: { schemas: [] } });
        expect(answer.body).not.toMatchObject({ code: "invalid_choice" });
      }
      expect((await create({ source_type: "postgres", payload: {} })).body.code).toBe("invalid_choice");
    });

    it("prefix rules are DRF invalid_input errors", async () => {
      expect((await create(stripeBody({ prefix: "___" }))).body).toEqual({
        type: "validation_error",
        code: "invalid_input",
        detail: CREATE_MESSAGES.prefixOnlyUnderscores,
        attr: null,
      });
      expect((await create(stripeBody({ prefix: "1abc" }))).body.detail).toBe(
        CREATE_MESSAGES.prefixCharacters,
      );
      expect((await create(stripeBody({ prefix: "has-dash" }))).body.detail).toBe(
        CREATE_MESSAGES.prefixCharacters,
      );
      expect((await create(stripeBody({ prefix: "_ok_1" }))).status).toBe(201);
    });

    it("a second source of a type needs a distinct prefix ({message} bodies)", async () => {
      expect((await create(stripeBody())).status).toBe(201);
      // Without a prefix is fine while no same-type source lacks one.
      expect((await create(stripeBody({ prefix: "" }))).status).toBe(201);
      const noPrefix = await create(stripeBody({ prefix: undefined }));
      expect(noPrefix.status).toBe(400);
      expect(noPrefix.body).toEqual({ message: PREFIX_REQUIRED_MESSAGE });
      expect((await create(stripeBody())).body).toEqual({ message: prefixTakenMessage("stripe_") });
      expect((await create(stripeBody({ prefix: "stripe_eu_" }))).status).toBe(201);
      expect((await create(postgresBody({ prefix: "stripe_" }))).status).toBe(201);
    });

    it("a deleted source frees its prefix", async () => {
      const first = await create(stripeBody());
      await emu.call("DELETE", `external_data_sources/${first.body.id}/`);
      expect((await create(stripeBody())).status).toBe(201);
    });

    it("config, credentials, schema names and incremental settings are checked in that order", async () => {
      const missing = await create(
        postgresBody({}, { host: undefined, password: undefined, schemas: [{ name: "nope" }] }),
      );
      expect(missing.body).toEqual({
        message:
          "Invalid source config: Required field 'host' is missing, Required field 'password' is missing",
      });
      const badCredentials = await create(
        stripeBody(
          {},
          {
            auth_method: { selection: "api_key", stripe_secret_key: "rk_invalid" },
            schemas: [{ name: "nope" }],
          },
        ),
      );
      expect(badCredentials.body).toEqual({ message: REJECTED_CREDENTIALS_MESSAGES.Stripe });
      expect((await create(postgresBody({}, { password: "invalid" }))).body).toEqual({
        message: REJECTED_CREDENTIALS_MESSAGES.Postgres,
      });
      expect((await create(stripeBody({}, { schemas: [{ name: "Customers" }] }))).body).toEqual({
        message: "Schemas given do not exist in source",
      });
      const noField = await create(
        stripeBody({}, { schemas: [{ name: "Customer", should_sync: true, sync_type: "incremental" }] }),
      );
      expect(noField.body).toEqual({
        message: "Incremental schemas given do not have an incremental field set",
      });
      const noFieldType = await create(
        stripeBody(
          {},
          {
            schemas: [
              { name: "Charge", should_sync: true, sync_type: "append", incremental_field: "created" },
            ],
          },
        ),
      );
      expect(noFieldType.body).toEqual({
        message: "Incremental schemas given do not have an incremental field type set",
      });
      expect((await create(stripeBody({}, { schemas: "Customer" }))).body).toEqual({
        message: CREATE_MESSAGES.schemasNotList,
      });
      expect(emu.control.sources()).toHaveLength(0);
    });

    it("a disabled incremental schema without a field is accepted", async () => {
      const answer = await create(
        stripeBody({}, { schemas: [{ name: "Customer", should_sync: false, sync_type: "incremental" }] }),
      );
      expect(answer.status).toBe(201);
    });

    it("strips whitespace from string inputs", async () => {
      const { body } = await create(stripeBody({}, { stripe_account_id: "  acct_9  " }));
      expect((await get(body.id)).body.job_inputs.stripe_account_id).toBe("acct_9");
    });

    it("direct access is for the direct-capable types only and needs a name", async () => {
      expect((await create(stripeBody({ access_method: "direct" }))).body).toEqual({
        message: CREATE_MESSAGES.directUnsupported,
      });
      expect((await create(postgresBody({ access_method: "direct", prefix: " " }))).body).toEqual({
        message: "Name is required for direct query sources",
      });
      const { body } = await create(postgresBody({ access_method: "direct", prefix: " Shop DB " }));
      expect((await get(body.id)).body).toMatchObject({ access_method: "direct", prefix: "Shop DB" });
    });
  });

  describe("list", () => {
    it("pages newest first with count/next/previous and trimmed schemas", async () => {
      const ids: string[] = [];
      for (const prefix of ["a_", "b_", "c_"]) {
        ids.push((await create(stripeBody({ prefix }))).body.id);
        emu.advance(10);
      }
      const first = await emu.call("GET", "external_data_sources/?limit=2");
      expect(first.status).toBe(200);
      expect(first.body.count).toBe(3);
      expect(first.body.previous).toBeNull();
      expect(first.body.results.map((source: { id: string }) => source.id)).toEqual([ids[2], ids[1]]);
      expect(new URL(first.body.next).search).toBe("?limit=2&offset=2");
      expect(new URL(first.body.next).pathname).toBe("/api/projects/1/external_data_sources/");

      const second = await emu.call("GET", "external_data_sources/?limit=2&offset=2");
      expect(second.body.results.map((source: { id: string }) => source.id)).toEqual([ids[0]]);
      expect(second.body.next).toBeNull();
      expect(new URL(second.body.previous).search).toBe("?limit=2");

      expect(Object.keys(first.body.results[0].schemas[0]).sort()).toEqual(
        [
          "id",
          "last_synced_at",
          "latest_error",
          "label",
          "name",
          "should_sync",
          "status",
          "sync_type",
          "table",
        ].sort(),
      );
      expect(first.body.results[0].job_inputs).toEqual({
        auth_method: { selection: "api_key", stripe_integration_id: null },
        stripe_account_id: "acct_1",
      });
    });

    it("defaults to pages of 100", async () => {
      const { body } = await emu.call("GET", "external_data_sources/");
      expect(body).toEqual({ count: 0, next: null, previous: null, results: [] });
      for (let i = 0; i < 101; i += 1)
        emu.control.createSource(postgresBody({ prefix: `p${i}_` }, { schemas: [{ name: "orders" }] }));
      const page = await emu.call("GET", "external_data_sources/");
      expect(page.body.results).toHaveLength(100);
      expect(new URL(page.body.next).searchParams.get("offset")).toBe("100");
    });

    it("search matches source_type and prefix, case-insensitively, and keeps paging params", async () => {
      await create(stripeBody({ prefix: "billing_" }));
      await create(postgresBody({ prefix: "warehouse_" }));
      const byType = await emu.call("GET", "external_data_sources/?search=postgres");
      expect(byType.body.results.map((source: { prefix: string }) => source.prefix)).toEqual(["warehouse_"]);
      const byPrefix = await emu.call("GET", "external_data_sources/?search=BILL");
      expect(byPrefix.body.results.map((source: { source_type: string }) => source.source_type)).toEqual([
        "Stripe",
      ]);
      expect((await emu.call("GET", "external_data_sources/?search=zzz")).body.count).toBe(0);
      const paged = await emu.call("GET", "external_data_sources/?search=_&limit=1");
      expect(new URL(paged.body.next).searchParams.get("search")).toBe("_");
    });
  });

  describe("retrieve", () => {
    it("404 DRF not_found for unknown and malformed ids", async () => {
      for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
        const answer = await get(id);
        expect(answer.status).toBe(404);
        expect(answer.body).toEqual({
          type: "invalid_request",
          code: "not_found",
          detail: "Not found.",
          attr: null,
        });
      }
    });
  });

  describe("update", () => {
    it("merges job_inputs, sets description and silently ignores prefix", async () => {
      const { body } = await create(stripeBody());
      const answer = await emu.call("PATCH", `external_data_sources/${body.id}/`, {
        body: { job_inputs: { stripe_account_id: "acct_2" }, description: "new", prefix: "other_" },
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        prefix: "stripe_",
        description: "new",
        job_inputs: { stripe_account_id: "acct_2", auth_method: { selection: "api_key" } },
      });
      expect(answer.body.schemas).toHaveLength(2);
      expect(emu.control.source(body.id)!.stored_job_inputs).toEqual({
        auth_method: { selection: "api_key", stripe_secret_key: "rk_test_123", stripe_integration_id: null },
        stripe_account_id: "acct_2",
      });
    });

    it("replaces a secret that is sent, keeps one sent blank", async () => {
      const { body } = await create(stripeBody());
      const key = () =>
        (emu.control.source(body.id)!.stored_job_inputs.auth_method as Record<string, unknown>)
          .stripe_secret_key;
      await emu.call("PATCH", `external_data_sources/${body.id}/`, {
        body: { job_inputs: { auth_method: { selection: "api_key", stripe_secret_key: "rk_test_new" } } },
      });
      expect(key()).toBe("rk_test_new");
      // The read shape sent back (secret left out) keeps the stored secret.
      await emu.call("PATCH", `external_data_sources/${body.id}/`, {
        body: { job_inputs: { auth_method: { selection: "api_key", stripe_integration_id: null } } },
      });
      expect(key()).toBe("rk_test_new");
      await emu.call("PATCH", `external_data_sources/${body.id}/`, {
        body: { job_inputs: { auth_method: { selection: "api_key", stripe_secret_key: "" } } },
      });
      expect(key()).toBe("rk_test_new");
    });

    it("rejects bad credentials and access_method changes with DRF bodies, changing nothing", async () => {
      const { body } = await create(stripeBody());
      const bad = await emu.call("PATCH", `external_data_sources/${body.id}/`, {
        body: {
          job_inputs: { auth_method: { selection: "api_key", stripe_secret_key: "rk_invalid" } },
          description: "x",
        },
      });
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({
        type: "validation_error",
        code: "invalid_input",
        detail: REJECTED_CREDENTIALS_MESSAGES.Stripe,
        attr: null,
      });
      const method = await emu.call("PATCH", `external_data_sources/${body.id}/`, {
        body: { access_method: "direct" },
      });
      expect(method.body.detail).toBe("Access method cannot be changed. Create a new source instead.");
      const source = emu.control.source(body.id)!;
      expect(source.description).toBe("Stripe billing");
      expect(source.stored_job_inputs.auth_method).toMatchObject({ stripe_secret_key: "rk_test_123" });
    });

    it("a host moved without the password is refused; with it, one PATCH applies both", async () => {
      const { body } = await create(postgresBody());
      const refused = await emu.call("PATCH", `external_data_sources/${body.id}/`, {
        body: { job_inputs: { host: "db2.internal" } },
      });
      expect(refused.body).toEqual({
        type: "validation_error",
        code: "invalid_input",
        detail: "Changing the connection host requires re-entering your credentials.",
        attr: null,
      });
      expect(emu.control.source(body.id)!.stored_job_inputs.host).toBe("db.internal");
      const moved = await emu.call("PATCH", `external_data_sources/${body.id}/`, {
        body: { job_inputs: { host: "db2.internal", password: "n3w-pw" } },
      });
      expect(moved.status).toBe(200);
      expect(emu.control.source(body.id)!.stored_job_inputs).toMatchObject({
        host: "db2.internal",
        password: "n3w-pw",
      });
    });

    it("renames a direct source through prefix", async () => {
      const { body } = await create(postgresBody({ access_method: "direct", prefix: "Shop" }));
      const answer = await emu.call("PATCH", `external_data_sources/${body.id}/`, {
        body: { prefix: "Shop 2" },
      });
      expect(answer.body.prefix).toBe("Shop 2");
    });
  });

  describe("delete", () => {
    it("soft-deletes: 204, then 404 for the source, its actions and its schemas", async () => {
      const { body } = await create(stripeBody());
      const schemaId = emu.control.schemaByName(body.id, "Customer")!.id;
      const answer = await emu.call("DELETE", `external_data_sources/${body.id}/`);
      expect(answer.status).toBe(204);
      expect(answer.body).toBeUndefined();

      expect((await get(body.id)).status).toBe(404);
      expect((await emu.call("PATCH", `external_data_sources/${body.id}/`, { body: {} })).status).toBe(404);
      expect((await emu.call("DELETE", `external_data_sources/${body.id}/`)).status).toBe(404);
      expect((await emu.call("POST", `external_data_sources/${body.id}/reload/`)).status).toBe(404);
      expect((await emu.call("GET", `external_data_sources/${body.id}/jobs/`)).status).toBe(404);
      expect((await emu.call("GET", `external_data_schemas/${schemaId}/`)).status).toBe(404);
      expect((await emu.call("GET", "external_data_sources/")).body.count).toBe(0);
      expect((await emu.call("GET", "external_data_schemas/")).body.count).toBe(0);

      const kept = emu.control.source(body.id)!;
      expect(kept.deleted).toBe(true);
      expect(emu.control.schema(schemaId)!.deleted).toBe(true);
    });
  });
});
