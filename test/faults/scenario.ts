/**
 * Scenarios and their results. A scenario is one fault on the call that matters for one
 * operation of one resource kind; it owns one resource of the program (its "slot"), so several
 * scenarios share a run without touching each other's calls.
 */
import type { FaultRule } from "../emulator";
import { FAULT_LABELS, type FaultName } from "./catalogue";

/** The resource kinds under test. */
export type ResourceKind = "ExternalDataSource" | "ExternalDataSchema" | "SourceWebhook" | "Refresh";

/** The operations under test (`read` is `pulumi refresh`). */
export type Operation = "create" | "update" | "read" | "delete";

/** What can go wrong in a scenario. The first four are the suite's headline counts. */
export type ProblemKind =
  | "lost"
  | "duplicated"
  | "orphaned"
  | "leaked"
  | "unrecovered"
  | "unclear-error"
  | "not-fired"
  | "not-converged";

/** One thing wrong after a scenario. */
export interface Problem {
  kind: ProblemKind;
  detail: string;
}

/** One fault scenario. */
export interface Scenario {
  kind: ResourceKind;
  operation: Operation;
  fault: FaultName;
  /** The call the fault is put on, e.g. `POST external_data_sources/`. */
  call: string;
  /** The program's resource this scenario owns. */
  slot: string;
  /** The emulator rules that make the fault. */
  rules: FaultRule[];
  /** A readable name: `ExternalDataSource update: 503 on PATCH bulk_update_schemas`. */
  label: string;
}

/** How a scenario ended. */
export interface ScenarioResult {
  scenario: Scenario;
  /** `retried` when the run with the fault succeeded; else whether the next run fixed it. */
  outcome: "retried" | "failed, then recovered" | "failed, not recovered";
  /** The error the user saw when the run with the fault failed. */
  error?: string;
  problems: Problem[];
}

/** Builds a scenario (its label from kind, operation, fault and call). */
export function scenario(fields: Omit<Scenario, "label">): Scenario {
  return {
    ...fields,
    label: `${fields.kind} ${fields.operation}: ${FAULT_LABELS[fields.fault]} on ${fields.call} [${fields.slot}]`,
  };
}

/** The headline counts of a set of results (scenarios with at least one problem of the kind). */
export function tally(results: readonly ScenarioResult[]) {
  const count = (kind: ProblemKind) => results.filter((r) => r.problems.some((p) => p.kind === kind)).length;
  return {
    scenarios: results.length,
    passed: results.filter((r) => r.problems.length === 0).length,
    lost: count("lost"),
    duplicated: count("duplicated"),
    orphaned: count("orphaned"),
    leaked: count("leaked"),
  };
}

/** The suite's one summary line. */
export function summaryLine(results: readonly ScenarioResult[]): string {
  const t = tally(results);
  return `faults: ${t.scenarios} scenarios, ${t.passed} passed, ${t.lost} lost, ${t.duplicated} duplicated, ${t.orphaned} orphaned, ${t.leaked} leaked`;
}

/** A scenario's problems as one readable block (for failing expectations). */
export function describeProblems(result: ScenarioResult): string {
  const head = `${result.scenario.label}: ${result.outcome}${result.error ? ` (${result.error})` : ""}`;
  return [head, ...result.problems.map((p) => `  ${p.kind}: ${p.detail}`)].join("\n");
}
