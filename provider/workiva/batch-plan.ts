/**
 * How a list of connections goes out as legal refresh requests (contract, "Batch rules"): the
 * batch endpoint takes at most 100 connections that all share one destination; connections on
 * different destinations use the single endpoint. So connections are grouped by destination,
 * groups of more than one go out in batches of at most 100, and a connection alone on its
 * destination uses the single refresh.
 */
import type { RefreshConnectionDto } from "./api-types";

/** Most refreshes one batch request may carry. */
export const MAX_BATCH_SIZE = 100;

/** One request that starts refreshes. */
export type RefreshRequest =
  /** POST .../connections/batch/refresh with these items (2..100, one destination). */
  | { kind: "batch"; destinationId: string; items: RefreshConnectionDto[] }
  /** POST .../connections/{id}/refresh. `destinationId` is undefined when it was not looked up. */
  | { kind: "single"; destinationId: string | undefined; item: RefreshConnectionDto };

/**
 * Whether starting these connections needs their destinations: only when there is more than one
 * (a single connection always uses the single endpoint).
 */
export function needsDestinations(items: readonly RefreshConnectionDto[]): boolean {
  return items.length > 1;
}

/**
 * The requests that start `items`, in the order their destinations first appear. `destinationOf`
 * must know every item's destination unless there is only one item.
 */
export function planRefreshRequests(
  items: readonly RefreshConnectionDto[],
  destinationOf: (connectionId: string) => string | undefined,
): RefreshRequest[] {
  if (items.length === 1) {
    return [{ kind: "single", destinationId: destinationOf(items[0].connectionId), item: items[0] }];
  }
  const groups = new Map<string, RefreshConnectionDto[]>();
  for (const item of items) {
    const destinationId = destinationOf(item.connectionId);
    if (destinationId === undefined) {
      throw new Error(`No destination known for Workiva connection ${item.connectionId}`);
    }
    const group = groups.get(destinationId);
    if (group) group.push(item);
    else groups.set(destinationId, [item]);
  }
  const requests: RefreshRequest[] = [];
  for (const [destinationId, group] of groups) {
    if (group.length === 1) {
      requests.push({ kind: "single", destinationId, item: group[0] });
      continue;
    }
    for (let start = 0; start < group.length; start += MAX_BATCH_SIZE) {
      requests.push({ kind: "batch", destinationId, items: group.slice(start, start + MAX_BATCH_SIZE) });
    }
  }
  return requests;
}
