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
 * - a batch refused as a whole (a definite 4xx other than 401/408/429: 400, 404, 409, 422, 423...;
 *   what Workiva answers to an ineligible batch is not documented) is sent again one connection at
 *   a time through the single endpoint, each with the handling above; the fallback is recorded
 *   (`batchFallbacks` in the outputs). After an ambiguous send of that batch, the runs it did
 *   start are adopted first, so no connection runs twice.
 * - an answer (200) may leave out any field: a run without a job id and with an initiation
 *   `error` did not start; one without either, or a connection the answer does not list, is
 *   looked up like an ambiguous send (adopted if a new run shows, else "not started").
 * Each request is tried at most MAX_START_ATTEMPTS times.
 */
import { isApiError, type ApiError } from "../http";
import type { ConnectionRunDto, RefreshConnectionDto } from "./api-types";
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

/** A batch Workiva refused as a whole, whose connections were then refreshed one by one. */
export interface BatchFallback {
  /** The connections sent one by one instead. */
  connectionIds: string[];
  /** The HTTP status of the refusal. */
  status: number;
  /** Workiva's message (or ours, when it gave none). */
  reason: string;
}

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
  /** Batches refused as a whole whose connections were sent one by one instead. */
  batchFallbacks: BatchFallback[];
}

/** HTTP statuses of a definite answer that do not make a refused batch worth sending one by one. */
const NOT_A_BATCH_REFUSAL: readonly number[] = [401, 408, 429];

/** True when `err` is Workiva refusing a whole batch request (not a transport fault, not auth). */
export function isBatchRefusal(err: unknown): err is ApiError {
  return (
    isApiError(err) &&
    !err.ambiguous &&
    err.kind === "http" &&
    err.status >= 400 &&
    err.status < 500 &&
    !NOT_A_BATCH_REFUSAL.includes(err.status)
  );
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
    batchFallbacks: results.flatMap((r) => r.batchFallbacks),
  };
}

/**
 * The run records of an accepted request's answer (`answered`: the single run, or the batch's
 * children) for the `items` it carried. Children are matched by connection id (by position when
 * none carries one and the counts agree). See the module comment for items without a job id.
 */
async function recordsOfAnswer(
  options: StartOptions,
  items: readonly RefreshConnectionDto[],
  answered: readonly ConnectionRunDto[],
  batchRefreshId: string | undefined,
  sentAt: number,
  knownJobIds: ReadonlySet<string>,
): Promise<RunOutput[]> {
  const byConnection = new Map(
    answered.flatMap((run) => (run.connectionId ? [[run.connectionId, run]] : [])),
  );
  const positional = byConnection.size === 0 && answered.length === items.length;
  const runs: RunOutput[] = [];
  const unclear: RefreshConnectionDto[] = [];
  items.forEach((item, index) => {
    const run = positional ? answered[index] : byConnection.get(item.connectionId);
    if (run?.jobId) runs.push(toRunOutput(run, item, batchRefreshId, item.workspaceId));
    else if (run?.error) runs.push(notStarted(item.connectionId, run.error));
    else unclear.push(item);
  });
  if (unclear.length === 0) return runs;
  try {
    const adopted = await findStartedRuns(options.client, unclear, sentAt, knownJobIds);
    runs.push(...adopted);
    const adoptedIds = new Set(adopted.map((run) => run.connectionId));
    for (const item of unclear) {
      if (!adoptedIds.has(item.connectionId)) {
        runs.push(notStarted(item.connectionId, "Workiva's answer named no job for it and none was found"));
      }
    }
  } catch (lookupError) {
    const why = lookupError instanceof Error ? lookupError.message : String(lookupError);
    runs.push(
      ...unclear.map((item) =>
        startUnknown(item.connectionId, `Workiva's answer named no job for it; checking it failed: ${why}`),
      ),
    );
  }
  return runs;
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
  const batchFallbacks: BatchFallback[] = [];
  let lastError = "";
  // When the first ambiguous send went out: any run started since then may be ours.
  let ambiguousSince: number | undefined;

  for (let attempt = 1; attempt <= MAX_START_ATTEMPTS && remaining.length > 0; attempt++) {
    const sentAt = now();
    let answered: { runs: ConnectionRunDto[]; batchRefreshId?: string };
    try {
      if (request.kind === "single") {
        answered = { runs: [await options.client.refreshConnection(remaining[0])] };
      } else {
        const batch = await options.client.refreshBatch(remaining, options.cancelUnwritables);
        if (batch.batchRefreshId !== undefined) batchRefreshIds.push(batch.batchRefreshId);
        answered = { runs: batch.childRefreshes, batchRefreshId: batch.batchRefreshId };
      }
    } catch (err) {
      if (!isApiError(err)) throw err;
      lastError = err.message;
      if (err.ambiguous) ambiguousSince ??= sentAt;
      if (request.kind === "batch" && isBatchRefusal(err)) {
        const fallback = await oneByOne(options, err, remaining, ambiguousSince, knownJobIds);
        runs.push(...fallback.runs);
        batchFallbacks.push(...fallback.batchFallbacks);
        remaining = [];
        break;
      }
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
      continue;
    }
    const since = ambiguousSince ?? sentAt;
    runs.push(
      ...(await recordsOfAnswer(
        options,
        remaining,
        answered.runs,
        answered.batchRefreshId,
        since,
        knownJobIds,
      )),
    );
    remaining = [];
  }
  runs.push(
    ...remaining.map((item) =>
      notStarted(item.connectionId, `gave up after ${MAX_START_ATTEMPTS} attempts: ${lastError}`),
    ),
  );
  return { runs, batchRefreshIds, batchFallbacks };
}

/**
 * A batch refused as a whole: its items (less those an earlier ambiguous send of it did start)
 * sent one by one through the single endpoint.
 */
async function oneByOne(
  options: StartOptions,
  refusal: ApiError,
  items: readonly RefreshConnectionDto[],
  ambiguousSince: number | undefined,
  knownJobIds: ReadonlySet<string>,
): Promise<StartResult> {
  const runs: RunOutput[] = [];
  let left = [...items];
  if (ambiguousSince !== undefined) {
    try {
      const adopted = await findStartedRuns(options.client, left, ambiguousSince, knownJobIds);
      runs.push(...adopted);
      const adoptedIds = new Set(adopted.map((run) => run.connectionId));
      left = left.filter((item) => !adoptedIds.has(item.connectionId));
    } catch (lookupError) {
      const why = lookupError instanceof Error ? lookupError.message : String(lookupError);
      return {
        runs: left.map((item) =>
          startUnknown(item.connectionId, `${refusal.message}; checking it failed: ${why}`),
        ),
        batchRefreshIds: [],
        batchFallbacks: [],
      };
    }
  }
  const fallback: BatchFallback = {
    connectionIds: left.map((item) => item.connectionId),
    status: refusal.status,
    reason: refusal.apiMessage ?? refusal.message,
  };
  const singles = await startRequests(
    options,
    left.map((item) => ({ kind: "single", item })),
  );
  return {
    runs: [...runs, ...singles.runs],
    batchRefreshIds: singles.batchRefreshIds,
    batchFallbacks: [fallback, ...singles.batchFallbacks],
  };
}
