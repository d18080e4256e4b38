/**
 * Which tables of a source change, and how (pure). Works from the declared tables, the previous
 * declared tables (from state; undefined at create) and, when fetched, PostHog's rows.
 */
import type { ApiSchema, ApiSchemaSettings } from "../api/types";
import {
  isEmptyPatch,
  projectSettings,
  sameDeclaredSettings,
  settingsFromApi,
  settingsPatch,
  type TableSettings,
} from "../schema/settings";
import type { DeclaredTable } from "./model";
import { declaredForm, storedForm, type FieldResolutions } from "../schema/field-resolution";

/** The settings one table gets. */
export interface TableChange {
  name: string;
  patch: ApiSchemaSettings;
}

/** What an update needs to know before it can build the changes. */
export interface TableNeeds {
  /** Tables whose settings are sent (declared and changed, added, or removed from the list). */
  touched: string[];
  /** True when PostHog's current rows are needed (added tables, tables enabled without a sync type). */
  needsRows: boolean;
}

function byName<T extends { name: string }>(tables: readonly T[] | undefined): Map<string, T> {
  return new Map((tables ?? []).map((table) => [table.name, table]));
}

/** Tables in `previous` but no longer declared (and not already disabled). */
function removedTables(
  declared: readonly DeclaredTable[],
  previous: readonly DeclaredTable[] | undefined,
): DeclaredTable[] {
  const names = new Set(declared.map((table) => table.name));
  return (previous ?? []).filter((table) => !names.has(table.name) && table.shouldSync !== false);
}

/** What an update of the declared tables from `previous` needs. */
export function tableNeeds(
  declared: readonly DeclaredTable[] | undefined,
  previous: readonly DeclaredTable[] | undefined,
): TableNeeds {
  if (declared === undefined) return { touched: [], needsRows: false };
  const prev = byName(previous);
  const touched: string[] = [];
  let needsRows = false;
  for (const table of declared) {
    const old = prev.get(table.name);
    if (old !== undefined && sameDeclaredSettings(table, old)) continue;
    touched.push(table.name);
    const enablingUntyped =
      table.shouldSync === true && old?.shouldSync !== true && table.syncType === undefined;
    if (old === undefined || enablingUntyped) needsRows = true;
  }
  touched.push(...removedTables(declared, previous).map((table) => table.name));
  return { touched, needsRows };
}

/**
 * The changes that bring PostHog to the declared tables. Compared against PostHog's row when
 * `rows` has it, else against the previous declared settings; tables dropped from the list get
 * `should_sync: false`. Empty patches are left out.
 */
export function tableChanges(
  declared: readonly DeclaredTable[] | undefined,
  previous: readonly DeclaredTable[] | undefined,
  rows?: ReadonlyMap<string, ApiSchema>,
  resolutions: FieldResolutions = {},
  previousResolutions: FieldResolutions = {},
): TableChange[] {
  if (declared === undefined) return [];
  const prev = byName(previous);
  const changes: TableChange[] = [];
  for (const declaredTable of declared) {
    const table = storedForm(declaredTable, resolutions[declaredTable.name]);
    const row = rows?.get(table.name);
    const old = prev.get(table.name);
    const patch = row
      ? settingsPatch(table, settingsFromApi(row), { currentIsRemoteRow: true })
      : settingsPatch(table, old && storedForm(old, previousResolutions[table.name]));
    if (!isEmptyPatch(patch)) changes.push({ name: table.name, patch });
  }
  for (const table of removedTables(declared, previous)) {
    const row = rows?.get(table.name);
    if (rows && (!row || row.should_sync === false)) continue;
    changes.push({ name: table.name, patch: { should_sync: false } });
  }
  return changes;
}

/**
 * The declared tables with the values PostHog has for their declared settings: from `rows` when
 * a row is there, else from `previous` (state), else the name alone (settings still to apply).
 */
export function projectTables(
  declared: readonly DeclaredTable[] | undefined,
  rows: ReadonlyMap<string, ApiSchema>,
  previous?: readonly DeclaredTable[],
  resolutions: FieldResolutions = {},
): DeclaredTable[] | undefined {
  if (declared === undefined) return undefined;
  const prev = byName(previous);
  return declared.map((table) => {
    const row = rows.get(table.name);
    if (!row) {
      const known: TableSettings | undefined = prev.get(table.name);
      return { ...(known ? projectSettings(table, known) : {}), name: table.name };
    }
    // Compared in PostHog's form (the stored field and type), shown in the declared one.
    const resolution = resolutions[table.name];
    const projected = projectSettings(storedForm(table, resolution), settingsFromApi(row));
    return { ...declaredForm(projected, table, resolution), name: table.name };
  });
}
