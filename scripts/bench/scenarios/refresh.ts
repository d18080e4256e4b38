/**
 * Scenario 3: one workiva.Refresh of N connections spread evenly over D destinations, waited for
 * until every run has finished. Up, no-op up, destroy.
 */
import { workiva } from "pulumi-datasync";
import type { Emulator } from "../../../test/emulator";
import type { RunResult } from "../../../test/harness";
import { measureStep, type Expectation } from "../measure";
import { WORKIVA_MAX_BATCH, refreshMinimums, spread } from "../minimums";
import { NAIVE_POLL_MS, naiveRefresh } from "../naive";
import {
  PUBLISHED_LIMITS,
  benchEmulator,
  benchStack,
  rateLimitFloorMs,
  type ScenarioContext,
} from "../setup";
import type { ProviderStep, ScenarioResult } from "../types";

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
    const refresh = new workiva.Refresh("reports", { connections, triggers: { version: 1 } });
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

  const emulator = await benchEmulator(ctx, emulatorOptions);
  const stack = benchStack(emulator, "bench-refresh", ctx.limits);
  const steps: ProviderStep[] = [];
  try {
    const ids = addConnections(emulator, perDestination);
    const step = async (name: string, run: () => Promise<RunResult>) => {
      ctx.options.log(`  refresh: ${name}`);
      steps.push(await measureStep(emulator, stack, { step: name, minimum: minimums[name], expect, run }));
    };
    await step("up", () => stack.up(program(ids)));
    await step("no-op up", () => stack.up(program(ids)));
    await step("destroy", () => stack.destroy());
  } finally {
    await stack.dispose();
    await emulator.stop();
  }

  ctx.options.log("  refresh: naive");
  const naiveEmulator = await benchEmulator(ctx, emulatorOptions);
  try {
    const naive = await naiveRefresh(
      naiveEmulator,
      naiveConcurrency,
      addConnections(naiveEmulator, perDestination),
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
  } finally {
    await naiveEmulator.stop();
  }
}
