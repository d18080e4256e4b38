/**
 * Applies a source's declared tables with the fewest calls: one bulk_update_schemas with only the
 * tables and settings that change; PostHog's rows are fetched only when needed (added tables,
 * tables enabled without a sync type) and refresh_schemas runs only for a table with no known id.
 */
import type { ApiSchema, ApiSchemaBulkEntry } from "./api-types";
import type { PosthogClient } from "./client";
import { rowsByName } from "./schema-settings";
import type { DeclaredTable } from "./source-model";
import { mergeRows, schemaIdsOf } from "./source-state";
import { tableChanges, tableNeeds } from "./table-plan";
import { reportProgress } from "../progress";

/** What PostHog has after the tables were applied. */
export interface AppliedTables {
  /** PostHog's rows as last seen (fetched or given, with the bulk update's answers merged), or
   * only the rows the bulk update returned when nothing was fetched. */
  rows: ApiSchema[];
  /** Table name -> schema id: the known ids plus every id seen. */
  schemaIds: Record<string, string>;
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
): Promise<AppliedTables> {
  let rows = known.rows;
  let schemaIds = { ...known.schemaIds, ...schemaIdsOf(rows) };
  if (declared === undefined) return { rows: rows ?? [], schemaIds };

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

  const changes = tableChanges(declared, previous, rows ? rowsByName(rows) : undefined);
  const entries: ApiSchemaBulkEntry[] = changes
    .filter((change) => schemaIds[change.name] !== undefined)
    .map((change) => ({ id: schemaIds[change.name], ...change.patch }));
  if (entries.length === 0) return { rows: rows ?? [], schemaIds };
  const subject = `posthog source ${sourceId}`;
  reportProgress(subject, `applying the settings of ${entries.length} table(s)`);
  const updated = await client.bulkUpdateSchemas(sourceId, entries);
  reportProgress(subject, `${updated.length} table(s) applied`);
  return {
    rows: rows ? mergeRows(rows, updated) : updated,
    schemaIds: { ...schemaIds, ...schemaIdsOf(updated) },
  };
}
