/**
 * The fewest API calls each step allows, derived from the APIs' rules (see
 * shared/contract and the emulator): these are what the measured calls are compared with.
 */
import { BULK_MAX_SCHEMAS } from "../../provider/posthog/schema/patch-batch";
import type { Minimum } from "./types";

/** Most connections one Workiva batch refresh may carry (all on one destination). */
export const WORKIVA_MAX_BATCH = 100;
/** Largest page of the Workiva connection list. */
export const WORKIVA_MAX_PAGE = 1000;

const NOOP: Minimum = {
  calls: 0,
  polls: 0,
  note: "nothing changed: the engine's Diff decides from state alone, so no call is needed",
};

/**
 * Scenario 1: one ExternalDataSource with `tables` tables, `changed` of them changed later.
 *
 * The calls the provider makes before the POST, counted as it makes them:
 * - the wizard (`GET external_data_sources/wizard/`, the source types' fields): read once per
 *   provider process and project when jobInputs are new or changed, by whichever asks first
 *   (`check`; a create in the same process reuses the answer). The bench's `up` runs with
 *   `--skip-preview`, so its own host reads it once (a `preview` reads it once more, in its own
 *   process: counted in its step);
 * - table discovery (`POST external_data_sources/database_schema/`, where PostHog answers it):
 *   create asks it only when a declared table needs what the table supports (a sync type other
 *   than full_refresh, or an incremental field); `discovery` says whether the scenario declares
 *   such a table (the bench's tables are all full_refresh: no discovery). A PostHog without the
 *   endpoint (404/405) costs that one call and the provider falls back.
 */
export function sourceMinimums(tables: number, changed: number, discovery = false): Record<string, Minimum> {
  return {
    up: {
      calls: 4 + (discovery ? 1 : 0),
      polls: 0,
      note:
        `read PostHog's source field definitions (the wizard) to check the new jobInputs, once per provider ` +
        `process (1) + ` +
        (discovery ? `ask PostHog which tables the settings give and what they support (1) + ` : "") +
        `POST the source with all ${tables} tables' create-time settings (1) + GET it back, the POST answers ` +
        `only the id and the schema ids are outputs (1) + one bulk_update_schemas for sync_frequency, ` +
        `which the create call does not take (1)`,
    },
    "no-op up": NOOP,
    change: {
      calls: 1,
      polls: 0,
      note: `one bulk_update_schemas carries all ${changed} changed tables (old settings are in state)`,
    },
    destroy: { calls: 1, polls: 0, note: "one DELETE of the source (its schemas go with it)" },
  };
}

/** Scenario 2: `schemas` ExternalDataSchema resources on one existing source. */
export function schemaMinimums(schemas: number): Record<string, Minimum> {
  const lists = Math.ceil(schemas / BULK_MAX_SCHEMAS);
  const cap =
    `bulk_update_schemas takes at most ${BULK_MAX_SCHEMAS} schemas per request in the provider ` +
    `(its choice: the contract names no limit)`;
  return {
    up: {
      calls: 1 + lists,
      polls: 0,
      note:
        `one read of the source's rows (name -> schema id), shared by the creates of one host, then the ` +
        `${schemas} resources' settings coalesced into ${lists} bulk_update_schemas; ${cap}`,
      ...(lists > 1
        ? { apiFloor: { calls: 2, note: "1 GET + 1 bulk_update_schemas of every table in one list" } }
        : {}),
    },
    "no-op up": NOOP,
    destroy: {
      calls: lists,
      polls: 0,
      note: `should_sync=false for the ${schemas} resources (ids are in state), coalesced: ${lists} bulk_update_schemas; ${cap}`,
      ...(lists > 1
        ? { apiFloor: { calls: 1, note: "1 bulk_update_schemas of every table in one list" } }
        : {}),
    },
  };
}

/** Connections per destination when `connections` are spread evenly over `destinations`. */
export function spread(connections: number, destinations: number): number[] {
  return Array.from(
    { length: destinations },
    (_, i) => Math.floor(connections / destinations) + (i < connections % destinations ? 1 : 0),
  );
}

/** Scenario 3: one Refresh of `perDestination[i]` connections on destination i. */
export function refreshMinimums(perDestination: readonly number[]): Record<string, Minimum> {
  const total = perDestination.reduce((a, b) => a + b, 0);
  const starts = perDestination.reduce((n, k) => n + Math.ceil(k / WORKIVA_MAX_BATCH), 0);
  const batches = perDestination
    .filter((k) => k > 1)
    .reduce((n, k) => n + Math.ceil(k / WORKIVA_MAX_BATCH), 0);
  const pages = Math.ceil(total / WORKIVA_MAX_PAGE);
  return {
    up: {
      calls: 1 + pages + starts,
      polls: batches + (starts - batches),
      note:
        `1 token + ${pages} connection list page(s) (which destination each connection writes to; a batch ` +
        `takes one destination) + ${starts} refresh POST(s) (at most ${WORKIVA_MAX_BATCH} per batch, one ` +
        `destination each: ${perDestination.join("+")}); status polls counted apart: at least one per ` +
        `batch, more when runs take longer (run time and poll schedule decide)`,
    },
    "no-op up": NOOP,
    destroy: { calls: 0, polls: 0, note: "a refresh cannot be undone: delete only forgets it" },
  };
}
