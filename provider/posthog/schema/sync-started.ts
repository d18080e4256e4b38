/**
 * After a `reload` / `resync` POST failed ambiguously (sent, then a 5xx, a dropped connection or a
 * malformed answer: it may have been applied), whether it did start a sync. Without this check
 * the trigger stays unapplied in state and the next `up` starts the sync a second time.
 *
 * A job of the table created no earlier than SYNC_START_TOLERANCE_MS before the POST was sent is
 * taken as the one the POST started. (A scheduled sync of the same table started within that
 * window would be taken for ours; a PostHog clock behind ours by more than that makes us miss our
 * job, which only brings back the second sync.)
 */
import { isApiError } from "../../http";
import type { PosthogClient } from "../api/client";

/** Tolerated difference between our clock and PostHog's. */
export const SYNC_START_TOLERANCE_MS = 2_000;

/** The table whose sync was asked for. */
export interface SyncTarget {
  sourceId: string;
  schemaId: string;
  name: string;
}

/**
 * True when `error` is an ambiguous failure and a job of `target` started since `sentAtMs`.
 * False otherwise, also when the look-up itself fails (the caller keeps its error).
 */
export async function syncStartedDespite(
  client: PosthogClient,
  target: SyncTarget,
  sentAtMs: number,
  error: unknown,
): Promise<boolean> {
  if (!isApiError(error) || !error.ambiguous) return false;
  const since = sentAtMs - SYNC_START_TOLERANCE_MS;
  try {
    const jobs = await client.listJobs(target.sourceId, {
      after: new Date(since).toISOString(),
      schemas: [target.name],
    });
    return jobs.some(
      (job) =>
        (job.schema?.id ?? target.schemaId) === target.schemaId &&
        typeof job.created_at === "string" &&
        Date.parse(job.created_at) >= since,
    );
  } catch {
    return false;
  }
}
