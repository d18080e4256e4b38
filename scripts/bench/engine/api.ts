/** The API side of one command, from the emulator's request log. */
import type { LoggedRequest } from "../../../test/emulator";
import type { ApiTimeline } from "./types";

/**
 * When the requests came, relative to a command that started at `startedAtEpochMs` and took
 * `wallMs`: first arrival, span, time with at least one request in flight, and the parallelism
 * achieved (sum of durations / busy time).
 */
export function apiTimeline(
  entries: readonly LoggedRequest[],
  startedAtEpochMs: number,
  wallMs: number,
): ApiTimeline {
  if (entries.length === 0) return { spanMs: 0, busyMs: 0, achievedParallelism: 1 };
  const intervals = entries
    .map((e) => [e.startedAt, e.startedAt + e.durationMs] as const)
    .sort((a, b) => a[0] - b[0]);
  let busyMs = 0;
  let [from, to] = intervals[0];
  for (const [start, end] of intervals.slice(1)) {
    if (start > to) {
      busyMs += to - from;
      [from, to] = [start, end];
    } else to = Math.max(to, end);
  }
  busyMs += to - from;
  const first = intervals[0][0];
  const last = Math.max(...intervals.map(([, end]) => end));
  const total = entries.reduce((n, e) => n + e.durationMs, 0);
  return {
    firstRequestMs: first - startedAtEpochMs,
    spanMs: last - first,
    busyMs,
    achievedParallelism: busyMs > 0 ? Math.max(1, total / busyMs) : 1,
    afterLastAnswerMs: startedAtEpochMs + wallMs - last,
  };
}

/**
 * The time the API alone needs for a step: calls x latency / achieved parallelism, plus what the
 * service itself takes that no client can shorten (e.g. a refresh run).
 */
export function apiBoundMs(calls: number, latencyMs: number, api: ApiTimeline, serviceWaitMs = 0): number {
  return calls === 0 ? 0 : (calls * latencyMs) / Math.max(1, api.achievedParallelism) + serviceWaitMs;
}
