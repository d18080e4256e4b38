/** camelCase <-> snake_case settings; only declared fields are sent or compared. */
import {
  changedSettingNames,
  projectSettings,
  settingsFromApi,
  settingsPatch,
  toApiSettings,
} from "../../provider/posthog/schema/settings";

describe("schema settings mapping", () => {
  it("maps every declared setting to the API's field, and nothing else", () => {
    expect(
      toApiSettings({
        shouldSync: true,
        syncType: "incremental",
        incrementalField: "created",
        incrementalFieldType: "integer",
        primaryKeyColumns: ["id"],
        syncFrequency: "never",
        syncTimeOfDay: "02:00:00",
        cdcTableMode: "consolidated",
      }),
    ).toEqual({
      should_sync: true,
      sync_type: "incremental",
      incremental_field: "created",
      incremental_field_type: "integer",
      primary_key_columns: ["id"],
      sync_frequency: "never",
      sync_time_of_day: "02:00:00",
      cdc_table_mode: "consolidated",
    });
    expect(toApiSettings({ syncFrequency: "1hour" })).toEqual({ sync_frequency: "1hour" });
  });

  it("reads API rows back: null dropped, a null frequency is `never`", () => {
    expect(
      settingsFromApi({
        should_sync: false,
        sync_type: null,
        sync_frequency: null,
        incremental_field: null,
        cdc_table_mode: "consolidated",
      }),
    ).toEqual({ shouldSync: false, syncFrequency: "never", cdcTableMode: "consolidated" });
  });

  it("projects PostHog's values on the declared settings only", () => {
    const remote = settingsFromApi({
      should_sync: true,
      sync_type: "full_refresh",
      sync_frequency: "6hour",
      cdc_table_mode: "consolidated",
    });
    expect(projectSettings({ shouldSync: true, syncFrequency: "1hour" }, remote)).toEqual({
      shouldSync: true,
      syncFrequency: "6hour",
    });
  });

  it("an undefined declared field is never a change", () => {
    expect(
      changedSettingNames({ syncFrequency: "1hour" }, { syncFrequency: "1hour", syncType: "append" }),
    ).toEqual([]);
    expect(changedSettingNames({ syncFrequency: "6hour" }, { syncFrequency: "1hour" })).toEqual([
      "syncFrequency",
    ]);
  });

  it("sends the sync type along with settings that depend on it", () => {
    const declared = {
      syncType: "incremental" as const,
      incrementalField: "updated_at",
      incrementalFieldType: "datetime" as const,
    };
    const current = {
      syncType: "incremental" as const,
      incrementalField: "created",
      incrementalFieldType: "datetime" as const,
    };
    expect(settingsPatch(declared, current)).toEqual({
      sync_type: "incremental",
      incremental_field: "updated_at",
    });
  });

  it("enabling a row PostHog has no sync type for sets full_refresh (only when the row is known)", () => {
    expect(settingsPatch({ shouldSync: true }, { shouldSync: false }, { currentIsRemoteRow: true })).toEqual({
      should_sync: true,
      sync_type: "full_refresh",
    });
    expect(
      settingsPatch(
        { shouldSync: true },
        { shouldSync: false, syncType: "append" },
        { currentIsRemoteRow: true },
      ),
    ).toEqual({
      should_sync: true,
    });
  });
});
