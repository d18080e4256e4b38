/**
 * Runs the engine benchmark: for each scenario, three stacks (floor, ours, naive) each with its
 * own emulator, driven step by step through the real CLI, the variants taking turns at every step
 * so that a change of machine load hits all three alike.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator, type Emulator } from "../../../test/emulator";
import { openCallWindow } from "../calls";
import { writeResult } from "../run";
import { apiTimeline } from "./api";
import { cliEnv, cliVersion, findCliDir, runPulumi } from "./cli";
import { judgeEngineGoals } from "./goals";
import type { EngineOptions } from "./options";
import { PROJECT, createWorkDir, initStack, writeProject, writeSpec, type WorkDir } from "./project";
import type { Variant } from "./program/spec";
import { engineScenarios, type EngineScenarioDef, type ScenarioStep } from "./scenarios";
import { readStateFigures, stateFile } from "./state";
import type { EngineBenchResult, EngineScenario, EngineStep, VariantResult } from "./types";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const SECRET_KEYS = ["posthog:apiKey", "workiva:clientSecret"];

/** One variant's stack of a scenario, ready to run steps. */
interface Lane {
  variant: Variant;
  emulator: Emulator;
  projectDir: string;
  stack: string;
  env: NodeJS.ProcessEnv;
  result: VariantResult;
}

async function openLane(
  options: EngineOptions,
  work: WorkDir,
  cliDir: string,
  def: EngineScenarioDef,
  variant: Variant,
  stack = `${def.id}-${variant}`,
): Promise<Lane & { steps: ScenarioStep[] }> {
  const emulator = await startEmulator({
    port: 0,
    latencyMs: options.latencyMs,
    rateLimits: { posthog: false, workiva: false },
    ...def.emulator,
  });
  try {
    const steps = def.steps(def.arrange(emulator));
    const projectDir = writeProject(work, stack);
    const env = cliEnv(cliDir, work.home, work.backend, {
      DATASYNC_RATE_LIMIT_POSTHOG: "off",
      DATASYNC_RATE_LIMIT_WORKIVA: "off",
      ...(options.parallel !== undefined ? { PULUMI_PARALLEL: String(options.parallel) } : {}),
      ...(options.batchMs !== undefined && variant === "ours"
        ? { DATASYNC_SCHEMA_BATCH_MS: String(options.batchMs) }
        : {}),
    });
    await initStack(
      cliDir,
      projectDir,
      stack,
      env,
      emulator.config,
      SECRET_KEYS,
      path.join(work.logs, `${stack}.log`),
    );
    return { variant, emulator, projectDir, stack, env, steps, result: { variant, steps: [] } };
  } catch (err) {
    await emulator.stop();
    throw err;
  }
}

async function runStep(
  options: EngineOptions,
  work: WorkDir,
  cliDir: string,
  lane: Lane,
  step: ScenarioStep,
): Promise<EngineStep> {
  if (step.spec)
    writeSpec(lane.projectDir, step.spec(lane.variant), {
      concurrency: options.naiveConcurrency,
      pollMs: 1000,
    });
  const window = openCallWindow(lane.emulator);
  const args = [...step.args, "--stack", lane.stack, "--color", "never"];
  const run = await runPulumi(
    cliDir,
    args,
    lane.projectDir,
    lane.env,
    path.join(work.logs, `${lane.stack}.log`),
  );
  if (run.exitCode !== 0)
    throw new Error(
      `${lane.stack}: pulumi ${args.join(" ")} failed (exit ${run.exitCode}):\n${run.output.slice(-3000)}`,
    );
  const calls = window.counts();
  const state =
    step.name === "preview" ? undefined : readStateFigures(stateFile(work.backend, PROJECT, lane.stack));
  return {
    step: step.name,
    command: args.join(" "),
    wallMs: run.wallMs,
    runsWallMs: [run.wallMs],
    calls,
    callsCompared: calls.total - calls.polls,
    api: apiTimeline(window.entries(), run.startedAtEpochMs, run.wallMs),
    processes: run.processes,
    ...(state ? { state } : {}),
  };
}

/** The run with the median wall time (the lower middle one of an even count), with every run's wall. */
export function medianRun(runs: EngineStep[]): EngineStep {
  const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)], runsWallMs: runs.map((r) => r.wallMs) };
}

async function runScenario(
  options: EngineOptions,
  work: WorkDir,
  cliDir: string,
  def: EngineScenarioDef,
): Promise<EngineScenario> {
  const lanes: (Lane & { steps: ScenarioStep[] })[] = [];
  try {
    for (const variant of options.variants) lanes.push(await openLane(options, work, cliDir, def, variant));
    const names = lanes[0].steps.map((s) => s.name);
    const runs = new Map<Lane, EngineStep[][]>(lanes.map((lane) => [lane, names.map(() => [])]));
    for (let round = 1; round <= options.repeat; round++) {
      for (const [i, name] of names.entries()) {
        for (const lane of lanes) {
          options.log(
            `  ${def.id} ${lane.variant}: ${name}${options.repeat > 1 ? ` (run ${round}/${options.repeat})` : ""}`,
          );
          const measured = await runStep(options, work, cliDir, lane, lane.steps[i]);
          options.log(
            `    ${(measured.wallMs / 1000).toFixed(2)} s, ${measured.calls.total} calls` +
              (measured.state ? `, ${measured.state.resources} resources in state` : ""),
          );
          runs.get(lane)?.[i].push(measured);
        }
      }
    }
    for (const lane of lanes) lane.result.steps = (runs.get(lane) ?? []).map(medianRun);
  } finally {
    await Promise.all(lanes.map((lane) => lane.emulator.stop()));
  }
  return {
    id: def.id,
    title: def.title,
    resources: def.resources,
    minimums: def.minimums,
    serviceWaitMs: def.serviceWaitMs,
    variants: lanes.map((lane) => lane.result),
    notes: def.notes,
  };
}

/** A preview of the first scenario's floor, unmeasured: the CLI, node and the SDK into the file cache. */
async function warmUp(
  options: EngineOptions,
  work: WorkDir,
  cliDir: string,
  def: EngineScenarioDef,
): Promise<void> {
  options.log("Warm-up (unmeasured): one floor preview");
  const lane = await openLane(options, work, cliDir, def, "floor", "warm-up");
  try {
    await runStep(options, work, cliDir, lane, lane.steps[0]);
  } finally {
    await lane.emulator.stop();
  }
}

/** The engine's parallelism: PULUMI_PARALLEL as set, else 4 x the CPUs (GOMAXPROCS). */
export function engineParallel(options: EngineOptions): number {
  return options.parallel ?? 4 * os.cpus().length;
}

/** Runs everything; writes the JSON results when `options.outDir` is set. */
export async function runEngineBench(options: EngineOptions): Promise<EngineBenchResult> {
  const startedAt = new Date();
  const loadAverageAtStart = os.loadavg();
  const cliDir = findCliDir(REPO_ROOT, options.cliDir);
  const version = cliVersion(cliDir);
  options.log(`Pulumi CLI ${version} from ${cliDir}`);
  const work = createWorkDir(options.workParent, options.install);
  options.log(`Working folder ${work.root} (logs in ${work.logs})`);
  const defs = engineScenarios(options);
  const scenarios: EngineScenario[] = [];
  try {
    if (defs.length > 0) await warmUp(options, work, cliDir, defs[0]);
    for (const def of defs) {
      options.log(`${def.id}: ${def.title}`);
      scenarios.push(await runScenario(options, work, cliDir, def));
    }
  } finally {
    if (!options.keep) fs.rmSync(work.root, { recursive: true, force: true });
  }
  const { log: _log, ...printable } = options;
  const result: EngineBenchResult = {
    version: 1,
    kind: "engine",
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: os.cpus().length,
      loadAverageAtStart,
      platform: process.platform,
    },
    cli: { dir: cliDir, version },
    options: printable,
    scenarios,
    goals: judgeEngineGoals(scenarios, options.latencyMs, engineParallel(options)),
    notes: [
      "every command runs through the real CLI with a file backend, a private PULUMI_HOME and a passphrase; " +
        "up and destroy with --skip-preview (the preview is measured on its own)",
      "floor: the same program (same resources, names, type tokens and inputs) with a dynamic provider whose " +
        "create echoes its inputs and nothing else: what the engine and the SDK cost by themselves here",
      "the variants take turns at every step (floor, ours, naive), each with its own emulator and stack",
      "rate limits off at the emulator and in the provider (the harness bench has the pass with limits)",
      `the engine ran at most ${engineParallel(options)} resource operations at once (` +
        (options.parallel !== undefined ? "--parallel" : `its default, 4 x ${os.cpus().length} CPUs`) +
        `): a provider host never sees more than that many of a step's operations at the same time, so ` +
        `coalescing N resources' calls can do no better than ceil(N / ${engineParallel(options)}) bulk calls`,
      ...(options.batchMs !== undefined ? [`ours ran with DATASYNC_SCHEMA_BATCH_MS=${options.batchMs}`] : []),
    ],
  };
  if (options.outDir) writeResult(result, options.outDir, { prefix: "engine", latest: "engine-latest.json" });
  return result;
}
