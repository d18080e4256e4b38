/**
 * The progress of a waiting Refresh, shown in the Pulumi CLI while it polls, e.g.
 * `workiva refresh conn-sales-1 (+4): 3/5 complete, 2 running`. The subject names the first
 * connection (the host gives a provider no resource name), so two Refreshes stay apart.
 */
import { countsMessage, reportProgress } from "../progress";
import type { ConnectionRefreshInput, RunOutput } from "./refresh-types";
import { isRunFinished, runSucceeded } from "./run-status";

export function refreshProgressSubject(connections: readonly ConnectionRefreshInput[]): string {
  const first = connections[0];
  const id = typeof first === "string" ? first : (first?.connectionId ?? "");
  return `workiva refresh ${id}${connections.length > 1 ? ` (+${connections.length - 1})` : ""}`;
}

export function refreshProgressMessage(runs: readonly RunOutput[]): string {
  const finished = runs.filter(isRunFinished);
  const failed = finished.filter((run) => !runSucceeded(run)).length;
  return countsMessage({
    total: runs.length,
    complete: finished.length - failed,
    running: runs.length - finished.length,
    failed,
  });
}

export function reportRefreshProgress(
  connections: readonly ConnectionRefreshInput[],
  runs: readonly RunOutput[],
): void {
  reportProgress(refreshProgressSubject(connections), refreshProgressMessage(runs));
}
