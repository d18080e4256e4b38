/**
 * Sync jobs. A job is Running for `jobMs`, then Completed (or Failed when the schema was told to
 * fail). Time is settled lazily: every request and control call first finishes the jobs that are
 * due, so no timers run and a stopped emulator leaves nothing behind.
 */
import { randomUUID } from "node:crypto";
import { CANCELLED_JOB_ERROR, DEFAULT_ROWS_SYNCED, tableName } from "./policy";
import type { PosthogStore } from "./store";
import type { JobRecord, SchemaRecord } from "./types";

/** The schema's newest job if it is still Running. */
export function runningJob(store: PosthogStore, schemaId: string): JobRecord | undefined {
  let newest: JobRecord | undefined;
  for (const job of store.jobs.values()) {
    if (job.schemaId === schemaId && (!newest || job.seq > newest.seq)) newest = job;
  }
  return newest?.status === "Running" ? newest : undefined;
}

/** Starts a sync of one schema: a Running job, schema status Running. */
export function startJob(store: PosthogStore, schema: SchemaRecord): JobRecord {
  const now = store.now();
  const job: JobRecord = {
    id: randomUUID(),
    sourceId: schema.sourceId,
    schemaId: schema.id,
    seq: store.nextSeq(),
    createdAt: now,
    dueAt: now + store.settings.jobMs,
    finishedAt: null,
    status: "Running",
    rowsSynced: null,
    latestError: null,
  };
  store.jobs.set(job.id, job);
  schema.status = "Running";
  return job;
}

/** Ends a Running job now-or-at-its-due-time: Completed with a table, or Failed. */
function finishJob(store: PosthogStore, job: JobRecord, at: number): void {
  const schema = store.schemas.get(job.schemaId);
  const source = store.sources.get(job.sourceId);
  job.finishedAt = at;
  if (!schema || !source) {
    job.status = "Completed";
    job.rowsSynced = 0;
    return;
  }
  if (schema.pendingFailure !== null) {
    job.status = "Failed";
    job.rowsSynced = 0;
    job.latestError = schema.pendingFailure;
    schema.status = "Failed";
    schema.latestError = schema.pendingFailure;
    schema.pendingFailure = null;
    return;
  }
  const rows = store.catalogueTable(source, schema.name)?.rows ?? DEFAULT_ROWS_SYNCED;
  job.status = "Completed";
  job.rowsSynced = rows;
  schema.status = "Completed";
  schema.latestError = null;
  schema.lastSyncedAt = at;
  schema.table = schema.table
    ? { ...schema.table, rows }
    : {
        id: randomUUID(),
        name: tableName(source.prefix, source.sourceType, schema.name),
        rows,
        createdAt: at,
      };
}

/** Finishes every Running job whose time has come (in the order they fall due). */
export function settleJobs(store: PosthogStore): void {
  const now = store.now();
  const due = [...store.jobs.values()]
    .filter((job) => job.status === "Running" && job.dueAt <= now)
    .sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
  for (const job of due) finishJob(store, job, job.dueAt);
}

/** Finishes every Running job at once (optionally only one schema's). */
export function completeJobsNow(store: PosthogStore, schemaId?: string): void {
  const now = store.now();
  for (const job of store.jobs.values()) {
    if (job.status === "Running" && (!schemaId || job.schemaId === schemaId)) finishJob(store, job, now);
  }
}

/** Cancels a Running job: it ends Failed; the schema goes back to Completed if it has data. */
export function cancelJob(store: PosthogStore, job: JobRecord): void {
  job.status = "Failed";
  job.finishedAt = store.now();
  job.rowsSynced = 0;
  job.latestError = CANCELLED_JOB_ERROR;
  const schema = store.schemas.get(job.schemaId);
  if (schema) schema.status = schema.table ? "Completed" : null;
}
