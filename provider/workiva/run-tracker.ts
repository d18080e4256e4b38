/**
 * Run records: built from the API's answers and brought up to date with the fewest calls (one
 * batch-status GET per batch with an unfinished child, one job-status GET per unfinished run that
 * was started alone or adopted). Finished runs are never fetched again: terminal is final.
 */
import type { ConnectionRunDto } from "./api-types";
import type { WorkivaClient } from "./client";
import { forEachLimited } from "./concurrency";
import type { RunOutput } from "./refresh-types";
import { isRunFinished } from "./run-status";

/** Most status calls in flight at once. */
const STATUS_CONCURRENCY = 8;

/** A run record from the API's run, tagged with the batch that started it (if any). */
export function toRunOutput(run: ConnectionRunDto, batchRefreshId?: string): RunOutput {
  const output: RunOutput = {
    connectionId: run.connectionId,
    jobId: run.jobId,
    sourceStatus: run.sourceStatus,
    destinationStatus: run.destinationStatus,
  };
  if (batchRefreshId !== undefined) output.batchRefreshId = batchRefreshId;
  if (run.error) output.error = run.error;
  return output;
}

/** Runs that can still change: unfinished and started (a run never started has no job id). */
export function pendingRuns(runs: readonly RunOutput[]): RunOutput[] {
  return runs.filter((run) => run.jobId !== undefined && !isRunFinished(run));
}

/**
 * The runs with fresh statuses for every pending one (same order). Runs of a batch are read
 * from the batch (matched by job id, then connection id); others from their job status.
 */
export async function refreshRunStatuses(
  client: WorkivaClient,
  runs: readonly RunOutput[],
): Promise<RunOutput[]> {
  const pending = pendingRuns(runs);
  if (pending.length === 0) return [...runs];
  const batchIds = [...new Set(pending.flatMap((run) => (run.batchRefreshId ? [run.batchRefreshId] : [])))];
  const alone = pending.filter((run) => !run.batchRefreshId);
  const fresh = new Map<RunOutput, RunOutput>();

  const calls: Array<() => Promise<void>> = [
    ...batchIds.map((batchRefreshId) => async () => {
      const batch = await client.getBatch(batchRefreshId);
      for (const run of runs) {
        if (run.batchRefreshId !== batchRefreshId) continue;
        const child =
          batch.childRefreshes.find((c) => c.jobId === run.jobId) ??
          batch.childRefreshes.find((c) => c.connectionId === run.connectionId);
        if (child) fresh.set(run, toRunOutput(child, batchRefreshId));
      }
    }),
    ...alone.map((run) => async () => {
      fresh.set(run, toRunOutput(await client.getRun(run.connectionId, run.jobId as string)));
    }),
  ];
  await forEachLimited(calls, STATUS_CONCURRENCY, (call) => call());
  return runs.map((run) => fresh.get(run) ?? run);
}
