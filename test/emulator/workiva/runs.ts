/** Every refresh run started, by job id and by connection. */
import { randomUUID } from "node:crypto";
import { runStateAt, isFinished, type RunOutcome, type RunState } from "./run-timeline";
import type { ParameterMap } from "./types";

/** A stored run; its statuses are derived from the clock (see run-timeline). */
export interface Run {
  jobId: string;
  connectionId: string;
  batchRefreshId: string | null;
  createdMs: number;
  durationMs: number;
  createdBy: string;
  workspaceId: string;
  sourceParameters: ParameterMap;
  destinationParameters: ParameterMap;
  outcome: RunOutcome;
}

/** What starting a run needs (the store adds the job id). */
export type NewRun = Omit<Run, "jobId">;

/** In-memory runs, oldest first. */
export class RunStore {
  private readonly runs: Run[] = [];
  private readonly byJobId = new Map<string, Run>();
  private readonly latestByConnection = new Map<string, Run>();

  constructor(private readonly now: () => number) {}

  /** Record a new run and give it a job id. */
  start(fields: NewRun): Run {
    const run: Run = { ...fields, jobId: randomUUID() };
    this.runs.push(run);
    this.byJobId.set(run.jobId, run);
    this.latestByConnection.set(run.connectionId, run);
    return run;
  }

  /** The run with this job id, or undefined. */
  byJob(jobId: string): Run | undefined {
    return this.byJobId.get(jobId);
  }

  /** The connection's most recent run, or undefined. */
  latest(connectionId: string): Run | undefined {
    return this.latestByConnection.get(connectionId);
  }

  /** The run's statuses now. */
  stateOf(run: Run): RunState {
    return runStateAt(run, this.now());
  }

  /** Make a progressing run reach its outcome now (test control). False when no such job. */
  finishNow(jobId: string): boolean {
    const run = this.byJobId.get(jobId);
    if (!run) return false;
    run.durationMs = Math.min(run.durationMs, Math.max(0, this.now() - run.createdMs));
    return true;
  }

  /** Whether the connection has a run that is not finished yet. */
  isRunning(connectionId: string): boolean {
    const run = this.latest(connectionId);
    return run !== undefined && !isFinished(this.stateOf(run));
  }

  /** Every run, oldest first. */
  all(): Run[] {
    return [...this.runs];
  }

  /** Forget every run. */
  clear(): void {
    this.runs.length = 0;
    this.byJobId.clear();
    this.latestByConnection.clear();
  }
}
