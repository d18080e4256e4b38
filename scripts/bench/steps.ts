/** The shape every scenario shares: provider steps on one emulator + stack, naive on a fresh emulator. */
import type { Emulator, EmulatorOptions } from "../../test/emulator";
import type { RunResult, Stack } from "../../test/harness";
import { measureStep, type StepSpec } from "./measure";
import { benchEmulator, benchStack, type ScenarioContext } from "./setup";
import type { Minimum, ProviderStep } from "./types";

/** A named run of the scenario's program (`up`, `no-op up`, `destroy`, ...). */
export type NamedRun = [name: string, run: () => Promise<RunResult>];

/** What a scenario's provider steps need. */
export interface StepsSpec {
  /** Scenario id, used in progress lines and the stack name. */
  id: string;
  emulator: Pick<EmulatorOptions, "posthog" | "workiva">;
  minimums: Record<string, Minimum>;
  expect: StepSpec["expect"];
  /** Arranges the emulator (inside the try, so it is stopped on failure) and names the runs. */
  runs: (emulator: Emulator, stack: Stack) => NamedRun[];
}

/** Measures each run in order on one emulator and stack; stops both afterwards. */
export async function measureSteps(ctx: ScenarioContext, spec: StepsSpec): Promise<ProviderStep[]> {
  const emulator = await benchEmulator(ctx, spec.emulator);
  const stack = benchStack(emulator, `bench-${spec.id}`, ctx.limits);
  const steps: ProviderStep[] = [];
  try {
    for (const [name, run] of spec.runs(emulator, stack)) {
      ctx.options.log(`  ${spec.id}: ${name}`);
      steps.push(
        await measureStep(emulator, stack, {
          step: name,
          minimum: spec.minimums[name],
          expect: spec.expect,
          run,
        }),
      );
    }
  } finally {
    await stack.dispose();
    await emulator.stop();
  }
  return steps;
}

/** Runs the naive client on a fresh emulator (same options) and stops it. */
export async function onFreshEmulator<T>(
  ctx: ScenarioContext,
  id: string,
  options: Pick<EmulatorOptions, "posthog" | "workiva">,
  run: (emulator: Emulator) => Promise<T>,
): Promise<T> {
  ctx.options.log(`  ${id}: naive`);
  const emulator = await benchEmulator(ctx, options);
  try {
    return await run(emulator);
  } finally {
    await emulator.stop();
  }
}
