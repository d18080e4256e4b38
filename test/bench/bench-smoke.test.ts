/**
 * Smoke test of `npm run bench`: the benchmark code on a tiny scenario size (5 tables, 5 schema
 * resources, 6 connections, 5 ms latency, no rate-limit pass), so it cannot rot. Checks the JSON
 * written, its shape, and that every step's calls equal the computed minimum. No timing is
 * asserted: performance figures belong in the benchmark's output, not in tests.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BATCH_QUIET_ENV } from "../../provider/posthog/schema/patch-batch";
import { DEFAULT_OPTIONS, type BenchOptions } from "../../scripts/bench/options";
import { fullReport } from "../../scripts/bench/report";
import { runBench } from "../../scripts/bench/run";
import type { BenchResult } from "../../scripts/bench/types";
import { REPO_ROOT } from "../harness/workspace";

const TINY: Omit<BenchOptions, "outDir"> = {
  ...DEFAULT_OPTIONS,
  latencyMs: 5,
  tables: 5,
  changedTables: 2,
  schemas: 5,
  connections: 6,
  destinations: 3,
  workivaRunMs: 200,
  naiveConcurrency: 4,
  limitsPass: false,
  log: () => {},
};

describe("npm run bench on a tiny scenario", () => {
  let outDir: string;
  let result: BenchResult;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(REPO_ROOT, "dist", "provider", "index.js")))
      throw new Error("run `npm run build` first (dist/provider missing)");
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-smoke-"));
    // The provider hosts inherit this: the schema resources' PATCHes go out together even on a
    // busy machine, so the calls can be compared with the minimum exactly.
    process.env[BATCH_QUIET_ENV] = "1500";
    result = await runBench({ ...TINY, outDir });
  }, 300_000);
  afterAll(() => {
    delete process.env[BATCH_QUIET_ENV];
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it("writes latest.json and bench-<time>.json with the result", () => {
    const files = fs.readdirSync(outDir).sort();
    expect(files).toEqual([expect.stringMatching(/^bench-\d{4}-\d\d-\d\dT[\d-]+Z\.json$/), "latest.json"]);
    const written = JSON.parse(fs.readFileSync(path.join(outDir, "latest.json"), "utf8")) as unknown;
    expect(written).toEqual(JSON.parse(JSON.stringify(result)));
  });

  it("has every scenario, step and naive equivalent, with figures", () => {
    expect(result.version).toBe(1);
    expect(result.passes.map((p) => p.rateLimits)).toEqual(["off"]);
    const shape = result.passes[0].scenarios.map((s) => ({
      id: s.id,
      steps: s.steps.map((step) => step.step),
      naive: s.naive.map((step) => step.step),
    }));
    expect(shape).toEqual([
      { id: "source", steps: ["up", "no-op up", "change", "destroy"], naive: ["up", "change", "destroy"] },
      { id: "schemas", steps: ["up", "no-op up", "destroy"], naive: ["up", "destroy"] },
      { id: "refresh", steps: ["up", "no-op up", "destroy"], naive: ["up"] },
    ]);
    for (const scenario of result.passes[0].scenarios) {
      for (const step of scenario.steps) {
        expect(step.wallMs).toBeGreaterThan(0);
        expect(step.providerBytesMax).toBeGreaterThan(0);
        expect(step.hostPeakRssBytes).toBeGreaterThan(0);
        expect(step.minimum.note).not.toBe("");
      }
      expect(scenario.steps.at(-1)?.resources).toBe(0);
    }
    expect(result.goals.map((g) => g.met)).toHaveLength(4);
    expect(fullReport(result)).toContain("Goals (judged on the pass without rate limits):");
  });

  it("makes exactly the computed minimum of calls (polls apart), and the naive client one per table/connection", () => {
    const [source, schemas, refresh] = result.passes[0].scenarios;
    const calls = (steps: { step: string; calls: { total: number } }[]) =>
      Object.fromEntries(steps.map((s) => [s.step, s.calls.total]));
    for (const scenario of [source, schemas, refresh]) {
      for (const step of scenario.steps) {
        expect(`${scenario.id} ${step.step}: ${step.callsCompared}`).toBe(
          `${scenario.id} ${step.step}: ${step.minimum.calls}`,
        );
        expect(step.calls.polls).toBeGreaterThanOrEqual(step.minimum.polls);
        expect(step.calls.throttled).toBe(0);
      }
    }
    expect(refresh.steps[0].minimum.calls).toBe(1 + 1 + 3);
    expect(calls(source.naive)).toEqual({ up: 2 + TINY.tables, change: TINY.changedTables, destroy: 1 });
    expect(calls(schemas.naive)).toEqual({ up: 1 + TINY.schemas, destroy: TINY.schemas });
    const naiveRefresh = refresh.naive[0].calls;
    expect(naiveRefresh.total - naiveRefresh.polls).toBe(1 + TINY.connections);
    expect(naiveRefresh.polls).toBeGreaterThanOrEqual(TINY.connections);
  });

  it("measures the SDK floor of scenario 2's program in a child process and reports it with the wall-time goal", () => {
    expect(result.sdkFloor).toEqual({
      resources: TINY.schemas,
      firstMs: expect.any(Number),
      registerMs: expect.any(Number),
      sourceMaps: true,
      withoutSourceMapsMs: expect.any(Number),
    });
    expect(result.sdkFloor?.registerMs).toBeGreaterThan(0);
    const wall = result.goals.find((g) => g.goal.includes("calls x latency / parallelism"));
    expect(wall?.figures.some((f) => f.startsWith("SDK floor (the same program under bare setMocks"))).toBe(
      true,
    );
    expect(fullReport(result)).toContain(
      `the SDK alone (scenario 2's program under bare setMocks, no host): ${TINY.schemas} resources`,
    );
  });

  it("judges the no-op and __provider goals met", () => {
    const byGoal = Object.fromEntries(result.goals.map((g) => [g.goal, g.met]));
    expect(byGoal["no-op up makes 0 API calls"]).toBe(true);
    expect(byGoal["__provider <= 4 KB per resource"]).toBe(true);
  });
});
