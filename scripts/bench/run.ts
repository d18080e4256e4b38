/**
 * Runs the benchmark: the fixed cost of a run, the three scenarios without rate limits, then
 * (optionally) again with the published limits; judges the goals; writes the JSON results.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Stack } from "../../test/harness";
import { judgeGoals } from "./goals";
import type { BenchOptions } from "./options";
import { refreshScenario } from "./scenarios/refresh";
import { schemasScenario } from "./scenarios/schemas";
import { measureSdkFloor } from "./sdk-floor";
import { sourceScenario } from "./scenarios/source";
import { PUBLISHED_LIMITS, type LimitMode, type ScenarioContext } from "./setup";
import type { BenchResult, PassResult, ScenarioResult } from "./types";

/** Wall time of an empty program through the harness: first run (host boot) and the next one. */
async function emptyRunMs(): Promise<BenchResult["emptyRunMs"]> {
  const stack = new Stack({ name: "bench-empty", project: "datasync-bench" });
  const time = async () => {
    const started = performance.now();
    await stack.up(() => ({}));
    return performance.now() - started;
  };
  try {
    const first = await time();
    const next = await time();
    return { first, next };
  } finally {
    await stack.dispose();
  }
}

async function runPass(options: BenchOptions, limits: LimitMode): Promise<PassResult> {
  const label = limits === "off" ? "Without rate limits" : "With the published rate limits";
  options.log(`${label}:`);
  const ctx: ScenarioContext = { options, limits };
  const scenarios: ScenarioResult[] = [];
  const all = { source: sourceScenario, schemas: schemasScenario, refresh: refreshScenario };
  for (const id of options.only) scenarios.push(await all[id](ctx));
  return { label, rateLimits: limits, scenarios };
}

/** What the published limits mean for the calls measured without limits. */
export function budgetNotes(pass: PassResult): string[] {
  return pass.scenarios.map((scenario) => {
    const limit = scenario.id === "refresh" ? PUBLISHED_LIMITS.workiva : PUBLISHED_LIMITS.posthog;
    const per = limit.intervalMs === 60_000 ? "min" : "s";
    const provider = scenario.steps.reduce((n, step) => n + step.calls.total, 0);
    const naive = scenario.naive.reduce((n, step) => n + step.calls.total, 0);
    const windows = (calls: number) => Math.max(1, Math.ceil(calls / limit.limit));
    const busiest = [...scenario.steps].sort((a, b) => b.calls.total - a.calls.total)[0];
    return (
      `rate limit (${limit.limit}/${per}) ${scenario.id}: the provider's busiest step (${busiest?.step}) uses ` +
      `${Math.round(((busiest?.calls.total ?? 0) / limit.limit) * 100)} % of one window; all its steps ${provider} ` +
      `calls (>= ${windows(provider)} window(s) if run back to back), the naive client ${naive} calls ` +
      `(>= ${windows(naive)} window(s))`
    );
  });
}

/** Where the published limits made a step wait (429 answers), from the pass with limits. */
export function throttleNotes(pass: PassResult | undefined): string[] {
  return (pass?.scenarios ?? []).flatMap((scenario) => [
    ...scenario.steps
      .filter((step) => step.calls.throttled > 0)
      .map(
        (step) =>
          `with the published limits, ${scenario.id} ${step.step} got ${step.calls.throttled} answers 429 and ` +
          `took ${(step.wallMs / 1000).toFixed(1)} s: the limit is per key and per window, so earlier runs in ` +
          `the same window count (a fresh provider host's own limiter cannot know them)`,
      ),
    ...scenario.naive
      .filter((step) => step.calls.throttled > 0)
      .map(
        (step) =>
          `with the published limits, the naive ${scenario.id} ${step.step} got ${step.calls.throttled} answers ` +
          `429 and took ${(step.wallMs / 1000).toFixed(1)} s`,
      ),
  ]);
}

/** Runs everything and returns the result (also written to `options.outDir` when set). */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const startedAt = new Date();
  const loadAverageAtStart = os.loadavg();
  options.log("Empty program (fixed cost of a run)");
  const empty = await emptyRunMs();
  let sdkFloor: BenchResult["sdkFloor"];
  if (options.only.includes("schemas")) {
    options.log("SDK floor (scenario 2's program under bare setMocks, no host)");
    sdkFloor = await measureSdkFloor(options.schemas);
  }
  const passes = [await runPass(options, "off")];
  if (options.limitsPass) passes.push(await runPass(options, "published"));
  const { log: _log, ...printable } = options;
  const result: BenchResult = {
    version: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: os.cpus().length,
      loadAverageAtStart,
      platform: process.platform,
    },
    options: printable,
    emptyRunMs: empty,
    ...(sdkFloor ? { sdkFloor } : {}),
    passes,
    goals: judgeGoals(passes[0], options.latencyMs, empty, sdkFloor),
    notes: [
      ...budgetNotes(passes[0]),
      ...throttleNotes(passes[1]),
      "wall ratio / calls ratio = naive / provider (above 1: the provider is ahead)",
      "provider wall times include the harness: host boot or hand-over, Configure, program, gRPC, state file; " +
        "the naive client has none of that (it is a bare script), so wall ratios below 1 mostly measure that fixed cost",
      "each stack's first run (the `up` rows) boots its provider host on demand, and the first resource of a kind " +
        "in this process pays the SDK's closure serialization of its provider" +
        (sdkFloor ? ` (${(sdkFloor.firstMs / 1000).toFixed(2)} s, SDK floor)` : "") +
        ": a real `pulumi up` pays both every time; later runs here get a host booted ahead and a cached serialization",
    ],
  };
  if (options.outDir) writeResult(result, options.outDir);
  return result;
}

/**
 * Writes `<prefix>-<timestamp>.json` and `<latest>` into `dir`; returns the first path. The engine
 * bench writes its results with prefix `engine`.
 */
export function writeResult(
  result: { startedAt: string },
  dir: string,
  { prefix, latest }: { prefix: string; latest: string } = { prefix: "bench", latest: "latest.json" },
): string {
  fs.mkdirSync(dir, { recursive: true });
  const text = `${JSON.stringify(result, null, 2)}\n`;
  const file = path.join(dir, `${prefix}-${result.startedAt.replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(file, text);
  fs.writeFileSync(path.join(dir, latest), text);
  return file;
}
