/**
 * Run records: built from the API's answers and brought up to date with the fewest calls (one
 * batch-status GET per batch with an unfinished child, one job-status GET per unfinished run that
 * was started alone or adopted). Finished runs are never fetched again: terminal is final.
 */
import type { ConnectionDto, ConnectionRunDto, RunStatus } from "./api-types";
import type { WorkivaClient } from "./client";
import { forEachLimited } from "./concurrency";
import type { RunOutput } from "./refresh-types";
import { isRunFinished } from "./run-status";

/** Most status calls in flight at once. */
const STATUS_CONCURRENCY = 8;

/** What the caller already knows of a run: its connection, and its job id once known. */
export interface KnownRun {
  connectionId: string;
  jobId?: string;
}

/**
 * A run record from the API's run, tagged with the batch that started it and the workspace it
 * was started in (each only when given). The API may leave any field out: the connection and job
 * ids fall back to what the caller knows; a missing status reads `error` when the run carries an
 * initiation error, else `not_started` (not terminal: it is polled again).
 */
export function toRunOutput(
  run: ConnectionRunDto,
  known: KnownRun,
  batchRefreshId?: string,
  workspaceId?: string,
): RunOutput {
  const missing: RunStatus = run.error ? "error" : "not_started";
  const output: RunOutput = {
    connectionId: run.connectionId ?? known.connectionId,
    sourceStatus: run.sourceStatus ?? missing,
    destinationStatus: run.destinationStatus ?? missing,
  };
  const jobId = run.jobId ?? known.jobId;
  if (jobId !== undefined) output.jobId = jobId;
  if (batchRefreshId !== undefined) output.batchRefreshId = batchRefreshId;
  if (workspaceId !== undefined) output.workspaceId = workspaceId;
  if (run.error) output.error = run.error;
  return output;
}

/**
 * The run record of a connection's latest run (job id `lastRunJobId`, else the latest run's), from
 * its details; statuses the details leave out read as `not_started` (the job status tells them).
 * Undefined without a job.
 */
export function latestRunOutput(
  connectionId: string,
  details: Pick<ConnectionDto, "lastRun" | "lastRunJobId">,
  workspaceId?: string,
): RunOutput | undefined {
  const run = details.lastRun ?? {};
  const jobId = details.lastRunJobId || run.jobId;
  if (!jobId) return undefined;
  const dto: ConnectionRunDto = {
    connectionId,
    jobId,
    sourceStatus: run.sourceStatus ?? "not_started",
    destinationStatus: run.destinationStatus ?? "not_started",
  };
  if (run.error) dto.error = run.error;
  return toRunOutput(dto, { connectionId }, undefined, workspaceId);
}

/** Runs that can still change: unfinished and started (a run never started has no job id). */
export function pendingRuns(runs: readonly RunOutput[]): RunOutput[] {
  return runs.filter((run) => run.jobId !== undefined && !isRunFinished(run));
}

/**
 * The runs with fresh statuses for every pending one (same order). Runs of a batch are read
 * from the batch (matched by job id, then connection id); others, and runs the batch's answer
 * does not list, from their job status.
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
  const unlisted: RunOutput[] = [];
  const readJob = async (run: RunOutput) => {
    const current = await client.getRun(run.connectionId, run.jobId as string, run.workspaceId);
    fresh.set(run, toRunOutput(current, run, run.batchRefreshId, run.workspaceId));
  };

  const calls: Array<() => Promise<void>> = [
    ...batchIds.map((batchRefreshId) => async () => {
      const workspaceId = runs.find(
        (run) => run.batchRefreshId === batchRefreshId && run.workspaceId,
      )?.workspaceId;
      const batch = await client.getBatch(batchRefreshId, workspaceId);
      for (const run of pending) {
        if (run.batchRefreshId !== batchRefreshId) continue;
        const child =
          batch.childRefreshes.find((c) => c.jobId !== undefined && c.jobId === run.jobId) ??
          batch.childRefreshes.find((c) => c.connectionId === run.connectionId);
        if (child) fresh.set(run, toRunOutput(child, run, batchRefreshId, run.workspaceId));
        else unlisted.push(run);
      }
    }),
    ...alone.map((run) => () => readJob(run)),
  ];
  await forEachLimited(calls, STATUS_CONCURRENCY, (call) => call());
  await forEachLimited(unlisted, STATUS_CONCURRENCY, readJob);
  return runs.map((run) => fresh.get(run) ?? run);
}
