/**
 * The engine benchmark's goals (issue 14), judged from measured figures with a verdict per line,
 * and, where a line is missed, where the time (or the bytes) went: ours against the floor, per
 * process (CPU, lifetime, peak RSS) and on the API's timeline.
 */
import { CALLS_TOLERANCE, percentOver } from "../goals";
import { apiBoundMs } from "./api";
import type { EngineGoal, EngineScenario, EngineStep, ProcessRole, Variant } from "./types";

/** `up` (and S1's change) and `destroy` may take this multiple of the floor, plus the API-bound time. */
export const WALL_FACTOR = 1.3;
/** A no-op `up` may take this multiple of the floor's. */
export const NOOP_FACTOR = 1.1;
/** State bytes per resource may be this multiple of the floor's. */
export const STATE_FACTOR = 1.5;

/** Steps judged against the floor plus the API-bound time. */
const TIMED_STEPS = ["up", "change", "destroy"];

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const x = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : "-");
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const label = (id: string) => `S${["source", "schemas", "refresh"].indexOf(id) + 1} ${id}`;

/** A variant's step of a scenario. */
export function stepOf(scenario: EngineScenario, variant: Variant, step: string): EngineStep | undefined {
  return scenario.variants.find((v) => v.variant === variant)?.steps.find((st) => st.step === step);
}

/** CPU and lifetime of one process role of a step (zeros when it did not run). */
function role(step: EngineStep, name: string): ProcessRole {
  return (
    step.processes.find((p) => p.role === name) ?? {
      role: name,
      count: 0,
      pids: [],
      cpuMs: 0,
      peakRssBytes: 0,
      firstSeenMs: 0,
      lastSeenMs: 0,
    }
  );
}

/** Where ours' time went against the floor's in one step. */
export function timeBreakdown(ours: EngineStep, floor: EngineStep, latencyMs: number): string[] {
  const lines = [
    `    where the time went (ours vs floor, wall ${s(ours.wallMs)} vs ${s(floor.wallMs)}, +${s(ours.wallMs - floor.wallMs)}):`,
  ];
  for (const name of ["cli", "language-host", "program", "provider-host"]) {
    const o = role(ours, name);
    const f = role(floor, name);
    if (o.count === 0 && f.count === 0) continue;
    lines.push(
      `      ${name.padEnd(13)} CPU ${s(o.cpuMs)} vs ${s(f.cpuMs)} (${o.cpuMs >= f.cpuMs ? "+" : ""}${s(o.cpuMs - f.cpuMs)}); ` +
        `alive ${s(o.firstSeenMs)}..${s(o.lastSeenMs)} vs ${s(f.firstSeenMs)}..${s(f.lastSeenMs)}; ` +
        `peak RSS ${Math.round(o.peakRssBytes / 2 ** 20)} vs ${Math.round(f.peakRssBytes / 2 ** 20)} MB`,
    );
  }
  const api = ours.api;
  if (ours.calls.total > 0) {
    lines.push(
      `      API: first request at ${s(api.firstRequestMs ?? 0)}, requests in flight ${s(api.busyMs)} of a ` +
        `${s(api.spanMs)} span (parallelism ${api.achievedParallelism.toFixed(1)}; ${ours.calls.total} calls x ` +
        `${latencyMs} ms), exit ${s(api.afterLastAnswerMs ?? 0)} after the last answer; time in the span with no ` +
        `request in flight: ${s(Math.max(0, api.spanMs - api.busyMs))}`,
    );
  }
  const o = ours.state;
  const f = floor.state;
  if (o && f && o.fileBytes > 0) {
    lines.push(
      `      state: ${kb(o.fileBytes)} vs ${kb(f.fileBytes)} after the step (the file backend rewrites the whole ` +
        `file as resources complete: state size costs time on every write)`,
    );
  }
  return lines;
}

/** The four goals of issue 14 over the scenarios that ran. */
export function judgeEngineGoals(
  scenarios: EngineScenario[],
  latencyMs: number,
  engineParallel?: number,
): EngineGoal[] {
  const goals: EngineGoal[] = [];

  // 1. up / change / destroy within WALL_FACTOR x floor + API-bound time
  const wall: EngineGoal = {
    goal: `pulumi up and destroy within ${WALL_FACTOR}x the floor + API-bound time (calls x latency / achieved parallelism + service time)`,
    lines: [],
    met: true,
    breakdown: [],
  };
  for (const scenario of scenarios) {
    for (const name of TIMED_STEPS) {
      const ours = stepOf(scenario, "ours", name);
      const floor = stepOf(scenario, "floor", name);
      if (!ours || !floor) continue;
      const wait = scenario.serviceWaitMs[name] ?? 0;
      const bound = apiBoundMs(ours.calls.total, latencyMs, ours.api, wait);
      const limit = WALL_FACTOR * floor.wallMs + bound;
      const met = ours.wallMs <= limit;
      wall.lines.push({
        met,
        text:
          `${label(scenario.id)} ${name}: ${s(ours.wallMs)} <= ${WALL_FACTOR} x ${s(floor.wallMs)} + ${s(bound)} API ` +
          `(${ours.calls.total} x ${latencyMs} ms / ${ours.api.achievedParallelism.toFixed(1)}` +
          (wait ? ` + ${s(wait)} service` : "") +
          `) = ${s(limit)}: ${x(ours.wallMs, floor.wallMs)} the floor`,
      });
      if (!met)
        wall.breakdown.push(`  ${label(scenario.id)} ${name}:`, ...timeBreakdown(ours, floor, latencyMs));
    }
  }
  goals.push(wall);

  // 2. no-op up within NOOP_FACTOR x floor, 0 calls
  const noop: EngineGoal = {
    goal: `no-op pulumi up within ${NOOP_FACTOR}x the floor and 0 API calls`,
    lines: [],
    met: true,
    breakdown: [],
  };
  for (const scenario of scenarios) {
    const ours = stepOf(scenario, "ours", "no-op up");
    const floor = stepOf(scenario, "floor", "no-op up");
    if (!ours || !floor) continue;
    const met = ours.wallMs <= NOOP_FACTOR * floor.wallMs && ours.calls.total === 0;
    noop.lines.push({
      met,
      text:
        `${label(scenario.id)}: ${s(ours.wallMs)} vs floor ${s(floor.wallMs)} = ${x(ours.wallMs, floor.wallMs)} ` +
        `(limit ${s(NOOP_FACTOR * floor.wallMs)}), ${ours.calls.total} calls`,
    });
    if (!met)
      noop.breakdown.push(`  ${label(scenario.id)} no-op up:`, ...timeBreakdown(ours, floor, latencyMs));
  }
  goals.push(noop);

  // 3. state bytes per resource within STATE_FACTOR x floor's (after up)
  const state: EngineGoal = {
    goal: `state bytes per resource within ${STATE_FACTOR}x the floor's (after up)`,
    lines: [],
    met: true,
    breakdown: [],
  };
  for (const scenario of scenarios) {
    const ours = stepOf(scenario, "ours", "up")?.state;
    const floor = stepOf(scenario, "floor", "up")?.state;
    if (!ours || !floor) continue;
    const met = ours.bytesPerResource <= STATE_FACTOR * floor.bytesPerResource;
    const providerShare = (st: typeof ours) =>
      Math.round(st.providerBytesInState / Math.max(1, st.resources));
    state.lines.push({
      met,
      text:
        `${label(scenario.id)}: ${ours.bytesPerResource} B vs floor ${floor.bytesPerResource} B = ` +
        `${x(ours.bytesPerResource, floor.bytesPerResource)} (__provider ${ours.providerBytes} B vs ${floor.providerBytes} B, ` +
        `stored twice: ${providerShare(ours)} B vs ${providerShare(floor)} B per resource)`,
    });
    if (!met) {
      const rest = (st: typeof ours) => st.bytesPerResource - providerShare(st);
      state.breakdown.push(
        `  ${label(scenario.id)}: per resource, ours vs floor: __provider x2 ${providerShare(ours)} vs ${providerShare(floor)} B; ` +
          `inputs ${ours.inputBytesPerResource} vs ${floor.inputBytesPerResource} B and outputs ${ours.outputBytesPerResource} vs ` +
          `${floor.outputBytesPerResource} B (both with __provider); everything but __provider ${rest(ours)} vs ${rest(floor)} B; ` +
          `state file ${kb(ours.fileBytes)} vs ${kb(floor.fileBytes)}`,
      );
    }
  }
  goals.push(state);

  // 4. calls within CALLS_TOLERANCE of the minimum (status polls aside)
  const calls: EngineGoal = {
    goal: `API calls within ${CALLS_TOLERANCE * 100} % of the minimum (status polls aside)`,
    lines: [],
    met: true,
    breakdown: [],
  };
  for (const scenario of scenarios) {
    const ours = scenario.variants.find((v) => v.variant === "ours");
    for (const step of ours?.steps ?? []) {
      const minimum = scenario.minimums[step.step];
      if (!minimum) continue;
      const met = step.callsCompared <= Math.floor(minimum.calls * (1 + CALLS_TOLERANCE));
      calls.lines.push({
        met,
        text: `${label(scenario.id)} ${step.step}: ${step.callsCompared} vs ${minimum.calls} (${percentOver(step.callsCompared, minimum.calls)})`,
      });
      if (!met) {
        const c = step.calls;
        calls.breakdown.push(
          `  ${label(scenario.id)} ${step.step}: ${c.writes} writes + ${c.reads} reads + ${c.tokens} tokens (${c.throttled} answered 429)`,
        );
        if (engineParallel && scenario.resources > engineParallel)
          calls.breakdown.push(
            `    the engine ran at most ${engineParallel} of the ${scenario.resources} resources' operations at once: the ` +
              `provider never holds more than ${engineParallel} of them, so calls coalesced across resources cannot ` +
              `drop below ${Math.ceil(scenario.resources / engineParallel)} here (PULUMI_PARALLEL / --parallel raises it)`,
          );
      }
    }
  }
  goals.push(calls);

  for (const goal of goals) goal.met = goal.lines.length > 0 && goal.lines.every((line) => line.met);
  return goals;
}
