/**
 * A connection that is already running when we ask for a refresh.
 *
 * Decision (the contract leaves the answer open; the emulator answers 409 and starts nothing):
 * 409 and 423 mean "already running". We do not adopt that run, because it may have started
 * before the change our trigger stands for. We wait for it to settle (bounded by the resource's
 * deadline), then start ours. The connections concerned are those the answer names, else every
 * connection of the request; their latest run comes from the connection details and is followed
 * by its job status.
 */
import { isApiError } from "../http";
import type { RefreshConnectionDto } from "./api-types";
import type { WorkivaClient } from "./client";
import { forEachLimited } from "./concurrency";
import type { RunOutput } from "./refresh-types";
import { latestRunOutput, refreshRunStatuses } from "./run-tracker";
import { isRunFinished } from "./run-status";
import { pollUntil, type PollSchedule } from "./wait";

/** HTTP statuses that mean "this connection already has a run in progress". */
export const ALREADY_RUNNING_STATUSES: readonly number[] = [409, 423];

/** Most detail lookups in flight at once. */
const LOOKUP_CONCURRENCY = 8;

/** True when `err` is the API saying a connection is already running. */
export function isAlreadyRunning(err: unknown): boolean {
  return isApiError(err) && ALREADY_RUNNING_STATUSES.includes(err.status);
}

/** The ids of `items` named in `message` (whole words), or every id when none is named. */
export function connectionsConcerned(
  message: string | undefined,
  items: readonly RefreshConnectionDto[],
): string[] {
  const words = new Set((message ?? "").split(/[\s,;:()'"]+/).filter(Boolean));
  const named = items.map((item) => item.connectionId).filter((id) => words.has(id));
  return named.length > 0 ? named : items.map((item) => item.connectionId);
}

/** What waiting needs. */
export interface ConflictWaitOptions {
  /** The Wdata client. */
  client: WorkivaClient;
  /** Epoch ms after which we stop waiting. */
  deadlineMs: number;
  /** Poll schedule (default: from the environment). */
  schedule?: PollSchedule;
}

/**
 * Waits until the latest run of every connection in `connectionIds` has finished. Resolves true
 * when they all have, false when the deadline came first.
 */
export async function waitForRunningConnections(
  options: ConflictWaitOptions,
  connectionIds: readonly string[],
  workspaceOf: (connectionId: string) => string | undefined,
): Promise<boolean> {
  const running: RunOutput[] = [];
  await forEachLimited(connectionIds, LOOKUP_CONCURRENCY, async (connectionId) => {
    const workspaceId = workspaceOf(connectionId);
    const details = await options.client.getConnection(connectionId, workspaceId);
    const run = latestRunOutput(connectionId, details, workspaceId);
    if (run && !isRunFinished(run)) running.push(run);
  });
  const result = await pollUntil({
    initial: running,
    poll: (runs) => refreshRunStatuses(options.client, runs),
    done: (runs) => runs.every(isRunFinished),
    deadlineMs: options.deadlineMs,
    schedule: options.schedule,
  });
  return !result.timedOut;
}
