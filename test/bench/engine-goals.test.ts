/**
 * How the engine benchmark judges issue 14's goals from measured figures (synthetic figures, no
 * CLI run): ours against the floor plus the API-bound time, the no-op up, state bytes per resource,
 * calls against the minimum; a verdict per line and a breakdown of where a missed line's time went.
 */
import { apiBoundMs, apiTimeline } from "../../scripts/bench/engine/api";
import { judgeEngineGoals } from "../../scripts/bench/engine/goals";
import { stateFigures } from "../../scripts/bench/engine/state";
import type { EngineScenario, EngineStep, StateFigures, Variant } from "../../scripts/bench/engine/types";

const LATENCY = 50;

function state(bytesPerResource: number, providerBytes: number): StateFigures {
  return {
    fileBytes: 200 * bytesPerResource,
    resources: 200,
    bytesPerResource,
    providerBytes,
    providerBytesInState: 400 * providerBytes,
    inputBytesPerResource: bytesPerResource / 2,
    outputBytesPerResource: bytesPerResource / 2,
  };
}

function step(name: string, wallMs: number, calls = 0, parallelism = 1, st?: StateFigures): EngineStep {
  return {
    step: name,
    command: name,
    wallMs,
    runsWallMs: [wallMs],
    calls: { total: calls, writes: calls, reads: 0, polls: 0, tokens: 0, throttled: 0 },
    callsCompared: calls,
    api: calls
      ? {
          firstRequestMs: wallMs - 500,
          spanMs: 400,
          busyMs: 300,
          achievedParallelism: parallelism,
          afterLastAnswerMs: 100,
        }
      : { spanMs: 0, busyMs: 0, achievedParallelism: 1 },
    processes: [
      {
        role: "cli",
        count: 1,
        pids: [1],
        cpuMs: 300,
        peakRssBytes: 100 * 2 ** 20,
        firstSeenMs: 0,
        lastSeenMs: wallMs,
      },
      {
        role: "provider-host",
        count: 1,
        pids: [2],
        cpuMs: wallMs / 4,
        peakRssBytes: 150 * 2 ** 20,
        firstSeenMs: 1000,
        lastSeenMs: wallMs,
      },
    ],
    ...(st ? { state: st } : {}),
  };
}

function scenario(
  variants: Partial<Record<Variant, EngineStep[]>>,
  serviceWaitMs: Record<string, number> = {},
): EngineScenario {
  return {
    id: "schemas",
    title: "t",
    resources: 200,
    minimums: {
      up: { calls: 3, polls: 0, note: "n" },
      "no-op up": { calls: 0, polls: 0, note: "n" },
      destroy: { calls: 2, polls: 0, note: "n" },
    },
    serviceWaitMs,
    variants: Object.entries(variants).map(([variant, steps]) => ({
      variant: variant as Variant,
      steps: steps ?? [],
    })),
    notes: [],
  };
}

const goal = (goals: ReturnType<typeof judgeEngineGoals>, words: string) => {
  const found = goals.find((g) => g.goal.includes(words));
  if (!found) throw new Error(`no goal with "${words}"`);
  return found;
};

describe("engine goals", () => {
  test("up: within 1.3x the floor + calls x latency / achieved parallelism; one verdict per line", () => {
    // floor 10 s; ours makes 3 calls one after the other: allowance 13 s + 0.15 s
    const floor = [step("up", 10_000, 0, 1, state(2000, 565)), step("destroy", 5000)];
    const met = judgeEngineGoals(
      [scenario({ floor, ours: [step("up", 13_150, 3, 1, state(2000, 300)), step("destroy", 6600, 2)] })],
      LATENCY,
    );
    expect(goal(met, "up and destroy").lines.map((l) => l.met)).toEqual([true, true]);
    expect(goal(met, "up and destroy").met).toBe(true);

    const missed = judgeEngineGoals(
      [scenario({ floor, ours: [step("up", 13_160, 3, 1, state(2000, 300)), step("destroy", 6600, 2)] })],
      LATENCY,
    );
    const wall = goal(missed, "up and destroy");
    expect(wall.met).toBe(false);
    expect(wall.lines.map((l) => l.met)).toEqual([false, true]);
    expect(wall.lines[0].text).toContain("13.15 s");
  });

  test("the API-bound time divides by the parallelism achieved and adds the service's own time", () => {
    const api = { spanMs: 1, busyMs: 1, achievedParallelism: 4 };
    expect(apiBoundMs(20, LATENCY, api)).toBe(250);
    expect(apiBoundMs(20, LATENCY, api, 3000)).toBe(3250);
    expect(apiBoundMs(0, LATENCY, api, 3000)).toBe(0);
    // achieved parallelism: two requests of 50 ms in flight together, then one alone
    const t = apiTimeline(
      [
        { startedAt: 1000, durationMs: 50 },
        { startedAt: 1000, durationMs: 50 },
        { startedAt: 1100, durationMs: 50 },
      ] as never,
      900,
      400,
    );
    expect(t).toEqual({
      firstRequestMs: 100,
      spanMs: 150,
      busyMs: 100,
      achievedParallelism: 1.5,
      afterLastAnswerMs: 150,
    });
  });

  test("a missed line says where the time went: per process against the floor, and the API timeline", () => {
    const goals = judgeEngineGoals(
      [
        scenario({
          floor: [step("up", 10_000, 0, 1, state(2000, 565))],
          ours: [step("up", 20_000, 3, 1, state(2000, 300))],
        }),
      ],
      LATENCY,
    );
    const text = goal(goals, "up and destroy").breakdown.join("\n");
    expect(text).toContain("provider-host CPU 5.00 s vs 2.50 s (+2.50 s)");
    expect(text).toContain("API: first request at 19.50 s");
  });

  test("no-op up: within 1.1x the floor and no call", () => {
    const floor = [step("no-op up", 10_000)];
    expect(
      goal(judgeEngineGoals([scenario({ floor, ours: [step("no-op up", 11_000)] })], LATENCY), "no-op").met,
    ).toBe(true);
    expect(
      goal(judgeEngineGoals([scenario({ floor, ours: [step("no-op up", 11_001)] })], LATENCY), "no-op").met,
    ).toBe(false);
    expect(
      goal(judgeEngineGoals([scenario({ floor, ours: [step("no-op up", 5000, 1)] })], LATENCY), "no-op").met,
    ).toBe(false);
  });

  test("state bytes per resource: within 1.5x the floor's, with the __provider share when missed", () => {
    const floor = [step("up", 10_000, 0, 1, state(2000, 565))];
    const ok = judgeEngineGoals(
      [scenario({ floor, ours: [step("up", 10_000, 3, 1, state(3000, 300))] })],
      LATENCY,
    );
    expect(goal(ok, "state bytes").met).toBe(true);
    const big = judgeEngineGoals(
      [scenario({ floor, ours: [step("up", 10_000, 3, 1, state(3001, 2241))] })],
      LATENCY,
    );
    const g = goal(big, "state bytes");
    expect(g.met).toBe(false);
    expect(g.breakdown.join("\n")).toContain("__provider x2 4482 vs 1130 B");
  });

  test("calls within 10 % of the minimum; a goal with nothing to judge is not met", () => {
    const ours = [step("up", 1, 3), step("no-op up", 1, 0), step("destroy", 1, 3)];
    const calls = goal(judgeEngineGoals([scenario({ ours })], LATENCY), "minimum");
    expect(calls.lines.map((l) => l.met)).toEqual([true, true, false]);
    // with the engine's parallelism known, a missed line says how far coalescing can go
    const bounded = goal(judgeEngineGoals([scenario({ ours })], LATENCY, 8), "minimum");
    expect(bounded.breakdown.join("\n")).toContain("cannot drop below 25 here");
    // without the floor, the wall goals cannot be judged
    expect(goal(judgeEngineGoals([scenario({ ours })], LATENCY), "up and destroy").met).toBe(false);
  });

  test("state entry bytes are measured as the file writes them (compact or indented)", () => {
    const resource = {
      type: "pulumi-nodejs:dynamic/posthog:ExternalDataSchema",
      inputs: { __provider: "abc", a: 1 },
      outputs: { __provider: "abc" },
    };
    const compact = JSON.stringify({
      checkpoint: { latest: { resources: [resource, { type: "pulumi:pulumi:Stack" }] } },
    });
    const figures = stateFigures(compact);
    expect(figures).toMatchObject({
      resources: 1,
      bytesPerResource: JSON.stringify(resource).length,
      providerBytes: 3,
      providerBytesInState: 6,
    });
    const pretty = JSON.stringify({ checkpoint: { latest: { resources: [resource] } } }, null, 4);
    expect(stateFigures(pretty).bytesPerResource).toBeGreaterThan(figures.bytesPerResource);
  });
});
