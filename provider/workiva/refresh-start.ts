/**
 * Starting the refresh requests of a plan, so that each connection is started at most once:
 * - a definite rejection (4xx) marks the request's connections "not started" with the API's message;
 * - an ambiguous failure (the POST may have been applied) is never replayed blindly: the runs it
 *   did start are found and adopted (adoption.ts), and only the rest is sent again;
 * - "already running" (conflicts.ts): wait for that run to settle, then send ours. But after an
 *   ambiguous send, the running one may be ours (applied after the lookup): from then on, a run
 *   of the connection created since the FIRST ambiguous send is adopted, on every lookup;
 * - when the lookup itself fails, the connection "may have started" (startUnknown): recorded as
 *   failed, and settled with a lookup, not a blind re-send, on the next `up` (refresh-lifecycle.ts).
 * Each request is tried at most MAX_START_ATTEMPTS times.
 */
import { isApiError, type ApiError } from "../http";
import type { RefreshConnectionDto } from "./api-types";
import { findStartedRuns } from "./adoption";
import type { RefreshRequest } from "./batch-plan";
import type { WorkivaClient } from "./client";
import { forEachLimited } from "./concurrency";
import { connectionsConcerned, isAlreadyRunning, waitForRunningConnections } from "./conflicts";
import type { RunOutput } from "./refresh-types";
import { toRunOutput } from "./run-tracker";
import type { PollSchedule } from "./wait";

/** Most tries of one request (first send + re-sends after a conflict or an ambiguous failure). */
export const MAX_START_ATTEMPTS = 3;

/** Most requests in flight at once. */
const REQUEST_CONCURRENCY = 4;

/** What starting needs. */
export interface StartOptions {
  /** The Wdata client. */
  client: WorkivaClient;
  /** `cancelUnwritables` of batch requests. */
  cancelUnwritables: boolean;
  /** Epoch ms after which we stop waiting for conflicting runs. */
  deadlineMs: number;
  /** Job ids this resource recorded before (never adopted as new runs). */
  knownJobIds?: ReadonlySet<string>;
  /** Poll schedule for conflict waits (default: from the environment). */
  schedule?: PollSchedule;
  /** Clock (default Date.now). */
  now?: () => number;
}

/** What starting produced. */
export interface StartResult {
  /** One record per connection: a started run, or a "not started" record with the reason. */
  runs: RunOutput[];
  /** Batches started, in start order. */
  batchRefreshIds: string[];
}

/** A connection whose refresh was not started: terminal `error` with the reason. */
export function notStarted(connectionId: string, reason: string): RunOutput {
  return {
    connectionId,
    sourceStatus: "error",
    destinationStatus: "error",
    error: `refresh not started: ${reason}`,
  };
}

/** Start of the error of a connection whose refresh may have started (see startUnknown). */
export const MAY_HAVE_STARTED = "refresh may have started: ";

/** A connection whose refresh may or may not have started (the check failed): recorded as failed. */
export function startUnknown(connectionId: string, reason: string): RunOutput {
  return {
    connectionId,
    sourceStatus: "error",
    destinationStatus: "error",
    error: `${MAY_HAVE_STARTED}${reason}`,
  };
}

/** Whether `run` is a startUnknown record: no job id, but a run may exist (find it before re-sending). */
export function mayHaveStarted(run: RunOutput): boolean {
  return run.jobId === undefined && (run.error?.startsWith(MAY_HAVE_STARTED) ?? false);
}

/**
 * A connection still waiting for another run when the deadline came: not terminal, so it is
 * reported with what was still running.
 */
export function stillBlocked(connectionId: string): RunOutput {
  return {
    connectionId,
    sourceStatus: "not_started",
    destinationStatus: "not_started",
    error: "not started: another refresh of this connection was still running",
  };
}

/**
 * After a failed send: waits out a conflict, adopts what an ambiguous failure started, or marks
 * a rejection. `ambiguousSince` is when the first ambiguous send of this request went out (if
 * any). Pushes the records it settles into `runs`; returns the items still to send.
 */
async function recover(
  options: StartOptions,
  err: ApiError,
  remaining: RefreshConnectionDto[],
  ambiguousSince: number | undefined,
  knownJobIds: ReadonlySet<string>,
  workspaces: ReadonlyMap<string, string | undefined>,
  runs: RunOutput[],
): Promise<RefreshConnectionDto[]> {
  const adoptStarted = async (items: RefreshConnectionDto[], since: number) => {
    const adopted = await findStartedRuns(options.client, items, since, knownJobIds);
    runs.push(...adopted);
    const adoptedIds = new Set(adopted.map((run) => run.connectionId));
    return items.filter((item) => !adoptedIds.has(item.connectionId));
  };
  if (isAlreadyRunning(err)) {
    // After an ambiguous send, the run in progress may be ours (applied after we looked).
    const left = ambiguousSince === undefined ? remaining : await adoptStarted(remaining, ambiguousSince);
    const leftIds = new Set(left.map((item) => item.connectionId));
    const concerned = connectionsConcerned(err.apiMessage, remaining).filter((id) => leftIds.has(id));
    const settled =
      concerned.length === 0 ||
      (await waitForRunningConnections(options, concerned, (id) => workspaces.get(id)));
    if (settled) return left;
    runs.push(...left.map((item) => stillBlocked(item.connectionId)));
    return [];
  }
  if (err.ambiguous && ambiguousSince !== undefined) return adoptStarted(remaining, ambiguousSince);
  runs.push(...remaining.map((item) => notStarted(item.connectionId, err.message)));
  return [];
}

/** Starts every request (a few at a time); runs come back in request order. */
export async function startRequests(
  options: StartOptions,
  requests: readonly RefreshRequest[],
): Promise<StartResult> {
  const results: StartResult[] = new Array(requests.length);
  await forEachLimited(requests, REQUEST_CONCURRENCY, async (request, index) => {
    results[index] = await startRequest(options, request);
  });
  return {
    runs: results.flatMap((r) => r.runs),
    batchRefreshIds: results.flatMap((r) => r.batchRefreshIds),
  };
}

/** Starts one request, handling conflicts and ambiguous failures as described above. */
export async function startRequest(options: StartOptions, request: RefreshRequest): Promise<StartResult> {
  const now = options.now ?? Date.now;
  const knownJobIds = options.knownJobIds ?? new Set<string>();
  const workspaces = new Map<string, string | undefined>();
  let remaining: RefreshConnectionDto[] = request.kind === "batch" ? [...request.items] : [request.item];
  remaining.forEach((item) => workspaces.set(item.connectionId, item.workspaceId));
  const runs: RunOutput[] = [];
  const batchRefreshIds: string[] = [];
  let lastError = "";
  // When the first ambiguous send went out: any run started since then may be ours.
  let ambiguousSince: number | undefined;

  for (let attempt = 1; attempt <= MAX_START_ATTEMPTS && remaining.length > 0; attempt++) {
    const sentAt = now();
    try {
      if (request.kind === "single") {
        const item = remaining[0];
        runs.push(toRunOutput(await options.client.refreshConnection(item), undefined, item.workspaceId));
      } else {
        const batch = await options.client.refreshBatch(remaining, options.cancelUnwritables);
        batchRefreshIds.push(batch.batchRefreshId);
        runs.push(
          ...batch.childRefreshes.map((child) =>
            toRunOutput(child, batch.batchRefreshId, workspaces.get(child.connectionId)),
          ),
        );
      }
      remaining = [];
    } catch (err) {
      if (!isApiError(err)) throw err;
      lastError = err.message;
      if (err.ambiguous) ambiguousSince ??= sentAt;
      try {
        remaining = await recover(options, err, remaining, ambiguousSince, knownJobIds, workspaces, runs);
      } catch (lookupError) {
        // The check itself failed: whether these started is unknown. Record them as failed (the
        // deploy fails and the next `up` settles it) rather than lose the runs already started.
        const why = lookupError instanceof Error ? lookupError.message : String(lookupError);
        runs.push(
          ...remaining.map((item) =>
            startUnknown(item.connectionId, `${err.message}; checking it failed: ${why}`),
          ),
        );
        remaining = [];
      }
    }
  }
  runs.push(
    ...remaining.map((item) =>
      notStarted(item.connectionId, `gave up after ${MAX_START_ATTEMPTS} attempts: ${lastError}`),
    ),
  );
  return { runs, batchRefreshIds };
}
