/**
 * The three scenarios as engine programs: what the emulator holds before, what the program
 * declares at each step, the fewest calls per step and the service's own waiting time.
 */
import type { Emulator, EmulatorOptions } from "../../../test/emulator";
import { postgresBody } from "../../../test/emulator/posthog/test-helpers";
import { refreshMinimums, schemaMinimums, sourceMinimums, spread } from "../minimums";
import type { BenchOptions } from "../options";
import { tableNames } from "../scenarios/source";
import type { Minimum } from "../types";
import type { ProgramSpec, SpecTable, Variant } from "./program/spec";

/** One command of a scenario. */
export interface ScenarioStep {
  /** `preview`, `up`, `no-op up`, `change`, `destroy`. */
  name: string;
  /** The pulumi subcommand and its flags (the stack is added). */
  args: string[];
  /** The program's declaration for this step (unchanged when absent). */
  spec?: (variant: Variant) => ProgramSpec;
}

/** A scenario's definition, given one emulator per variant. */
export interface EngineScenarioDef {
  id: "source" | "schemas" | "refresh";
  title: string;
  resources: number;
  emulator: Pick<EmulatorOptions, "posthog" | "workiva">;
  /** Fills the emulator; returns what the program refers to (source id, connection ids). */
  arrange: (emulator: Emulator) => Arranged;
  steps: (arranged: Arranged) => ScenarioStep[];
  minimums: Record<string, Minimum>;
  serviceWaitMs: Record<string, number>;
  notes: string[];
}

/** What a scenario's program refers to in the emulator. */
export interface Arranged {
  sourceId?: string;
  connections?: string[];
}

const PREVIEW = ["preview", "--non-interactive"];
const UP = ["up", "--yes", "--skip-preview", "--non-interactive"];
const DESTROY = ["destroy", "--yes", "--skip-preview", "--non-interactive"];

function tables(names: string[], changed: number): SpecTable[] {
  return names.map((name, i) => ({
    name,
    syncType: "full_refresh",
    syncFrequency: i < changed ? "1hour" : "24hour",
  }));
}

/** Scenario 1: one source with `tables` tables; `changedTables` of them change frequency. */
function sourceDef(o: BenchOptions): EngineScenarioDef {
  const names = tableNames(o.tables);
  const spec =
    (changed: number) =>
    (variant: Variant): ProgramSpec => ({ scenario: "source", variant, tables: tables(names, changed) });
  return {
    id: "source",
    title: `1 ExternalDataSource, ${o.tables} tables (${o.changedTables} changed)`,
    resources: 1,
    emulator: { posthog: { catalogues: { Postgres: names } } },
    arrange: () => ({}),
    steps: () => [
      { name: "preview", args: PREVIEW, spec: spec(0) },
      { name: "up", args: UP },
      { name: "no-op up", args: UP },
      { name: "change", args: UP, spec: spec(o.changedTables) },
      { name: "destroy", args: DESTROY },
    ],
    minimums: sourceMinimums(o.tables, o.changedTables),
    serviceWaitMs: {},
    notes: [
      `naive: one resource whose provider POSTs the source, GETs the ids, then PATCHes each table's frequency ` +
        `(${o.tables}), ${o.naiveConcurrency} at a time; change: one PATCH per changed table`,
    ],
  };
}

/** Scenario 2: one ExternalDataSchema per table of a source made outside the stack. */
function schemasDef(o: BenchOptions): EngineScenarioDef {
  const names = tableNames(o.schemas);
  return {
    id: "schemas",
    title: `${o.schemas} ExternalDataSchema resources on one source`,
    resources: o.schemas,
    emulator: { posthog: { catalogues: { Postgres: names } } },
    arrange: (emulator) => ({
      // PostHog needs at least one table listed; listing one not syncing leaves them all off.
      sourceId: emulator.posthog.createSource(
        postgresBody({ prefix: "bench_" }, { schemas: [{ name: names[0], should_sync: false }] }),
      ).id,
    }),
    steps: ({ sourceId }) => [
      {
        name: "preview",
        args: PREVIEW,
        spec: (variant) => ({
          scenario: "schemas",
          variant,
          sourceId: sourceId as string,
          tables: tables(names, 0),
        }),
      },
      { name: "up", args: UP },
      { name: "no-op up", args: UP },
      { name: "destroy", args: DESTROY },
    ],
    minimums: schemaMinimums(o.schemas),
    serviceWaitMs: {},
    notes: [
      `naive: one resource per table whose provider GETs the source for its schema id, then PATCHes it ` +
        `(2 calls per resource, nothing shared between resources); destroy: one PATCH should_sync=false each`,
    ],
  };
}

/** Scenario 3: one Refresh of `connections` connections over `destinations` destinations. */
function refreshDef(o: BenchOptions): EngineScenarioDef {
  const perDestination = spread(o.connections, o.destinations);
  return {
    id: "refresh",
    title: `1 Refresh of ${o.connections} connections over ${o.destinations} destinations (runs take ${o.workivaRunMs} ms)`,
    resources: 1,
    emulator: { workiva: { runMs: o.workivaRunMs, seed: false } },
    arrange: (emulator) => ({
      connections: perDestination.flatMap((count, d) =>
        emulator.workiva.addConnections(count, `dest-${d + 1}`, `d${d + 1}`),
      ),
    }),
    steps: ({ connections }) => [
      {
        name: "preview",
        args: PREVIEW,
        spec: (variant) => ({ scenario: "refresh", variant, connections: connections as string[] }),
      },
      { name: "up", args: UP },
      { name: "no-op up", args: UP },
      { name: "destroy", args: DESTROY },
    ],
    minimums: refreshMinimums(perDestination),
    serviceWaitMs: { up: o.workivaRunMs },
    notes: [
      `naive: one resource whose provider takes a token, POSTs one refresh per connection (${o.connections}), ` +
        `${o.naiveConcurrency} at a time, then polls each job every second until it has finished`,
      `the up waits for the runs (${o.workivaRunMs} ms in the emulator): counted as service time in the goal`,
    ],
  };
}

/** The scenarios of `options.only`, in order. */
export function engineScenarios(options: BenchOptions): EngineScenarioDef[] {
  const all = { source: sourceDef, schemas: schemasDef, refresh: refreshDef };
  return options.only.map((id) => all[id](options));
}
