/**
 * The schema rows of each source, read once and shared by the ExternalDataSchema creates of one
 * provider process (a `pulumi up` declaring 200 tables reads the source once, not 200 times).
 * The rows serve to find each table's id and its current settings just before PATCHing them, so
 * they must never be older than our own writes: every PATCH answer is written through into the
 * cached rows ({@link rememberRows}), and a PATCH that failed (it may have been applied) drops the
 * source's rows ({@link forgetRows}). A table not found triggers a fresh read, so the short window
 * cannot hide a table.
 */
import type { ApiSchema } from "../api/types";
import { isNotFound, type PosthogClient } from "../api/client";

/** How long rows read once serve later creates. */
export const SHARED_ROWS_TTL_MS = 5_000;

const sharedRows = new Map<string, { readAt: number; rows: Promise<ApiSchema[]> }>();

/** Identifies a source across projects and hosts: the key of the per-source state of this process. */
export const sourceKey = (client: PosthogClient, sourceId: string) => `${client.scope}|${sourceId}`;

/** The schema rows of a source: shared with concurrent creates (single flight), or read afresh. */
export function sourceRows(client: PosthogClient, sourceId: string, fresh: boolean): Promise<ApiSchema[]> {
  const key = sourceKey(client, sourceId);
  const cached = sharedRows.get(key);
  if (!fresh && cached && Date.now() - cached.readAt < SHARED_ROWS_TTL_MS) return cached.rows;
  const rows = client.getSource(sourceId).then(
    (source) => source.schemas ?? [],
    (error: unknown) => {
      if (isNotFound(error)) throw new Error(`source "${sourceId}" not found in project ${client.projectId}`);
      throw error;
    },
  );
  const entry = { readAt: Date.now(), rows };
  sharedRows.set(key, entry);
  rows.catch(() => sharedRows.get(key) === entry && sharedRows.delete(key));
  return rows;
}

/** Writes rows the API answered (after a PATCH) into the source's cached rows, if any. */
export function rememberRows(client: PosthogClient, sourceId: string, answered: readonly ApiSchema[]): void {
  const entry = sharedRows.get(sourceKey(client, sourceId));
  if (!entry || answered.length === 0) return;
  const byId = new Map(answered.map((row) => [row.id, row]));
  entry.rows = entry.rows.then((rows) => rows.map((row) => byId.get(row.id) ?? row));
  entry.rows.catch(() => undefined);
}

/** Drops the source's cached rows: the next create reads them afresh. */
export function forgetRows(client: PosthogClient, sourceId: string): void {
  sharedRows.delete(sourceKey(client, sourceId));
}
