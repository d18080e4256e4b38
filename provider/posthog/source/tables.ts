/**
 * Applies a source's declared tables with the fewest calls: one bulk_update_schemas with only the
 * tables and settings that change; PostHog's rows are fetched only when needed (added tables,
 * tables enabled without a sync type) and refresh_schemas runs only for a table with no known id.
 */
import type { ApiSchema, ApiSchemaBulkEntry } from "../api/types";
import type { PosthogClient } from "../api/client";
import { rowsByName } from "../schema/settings";
import type { DeclaredTable } from "./model";
import { mergeRows, schemaIdsOf } from "./state";
import { tableChanges, tableNeeds } from "./table-plan";
import { isApiError } from "../../http";
import { reportProgress } from "../../progress";
import { resolutionApplies, type FieldResolutions } from "../schema/field-resolution";
import { resolveTable, supportFromIncrementalFields } from "../schema/table-support";

/** What PostHog has after the tables were applied. */
export interface AppliedTables {
  /** PostHog's rows as last seen (fetched or given, with the bulk update's answers merged), or
   * only the rows the bulk update returned when nothing was fetched. */
  rows: ApiSchema[];
  /** Table name -> schema id: the known ids plus every id seen. */
  schemaIds: Record<string, string>;
  /** How the declared incremental fields resolved (the known ones plus those looked up). */
  resolutions: FieldResolutions;
}

/**
 * bulk_update_schemas saves each schema on its own: when PostHog refuses some entries (400, or
 * 503 on a database error) the others are applied. This error carries PostHog's rows as read
 * back after the refusal, so the state records what was applied and nothing is sent again blindly.
 */
export class TablesNotAllApplied extends Error {
  constructor(
    readonly refusal: unknown,
    readonly applied: AppliedTables,
  ) {
    super(refusal instanceof Error ? refusal.message : String(refusal));
  }
}

/** What is already known about the source's tables. */
export interface KnownTables {
  schemaIds: Record<string, string>;
  /** PostHog's full rows, when the caller has just read them. */
  rows?: ApiSchema[];
}

/** Error for declared tables the source does not have, listing those it has. */
export function tablesNotFoundError(missing: string[], rows: readonly ApiSchema[]): Error {
  const available = rows.map((row) => row.name).sort();
  return new Error(
    `table${missing.length > 1 ? "s" : ""} ${missing.map((n) => `"${n}"`).join(", ")} not found in the source ` +
      `(after refresh_schemas); it has: ${available.length ? available.join(", ") : "no tables"}`,
  );
}

/**
 * Brings the source's tables to `declared`. `previous` is the declared list of the state
 * (undefined at create/adoption, where every declared table is compared with PostHog's row).
 */
export async function applyTables(
  client: PosthogClient,
  sourceId: string,
  declared: DeclaredTable[] | undefined,
  previous: DeclaredTable[] | undefined,
  known: KnownTables,
  knownResolutions: FieldResolutions = {},
  previousResolutions: FieldResolutions = {},
): Promise<AppliedTables> {
  let rows = known.rows;
  let schemaIds = { ...known.schemaIds, ...schemaIdsOf(rows) };
  const resolutions: FieldResolutions = { ...knownResolutions };
  if (declared === undefined) return { rows: rows ?? [], schemaIds, resolutions };

  const declaredNames = new Set(declared.map((table) => table.name));
  const needs = rows ? { touched: [...declaredNames], needsRows: false } : tableNeeds(declared, previous);
  const wanted = needs.touched.filter((name) => declaredNames.has(name));
  let refreshed = false;

  const fetchRows = async (refresh: boolean): Promise<ApiSchema[]> => {
    if (refresh) {
      await client.refreshSchemas(sourceId);
      refreshed = true;
    }
    const fetched = (await client.getSource(sourceId)).schemas ?? [];
    schemaIds = { ...schemaIds, ...schemaIdsOf(fetched) };
    return fetched;
  };

  const unknownIds = wanted.filter((name) => !(name in schemaIds));
  if (!rows && (needs.needsRows || unknownIds.length > 0)) rows = await fetchRows(unknownIds.length > 0);
  if (rows) {
    const present = rowsByName(rows);
    if (wanted.some((name) => !present.has(name)) && !refreshed) rows = await fetchRows(true);
    const absent = wanted.filter((name) => !rowsByName(rows).has(name));
    if (absent.length > 0) throw tablesNotFoundError(absent, rows);
  }

  // What each table with a new incremental field supports, asked of PostHog (one call per table).
  for (const table of declared) {
    if (!wanted.includes(table.name) || table.incrementalField === undefined) continue;
    if (resolutionApplies(resolutions[table.name], table) || schemaIds[table.name] === undefined) continue;
    if (rowHolds(rows, table) || sameIncrementalSettings(previous, table)) continue;
    const support = supportFromIncrementalFields(await client.incrementalFields(schemaIds[table.name]));
    const { resolution } = resolveTable(table.name, table, support);
    if (resolution) resolutions[table.name] = resolution;
  }

  const changes = tableChanges(
    declared,
    previous,
    rows ? rowsByName(rows) : undefined,
    resolutions,
    previousResolutions,
  );
  const entries: ApiSchemaBulkEntry[] = changes
    .filter((change) => schemaIds[change.name] !== undefined)
    .map((change) => ({ id: schemaIds[change.name], ...change.patch }));
  if (entries.length === 0) return { rows: rows ?? [], schemaIds, resolutions };
  const subject = `posthog source ${sourceId}`;
  reportProgress(subject, `applying the settings of ${entries.length} table(s)`);
  let updated: ApiSchema[];
  try {
    updated = await client.bulkUpdateSchemas(sourceId, entries);
  } catch (error) {
    if (!isApiError(error) || ![400, 503].includes(error.status)) throw error;
    // Some entries may be applied: read back what PostHog has before anything is sent again.
    const readBack = await fetchRows(false).catch(() => undefined);
    if (!readBack) throw error;
    throw new TablesNotAllApplied(error, { rows: readBack, schemaIds, resolutions });
  }
  reportProgress(subject, `${updated.length} table(s) applied`);
  return {
    rows: rows ? mergeRows(rows, updated) : updated,
    schemaIds: { ...schemaIds, ...schemaIdsOf(updated) },
    resolutions,
  };
}

/** True when PostHog's row already syncs the table as declared (nothing to look up). */
function rowHolds(rows: readonly ApiSchema[] | undefined, table: DeclaredTable): boolean {
  const row = rows?.find((r) => r.name === table.name);
  if (!row || row.incremental_field !== table.incrementalField) return false;
  if (table.syncType !== undefined && row.sync_type !== table.syncType) return false;
  return table.incrementalFieldType === undefined
    ? Boolean(row.incremental_field_type)
    : row.incremental_field_type === table.incrementalFieldType;
}

/** True when the state already holds these incremental settings for the table (applied before). */
function sameIncrementalSettings(
  previous: readonly DeclaredTable[] | undefined,
  table: DeclaredTable,
): boolean {
  const old = previous?.find((t) => t.name === table.name);
  return (
    old !== undefined &&
    old.incrementalField === table.incrementalField &&
    old.incrementalFieldType === table.incrementalFieldType &&
    old.syncType === table.syncType
  );
}
