/**
 * Judges a Refresh after a phase, from the Workiva emulator's runs:
 * - duplicated: a connection refreshed more than once for one trigger change;
 * - lost: a connection not refreshed at all for it;
 * - orphaned: a run started but not recorded in the Refresh's state (nobody follows it);
 * - not-converged: after the user's last `up`, the recorded outcome is not `complete`.
 */
import type { Emulator } from "../emulator";
import type { StackState } from "../harness";
import type { Operation, Problem } from "./scenario";

/** A Refresh of the program and its connections. */
export interface RefreshSlot {
  name: string;
  connections: string[];
}

/** What the judge needs to know about the phase. */
export interface RefreshContext {
  emulator: Emulator;
  state: StackState;
  operation: Operation;
  /** When the phase started (epoch ms): runs created since belong to its trigger change. */
  since: number;
  /** The status the state must record at the end (`complete`; `running` when not waiting). */
  expectedStatus: string;
}

/** Problems of a Refresh slot. */
export function judgeRefresh(slot: RefreshSlot, ctx: RefreshContext): Problem[] {
  const problems: Problem[] = [];
  const runs = ctx.emulator.workiva
    .runs()
    .filter((run) => slot.connections.includes(run.connectionId) && Date.parse(run.created) >= ctx.since);
  for (const connectionId of slot.connections) {
    const count = runs.filter((run) => run.connectionId === connectionId).length;
    if (count > 1)
      problems.push({
        kind: "duplicated",
        detail: `${connectionId} refreshed ${count} times for one trigger change`,
      });
    if (count === 0) problems.push({ kind: "lost", detail: `${connectionId} was not refreshed` });
  }
  const resource = ctx.state.resources.find((r) => r.name === slot.name && !r.pendingDelete);
  if (!resource) return [...problems, { kind: "lost", detail: "the Refresh is not in state" }];
  const recorded = (resource.outputs.runs as { jobId?: string }[] | undefined) ?? [];
  const recordedIds = new Set(recorded.map((run) => run.jobId));
  for (const run of runs.filter((r) => !recordedIds.has(r.jobId))) {
    problems.push({
      kind: "orphaned",
      detail: `run ${run.jobId} of ${run.connectionId} is not recorded in state`,
    });
  }
  if (resource.outputs.status !== ctx.expectedStatus || resource.initErrors) {
    problems.push({
      kind: "not-converged",
      detail: `state records status ${String(resource.outputs.status)}${resource.initErrors ? ` with errors ${resource.initErrors.join("; ")}` : ""}`,
    });
  }
  return problems;
}
