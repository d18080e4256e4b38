/**
 * Scenario 3: one workiva.Refresh of N connections spread evenly over D destinations, waited for
 * until every run has finished. Up, no-op up, destroy.
 */
import { workiva } from "pulumi-datasync";
import { BENCH_REFRESH_TRIGGERS } from "../engine/program/sources";
import type { Emulator } from "../../../test/emulator";
import type { Expectation } from "../measure";
import { WORKIVA_MAX_BATCH, refreshMinimums, spread } from "../minimums";
import { NAIVE_POLL_MS, naiveRefresh } from "../naive";
import { PUBLISHED_LIMITS, rateLimitFloorMs, type ScenarioContext } from "../setup";
import { measureSteps, onFreshEmulator } from "../steps";
import type { ScenarioResult } from "../types";

/** Requests the provider starts at once (provider/workiva/refresh-start.ts REQUEST_CONCURRENCY). */
const PROVIDER_START_CONCURRENCY = 4;

/** Adds the connections to the emulator; returns their ids, destination by destination. */
function addConnections(emulator: Emulator, perDestination: number[]): string[] {
  return perDestination.flatMap((count, d) =>
    emulator.workiva.addConnections(count, `dest-${d + 1}`, `d${d + 1}`),
  );
}

function program(connections: string[]) {
  return () => {
    const refresh = new workiva.Refresh("reports", { connections, triggers: BENCH_REFRESH_TRIGGERS });
    return { status: refresh.status };
  };
}

/** Runs scenario 3 (provider through the harness, then the naive client on a fresh emulator). */
export async function refreshScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { connections, destinations, latencyMs, workivaRunMs, naiveConcurrency } = ctx.options;
  const perDestination = spread(connections, destinations);
  const minimums = refreshMinimums(perDestination);
  const emulatorOptions = { workiva: { runMs: workivaRunMs, seed: false } };
  const starts = perDestination.reduce((n, k) => n + Math.ceil(k / WORKIVA_MAX_BATCH), 0);

  /** token -> list -> the starts, 4 at a time; then the runs themselves; polls overlap the runs. */
  const expect = (calls: number): Expectation => {
    if (calls === 0) return { expectedMs: 0, parallelism: 1, note: "no call" };
    const rounds = 2 + Math.ceil(starts / PROVIDER_START_CONCURRENCY);
    const floor = ctx.limits === "published" ? rateLimitFloorMs(calls, PUBLISHED_LIMITS.workiva) : 0;
    return {
      expectedMs: Math.max(rounds * latencyMs + workivaRunMs + latencyMs, floor),
      parallelism: Math.round((calls / rounds) * 10) / 10,
      note:
        `${rounds} rounds of calls on the critical path (token, list, ${starts} starts ` +
        `${PROVIDER_START_CONCURRENCY} at a time) x ${latencyMs} ms + run time ${workivaRunMs} ms + ` +
        `the last poll (${latencyMs} ms)`,
    };
  };

  const steps = await measureSteps(ctx, {
    id: "refresh",
    emulator: emulatorOptions,
    minimums,
    expect,
    runs: (emulator, stack) => {
      const ids = addConnections(emulator, perDestination);
      return [
        ["up", () => stack.up(program(ids))],
        ["no-op up", () => stack.up(program(ids))],
        ["destroy", () => stack.destroy()],
      ];
    },
  });
  const naive = await onFreshEmulator(ctx, "refresh", emulatorOptions, (emulator) =>
    naiveRefresh(emulator, naiveConcurrency, addConnections(emulator, perDestination)),
  );
  return {
    id: "refresh",
    title: `1 Refresh of ${connections} connections over ${destinations} destinations (runs take ${workivaRunMs} ms)`,
    resources: 1,
    steps,
    naive,
    notes: [
      `naive: 1 token, one single refresh POST per connection (${connections}), then each job polled ` +
        `on its own every ${NAIVE_POLL_MS} ms until finished`,
      `provider polls with its default schedule (250 ms, x1.5, at most 5 s), one batch-status GET per batch`,
    ],
  };
}
