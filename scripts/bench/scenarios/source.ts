/**
 * Scenario 1: one ExternalDataSource with N tables (every table declared with a sync type and a
 * frequency), then the frequency of M of them changed. Up, no-op up, change, destroy.
 */
import { posthog } from "pulumi-datasync";
import { BENCH_POSTGRES_SOURCE } from "../engine/program/sources";
import { perResourceExpectation } from "../measure";
import { sourceMinimums } from "../minimums";
import { naiveSource, type NaiveTable } from "../naive";
import { PUBLISHED_LIMITS, rateLimitFloorMs, type ScenarioContext } from "../setup";
import { measureSteps, onFreshEmulator } from "../steps";
import type { ScenarioResult } from "../types";

/** The source's type, prefix and credentials: one place for every bench program (engine/program/sources.ts). */
const SOURCE = BENCH_POSTGRES_SOURCE;

/** `count` table names: t001, t002, ... */
export function tableNames(count: number): string[] {
  const width = String(count).length;
  return Array.from({ length: count }, (_, i) => `t${String(i + 1).padStart(Math.max(3, width), "0")}`);
}

/** The declared tables; the first `changed` get `1hour` instead of `24hour`. */
function declaredTables(names: string[], changed: number): NaiveTable[] {
  return names.map((name, i) => ({
    name,
    sync_type: "full_refresh",
    sync_frequency: i < changed ? "1hour" : "24hour",
  }));
}

function program(tables: NaiveTable[]) {
  return () => {
    const source = new posthog.ExternalDataSource("warehouse", {
      ...SOURCE,
      schemas: tables.map((t) => ({
        name: t.name,
        syncType: t.sync_type as posthog.SyncType,
        syncFrequency: t.sync_frequency as posthog.SyncFrequency,
      })),
    });
    return { id: source.id };
  };
}

/** Runs scenario 1 (provider through the harness, then the naive client on a fresh emulator). */
export async function sourceScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { tables, changedTables, latencyMs, naiveConcurrency } = ctx.options;
  const names = tableNames(tables);
  const catalogue = { posthog: { catalogues: { Postgres: names } } };
  const initial = declaredTables(names, 0);
  const changed = declaredTables(names, changedTables);
  const minimums = sourceMinimums(tables, changedTables);
  const expect = perResourceExpectation(
    1,
    latencyMs,
    (calls) => (ctx.limits === "published" ? rateLimitFloorMs(calls, PUBLISHED_LIMITS.posthog) : 0),
    ctx.limits === "published" ? "within PostHog's 480/min budget" : "rate limits off",
  );

  const steps = await measureSteps(ctx, {
    id: "source",
    emulator: catalogue,
    minimums,
    expect,
    runs: (_emulator, stack) => [
      ["up", () => stack.up(program(initial))],
      ["no-op up", () => stack.up(program(initial))],
      ["change", () => stack.up(program(changed))],
      ["destroy", () => stack.destroy()],
    ],
  });
  const naive = await onFreshEmulator(ctx, "source", catalogue, (emulator) =>
    naiveSource(emulator, naiveConcurrency, SOURCE, initial, changed.slice(0, changedTables)),
  );
  return {
    id: "source",
    title: `1 ExternalDataSource, ${tables} tables (${changedTables} changed)`,
    resources: 1,
    steps,
    naive,
    notes: [
      `naive: POST the source with its tables, GET the ids, then one PATCH external_data_schemas/:id ` +
        `per table for sync_frequency (${tables}); change: one PATCH per changed table (${changedTables})`,
    ],
  };
}
