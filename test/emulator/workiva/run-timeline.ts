/** How a run's statuses move over time (derived lazily from the elapsed time, nothing ticks). */
import { FAILED_RUN_STATUS } from "./decisions";
import type { RunStatus } from "./types";

/** How a run ends, decided when it starts. */
export type RunOutcome =
  /** Progresses and ends complete/complete. */
  | { kind: "complete" }
  /** Progresses and ends error/error with `message`, or no message (null) (failConnection). */
  | { kind: "fail"; message: string | null }
  /** Terminal from the start (initiation failed, e.g. unwritable destination). */
  | { kind: "rejected"; status: "error" | "cancelled"; message: string };

/** What the timeline needs to know about a run. */
export interface TimedRun {
  createdMs: number;
  durationMs: number;
  outcome: RunOutcome;
}

/** Statuses of a run at one instant. */
export interface RunState {
  sourceStatus: RunStatus;
  destinationStatus: RunStatus;
  error: string | null;
  /** When the statuses last changed. */
  updatedMs: number;
}

/** Terminal statuses (inferred by the contract): complete, error, cancelled. */
export function isTerminal(status: RunStatus): boolean {
  return status === "complete" || status === "error" || status === "cancelled";
}

/** A run is finished when both its statuses are terminal. */
export function isFinished(state: Pick<RunState, "sourceStatus" | "destinationStatus">): boolean {
  return isTerminal(state.sourceStatus) && isTerminal(state.destinationStatus);
}

/**
 * The run's statuses at `nowMs`. A progressing run of duration T reads
 * - [0, T/3)    not_started / not_started
 * - [T/3, 2T/3) running     / not_started
 * - [2T/3, T)   complete    / running
 * - [T, ...)    its outcome: complete/complete, or error/error with the message.
 */
export function runStateAt(run: TimedRun, nowMs: number): RunState {
  const { createdMs, durationMs, outcome } = run;
  if (outcome.kind === "rejected") {
    return {
      sourceStatus: outcome.status,
      destinationStatus: outcome.status,
      error: outcome.message,
      updatedMs: createdMs,
    };
  }
  const elapsed = nowMs - createdMs;
  const sourceStartsAt = durationMs / 3;
  const destinationStartsAt = (2 * durationMs) / 3;
  if (elapsed >= durationMs) {
    const endedMs = createdMs + durationMs;
    if (outcome.kind === "fail") {
      return {
        sourceStatus: FAILED_RUN_STATUS,
        destinationStatus: FAILED_RUN_STATUS,
        error: outcome.message,
        updatedMs: endedMs,
      };
    }
    return { sourceStatus: "complete", destinationStatus: "complete", error: null, updatedMs: endedMs };
  }
  if (elapsed >= destinationStartsAt) {
    return {
      sourceStatus: "complete",
      destinationStatus: "running",
      error: null,
      updatedMs: createdMs + destinationStartsAt,
    };
  }
  if (elapsed >= sourceStartsAt) {
    return {
      sourceStatus: "running",
      destinationStatus: "not_started",
      error: null,
      updatedMs: createdMs + sourceStartsAt,
    };
  }
  return { sourceStatus: "not_started", destinationStatus: "not_started", error: null, updatedMs: createdMs };
}
