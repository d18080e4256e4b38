/** Counting API calls at the emulator: what one step sent, by kind. */
import type { Emulator, LoggedRequest } from "../../test/emulator";
import type { CallCounts } from "./types";

/** Workiva status polls: `GET .../connections/:id/status` and `GET .../batch/refresh/:batchId`. */
const POLL_PATH = /\/connections\/(?:[^/]+\/status|batch\/refresh\/[^/]+)\/?$/;
const TOKEN_PATH = /\/oauth2\/token\/?$/;

/** Counts requests by kind. */
export function countCalls(entries: readonly LoggedRequest[]): CallCounts {
  const counts: CallCounts = { total: 0, writes: 0, reads: 0, polls: 0, tokens: 0, throttled: 0 };
  for (const e of entries) {
    counts.total += 1;
    if (e.status === 429) counts.throttled += 1;
    if (TOKEN_PATH.test(e.path)) counts.tokens += 1;
    else if (e.method === "GET" && POLL_PATH.test(e.path)) counts.polls += 1;
    else if (e.method === "GET") counts.reads += 1;
    else counts.writes += 1;
  }
  return counts;
}

/** A window on the emulator's log: the requests made since `open()`. */
export interface CallWindow {
  entries(): LoggedRequest[];
  counts(): CallCounts;
}

/** Opens a window on the emulator's log at its current end. */
export function openCallWindow(emulator: Emulator): CallWindow {
  const start = emulator.log.entries.length;
  const entries = () => emulator.log.entries.slice(start);
  return { entries, counts: () => countCalls(entries()) };
}

/** Time from the first request's arrival to the last answer, in ms (0 without requests). */
export function apiSpanMs(entries: readonly LoggedRequest[]): number {
  if (entries.length === 0) return 0;
  const first = Math.min(...entries.map((e) => e.startedAt));
  const last = Math.max(...entries.map((e) => e.startedAt + e.durationMs));
  return last - first;
}
