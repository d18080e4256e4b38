/**
 * Scenario 2: N ExternalDataSchema resources, one per table of an existing Postgres source whose
 * catalogue has N tables (the source is made through the emulator's control, outside the stack).
 * Up, no-op up, destroy.
 */
import type { Emulator } from "../../../test/emulator";
import { postgresBody } from "../../../test/emulator/posthog/test-helpers";
import { perResourceExpectation } from "../measure";
import { schemaMinimums } from "../minimums";
import { naiveSchemas, type NaiveTable } from "../naive";
import { PUBLISHED_LIMITS, rateLimitFloorMs, type ScenarioContext } from "../setup";
import { measureSteps, onFreshEmulator } from "../steps";
import type { ScenarioResult } from "../types";
import { declareSchemas, schemaTables } from "./schemas-program";
import { tableNames } from "./source";

/** Creates the source all schema resources belong to (every table listed, none syncing); returns its id. */
function createSource(emulator: Emulator, names: string[]): string {
  // PostHog makes rows only for the tables listed at create: every table, none syncing.
  return emulator.posthog.createSource(
    postgresBody({ prefix: "bench_" }, { schemas: names.map((name) => ({ name, should_sync: false })) }),
  ).id;
}

function program(sourceId: string, tables: NaiveTable[]) {
  return () => ({ count: declareSchemas(sourceId, tables).length });
}

/** Runs scenario 2 (provider through the harness, then the naive client on a fresh emulator). */
export async function schemasScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { schemas, latencyMs, naiveConcurrency } = ctx.options;
  const names = tableNames(schemas);
  const catalogue = { posthog: { catalogues: { Postgres: names } } };
  const tables: NaiveTable[] = schemaTables(names);
  const minimums = schemaMinimums(schemas);
  const expect = perResourceExpectation(
    schemas,
    latencyMs,
    (calls) => (ctx.limits === "published" ? rateLimitFloorMs(calls, PUBLISHED_LIMITS.posthog) : 0),
    ctx.limits === "published"
      ? "the 480/min limiter does not bound one run of <= 480 calls (a fresh host has a full budget)"
      : "rate limits off",
  );

  const steps = await measureSteps(ctx, {
    id: "schemas",
    emulator: catalogue,
    minimums,
    expect,
    runs: (emulator, stack) => {
      const sourceId = createSource(emulator, names);
      return [
        ["up", () => stack.up(program(sourceId, tables))],
        ["no-op up", () => stack.up(program(sourceId, tables))],
        ["destroy", () => stack.destroy()],
      ];
    },
  });
  const naive = await onFreshEmulator(ctx, "schemas", catalogue, (emulator) =>
    naiveSchemas(emulator, naiveConcurrency, createSource(emulator, names), tables),
  );
  return {
    id: "schemas",
    title: `${schemas} ExternalDataSchema resources on one source`,
    resources: schemas,
    steps,
    naive,
    notes: [
      `naive: GET the source once for the ids, then one PATCH external_data_schemas/:id per table ` +
        `(${schemas}); destroy: one PATCH should_sync=false per table`,
    ],
  };
}
