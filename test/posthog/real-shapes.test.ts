/**
 * PostHog as it really is (issue 11), through the real provider host against the emulator:
 * jobInputs in PostHog's nested shapes, secrets kept out of outputs, the host-change rule, tables
 * added later, and what a table supports asked of PostHog.
 */
import { posthog } from "pulumi-datasync";
import type { Emulator } from "../emulator";
import type { Stack } from "../harness";
import {
  SOURCES,
  expectNoLeaks,
  failureOf,
  opsOf,
  posthogCalls,
  posthogStack,
  requireBuild,
  resourceNamed,
  startPosthogEmulator,
} from "./support";

const STRIPE_KEY = "rk_test_real_shapes_4242";
const PG_PASSWORD = "pg-real-shapes-pw";
const BQ_PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nbq-real-shapes-secret\n-----END PRIVATE KEY-----";
const SF_PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nsf-real-shapes-secret\n-----END PRIVATE KEY-----";
const SF_PASSPHRASE = "sf-passphrase-real-shapes";

type SourceArgs = posthog.ExternalDataSourceArgs;

const source = (name: string, args: SourceArgs) => () => {
  const s = new posthog.ExternalDataSource(name, args);
  return { id: s.id };
};

const stripeArgs = (overrides: Partial<SourceArgs> = {}): SourceArgs => ({
  sourceType: "Stripe",
  prefix: "stripe_",
  jobInputs: {
    auth_method: { selection: "api_key", stripe_secret_key: STRIPE_KEY },
    stripe_account_id: "acct_1",
  },
  schemas: [
    { name: "Customer", syncType: "append", incrementalField: "created", syncFrequency: "1hour" },
    { name: "Invoice", syncType: "full_refresh" },
  ],
  ...overrides,
});

const postgresInputs = (host: string) => ({
  host,
  port: 5432,
  database: "shop",
  user: "reader",
  password: PG_PASSWORD,
  schema: "public",
});

/** Every output of the resource but jobInputs, as text. */
function outputsButJobInputs(outputs: Record<string, unknown>): string {
  const { jobInputs: _secret, __provider: _code, ...rest } = outputs;
  return JSON.stringify(rest);
}

describe("PostHog's real shapes through the provider host", () => {
  let emulator: Emulator;
  let stack: Stack;
  let calls: ReturnType<typeof posthogCalls>;

  beforeAll(async () => {
    requireBuild();
    emulator = await startPosthogEmulator();
    calls = posthogCalls(emulator);
  });
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.reset());
  afterEach(() => stack?.dispose());

  it("a Stripe source with the nested key is created, and a refresh right after shows no diff", async () => {
    stack = posthogStack(emulator, "shapes-stripe");
    const up = await stack.up(source("stripe", stripeArgs()));
    expect(up.ok).toBe(true);
    const id = resourceNamed(up, "stripe").id;
    expect(emulator.posthog.source(id)?.stored_job_inputs).toMatchObject({
      auth_method: { selection: "api_key", stripe_secret_key: STRIPE_KEY },
      stripe_account_id: "acct_1",
    });
    expect(emulator.posthog.schemaByName(id, "Customer")).toMatchObject({
      should_sync: true,
      sync_type: "append",
      incremental_field: "created",
    });

    const refreshed = await stack.refresh();
    // Only what PostHog reports by itself may move (a sync ran): nothing that was declared.
    expect(refreshed.rows[0].changed).toEqual(
      expect.not.arrayContaining(["jobInputs", "schemas", "description"]),
    );
    expect(resourceNamed(refreshed, "stripe").inputs.jobInputs).toEqual(stripeArgs().jobInputs);
    emulator.log.clear();
    const preview = await stack.preview(source("stripe", stripeArgs()));
    expect(opsOf(preview)).toEqual({ stripe: "same" });
    expect(calls.all()).toBe(0);
    expectNoLeaks(refreshed, [STRIPE_KEY]);
  });

  it("a flat Stripe key is a preview error naming jobInputs.auth_method, and nothing is sent", async () => {
    stack = posthogStack(emulator, "shapes-flat");
    const failed = await failureOf(
      stack.preview(source("stripe", stripeArgs({ jobInputs: { stripe_secret_key: STRIPE_KEY } }))),
    );
    const errors = failed.result.errors.join("\n");
    expect(errors).toMatch(/jobInputs\.auth_method: is required for Stripe sources/);
    expect(errors).toMatch(/jobInputs\.stripe_secret_key: .*belongs inside jobInputs\.auth_method/);
    expect(errors).not.toContain(STRIPE_KEY);
    expect(calls.all()).toBe(0);
  });

  it("a Postgres host move is one PATCH that carries the password", async () => {
    stack = posthogStack(emulator, "shapes-host");
    const args = (host: string): SourceArgs => ({
      sourceType: "Postgres",
      prefix: "app_",
      jobInputs: postgresInputs(host),
      schemas: [{ name: "orders", syncType: "full_refresh" }],
    });
    const up = await stack.up(source("pg", args("db.internal")));
    expect(up.ok).toBe(true);
    const id = resourceNamed(up, "pg").id;

    emulator.log.clear();
    const moved = await stack.up(source("pg", args("db2.internal")));
    expect(moved.ok).toBe(true);
    const patches = emulator.log.filter({ method: "PATCH", path: `${SOURCES}/${id}/` });
    expect(patches.map((p) => p.status)).toEqual([200]);
    // The emulator's log redacts the password; PostHog refuses a host move without it.
    expect(patches[0].body).toEqual({ job_inputs: { host: "db2.internal", password: expect.any(String) } });
    expect(emulator.posthog.source(id)?.stored_job_inputs).toMatchObject({
      host: "db2.internal",
      password: PG_PASSWORD,
    });
    expectNoLeaks(moved, [PG_PASSWORD]);
  });

  it("a table added after create ends up syncing", async () => {
    stack = posthogStack(emulator, "shapes-added");
    const base: SourceArgs = {
      sourceType: "Postgres",
      prefix: "app_",
      jobInputs: postgresInputs("db.internal"),
      schemas: [{ name: "orders", syncType: "full_refresh" }],
    };
    const up = await stack.up(source("pg", base));
    const id = resourceNamed(up, "pg").id;
    // PostHog makes rows only for the tables listed at create.
    expect(emulator.posthog.schemaByName(id, "customers")).toBeUndefined();

    const added = await stack.up(
      source("pg", {
        ...base,
        schemas: [
          { name: "orders", syncType: "full_refresh" },
          { name: "customers", syncType: "incremental", incrementalField: "updated_at" },
        ],
      }),
    );
    expect(added.ok).toBe(true);
    expect(emulator.posthog.schemaByName(id, "customers")).toMatchObject({
      should_sync: true,
      sync_type: "incremental",
      incremental_field: "updated_at",
      incremental_field_type: "timestamp",
    });
    emulator.log.clear();
    const again = await stack.preview(
      source("pg", {
        ...base,
        schemas: [
          { name: "orders", syncType: "full_refresh" },
          { name: "customers", syncType: "incremental", incrementalField: "updated_at" },
        ],
      }),
    );
    expect(opsOf(again)).toEqual({ pg: "same" });
  });

  const APPEND_ONLY_ERROR =
    /table "Charge" cannot sync with syncType "incremental": it supports syncType full_refresh, append/;
  const appendOnlyArgs = () =>
    stripeArgs({ schemas: [{ name: "Charge", syncType: "incremental", incrementalField: "created" }] });
  const discoveryCalls = () => emulator.log.filter({ method: "POST", path: `${SOURCES}/database_schema/` });

  it("an incremental table on an append-only source fails before anything is created, naming the table and what it supports", async () => {
    stack = posthogStack(emulator, "shapes-append-only");
    const failed = await failureOf(stack.up(source("stripe", appendOnlyArgs())));
    expect(failed.result.errors.join("\n")).toMatch(APPEND_ONLY_ERROR);
    // Nothing but the table listing was written: no create, no source at PostHog, nothing in state.
    const writes = emulator.log
      .writes({ service: "posthog" })
      .filter((e) => !e.path.endsWith("/database_schema/"));
    expect(writes.map((e) => `${e.method} ${e.path}`)).toEqual([]);
    expect(emulator.posthog.sources({ includeDeleted: true })).toHaveLength(0);
    expect(failed.result.state.resources.filter((r) => r.name === "stripe")).toHaveLength(0);
    // PostHog listed the tables of a source with these settings (database_schema answered).
    expect(discoveryCalls().map((e) => e.status)).toEqual([200]);
  });

  it("without database_schema (404) the same error comes after the create: the source is in state, the table not enabled", async () => {
    emulator.posthog.setDatabaseSchemaEndpoint("absent");
    stack = posthogStack(emulator, "shapes-append-only-404");
    const failed = await failureOf(stack.up(source("stripe", appendOnlyArgs())));
    expect(failed.result.errors.join("\n")).toMatch(APPEND_ONLY_ERROR);
    expect(discoveryCalls().map((e) => e.status)).toEqual([404]);
    expect(emulator.log.filter({ method: "POST", path: `${SOURCES}/` })).toHaveLength(1);
    const [created] = emulator.posthog.sources();
    expect(created).toBeDefined();
    // Recorded in state (never an orphan), and the table it could not set up is not enabled.
    const recorded = failed.result.state.resources.filter((r) => r.name === "stripe");
    expect(recorded.map((r) => r.id)).toEqual([created.id]);
    expect(emulator.posthog.schemaByName(created.id, "Charge")?.should_sync).toBe(false);
  });

  it("an incremental field given by its label is stored as PostHog's field and field_type; refresh shows no diff", async () => {
    stack = posthogStack(emulator, "shapes-label");
    // PostHog's Stripe tables: field `created`, label `created_at`, field_type integer.
    const args = stripeArgs({
      schemas: [{ name: "Charge", syncType: "append", incrementalField: "created_at" }],
    });
    const up = await stack.up(source("stripe", args));
    expect(up.errors).toEqual([]);
    const id = resourceNamed(up, "stripe").id;
    expect(emulator.posthog.schemaByName(id, "Charge")).toMatchObject({
      should_sync: true,
      sync_type: "append",
      incremental_field: "created",
      incremental_field_type: "integer",
    });
    const refreshed = await stack.refresh();
    expect(refreshed.rows[0].changed).toEqual(expect.not.arrayContaining(["schemas"]));
    emulator.log.clear();
    expect(opsOf(await stack.preview(source("stripe", args)))).toEqual({ stripe: "same" });
    expect(calls.all()).toBe(0);
  });

  it("a BigQuery key_file object and a Snowflake key pair round-trip, no secret in outputs but jobInputs", async () => {
    stack = posthogStack(emulator, "shapes-bq-sf");
    const bigquery: SourceArgs = {
      sourceType: "BigQuery",
      prefix: "bq_",
      jobInputs: {
        key_file: {
          project_id: "acme",
          private_key_id: "kid-1",
          private_key: BQ_PRIVATE_KEY,
          client_email: "posthog@acme.iam.gserviceaccount.com",
          token_uri: "https://oauth2.googleapis.com/token",
        },
        dataset_id: "analytics",
        dataset_project: { enabled: true, dataset_project_id: "acme-data" },
      },
      schemas: [{ name: "orders", syncType: "full_refresh" }],
    };
    const snowflake: SourceArgs = {
      sourceType: "Snowflake",
      prefix: "sf_",
      jobInputs: {
        account_id: "acme-xy12345",
        database: "ANALYTICS",
        warehouse: "COMPUTE_WH",
        schema: "public",
        auth_type: {
          selection: "keypair",
          user: "POSTHOG",
          private_key: SF_PRIVATE_KEY,
          passphrase: SF_PASSPHRASE,
        },
      },
      schemas: [{ name: "orders", syncType: "full_refresh" }],
    };
    const program = () => {
      const bq = new posthog.ExternalDataSource("bq", bigquery);
      const sf = new posthog.ExternalDataSource("sf", snowflake);
      return { bq: bq.id, sf: sf.id };
    };
    const up = await stack.up(program);
    expect(up.ok).toBe(true);
    const secrets = [BQ_PRIVATE_KEY, SF_PRIVATE_KEY, SF_PASSPHRASE];
    for (const name of ["bq", "sf"]) {
      const state = resourceNamed(up, name);
      expect(state.secretOutputs).toContain("jobInputs");
      const rest = outputsButJobInputs(state.outputs);
      for (const secret of secrets) expect(rest).not.toContain(secret);
    }
    const bqId = resourceNamed(up, "bq").id;
    expect(emulator.posthog.source(bqId)?.stored_job_inputs).toMatchObject({
      key_file: { private_key: BQ_PRIVATE_KEY },
    });

    const refreshed = await stack.refresh();
    for (const row of refreshed.rows) {
      expect(row.changed).toEqual(expect.not.arrayContaining(["jobInputs", "schemas", "description"]));
    }
    for (const name of ["bq", "sf"]) {
      const rest = outputsButJobInputs(resourceNamed(refreshed, name).outputs);
      for (const secret of secrets) expect(rest).not.toContain(secret);
    }
    expect(resourceNamed(refreshed, "sf").inputs.jobInputs).toEqual(snowflake.jobInputs);
    emulator.log.clear();
    const preview = await stack.preview(program);
    expect(opsOf(preview)).toEqual({ bq: "same", sf: "same" });
    expect(calls.all()).toBe(0);
    expectNoLeaks(refreshed, secrets);
  });
});
