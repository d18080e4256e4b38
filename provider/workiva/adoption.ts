/**
 * After a refresh POST failed ambiguously (sent, but no clear answer: 5xx, reset, timeout), the
 * run may or may not have started. The HTTP layer never replays such a POST; this module decides,
 * from the connection details, whether it did start, so the caller adopts the run instead of
 * starting a second one for the same trigger.
 *
 * A connection's latest run is ours when its job id is not one this resource already recorded and
 * it was created no earlier than CLOCK_SKEW_MS before the POST was sent. (An API clock running
 * behind ours by more than that would make us start a second run; a foreign run started in that
 * window would be adopted. Both need a concurrent refresh of the same connection within seconds.)
 */
import type { ConnectionDto, RefreshConnectionDto } from "./api-types";
import type { WorkivaClient } from "./client";
import { forEachLimited } from "./concurrency";
import type { RunOutput } from "./refresh-types";
import { latestRunOutput } from "./run-tracker";

/** Tolerated difference between our clock and the API's. */
export const CLOCK_SKEW_MS = 10_000;

/** Most detail lookups in flight at once. */
const LOOKUP_CONCURRENCY = 8;

/** Whether the connection's latest run is one our POST (sent at `sentAtMs`) started. */
export function isOurRun(
  details: Pick<ConnectionDto, "lastRunJobId" | "lastRunDate">,
  sentAtMs: number,
  knownJobIds: ReadonlySet<string>,
): boolean {
  if (!details.lastRunJobId || knownJobIds.has(details.lastRunJobId)) return false;
  const created = details.lastRunDate ? Date.parse(details.lastRunDate) : Number.NaN;
  return Number.isFinite(created) && created >= sentAtMs - CLOCK_SKEW_MS;
}

/**
 * The runs our ambiguous POST did start, one per item found started (GET details per item).
 * Adopted runs carry no batch id (the details do not say which batch); they are followed by
 * their job status.
 */
export async function findStartedRuns(
  client: WorkivaClient,
  items: readonly RefreshConnectionDto[],
  sentAtMs: number,
  knownJobIds: ReadonlySet<string>,
): Promise<RunOutput[]> {
  const started: RunOutput[] = [];
  await forEachLimited(items, LOOKUP_CONCURRENCY, async (item) => {
    const details = await client.getConnection(item.connectionId, item.workspaceId);
    if (!isOurRun(details, sentAtMs, knownJobIds)) return;
    const run = latestRunOutput(item.connectionId, details, item.workspaceId);
    if (run) started.push(run);
  });
  return started;
}
