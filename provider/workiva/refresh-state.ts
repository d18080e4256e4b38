/**
 * The Refresh resource's state: outputs = the checked inputs + the outcome of the last refresh.
 * `diff`, `read`, `update` and `delete` receive OLD OUTPUTS only, so the inputs they need are kept
 * in the outputs (connection details never are: state stays small).
 */
import type { RefreshInputs, RefreshOutcome, RefreshOutputs } from "./refresh-types";

/** The input fields, in the order they are stored. */
export const INPUT_KEYS = [
  "connections",
  "triggers",
  "workspaceId",
  "cancelUnwritables",
  "waitForCompletion",
  "timeoutSeconds",
  "failOnError",
] as const satisfies ReadonlyArray<keyof RefreshInputs>;

/** The outcome fields. */
export const OUTCOME_KEYS = [
  "runs",
  "batchRefreshIds",
  "batchFallbacks",
  "status",
  "startedAt",
  "finishedAt",
  "deployError",
] as const satisfies ReadonlyArray<keyof RefreshOutcome>;

/** Outputs from inputs and an outcome (absent optional fields are left out). */
export function toOutputs(inputs: RefreshInputs, outcome: RefreshOutcome): RefreshOutputs {
  return dropUndefined({ ...pick(inputs, INPUT_KEYS), ...pick(outcome, OUTCOME_KEYS) }) as RefreshOutputs;
}

/** The inputs kept in outputs. */
export function inputsOf(outputs: Partial<RefreshOutputs>): RefreshInputs {
  return dropUndefined(pick(outputs, INPUT_KEYS)) as RefreshInputs;
}

/** The outcome kept in outputs (missing lists read as empty). */
export function outcomeOf(outputs: RefreshOutputs): RefreshOutcome {
  const outcome = dropUndefined(pick(outputs, OUTCOME_KEYS)) as RefreshOutcome;
  return { ...outcome, runs: outcome.runs ?? [], batchRefreshIds: outcome.batchRefreshIds ?? [] };
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (key in source) out[key] = source[key];
  return out;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
