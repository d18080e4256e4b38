/**
 * What a Refresh does at each step of its life. The one place that decides:
 *
 * - create = run: learn batch groups (only when two or more connections may be batched: see
 *   batch-plan.ts), start the planned requests (a batch refused as a whole goes one by one:
 *   refresh-start.ts, recorded in `batchFallbacks`), then (waitForCompletion) poll until every run finished or the deadline
 *   (`timeoutSeconds` from the start of the step, starting included).
 * - The deploy fails (failOnError) when a run ended in error, or cancelled unless
 *   cancelUnwritables made it the unwritable skip, or when the deadline passed first. The resource
 *   is still recorded with its runs and `deployError`, so the next `up` settles it.
 * - update without a recorded failure: new inputs, same runs, no API call.
 * - A connection whose refresh "may have started" (ambiguous POST, and the check failed too)
 *   counts as started: the resource is recorded even when no run is known, never left out.
 * - update after a recorded failure or timeout ("settle"): a connection that may have started is
 *   looked up first (its latest run, if created since the recorded `startedAt` and not one we know,
 *   is adopted); runs still unfinished are waited for (a timed-out refresh is resumed, never
 *   started twice); if they all succeed, that is the outcome; otherwise the whole refresh runs again.
 * - read: statuses of unfinished runs from the API (finished runs are final: no call).
 * - delete: nothing (a refresh cannot be undone).
 */
import type { RefreshInputs, RefreshOutcome, RunOutput } from "./refresh-types";
import { needsBatchGroups, planRefreshRequests } from "./batch-plan";
import { normalizeConnections, toRefreshRequest } from "./connections";
import { failureMessage, timeoutMessage } from "./refresh-report";
import { findStartedRuns } from "./adoption";
import { mayHaveStarted, startRequests } from "./refresh-start";
import { allFinished, allSucceeded, overallStatus } from "./run-status";
import { pendingRuns, refreshRunStatuses } from "./run-tracker";
import type { WorkivaSession } from "./session";
import { pollUntil, type PollSchedule } from "./wait";
import { reportRefreshProgress } from "./refresh-progress";

/** Options of a lifecycle step (clock and poll schedule, for tests). */
export interface StepOptions {
  /** Clock (default Date.now). */
  now?: () => number;
  /** Poll schedule (default: from the environment). */
  schedule?: PollSchedule;
}

/**
 * A step failed after runs had started: the deploy fails with `message`, but `outcome` (with
 * `deployError` set) must be recorded so the next `up` settles it.
 */
export class RefreshStepFailure extends Error {
  override get name(): string {
    return "RefreshStepFailure";
  }
  /** @param outcome what to record; @param message the one message shown to the user */
  constructor(
    readonly outcome: RefreshOutcome,
    message: string,
  ) {
    super(message);
  }
}

/** What a step knows once its runs started. */
type Started = Pick<RefreshOutcome, "runs" | "batchRefreshIds" | "startedAt" | "batchFallbacks">;

/** Starts the refresh of every connection and (waitForCompletion) waits for it. */
export async function runRefresh(
  session: WorkivaSession,
  inputs: RefreshInputs,
  knownJobIds: ReadonlySet<string> = new Set(),
  options: StepOptions = {},
): Promise<RefreshOutcome> {
  const now = options.now ?? Date.now;
  const startedAtMs = now();
  const deadlineMs = startedAtMs + inputs.timeoutSeconds * 1000;
  const specs = normalizeConnections(inputs.connections, inputs.workspaceId);
  const items = specs.map(toRefreshRequest);
  const workspaceOf = new Map(items.map((item) => [item.connectionId, item.workspaceId]));
  const groups = needsBatchGroups(items)
    ? await session.destinations.batchGroupsOf(
        items.map((item) => item.connectionId),
        (id) => workspaceOf.get(id),
      )
    : new Map<string, string | undefined>();
  const requests = planRefreshRequests(items, (id) => groups.get(id));
  const started = await startRequests(
    {
      client: session.client,
      cancelUnwritables: inputs.cancelUnwritables,
      deadlineMs,
      knownJobIds,
      schedule: options.schedule,
      now,
    },
    requests,
  );
  const runs = inConnectionOrder(
    specs.map((spec) => spec.connectionId),
    started.runs,
  );
  const base: Started = {
    runs,
    batchRefreshIds: started.batchRefreshIds,
    startedAt: new Date(startedAtMs).toISOString(),
  };
  if (started.batchFallbacks.length > 0) base.batchFallbacks = started.batchFallbacks;
  if (!runs.some((run) => run.jobId !== undefined || mayHaveStarted(run))) {
    // Nothing started: nothing to record, a plain failure (the next `up` creates it again).
    throw new Error(
      failureMessage(runs, inputs.cancelUnwritables) ??
        timeoutMessage(runs, inputs.timeoutSeconds, inputs.cancelUnwritables),
    );
  }
  return followRuns(session, inputs, base, deadlineMs, options);
}

/**
 * Settles a refresh whose last deploy failed or timed out: finds the runs that may have started,
 * waits for its unfinished runs; keeps them if they all succeed, else runs the whole refresh again.
 */
export async function settleRefresh(
  session: WorkivaSession,
  inputs: RefreshInputs,
  recorded: RefreshOutcome,
  options: StepOptions = {},
): Promise<RefreshOutcome> {
  const now = options.now ?? Date.now;
  const deadlineMs = now() + inputs.timeoutSeconds * 1000;
  const previous = await adoptMaybeStarted(session, inputs, recorded);
  if (pendingRuns(previous.runs).length > 0) {
    const waitOnly = { ...inputs, waitForCompletion: true, failOnError: false };
    const resumed = await followRuns(session, waitOnly, previous, deadlineMs, options);
    // Still running at the deadline, or all done well: conclude on these runs (no second start).
    if (resumed.status === "running" || allSucceeded(resumed.runs, inputs.cancelUnwritables)) {
      return conclude(inputs, resumed, now, resumed.status === "running");
    }
  } else if (allSucceeded(previous.runs, inputs.cancelUnwritables)) {
    return conclude(inputs, previous, now, false);
  }
  const knownJobIds = new Set(previous.runs.flatMap((run) => (run.jobId ? [run.jobId] : [])));
  return runRefresh(session, inputs, knownJobIds, options);
}

/**
 * `previous` with each run that may have started replaced by the run found on its connection: the
 * latest run, created since `startedAt` (within the clock skew) and not a job id recorded here.
 * Runs not found stay as they are (known now not to have started: they are sent again).
 */
async function adoptMaybeStarted(
  session: WorkivaSession,
  inputs: RefreshInputs,
  previous: RefreshOutcome,
): Promise<RefreshOutcome> {
  const unknown = new Set(previous.runs.filter(mayHaveStarted).map((run) => run.connectionId));
  if (unknown.size === 0) return previous;
  const items = normalizeConnections(inputs.connections, inputs.workspaceId)
    .map(toRefreshRequest)
    .filter((item) => unknown.has(item.connectionId));
  const knownJobIds = new Set(previous.runs.flatMap((run) => (run.jobId ? [run.jobId] : [])));
  const adopted = await findStartedRuns(session.client, items, Date.parse(previous.startedAt), knownJobIds);
  if (adopted.length === 0) return previous;
  const byConnection = new Map(adopted.map((run) => [run.connectionId, run]));
  const runs = previous.runs.map((run) =>
    mayHaveStarted(run) ? (byConnection.get(run.connectionId) ?? run) : run,
  );
  // Not finished any more: the adopted runs decide when it is.
  const { finishedAt: _finishedAt, ...rest } = previous;
  return { ...rest, runs };
}

/** The outcome with fresh statuses of its unfinished runs (for `read`). */
export async function readRefresh(
  session: WorkivaSession,
  inputs: RefreshInputs,
  previous: RefreshOutcome,
  options: StepOptions = {},
): Promise<RefreshOutcome> {
  if (pendingRuns(previous.runs).length === 0) return previous;
  const runs = await refreshRunStatuses(session.client, previous.runs);
  const now = options.now ?? Date.now;
  const status = overallStatus(runs, inputs.cancelUnwritables);
  const outcome: RefreshOutcome = { ...previous, runs, status };
  if (status !== "running" && outcome.finishedAt === undefined)
    outcome.finishedAt = new Date(now()).toISOString();
  return outcome;
}

/** Polls the runs (if waitForCompletion) and concludes; failures throw RefreshStepFailure. */
async function followRuns(
  session: WorkivaSession,
  inputs: RefreshInputs,
  started: Started,
  deadlineMs: number,
  options: StepOptions,
): Promise<RefreshOutcome> {
  const now = options.now ?? Date.now;
  let runs = started.runs;
  let timedOut = false;
  if (inputs.waitForCompletion) {
    try {
      const result = await pollUntil({
        initial: runs,
        poll: async (current) => (runs = await refreshRunStatuses(session.client, current)),
        done: (current) => pendingRuns(current).length === 0,
        deadlineMs,
        schedule: options.schedule,
        now,
        onValue: (current) => reportRefreshProgress(inputs.connections, current),
      });
      runs = result.value;
      timedOut = result.timedOut || !allFinished(runs);
    } catch (err) {
      const message = `Workiva refresh started but its status could not be read: ${err instanceof Error ? err.message : String(err)}`;
      const outcome: RefreshOutcome = {
        ...started,
        runs,
        status: overallStatus(runs, inputs.cancelUnwritables),
        deployError: message,
      };
      throw new RefreshStepFailure(outcome, message);
    }
  }
  return conclude(inputs, { ...started, runs }, now, timedOut);
}

/** The outcome from the runs; throws RefreshStepFailure when the deploy must fail. */
function conclude(
  inputs: RefreshInputs,
  state: Started & Partial<RefreshOutcome>,
  now: () => number,
  timedOut: boolean,
): RefreshOutcome {
  const status = overallStatus(state.runs, inputs.cancelUnwritables);
  const outcome: RefreshOutcome = {
    runs: state.runs,
    batchRefreshIds: state.batchRefreshIds,
    status,
    startedAt: state.startedAt,
  };
  if (state.batchFallbacks !== undefined) outcome.batchFallbacks = state.batchFallbacks;
  if (status !== "running") outcome.finishedAt = state.finishedAt ?? new Date(now()).toISOString();
  if (!inputs.failOnError) return outcome;
  const message = timedOut
    ? timeoutMessage(state.runs, inputs.timeoutSeconds, inputs.cancelUnwritables)
    : failureMessage(state.runs, inputs.cancelUnwritables);
  if (message === undefined) return outcome;
  throw new RefreshStepFailure({ ...outcome, deployError: message }, message);
}

/** The runs ordered like `connectionIds` (runs of unknown ids, if any, at the end). */
function inConnectionOrder(connectionIds: readonly string[], runs: readonly RunOutput[]): RunOutput[] {
  const position = new Map(connectionIds.map((id, index) => [id, index]));
  const rank = (run: RunOutput): number => position.get(run.connectionId) ?? connectionIds.length;
  return [...runs].sort((a, b) => rank(a) - rank(b));
}
