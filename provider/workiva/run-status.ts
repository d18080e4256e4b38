/**
 * What the run statuses mean (contract, "Status values"; inferred there, decided here):
 * terminal statuses are `complete`, `error` and `cancelled`; a run is finished when both its
 * statuses are terminal and succeeded only when both are `complete`; a batch is finished when
 * every child is. Under `cancelUnwritables`, a cancelled run is the documented skip of an
 * unwritable destination, not a failure.
 */
import type { RunStatus } from "./api-types";
import type { RefreshStatus, RunOutput } from "./refresh-types";

/** The statuses of one run. */
export type RunStatuses = Pick<RunOutput, "sourceStatus" | "destinationStatus">;

/** True for `complete`, `error` and `cancelled`. */
export function isTerminal(status: RunStatus): boolean {
  return status === "complete" || status === "error" || status === "cancelled";
}

/** A run is finished when both its statuses are terminal. */
export function isRunFinished(run: RunStatuses): boolean {
  return isTerminal(run.sourceStatus) && isTerminal(run.destinationStatus);
}

/** A run succeeded only when both its statuses are `complete`. */
export function runSucceeded(run: RunStatuses): boolean {
  return run.sourceStatus === "complete" && run.destinationStatus === "complete";
}

/** A run ended in error when it is finished and either side is `error`. */
export function runErrored(run: RunStatuses): boolean {
  return isRunFinished(run) && (run.sourceStatus === "error" || run.destinationStatus === "error");
}

/** A run was cancelled when it is finished, neither side errored and either side is `cancelled`. */
export function runCancelled(run: RunStatuses): boolean {
  return (
    isRunFinished(run) &&
    !runErrored(run) &&
    (run.sourceStatus === "cancelled" || run.destinationStatus === "cancelled")
  );
}

/** A batch (or any set of runs) is finished when every run is. */
export function allFinished(runs: readonly RunStatuses[]): boolean {
  return runs.every(isRunFinished);
}

/**
 * Whether a finished run fails the refresh: an error always does; a cancellation does unless
 * `cancelUnwritables` was asked for (then it is the unwritable-destination skip).
 */
export function runFailed(run: RunStatuses, cancelUnwritables: boolean): boolean {
  if (runErrored(run)) return true;
  return runCancelled(run) && !cancelUnwritables;
}

/**
 * The overall status of a refresh: `running` while any run is unfinished; then `error` if any run
 * errored; `cancelled` if a run was cancelled that counts as a failure, or if every run was
 * cancelled; otherwise `complete` (runs skipped under `cancelUnwritables` do not spoil it).
 */
export function overallStatus(runs: readonly RunStatuses[], cancelUnwritables: boolean): RefreshStatus {
  if (!allFinished(runs)) return "running";
  if (runs.some(runErrored)) return "error";
  if (runs.length > 0 && runs.every(runCancelled)) return "cancelled";
  if (!cancelUnwritables && runs.some(runCancelled)) return "cancelled";
  return "complete";
}

/** Every run finished and none failed (runs skipped under `cancelUnwritables` are fine). */
export function allSucceeded(runs: readonly RunStatuses[], cancelUnwritables: boolean): boolean {
  return runs.length > 0 && allFinished(runs) && !runs.some((run) => runFailed(run, cancelUnwritables));
}
