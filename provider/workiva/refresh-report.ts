/**
 * The one-message reports of a refresh that failed or ran out of time. Each names every connection
 * concerned (up to MAX_LISTED, then a count) with its error or its statuses.
 */
import type { RunOutput } from "./refresh-types";
import { isRunFinished, runFailed } from "./run-status";

/** Most connections named in one message. */
export const MAX_LISTED = 25;

/** The runs that fail the refresh (see run-status.ts `runFailed`). */
export function failedRuns(runs: readonly RunOutput[], cancelUnwritables: boolean): RunOutput[] {
  return runs.filter((run) => runFailed(run, cancelUnwritables));
}

/** The runs not finished yet. */
export function unfinishedRuns(runs: readonly RunOutput[]): RunOutput[] {
  return runs.filter((run) => !isRunFinished(run));
}

/**
 * `Workiva refresh failed for 2 of 151 connections: conn-a: <error>; conn-b: source cancelled,
 * destination cancelled (job j-7; Workiva gave no error message)`, or undefined when no run failed.
 */
export function failureMessage(runs: readonly RunOutput[], cancelUnwritables: boolean): string | undefined {
  const failed = failedRuns(runs, cancelUnwritables);
  if (failed.length === 0) return undefined;
  const items = failed.map((run) => `${run.connectionId}: ${run.error ?? withoutMessage(run)}`);
  return `Workiva refresh failed for ${failed.length} of ${runs.length} connection${plural(runs.length)}: ${listed(items)}`;
}

/**
 * `Workiva refresh did not finish within 30 s; still running: conn-a (source running, destination
 * not_started); ...` (plus the failures seen so far, if any).
 */
export function timeoutMessage(
  runs: readonly RunOutput[],
  timeoutSeconds: number,
  cancelUnwritables: boolean,
): string {
  const waiting = unfinishedRuns(runs);
  const items = waiting.map(
    (run) => `${run.connectionId} (${statusText(run)}${run.error ? `; ${run.error}` : ""})`,
  );
  let message =
    `Workiva refresh did not finish within ${timeoutSeconds} s; ` +
    `still running ${waiting.length} of ${runs.length} connection${plural(runs.length)}: ${listed(items)}`;
  const failed = failureMessage(runs, cancelUnwritables);
  if (failed) message += `. Also: ${failed}`;
  return message;
}

/**
 * A failed run Workiva gave no message for (its `error` only covers failures while initiating the
 * job): its statuses and the job to look up in Workiva.
 */
function withoutMessage(run: RunOutput): string {
  const job = run.jobId ? ` (job ${run.jobId}; Workiva gave no error message)` : " (no error message)";
  return `${statusText(run)}${job}`;
}

function statusText(run: RunOutput): string {
  return `source ${run.sourceStatus}, destination ${run.destinationStatus}`;
}

function listed(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).join("; ");
  return items.length > MAX_LISTED ? `${shown}; and ${items.length - MAX_LISTED} more` : shown;
}

function plural(n: number): string {
  return n === 1 ? "" : "s";
}
