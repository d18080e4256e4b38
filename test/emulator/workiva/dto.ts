/** Stored records -> the API's DTOs (ConnectionRunDto, RefreshBatchDto, ConnectionDto). */
import { aggregateStatus, type Batch } from "./batches";
import type { ConnectionRecord } from "./catalogue";
import type { Run, RunStore } from "./runs";
import type { ConnectionDto, ConnectionRunDto, RefreshBatchDto, StartedRunDto } from "./types";

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A run as `ConnectionRunDto`, with its statuses now. Source and destination live in the
 * connection's workspace. Empty fields are left out (`error` when there is none): run and batch
 * answers omit them, connection answers (connectionDto) carry them as `null`. */
export function runDto(run: Run, runs: RunStore): StartedRunDto {
  const state = runs.stateOf(run);
  return {
    connectionId: run.connectionId,
    jobId: run.jobId,
    created: iso(run.createdMs),
    updated: iso(state.updatedMs),
    createdBy: run.createdBy,
    sourceStatus: state.sourceStatus,
    destinationStatus: state.destinationStatus,
    sourceParameters: { ...run.sourceParameters },
    destinationParameters: { ...run.destinationParameters },
    sourceMetadata: {},
    destinationMetadata: {},
    sourceWorkspaceId: run.workspaceId,
    destinationWorkspaceId: run.workspaceId,
    workspaceId: run.workspaceId,
    ...(state.error === null ? {} : { error: state.error }),
  };
}

/** A batch as `RefreshBatchDto`, statuses aggregated from its children now. */
export function batchDto(batch: Batch, runs: RunStore): RefreshBatchDto {
  const started = batch.jobIds.map((jobId) => {
    const run = runs.byJob(jobId);
    if (!run) throw new Error(`Batch ${batch.batchRefreshId} lost run ${jobId}`);
    return runDto(run, runs);
  });
  // A child whose initiation failed has no job and no statuses: only its connection and error.
  const children: ConnectionRunDto[] = [...started, ...batch.failedStarts.map((child) => ({ ...child }))];
  const errors = children
    .filter((child) => child.error !== undefined)
    .map((child) => `${child.connectionId}: ${child.error}`);
  const updated = started.reduce(
    (latest, child) => (child.updated > latest ? child.updated : latest),
    iso(batch.createdMs),
  );
  return {
    batchRefreshId: batch.batchRefreshId,
    childRefreshes: children,
    created: iso(batch.createdMs),
    updated,
    createdBy: batch.createdBy,
    sourceStatus: started.length > 0 ? aggregateStatus(started.map((child) => child.sourceStatus)) : "error",
    destinationStatus:
      started.length > 0 ? aggregateStatus(started.map((child) => child.destinationStatus)) : "error",
    ...(errors.length > 0 ? { error: errors.join("; ") } : {}),
  };
}

/** A connection as `ConnectionDto`, with its last run (if any) now. */
export function connectionDto(connection: ConnectionRecord, runs: RunStore): ConnectionDto {
  const last = runs.latest(connection.connectionId);
  const lastRun = last ? runDto(last, runs) : null;
  return {
    connectionId: connection.connectionId,
    name: connection.name,
    description: connection.description,
    metadata: { ...connection.metadata },
    workspaceId: connection.workspaceId,
    created: connection.created,
    createdBy: connection.createdBy,
    updated: connection.updated,
    sourceId: connection.sourceId,
    sourceType: connection.sourceType,
    sourceWorkspaceId: connection.workspaceId,
    destinationId: connection.destinationId,
    destinationType: connection.destinationType,
    destinationWorkspaceId: connection.workspaceId,
    lastRun,
    lastRunBy: lastRun?.createdBy ?? null,
    lastRunDate: lastRun?.created ?? null,
    lastRunJobId: lastRun?.jobId ?? null,
    lastRunSourceParameters: lastRun ? { ...lastRun.sourceParameters } : null,
    lastRunDestinationParameters: lastRun ? { ...lastRun.destinationParameters } : null,
  };
}
