/**
 * Run records: built from the API's answers and brought up to date with the fewest calls (one
 * batch-status GET per batch with an unfinished child, one job-status GET per unfinished run that
 * was started alone or adopted). Finished runs are never fetched again: terminal is final.
 */
import type { ConnectionDto, ConnectionRunDto } from "./api-types";
import type { WorkivaClient } from "./client";
import { forEachLimited } from "./concurrency";
import type { RunOutput } from "./refresh-types";
import { isRunFinished } from "./run-status";

/** Most status calls in flight at once. */
const STATUS_CONCURRENCY = 8;

/**
 * A run record from the API's run, tagged with the batch that started it and the workspace it
 * was started in (each only when given).
 */
export function toRunOutput(run: ConnectionRunDto, batchRefreshId?: string, workspaceId?: string): RunOutput {
  const output: RunOutput = {
    connectionId: run.connectionId,
    jobId: run.jobId,
    sourceStatus: run.sourceStatus,
    destinationStatus: run.destinationStatus,
  };
  if (batchRefreshId !== undefined) output.batchRefreshId = batchRefreshId;
  if (workspaceId !== undefined) output.workspaceId = workspaceId;
  if (run.error) output.error = run.error;
  return output;
}

/**
 * The run record of a connection's latest run (job id `lastRunJobId`), from its details; statuses
 * the details leave out read as `not_started` (the job status tells them). Undefined without a job.
 */
export function latestRunOutput(
  connectionId: string,
  details: Pick<ConnectionDto, "lastRun" | "lastRunJobId">,
  workspaceId?: string,
): RunOutput | undefined {
  const jobId = details.lastRunJobId;
  if (!jobId) return undefined;
  const run = details.lastRun ?? {};
  const dto: ConnectionRunDto = {
    connectionId,
    jobId,
    sourceStatus: run.sourceStatus ?? "not_started",
    destinationStatus: run.destinationStatus ?? "not_started",
    error: run.error,
  };
  return toRunOutput(dto, undefined, workspaceId);
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
      const workspaceId = runs.find(
        (run) => run.batchRefreshId === batchRefreshId && run.workspaceId,
      )?.workspaceId;
      const batch = await client.getBatch(batchRefreshId, workspaceId);
      for (const run of runs) {
        if (run.batchRefreshId !== batchRefreshId) continue;
        const child =
          batch.childRefreshes.find((c) => c.jobId === run.jobId) ??
          batch.childRefreshes.find((c) => c.connectionId === run.connectionId);
        if (child) fresh.set(run, toRunOutput(child, batchRefreshId, run.workspaceId));
      }
    }),
    ...alone.map((run) => async () => {
      const current = await client.getRun(run.connectionId, run.jobId as string, run.workspaceId);
      fresh.set(run, toRunOutput(current, undefined, run.workspaceId));
    }),
  ];
  await forEachLimited(calls, STATUS_CONCURRENCY, (call) => call());
  return runs.map((run) => fresh.get(run) ?? run);
}
