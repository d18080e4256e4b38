/**
 * Job ids the provider process knows are not a new start: runs recorded in the state it was
 * shown (diff, read, update) or started by a Refresh of this process. After an ambiguous POST,
 * adoption.ts never takes one of them for the run the POST started. Without this, a trigger
 * change deployed within CLOCK_SKEW_MS of the previous refresh (e.g. a quick redeploy after
 * `waitForCompletion: false`) adopted the previous run, and the new refresh never happened.
 */
import type { RunOutput } from "./refresh-types";

const known = new Set<string>();

/** Remembers the job ids of `runs` (tolerates missing or malformed lists from old states). */
export function rememberRuns(runs: readonly Partial<RunOutput>[] | undefined): void {
  if (!Array.isArray(runs)) return;
  for (const run of runs) if (typeof run?.jobId === "string") known.add(run.jobId);
}

/** A snapshot of the remembered job ids. */
export function knownJobIds(): ReadonlySet<string> {
  return new Set(known);
}
