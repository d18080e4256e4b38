/**
 * What a table supports comes from PostHog (database_schema before create, incremental_fields
 * after), never from a per-source list; a label resolves to the stored field and field_type, and
 * the state shows it as declared so a refresh makes no diff.
 */
import type { ApiSchema } from "../../provider/posthog/api/types";
import { declaredForm, storedForm } from "../../provider/posthog/schema/field-resolution";
import { rowHasPatch } from "../../provider/posthog/schema/settings";
import {
  resolveTable,
  supportFromDiscovery,
  supportFromIncrementalFields,
} from "../../provider/posthog/schema/table-support";
import { projectTables, tableChanges } from "../../provider/posthog/source/table-plan";

const appendOnly = supportFromDiscovery({
  table: "Charge",
  incremental_fields: [{ label: "Created at", type: "datetime", field: "created", field_type: "integer" }],
  incremental_available: false,
  append_available: true,
});

describe("resolveTable", () => {
  it("a sync type the table does not support fails, naming the table and what it supports", () => {
    expect(() =>
      resolveTable("Charge", { syncType: "incremental", incrementalField: "created" }, appendOnly),
    ).toThrow(
      'table "Charge" cannot sync with syncType "incremental": it supports syncType full_refresh, append; ' +
        'incremental fields: created ("Created at") (integer)',
    );
  });

  it("a label becomes the stored field, the type comes from field_type", () => {
    const { settings, resolution } = resolveTable(
      "Charge",
      { syncType: "append", incrementalField: "Created at" },
      appendOnly,
    );
    expect(settings).toEqual({
      syncType: "append",
      incrementalField: "created",
      incrementalFieldType: "integer",
    });
    expect(resolution).toEqual({ declared: "Created at", field: "created", fieldType: "integer" });
  });

  it("an unknown field lists the fields; a type PostHog does not store is refused", () => {
    expect(() =>
      resolveTable("Charge", { syncType: "append", incrementalField: "updated" }, appendOnly),
    ).toThrow(
      /incrementalField "updated" of table "Charge" is not a field it can sync incrementally on; .*created/,
    );
    expect(() =>
      resolveTable(
        "Charge",
        { syncType: "append", incrementalField: "created", incrementalFieldType: "date" },
        appendOnly,
      ),
    ).toThrow(/declare "integer" or leave the type out/);
  });

  it("incremental_fields answers say the same", () => {
    const support = supportFromIncrementalFields({
      incremental_fields: [],
      incremental_available: false,
      append_available: false,
      full_refresh_available: true,
    });
    expect(() => resolveTable("t", { syncType: "append", incrementalField: "x" }, support)).toThrow(
      /cannot sync with syncType "append": it supports syncType full_refresh; no incremental fields/,
    );
  });
});

describe("state of a resolved table", () => {
  const declared = {
    name: "Charge",
    shouldSync: true,
    syncType: "append" as const,
    incrementalField: "Created at",
  };
  const resolutions = { Charge: { declared: "Created at", field: "created", fieldType: "integer" } };
  const row: ApiSchema = {
    id: "1",
    name: "Charge",
    should_sync: true,
    sync_type: "append",
    incremental_field: "created",
    incremental_field_type: "integer",
  };

  it("PostHog's row is shown as declared (no diff), and sends nothing again", () => {
    const rows = new Map([["Charge", row]]);
    expect(projectTables([declared], rows, undefined, resolutions)).toEqual([declared]);
    expect(tableChanges([declared], [declared], rows, resolutions, resolutions)).toEqual([]);
  });

  it("the stored form is what is sent, the declared form what is shown", () => {
    expect(storedForm(declared, resolutions.Charge)).toMatchObject({
      incrementalField: "created",
      incrementalFieldType: "integer",
    });
    expect(
      declaredForm(
        { incrementalField: "created", incrementalFieldType: "integer" },
        declared,
        resolutions.Charge,
      ),
    ).toEqual({
      incrementalField: "Created at",
    });
    // A changed declaration no longer uses the old resolution.
    expect(
      storedForm({ ...declared, incrementalField: "updated" }, resolutions.Charge).incrementalField,
    ).toBe("updated");
  });

  it("a read-back row holds a patch when every value is stored (never = null)", () => {
    expect(
      rowHasPatch({ ...row, sync_frequency: null }, { sync_frequency: "never", should_sync: true }),
    ).toBe(true);
    expect(rowHasPatch(row, { should_sync: false })).toBe(false);
  });
});
