/**
 * How the benchmark judges its goals from measured figures (synthetic figures, no run): the
 * wall-time goal, its breakdown into fixed cost, SDK floor and harness overhead, and the verdict.
 */
import { judgeGoals } from "../../scripts/bench/goals";
import type { PassResult, ProviderStep, SdkFloor } from "../../scripts/bench/types";

const RESOURCES = 200;

function step(name: string, wallMs: number, calls: number, coldHost: boolean): ProviderStep {
  return {
    step: name,
    wallMs,
    calls: { total: calls, writes: calls, reads: 0, polls: 0, tokens: 0, throttled: 0 },
    coldHost,
    minimum: { calls, polls: 0, note: "n" },
    callsCompared: calls,
    resources: name === "destroy" ? 0 : RESOURCES,
    ops: {},
    providerBytesMax: 2000,
    stateFileBytes: 1000,
    providerBytesInState: 500,
    apiSpanMs: 100,
    expectedMs: (calls * 50) / RESOURCES,
    parallelism: RESOURCES,
    parallelismNote: "unbounded",
  };
}

function pass(upMs: number): PassResult {
  return {
    label: "Without rate limits",
    rateLimits: "off",
    scenarios: [
      {
        id: "schemas",
        title: "t",
        resources: RESOURCES,
        steps: [
          step("up", upMs, 201, true),
          step("no-op up", 3000, 0, false),
          step("destroy", 1000, 200, false),
        ],
        naive: [],
        notes: [],
      },
    ],
  };
}

const EMPTY = { first: 1000, next: 800 };
const FLOOR: SdkFloor = {
  resources: RESOURCES,
  firstMs: 400,
  registerMs: 1800,
  sourceMaps: true,
  withoutSourceMapsMs: 1000,
};
const wallGoal = (goals: ReturnType<typeof judgeGoals>) => {
  const goal = goals.find((g) => g.goal.includes("calls x latency / parallelism"));
  if (!goal) throw new Error("no wall-time goal");
  return goal;
};

describe("the wall-time goal", () => {
  it("is not met when the run takes more than 2x of calls x latency / parallelism", () => {
    expect(wallGoal(judgeGoals(pass(5000), 50, EMPTY, FLOOR)).met).toBe(false);
  });

  it("is met when every timed step is within 2x", () => {
    const quick = pass(90);
    quick.scenarios[0].steps[2].wallMs = 90;
    expect(wallGoal(judgeGoals(quick, 50, EMPTY, FLOOR)).met).toBe(true);
  });

  it("subtracts the fixed cost and the SDK floor (with the first-of-kind serialization on the cold run)", () => {
    const figures = wallGoal(judgeGoals(pass(5000), 50, EMPTY, FLOOR)).figures;
    // up: 5.00 - 1.00 fixed = 4.00; floor 1.80 + 0.40 = 2.20; left 1.80; minus expected 0.05 = 1.75 s / 200.
    expect(figures).toContainEqual(
      expect.stringContaining(
        "less the SDK floor too (2.20 s): 1.80 s; harness + host overhead per resource ~8.7 ms",
      ),
    );
    // no-op: 3.00 - 0.80 = 2.20; minus 1.80 = 0.40 s = 2.0 ms per resource.
    expect(figures).toContainEqual(
      expect.stringContaining("less the SDK floor 0.40 s = 2.0 ms per resource"),
    );
    // destroy runs no program: no floor subtracted.
    expect(figures.find((f) => f.includes("host booted ahead: 0.80 s): 0.20 s"))).not.toContain("SDK floor");
  });

  it("says the goal is out of reach when the SDK floor alone exceeds the allowance", () => {
    const figures = wallGoal(judgeGoals(pass(5000), 50, EMPTY, FLOOR)).figures;
    expect(figures).toContainEqual(
      expect.stringContaining(
        "the goal allows 0.10 s for the run; the SDK alone takes 1.00 s at best (10x the allowance)",
      ),
    );
  });

  it("does not call the goal out of reach when the SDK floor fits the allowance", () => {
    const fast: SdkFloor = { ...FLOOR, registerMs: 60, withoutSourceMapsMs: 40 };
    const figures = wallGoal(judgeGoals(pass(5000), 50, EMPTY, fast)).figures;
    expect(figures).toContainEqual(expect.stringContaining("the SDK alone takes 0.04 s at best, within it"));
    expect(figures.some((f) => f.includes("can meet this goal"))).toBe(false);
  });

  it("prints no floor figures without a floor", () => {
    const figures = wallGoal(judgeGoals(pass(5000), 50, EMPTY)).figures;
    expect(figures.some((f) => f.includes("SDK floor"))).toBe(false);
  });
});
