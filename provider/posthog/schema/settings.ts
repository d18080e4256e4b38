/**
 * A table's sync settings: the camelCase form users declare <-> the API's snake_case form.
 *
 * Rule: only declared fields are managed. A field left undefined in the program is never sent
 * and never diffed; PostHog keeps whatever it has.
 */
import type { ApiSchema, ApiSchemaSettings } from "../api/types";
import type { CdcTableMode, IncrementalFieldType, SyncFrequency, SyncType } from "../api/enums";
import { deepEqual } from "../common/values";

/** One table's sync settings as declared (every field optional: undefined = not managed). */
export interface TableSettings {
  /** Whether the table syncs. */
  shouldSync?: boolean;
  /** How the table syncs. */
  syncType?: SyncType;
  /** Column used to sync incrementally (incremental and append sync). */
  incrementalField?: string;
  /** Type of `incrementalField`. */
  incrementalFieldType?: IncrementalFieldType;
  /** Primary key columns (cdc needs them; they cannot change once data was synced). */
  primaryKeyColumns?: string[];
  /** How often the table syncs (`never` turns the schedule off). */
  syncFrequency?: SyncFrequency;
  /** UTC time of day the sync runs, `HH:MM:SS`. */
  syncTimeOfDay?: string;
  /** What a cdc table keeps. */
  cdcTableMode?: CdcTableMode;
}

/** The name of one setting. */
export type SettingName = keyof TableSettings;

/** camelCase setting -> API field, in the order they are sent. */
export const SETTING_API_FIELDS = {
  shouldSync: "should_sync",
  syncType: "sync_type",
  incrementalField: "incremental_field",
  incrementalFieldType: "incremental_field_type",
  primaryKeyColumns: "primary_key_columns",
  syncFrequency: "sync_frequency",
  syncTimeOfDay: "sync_time_of_day",
  cdcTableMode: "cdc_table_mode",
} as const satisfies Record<SettingName, keyof ApiSchemaSettings>;

/** Every setting name. */
export const SETTING_NAMES = Object.keys(SETTING_API_FIELDS) as SettingName[];

/** Settings the source create call does not take (they follow in one bulk_update_schemas). */
export const SETTINGS_NOT_TAKEN_AT_CREATE: readonly SettingName[] = ["syncFrequency"];

/** Settings PostHog applies only together with (or according to) the sync type. */
const SETTINGS_NEEDING_SYNC_TYPE: readonly SettingName[] = [
  "incrementalField",
  "incrementalFieldType",
  "primaryKeyColumns",
  "cdcTableMode",
];

/** Sync type set when a table is enabled without a declared sync type while PostHog has none. */
export const DEFAULT_ENABLE_SYNC_TYPE: SyncType = "full_refresh";

/** The settings declared in `settings` (defined values only). */
export function declaredSettingNames(settings: TableSettings): SettingName[] {
  return SETTING_NAMES.filter((name) => settings[name] !== undefined);
}

/** The API form of the declared settings (or only of `names`). */
export function toApiSettings(
  settings: TableSettings,
  names: readonly SettingName[] = SETTING_NAMES,
): ApiSchemaSettings {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const value = settings[name];
    if (value !== undefined) out[SETTING_API_FIELDS[name]] = Array.isArray(value) ? [...value] : value;
  }
  return out as ApiSchemaSettings;
}

/** Every setting of an API schema row in camelCase; `null` becomes undefined, a null frequency `never`. */
export function settingsFromApi(row: ApiSchemaSettings): TableSettings {
  const out: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) {
    const field = SETTING_API_FIELDS[name];
    if (!(field in row)) continue;
    const value = row[field];
    if (name === "syncFrequency" && value === null) out[name] = "never";
    else if (value !== null && value !== undefined) out[name] = Array.isArray(value) ? [...value] : value;
  }
  return out as TableSettings;
}

/** The remote values of exactly the settings `declared` declares (absent where PostHog has none). */
export function projectSettings(declared: TableSettings, remote: TableSettings): TableSettings {
  const out: Record<string, unknown> = {};
  for (const name of declaredSettingNames(declared)) {
    if (remote[name] !== undefined) out[name] = remote[name];
  }
  return out as TableSettings;
}

/** Declared settings whose value differs from `current` (undefined declared values never differ). */
export function changedSettingNames(
  declared: TableSettings,
  current: TableSettings | undefined,
): SettingName[] {
  return declaredSettingNames(declared).filter((name) => !deepEqual(declared[name], current?.[name]));
}

/** True when the same settings are declared with the same values. */
export function sameDeclaredSettings(a: TableSettings, b: TableSettings): boolean {
  const names = new Set([...declaredSettingNames(a), ...declaredSettingNames(b)]);
  return [...names].every((name) => deepEqual(a[name], b[name]));
}

/**
 * The API changes that bring a table from `current` to `declared`: the declared settings that
 * differ, plus the companions PostHog needs in the same request:
 * - `sync_type` whenever settings that depend on it are sent and a sync type is declared
 *   (PostHog refuses incremental settings on a non-incremental schema without it);
 * - when `currentIsRemoteRow` (i.e. `current` holds every setting PostHog has) and the table gets
 *   enabled while PostHog has no sync type and none is declared: DEFAULT_ENABLE_SYNC_TYPE (PostHog
 *   refuses to enable a schema whose sync type is not set up).
 * `names` limits which declared settings are considered (e.g. those create did not take).
 */
export function settingsPatch(
  declared: TableSettings,
  current: TableSettings | undefined,
  options: { currentIsRemoteRow?: boolean; names?: readonly SettingName[] } = {},
): ApiSchemaSettings {
  const allowed = options.names ?? SETTING_NAMES;
  const changed = changedSettingNames(declared, current).filter((name) => allowed.includes(name));
  const send = new Set<SettingName>(changed);
  if (SETTINGS_NEEDING_SYNC_TYPE.some((name) => send.has(name)) && declared.syncType !== undefined) {
    send.add("syncType");
  }
  const patch = toApiSettings(
    declared,
    SETTING_NAMES.filter((name) => send.has(name)),
  );
  const enabling = patch.should_sync === true && current?.shouldSync !== true;
  if (
    options.currentIsRemoteRow &&
    enabling &&
    declared.syncType === undefined &&
    current?.syncType === undefined
  ) {
    patch.sync_type = DEFAULT_ENABLE_SYNC_TYPE;
  }
  return patch;
}

/** True when a patch sends nothing. */
export function isEmptyPatch(patch: ApiSchemaSettings): boolean {
  return Object.keys(patch).length === 0;
}

/** The schema rows of a source by table name. */
export function rowsByName(rows: readonly ApiSchema[] | undefined): Map<string, ApiSchema> {
  return new Map((rows ?? []).map((row) => [row.name, row]));
}

/** True when `row` already holds every value of `patch` (PostHog stores `never` as null). */
export function rowHasPatch(row: ApiSchemaSettings, patch: ApiSchemaSettings): boolean {
  return Object.entries(patch).every(([field, value]) => {
    const stored = row[field as keyof ApiSchemaSettings];
    if (field === "sync_frequency" && value === "never") return stored === null || stored === "never";
    return deepEqual(stored ?? null, value ?? null);
  });
}
