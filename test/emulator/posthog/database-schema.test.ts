/**
 * POST external_data_sources/database_schema/ (FIDELITY.md §5): the tables a source with these
 * settings would have, before it exists; nothing is created.
 */
import { DATABASE_SCHEMA_MESSAGES } from "./database-schema";
import { INVALID_CREDENTIALS_FALLBACK_MESSAGE, REJECTED_CREDENTIALS_MESSAGES } from "./credentials";
import { INVALID_CREDENTIAL_MARKER } from "./policy";
import { buildEmulator, READ_KEY, type TestEmulator } from "./test-helpers";

const PATH = "external_data_sources/database_schema/";

/** The keys of one answer row (`schema_operations.py`, `database_schema`). */
const ROW_KEYS = [
  "append_available",
  "available_columns",
  "cdc_available",
  "description",
  "detected_primary_keys",
  "incremental_available",
  "incremental_field",
  "incremental_fields",
  "label",
  "permission_error",
  "primary_key_detection_supported",
  "rls_warning",
  "rows",
  "should_sync",
  "should_sync_default",
  "supports_webhooks",
  "sync_type",
  "table",
  "webhook_only",
  "xmin_available",
];

const STRIPE = {
  source_type: "Stripe",
  auth_method: { selection: "api_key", stripe_secret_key: "rk_test_123" },
};
const POSTGRES = {
  source_type: "Postgres",
  host: "db.internal",
  port: 5432,
  database: "shop",
  user: "reader",
  password: "s3cret-pw",
  schema: "public",
};

describe("POST external_data_sources/database_schema/", () => {
  let emu: TestEmulator;
  beforeEach(async () => {
    emu = await buildEmulator();
  });
  afterEach(() => emu.close());

  it("lists the Stripe tables as append-only on `created` (label created_at), and creates nothing", async () => {
    const answer = await emu.call("POST", PATH, { body: STRIPE });
    expect(answer.status).toBe(200);
    expect(answer.body.map((row: { table: string }) => row.table)).toEqual([
      "Customer",
      "Charge",
      "Invoice",
      "BalanceTransaction",
      "Subscription",
      "Product",
      "Price",
    ]);
    const charge = answer.body.find((row: { table: string }) => row.table === "Charge");
    expect(Object.keys(charge).sort()).toEqual(ROW_KEYS);
    expect(charge).toMatchObject({
      should_sync: false,
      sync_type: null,
      incremental_available: false,
      append_available: true,
      incremental_fields: [
        { label: "created_at", type: "datetime", field: "created", field_type: "integer", nullable: false },
      ],
      incremental_field: "created",
      supports_webhooks: true,
      // CDC is on for the team but Stripe has no CDC adapter; xmin is a Postgres-only capability.
      cdc_available: false,
      xmin_available: null,
    });
    expect(emu.control.sources({ includeDeleted: true })).toHaveLength(0);
  });

  it("takes the settings at the top level, so a namespaced type honours `schema`", async () => {
    const scoped = await emu.call("POST", PATH, { body: POSTGRES });
    expect(scoped.body.map((row: { table: string }) => row.table)).toEqual([
      "orders",
      "customers",
      "events",
      "line_items",
    ]);
    const unscoped = await emu.call("POST", PATH, { body: { ...POSTGRES, schema: "" } });
    expect(unscoped.body.map((row: { table: string }) => row.table)).toContain("analytics.sessions");
    // A nested `payload` (the create shape) is not read: Postgres' required fields are missing.
    const nested = await emu.call("POST", PATH, {
      body: { source_type: "Postgres", payload: { ...POSTGRES, source_type: undefined } },
    });
    expect(nested.status).toBe(400);
    expect(nested.body.message).toMatch(/^Invalid source config: /);
  });

  it("reports cdc and xmin only where PostHog would (team flag, source capability)", async () => {
    const orders = (await emu.call("POST", PATH, { body: POSTGRES })).body[0];
    expect(orders).toMatchObject({ table: "orders", cdc_available: true, xmin_available: true });
    const events = (await emu.call("POST", PATH, { body: POSTGRES })).body.find(
      (row: { table: string }) => row.table === "events",
    );
    expect(events).toMatchObject({ cdc_available: false, detected_primary_keys: null });
    const noCdc = await buildEmulator({ cdcEnabledForTeam: false });
    try {
      expect((await noCdc.call("POST", PATH, { body: POSTGRES })).body[0].cdc_available).toBeNull();
    } finally {
      await noCdc.close();
    }
  });

  it("refuses, in PostHog's order: no source_type, secretRef values, unknown type, bad config, credentials", async () => {
    const refused = async (body: unknown) => {
      const answer = await emu.call("POST", PATH, { body });
      expect(answer.status).toBe(400);
      return answer.body;
    };
    expect(await refused({ host: "x" })).toEqual({ message: DATABASE_SCHEMA_MESSAGES.missingSourceType });
    expect(await refused({ source_type: "Nope", password: { secretRef: "s1" } })).toEqual({
      message: DATABASE_SCHEMA_MESSAGES.unresolvedSecretRefs(["password"]),
    });
    expect(await refused({ source_type: "Nope" })).toEqual({ message: "Unknown source_type 'Nope'" });
    expect(await refused({ source_type: "Postgres", host: "db" })).toEqual({
      message: expect.stringMatching(/^Invalid source config: .*port/),
    });
    expect(
      await refused({
        ...STRIPE,
        auth_method: { selection: "api_key", stripe_secret_key: `rk_${INVALID_CREDENTIAL_MARKER}` },
      }),
    ).toEqual({ message: REJECTED_CREDENTIALS_MESSAGES.Stripe });
    expect(await refused({ ...POSTGRES, host: "  " })).toEqual({
      message: INVALID_CREDENTIALS_FALLBACK_MESSAGE,
    });
  });

  it("is a write action: a read key is refused 403", async () => {
    const answer = await emu.call("POST", PATH, { body: STRIPE, key: READ_KEY });
    expect(answer.status).toBe(403);
  });

  it("answers 404 when absent and 405 when GET-only, as configured or set by the control; reset restores", async () => {
    emu.control.setDatabaseSchemaEndpoint("absent");
    expect((await emu.call("POST", PATH, { body: STRIPE })).status).toBe(404);
    emu.control.setDatabaseSchemaEndpoint("get-only");
    const getOnly = await emu.call("POST", PATH, { body: STRIPE });
    expect(getOnly.status).toBe(405);
    expect(getOnly.body.detail).toBe('Method "POST" not allowed.');
    emu.control.reset();
    expect((await emu.call("POST", PATH, { body: STRIPE })).status).toBe(200);
    const configured = await buildEmulator({ databaseSchemaEndpoint: "absent" });
    try {
      expect((await configured.call("POST", PATH, { body: STRIPE })).status).toBe(404);
      configured.control.reset();
      expect((await configured.call("POST", PATH, { body: STRIPE })).status).toBe(404);
    } finally {
      await configured.close();
    }
  });
});
