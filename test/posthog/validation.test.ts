/** check at preview: every rule names the property and the allowed values; unknowns pass. */
import {
  checkSchemaInputs,
  checkSourceInputs,
  checkWebhookInputs,
} from "../../provider/posthog/validation/check";
import { UNKNOWN } from "../../provider/posthog/common/unknown";
import { builtInDefinitions } from "../../provider/posthog/config/catalogue";

const STRIPE_INPUTS = { auth_method: { selection: "api_key", stripe_secret_key: "sk_test_abc" } };
const STRIPE = { sourceType: "Stripe", jobInputs: STRIPE_INPUTS };
const opts = { defaultProjectId: "1", definitions: builtInDefinitions() };

function failuresOf(news: Record<string, unknown>) {
  return checkSourceInputs(news, opts).failures;
}

describe("checkSourceInputs", () => {
  it("accepts a valid source and normalizes it (project from config, warehouse, shouldSync true)", () => {
    const result = checkSourceInputs({ ...STRIPE, prefix: "stripe_", schemas: [{ name: "Customer" }] }, opts);
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual({
      projectId: "1",
      sourceType: "Stripe",
      prefix: "stripe_",
      accessMethod: "warehouse",
      jobInputs: STRIPE_INPUTS,
      schemas: [{ name: "Customer", shouldSync: true }],
    });
  });

  it.each([
    [{ sourceType: "stripe" }, "sourceType", /case-sensitive.*"Stripe"/],
    [{ sourceType: "Not a type!" }, "sourceType", /known values include: Stripe, Hubspot/],
    [{ prefix: "1abc" }, "prefix", /must start with a letter/],
    [{ prefix: "_1x" }, "prefix", /must start with a letter once leading underscores are stripped/],
    [{ prefix: "a-b" }, "prefix", /only letters, digits and underscores/],
    [{ prefix: "___" }, "prefix", /underscores only/],
    [{ prefix: "a".repeat(101) }, "prefix", /longer than 100/],
    [{ description: "d".repeat(401) }, "description", /at most 400/],
    [{ accessMethod: "lake" }, "accessMethod", /allowed values: warehouse, direct/],
    [
      { accessMethod: "direct", prefix: "stripe_" },
      "accessMethod",
      /only for Postgres, MySQL, Snowflake, Redshift, ClickHouse, MotherDuck, Trino/,
    ],
    [{ sourceType: "Postgres", accessMethod: "direct" }, "prefix", /required when accessMethod is "direct"/],
    [{ schemas: [] }, "schemas", /at least one table/],
    [
      { schemas: [{ name: "Customer", syncType: "increm" }] },
      "schemas[0].syncType",
      /allowed values: full_refresh, incremental, append, webhook, cdc, xmin/,
    ],
    [
      { schemas: [{ name: "Customer", syncFrequency: "2hour" }] },
      "schemas[0].syncFrequency",
      /allowed values: never, 5min.*30day/,
    ],
    [{ schemas: [{ name: "Customer", syncTimeOfDay: "2:00" }] }, "schemas[0].syncTimeOfDay", /HH:MM:SS/],
    [{ schemas: [{ name: "Customer", syncTimeOfDay: "24:00:00" }] }, "schemas[0].syncTimeOfDay", /HH:MM:SS/],
    [
      { schemas: [{ name: "Customer", cdcTableMode: "all" }] },
      "schemas[0].cdcTableMode",
      /consolidated, cdc_only, both/,
    ],
    [
      {
        schemas: [
          {
            name: "Customer",
            syncType: "incremental",
            incrementalField: "created",
            incrementalFieldType: "bigint",
          },
        ],
      },
      "schemas[0].incrementalFieldType",
      /integer, numeric, datetime/,
    ],
    [
      { schemas: [{ name: "Customer", syncType: "incremental" }] },
      "schemas[0].incrementalField",
      /required when syncType is "incremental"/,
    ],
    [
      { schemas: [{ name: "Customer", syncType: "cdc" }] },
      "schemas[0].primaryKeyColumns",
      /CDC requires a primary key/,
    ],
    [
      { schemas: [{ name: "Customer", syncType: "full_refresh", primaryKeyColumns: ["id"] }] },
      "schemas[0].primaryKeyColumns",
      /applies only to syncType/,
    ],
    [
      { schemas: [{ name: "Customer", syncType: "xmin", primaryKeyColumns: ["id"] }] },
      "schemas[0].syncType",
      /only available for Postgres/,
    ],
    [{ schemas: [{ name: "Customer" }, { name: "Customer" }] }, "schemas[1].name", /declared twice/],
    [{ schemas: [{ shouldSync: true }] }, "schemas[0].name", /required/],
    [
      { jobInputs: {} },
      "jobInputs.auth_method",
      /is required for Stripe sources: an object \{ selection: "api_key", stripe_secret_key \}/,
    ],
    [{ jobInputs: undefined }, "jobInputs", /required/],
  ])("%j fails on %s", (change, property, reason) => {
    const failures = failuresOf({ ...STRIPE, ...change });
    const failure = failures.find((f) => f.property === property);
    expect(failure).toBeDefined();
    expect(failure?.reason).toMatch(reason);
  });

  it("an incremental table may leave its field type to PostHog (looked up at create), as the README shows", () => {
    const table = { name: "Customer", syncType: "append", incrementalField: "created" };
    expect(failuresOf({ ...STRIPE, schemas: [table] })).toEqual([]);
  });

  it("a prefix between underscores is fine; a direct MySQL source is allowed", () => {
    expect(failuresOf({ ...STRIPE, prefix: "_stripe_" })).toEqual([]);
    const mysql = { host: "h", port: 3306, database: "d", user: "u", password: "p" };
    expect(
      failuresOf({ sourceType: "MySQL", accessMethod: "direct", prefix: "Shop DB", jobInputs: mysql }),
    ).toEqual([]);
  });

  it("a direct Postgres source's prefix is its name: any text", () => {
    const pg = { host: "h", port: 5432, database: "d", user: "u", password: "p" };
    expect(
      failuresOf({
        sourceType: "Postgres",
        accessMethod: "direct",
        prefix: "Prod DB (read-only)",
        jobInputs: pg,
      }),
    ).toEqual([]);
  });

  it("never puts a jobInputs value into a failure", () => {
    const failures = failuresOf({
      sourceType: "Postgres",
      jobInputs: { host: "db.internal", password: "hunter2-secret" },
    });
    expect(failures).toHaveLength(3);
    expect(JSON.stringify(failures)).not.toMatch(/hunter2|db\.internal/);
  });

  it("tolerates the unknown placeholder anywhere, including non-string fields", () => {
    const result = checkSourceInputs(
      {
        projectId: UNKNOWN,
        sourceType: UNKNOWN,
        prefix: UNKNOWN,
        description: UNKNOWN,
        jobInputs: { auth_method: { selection: "api_key", stripe_secret_key: UNKNOWN } },
        schemas: [
          UNKNOWN,
          {
            name: UNKNOWN,
            shouldSync: UNKNOWN,
            syncType: UNKNOWN,
            primaryKeyColumns: UNKNOWN,
            syncFrequency: UNKNOWN,
          },
          {
            name: "Charge",
            syncType: "incremental",
            incrementalField: UNKNOWN,
            incrementalFieldType: UNKNOWN,
          },
        ],
      },
      opts,
    );
    expect(result.failures).toEqual([]);
    expect(
      checkSourceInputs({ sourceType: "Stripe", jobInputs: UNKNOWN, schemas: UNKNOWN }, opts).failures,
    ).toEqual([]);
  });

  it("needs a project from the inputs or the config", () => {
    expect(checkSourceInputs(STRIPE, {}).failures).toEqual([
      { property: "projectId", reason: expect.stringContaining("posthog:projectId") },
    ]);
    expect(checkSourceInputs({ ...STRIPE, projectId: "7" }, {}).inputs.projectId).toBe("7");
  });

  it("adopting a source skips the required jobInputs and leaves accessMethod to the source", () => {
    const result = checkSourceInputs({ sourceType: "Stripe", jobInputs: {}, existingSourceId: "abc" }, opts);
    expect(result.failures).toEqual([]);
    expect(result.inputs.accessMethod).toBeUndefined();
  });
});

describe("checkSchemaInputs", () => {
  const base = { sourceId: "src", name: "orders" };
  it("defaults shouldSync and deleteDataOnDestroy; the incremental field type may be left to PostHog", () => {
    const result = checkSchemaInputs(
      { ...base, syncType: "incremental", incrementalField: "updated_at" },
      opts,
    );
    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject({ projectId: "1", shouldSync: true, deleteDataOnDestroy: false });
  });
  it.each([
    [{ sourceId: undefined }, "sourceId"],
    [{ name: "" }, "name"],
    [{ syncType: "incremental" }, "incrementalField"],
    [{ syncType: "cdc" }, "primaryKeyColumns"],
    [{ deleteDataOnDestroy: "yes" }, "deleteDataOnDestroy"],
    [{ syncFrequency: "hourly" }, "syncFrequency"],
  ])("%j fails on %s", (change, property) => {
    expect(checkSchemaInputs({ ...base, ...change }, opts).failures.map((f) => f.property)).toContain(
      property,
    );
  });
});

describe("checkWebhookInputs", () => {
  it("needs a source id", () => {
    expect(checkWebhookInputs({}, opts).failures.map((f) => f.property)).toEqual(["sourceId"]);
    expect(checkWebhookInputs({ sourceId: UNKNOWN }, opts).failures).toEqual([]);
  });
});
