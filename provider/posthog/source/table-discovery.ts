/**
 * Before a source is created: what each declared table supports, asked of PostHog
 * (`POST external_data_sources/database_schema/` with the source's settings; nothing is created).
 * A declared sync type a table does not support, or an incremental field it does not have, fails
 * here, before anything exists, naming the table and what it supports; a field declared by its
 * label, or without a type, is resolved to what PostHog stores.
 *
 * A PostHog without the endpoint (404/405) leaves the check to after the create: tables whose
 * incremental field cannot be resolved are then created disabled and set up from their own
 * `incremental_fields` answer (source/tables.ts).
 */
import { isApiError } from "../../http";
import type { PosthogClient } from "../api/client";
import type { FieldResolutions } from "../schema/field-resolution";
import { resolveTable, supportFromDiscovery } from "../schema/table-support";
import type { SourceInputs } from "./model";

/** PostHog instances (host + project) of this process that have no discovery endpoint. */
const unavailableAt = new Set<string>();

/** What discovery found out: the resolutions, or that it could not be asked. */
export interface DiscoveryResult {
  available: boolean;
  resolutions: FieldResolutions;
}

/** True when a declared table's settings depend on what the table supports. */
const needsSupport = (table: { syncType?: string; incrementalField?: string }): boolean =>
  table.incrementalField !== undefined || (table.syncType !== undefined && table.syncType !== "full_refresh");

/** Checks the declared tables against PostHog's discovery of them; throws naming the table. */
export async function discoverDeclaredTables(
  client: PosthogClient,
  inputs: SourceInputs,
): Promise<DiscoveryResult> {
  const tables = inputs.schemas ?? [];
  if (!tables.some(needsSupport)) return { available: false, resolutions: {} };
  if (unavailableAt.has(client.scope)) return { available: false, resolutions: {} };
  let discovered;
  try {
    discovered = await client.discoverTables(inputs.sourceType, inputs.jobInputs);
  } catch (error) {
    if (isApiError(error) && [404, 405].includes(error.status)) {
      unavailableAt.add(client.scope);
      return { available: false, resolutions: {} };
    }
    throw error;
  }
  const byName = new Map(discovered.map((row) => [row.table, row]));
  const resolutions: FieldResolutions = {};
  const missing: string[] = [];
  for (const table of tables) {
    const row = byName.get(table.name);
    if (!row) {
      missing.push(table.name);
      continue;
    }
    if (!needsSupport(table)) continue;
    const { resolution } = resolveTable(table.name, table, supportFromDiscovery(row));
    if (resolution) resolutions[table.name] = resolution;
  }
  if (missing.length > 0) {
    const available = [...byName.keys()].sort();
    throw new Error(
      `table${missing.length > 1 ? "s" : ""} ${missing.map((n) => `"${n}"`).join(", ")} not found in the ` +
        `${inputs.sourceType} source; it has: ${available.join(", ") || "no tables"}`,
    );
  }
  return { available: true, resolutions };
}
