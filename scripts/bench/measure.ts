/** Measuring one provider step through the harness: wall time, calls, sizes, memory. */
import * as fs from "fs";
import type { Emulator } from "../../test/emulator";
import { PROVIDER_KEY, type RunResult, type Stack } from "../../test/harness";
import { apiSpanMs, openCallWindow } from "./calls";
import type { Minimum, ProviderStep } from "./types";

/** How long a step should take from its calls, and why. */
export interface Expectation {
  expectedMs: number;
  parallelism: number;
  note: string;
}

/** What a step is measured against. */
export interface StepSpec {
  step: string;
  minimum: Minimum;
  /** The expected wall time from the calls the step made. */
  expect: (callsCompared: number, polls: number) => Expectation;
  run: () => Promise<RunResult>;
}

const providerLength = (value: unknown) => (typeof value === "string" ? Buffer.byteLength(value) : 0);

/** Runs measured per stack (the first one boots its host on demand). */
const runsOf = new WeakMap<Stack, number>();

/** Runs one step and measures it. A failed run throws (the benchmark stops: figures would lie). */
export async function measureStep(emulator: Emulator, stack: Stack, spec: StepSpec): Promise<ProviderStep> {
  const coldHost = (runsOf.get(stack) ?? 0) === 0;
  runsOf.set(stack, (runsOf.get(stack) ?? 0) + 1);
  const window = openCallWindow(emulator);
  const started = performance.now();
  const result = await spec.run();
  const wallMs = performance.now() - started;
  const calls = window.counts();
  const callsCompared = calls.total - calls.polls;
  const expectation = spec.expect(callsCompared, calls.polls);
  return {
    step: spec.step,
    coldHost,
    wallMs,
    calls,
    callsCompared,
    minimum: spec.minimum,
    resources: result.state.resources.length,
    ops: { ...result.totals } as Record<string, number>,
    providerBytesMax: Math.max(0, ...result.rows.map((row) => row.providerBytes)),
    stateFileBytes: fs.existsSync(stack.stateFile) ? fs.statSync(stack.stateFile).size : 0,
    providerBytesInState: result.state.resources.reduce(
      (n, r) => n + providerLength(r.inputs[PROVIDER_KEY]) + providerLength(r.outputs[PROVIDER_KEY]),
      0,
    ),
    ...(result.hostPeakRssBytes !== undefined ? { hostPeakRssBytes: result.hostPeakRssBytes } : {}),
    apiSpanMs: apiSpanMs(window.entries()),
    expectedMs: expectation.expectedMs,
    parallelism: expectation.parallelism,
    parallelismNote: expectation.note,
  };
}

/**
 * The expectation of a step whose resources each make their calls one after another, all
 * resources at once (the engine's default parallelism is unbounded): calls x latency / parallelism,
 * where parallelism = resources in flight, and never less than a rate limit allows.
 */
export function perResourceExpectation(
  resources: number,
  latencyMs: number,
  rateFloorMs: (calls: number) => number,
  limitNote: string,
): (calls: number) => Expectation {
  return (calls) => {
    const parallelism = Math.max(1, Math.min(resources, calls));
    const fromLatency = calls === 0 ? 0 : (calls * latencyMs) / parallelism;
    const floor = rateFloorMs(calls);
    return {
      expectedMs: Math.max(fromLatency, floor),
      parallelism,
      note:
        `${calls} calls x ${latencyMs} ms / ${parallelism} in flight ` +
        `(${resources} resource(s), engine parallelism unbounded: at most one call in flight per call made)` +
        (floor > fromLatency ? `; rate limit floor ${(floor / 1000).toFixed(1)} s` : `; ${limitNote}`),
    };
  };
}
