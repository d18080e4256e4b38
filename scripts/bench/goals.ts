/** The benchmark's goals (issue #7), judged from the measured figures. */
import type { BenchResult, GoalResult, PassResult, ProviderStep, ScenarioResult, SdkFloor } from "./types";

/** Calls may exceed the minimum by at most this fraction. */
export const CALLS_TOLERANCE = 0.1;
/** Largest `__provider` per resource, in bytes. */
export const PROVIDER_BYTES_GOAL = 4096;
/** Measured wall time may be at most this multiple of calls x latency / parallelism. */
export const WALL_FACTOR_GOAL = 2;

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function allSteps(pass: PassResult): { scenario: ScenarioResult; step: ProviderStep }[] {
  return pass.scenarios.flatMap((scenario) => scenario.steps.map((step) => ({ scenario, step })));
}

/** True when the step's calls (polls aside) are within the tolerance of its minimum. */
export function withinMinimum(step: ProviderStep): boolean {
  return step.callsCompared <= Math.floor(step.minimum.calls * (1 + CALLS_TOLERANCE));
}

/**
 * Judges the goals on the pass without rate limits (the figures there are about the provider and
 * the harness, not about waiting for a limit window); `emptyRunMs` is the fixed cost of a run.
 */
export function judgeGoals(
  pass: PassResult,
  latencyMs: number,
  emptyRunMs: BenchResult["emptyRunMs"],
  sdkFloor?: SdkFloor,
): GoalResult[] {
  const steps = allSteps(pass);
  const noops = steps.filter(({ step }) => step.step === "no-op up");
  const over = steps.filter(({ step }) => !withinMinimum(step));
  const biggest = Math.max(0, ...steps.map(({ step }) => step.providerBytesMax));
  const largest = [...pass.scenarios].sort((a, b) => b.resources - a.resources)[0];
  const timed = largest ? largest.steps.filter((step) => step.callsCompared > 0) : [];
  // The floor is scenario 2's program; it applies when that is the largest scenario.
  const floor = largest?.id === "schemas" && sdkFloor?.resources === largest.resources ? sdkFloor : undefined;

  return [
    {
      goal: "no-op up makes 0 API calls",
      met: noops.every(({ step }) => step.calls.total === 0),
      figures: noops.map(({ scenario, step }) => `${scenario.id}: ${step.calls.total} calls`),
    },
    {
      goal: `API calls within ${CALLS_TOLERANCE * 100} % of the minimum (status polls aside)`,
      met: over.length === 0,
      figures: steps.map(({ scenario, step }) => {
        const pct =
          step.minimum.calls === 0 ? "" : ` (${percentOver(step.callsCompared, step.minimum.calls)})`;
        const c = step.calls;
        const over = withinMinimum(step)
          ? ""
          : `  <- over: ${c.writes} writes + ${c.reads} reads + ${c.tokens} tokens` +
            (c.throttled ? ` (${c.throttled} answered 429)` : "");
        return `${scenario.id} ${step.step}: ${step.callsCompared} vs ${step.minimum.calls}${pct}${over}`;
      }),
    },
    {
      goal: `__provider <= ${PROVIDER_BYTES_GOAL / 1024} KB per resource`,
      met: biggest <= PROVIDER_BYTES_GOAL,
      figures: [`largest __provider: ${biggest} B`, ...providerShare(steps.map(({ step }) => step))],
    },
    {
      goal:
        `${largest?.resources ?? 0} resources at ${latencyMs} ms finish within ${WALL_FACTOR_GOAL}x of ` +
        `calls x latency / parallelism`,
      met: timed.length > 0 && timed.every((step) => step.wallMs <= WALL_FACTOR_GOAL * step.expectedMs),
      figures: timed
        .flatMap((step) => {
          const fixed = step.coldHost ? emptyRunMs.first : emptyRunMs.next;
          const net = Math.max(0, step.wallMs - fixed);
          const sdk = floor && runsProgram(step) ? floorMs(floor, step.coldHost) : 0;
          const harness = Math.max(0, net - sdk - step.expectedMs);
          return [
            `${largest.id} ${step.step}: expected ${s(step.expectedMs)} (${step.parallelismNote}), measured ` +
              `${s(step.wallMs)} = ${(step.wallMs / Math.max(1, step.expectedMs)).toFixed(1)}x (API phase, first ` +
              `request to last answer: ${s(step.apiSpanMs)})`,
            `  less the fixed cost of a run (empty program, ${step.coldHost ? "host booted on demand" : "host booted ahead"}: ` +
              `${s(fixed)}): ${s(net)} = ${(net / Math.max(1, step.expectedMs)).toFixed(1)}x` +
              (sdk > 0 ? `; less the SDK floor too (${s(sdk)}): ${s(Math.max(0, net - sdk))}` : "") +
              `; harness + host overhead per resource ~${(harness / largest.resources).toFixed(1)} ms`,
          ];
        })
        .concat(noopOverhead(largest, emptyRunMs, floor))
        .concat(floor ? floorFigures(floor, timed, largest.resources) : []),
    },
  ];
}

/** Steps that run the program (destroy does not: it deletes what the state holds). */
function runsProgram(step: ProviderStep): boolean {
  return step.step !== "destroy";
}

/** The SDK's own time for the program; a stack's first run also serializes the provider of the kind. */
function floorMs(floor: SdkFloor, firstOfKind: boolean): number {
  return floor.registerMs + (firstOfKind ? floor.firstMs : 0);
}

/** The SDK floor, and what it means for the goal as written. */
function floorFigures(floor: SdkFloor, timed: ProviderStep[], resources: number): string[] {
  const programSteps = timed.filter(runsProgram);
  const allowance = Math.min(...programSteps.map((step) => WALL_FACTOR_GOAL * step.expectedMs));
  const lines = [
    `SDK floor (the same program under bare setMocks in a child process: no host, no harness, no API): ` +
      `${resources} registrations ${s(floor.registerMs)} (${(floor.registerMs / resources).toFixed(1)} ms each) ` +
      `with source maps ${floor.sourceMaps ? "on, as in a TypeScript program" : "off"}, ` +
      `${s(floor.withoutSourceMapsMs)} (${(floor.withoutSourceMapsMs / resources).toFixed(1)} ms each) off; ` +
      `the first resource of its kind ${s(floor.firstMs)} (the SDK serializes its provider)`,
  ];
  if (programSteps.length > 0 && Number.isFinite(allowance)) {
    const least = Math.min(floor.registerMs, floor.withoutSourceMapsMs);
    lines.push(
      least > allowance
        ? `  the goal allows ${s(allowance)} for the run; the SDK alone takes ${s(least)} at best ` +
            `(${(least / Math.max(1, allowance)).toFixed(0)}x the allowance) before any host, engine step or API ` +
            `call: no run through the real Pulumi SDK can meet this goal as written`
        : `  the goal allows ${s(allowance)} for the run; the SDK alone takes ${s(least)} at best, within it`,
    );
  }
  return lines;
}

/** `+12 %`, `=`, or `-5 %`. */
export function percentOver(calls: number, minimum: number): string {
  if (minimum === 0) return calls === 0 ? "=" : `+${calls}`;
  if (calls === minimum) return "=";
  const pct = Math.round(((calls - minimum) / minimum) * 100);
  return `${pct > 0 ? "+" : ""}${pct} %`;
}

/** How much of the largest state file the `__provider` copies take. */
function providerShare(steps: ProviderStep[]): string[] {
  const largest = [...steps].sort((a, b) => b.stateFileBytes - a.stateFileBytes)[0];
  if (!largest || largest.providerBytesInState === 0) return [];
  const pct = Math.round((largest.providerBytesInState / largest.stateFileBytes) * 100);
  return [
    `largest state file ${(largest.stateFileBytes / 1024).toFixed(0)} KB (${largest.resources} resources): ` +
      `${pct} % of it is __provider (stored in inputs and outputs of every resource)`,
  ];
}

/** The per-resource overhead of the harness and host alone: the no-op up makes no API call. */
function noopOverhead(
  scenario: ScenarioResult | undefined,
  emptyRunMs: BenchResult["emptyRunMs"],
  floor: SdkFloor | undefined,
): string[] {
  const noop = scenario?.steps.find((step) => step.step === "no-op up");
  if (!scenario || !noop) return [];
  const net = Math.max(0, noop.wallMs - emptyRunMs.next);
  const perResource = (ms: number) => `${(ms / scenario.resources).toFixed(1)} ms per resource`;
  return [
    `${scenario.id} no-op up (0 calls): ${s(noop.wallMs)}, less the fixed cost ${s(net)} = ` +
      `${perResource(net)} (program registration, Check + Diff over gRPC)` +
      (floor
        ? `; less the SDK floor ${s(Math.max(0, net - floor.registerMs))} = ` +
          `${perResource(Math.max(0, net - floor.registerMs))} (harness + host: Check + Diff over gRPC)`
        : ""),
  ];
}
