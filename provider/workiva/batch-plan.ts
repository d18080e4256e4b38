/**
 * How a list of connections goes out as legal refresh requests.
 *
 * Workiva (`oas/wdata.yaml`, operation `refreshBatch`): the batch endpoint "refreshes multiple
 * incoming connections within the same spreadsheet"; connections into several spreadsheets,
 * tables or other destinations use the single refresh; outgoing connections batch "only ... if
 * they are all connected to the same workbook"; at most 100 refreshes per request. So:
 * - a connection is batchable when it writes into a spreadsheet (group: that spreadsheet), or
 *   else reads from one (group: that workbook); anything else (tables, documents, presentations,
 *   unknown or missing types or ids) uses the single refresh;
 * - an item carrying `usePrevious*` or its own parameters always uses the single refresh (the
 *   reference contradicts itself on what the batch does with them: the operation says
 *   `usePrevious*` apply and new parameters are ignored, the `RefreshConnectionDto` schema says
 *   `usePrevious*` are "ignored by Refresh batch"). The single endpoint's documented meaning
 *   (`usePrevious*` override the given parameters) then holds whether or not the connection
 *   shares its spreadsheet with others: the same input always runs the same way;
 * - groups of two or more go out in batches of at most 100; a connection alone in its group
 *   uses the single refresh.
 */
import type { RefreshConnectionDto } from "./api-types";

/** Most refreshes one batch request may carry. */
export const MAX_BATCH_SIZE = 100;

/** The record type a batch is built around (a Workiva spreadsheet is also called a workbook). */
export const BATCHABLE_RECORD_TYPE = "spreadsheet";

/** One request that starts refreshes. */
export type RefreshRequest =
  /** POST .../connections/batch/refresh with these items (2..100, one group). */
  | { kind: "batch"; group: string; items: RefreshConnectionDto[] }
  /** POST .../connections/{id}/refresh. */
  | { kind: "single"; item: RefreshConnectionDto };

/** What decides a connection's batch group (fields of `ConnectionDto`; any may be missing). */
export interface ConnectionRoute {
  destinationId?: string | null;
  destinationType?: string | null;
  sourceId?: string | null;
  sourceType?: string | null;
}

/**
 * The batch group of a connection: `into:<spreadsheet id>` for an incoming connection of a
 * spreadsheet, `from:<workbook id>` for an outgoing one; undefined when it must be refreshed alone.
 */
export function batchGroupOf(route: ConnectionRoute): string | undefined {
  if (route.destinationType === BATCHABLE_RECORD_TYPE && route.destinationId) {
    return `into:${route.destinationId}`;
  }
  if (route.sourceType === BATCHABLE_RECORD_TYPE && route.sourceId) return `from:${route.sourceId}`;
  return undefined;
}

/** Whether an item may go in a batch at all: no `usePrevious*` set, no parameters of its own. */
export function mayBatch(item: RefreshConnectionDto): boolean {
  return (
    item.sourceParameters === undefined &&
    item.destinationParameters === undefined &&
    item.usePreviousSourceParameters !== true &&
    item.usePreviousDestinationParameters !== true
  );
}

/**
 * Whether starting these connections needs their batch groups: only when two or more of them may
 * go in a batch (every other item uses the single refresh, so no lookup is made for it).
 */
export function needsBatchGroups(items: readonly RefreshConnectionDto[]): boolean {
  return items.filter(mayBatch).length > 1;
}

/**
 * The requests that start `items`, in the order their groups first appear (single refreshes in
 * item order). `groupOf` gives the batch group of a connection, undefined when it has none.
 */
export function planRefreshRequests(
  items: readonly RefreshConnectionDto[],
  groupOf: (connectionId: string) => string | undefined,
): RefreshRequest[] {
  const batchable = needsBatchGroups(items);
  const groups = new Map<string, RefreshConnectionDto[]>();
  const slots: Array<RefreshConnectionDto | string> = [];
  for (const item of items) {
    const group = batchable && mayBatch(item) ? groupOf(item.connectionId) : undefined;
    if (group === undefined) {
      slots.push(item);
      continue;
    }
    const members = groups.get(group);
    if (members) members.push(item);
    else {
      groups.set(group, [item]);
      slots.push(group);
    }
  }
  const requests: RefreshRequest[] = [];
  for (const slot of slots) {
    if (typeof slot !== "string") {
      requests.push({ kind: "single", item: slot });
      continue;
    }
    const members = groups.get(slot) as RefreshConnectionDto[];
    if (members.length === 1) {
      requests.push({ kind: "single", item: members[0] });
      continue;
    }
    for (let start = 0; start < members.length; start += MAX_BATCH_SIZE) {
      requests.push({ kind: "batch", group: slot, items: members.slice(start, start + MAX_BATCH_SIZE) });
    }
  }
  return requests;
}
