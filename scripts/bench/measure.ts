/** Measuring one provider step through the harness: wall time, calls, sizes, memory. */
import * as fs from "fs";
import type { Emulator } from "../../test/emulator";
import type { RunResult, Stack } from "../../test/harness";
import { openCallWindow } from "./calls";
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

/** Runs one step and measures it. A failed run throws (the benchmark stops: figures would lie). */
export async function measureStep(emulator: Emulator, stack: Stack, spec: StepSpec): Promise<ProviderStep> {
  const window = openCallWindow(emulator);
  const started = performance.now();
  const result = await spec.run();
  const wallMs = performance.now() - started;
  const calls = window.counts();
  const callsCompared = calls.total - calls.polls;
  const expectation = spec.expect(callsCompared, calls.polls);
  return {
    step: spec.step,
    wallMs,
    calls,
    callsCompared,
    minimum: spec.minimum,
    resources: result.state.resources.length,
    ops: { ...result.totals } as Record<string, number>,
    providerBytesMax: Math.max(0, ...result.rows.map((row) => row.providerBytes)),
    stateFileBytes: fs.existsSync(stack.stateFile) ? fs.statSync(stack.stateFile).size : 0,
    ...(result.hostPeakRssBytes !== undefined ? { hostPeakRssBytes: result.hostPeakRssBytes } : {}),
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
        `(${resources} resource(s), each making its calls in sequence; engine parallelism unbounded)` +
        (floor > fromLatency ? `; rate limit floor ${(floor / 1000).toFixed(1)} s` : `; ${limitNote}`),
    };
  };
}
