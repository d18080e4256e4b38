/**
 * What a change of inputs means for a Refresh (no API call: runs at preview):
 * - `connections` or `triggers` changed -> replace (a new refresh runs);
 * - only other inputs changed -> update in place, no new run;
 * - the last deploy failed or timed out (`deployError` in the old outputs) -> update, which
 *   settles it (see refresh-lifecycle.ts), so the plan shows it will run again;
 * - nothing changed -> no changes.
 * Connections are compared as a set of long forms (order and short/long form do not matter);
 * values not known yet (preview) count as changed.
 */
import { normalizeConnections } from "./connections";
import type { ConnectionRefreshInput, RefreshOutputs } from "./refresh-types";
import { INPUT_KEYS } from "./refresh-state";
import { containsUnknown } from "./unknown";
import { validateRefreshInputs } from "./validation";

/** The diff the host forwards. */
export interface RefreshDiff {
  /** Whether anything changes. */
  changes: boolean;
  /** Inputs whose change needs a new resource (a new run). */
  replaces: string[];
}

/** Inputs whose change starts a new refresh. */
export const REPLACING_INPUTS = ["connections", "triggers"] as const;

/** Diff of old outputs against new checked inputs. */
export function diffRefresh(olds: Partial<RefreshOutputs>, news: Record<string, unknown>): RefreshDiff {
  const oldInputs = validateRefreshInputs(olds as Record<string, unknown>).inputs;
  const newInputs = validateRefreshInputs(news).inputs;
  const changed = INPUT_KEYS.filter((key) => {
    if (containsUnknown(newInputs[key])) return true;
    if (key === "connections")
      return connectionsKey(oldInputs.connections) !== connectionsKey(newInputs.connections);
    return canonicalJson(oldInputs[key]) !== canonicalJson(newInputs[key]);
  });
  const replaces = REPLACING_INPUTS.filter((key) => changed.includes(key));
  const changes = changed.length > 0 || olds.deployError !== undefined;
  return { changes, replaces: [...replaces] };
}

/** A comparison key of a connection list: long forms, sorted by id. */
export function connectionsKey(connections: readonly ConnectionRefreshInput[]): string {
  const specs = normalizeConnections(connections).sort((a, b) => (a.connectionId < b.connectionId ? -1 : 1));
  return canonicalJson(specs);
}

/** JSON with object keys sorted and undefined fields left out (arrays keep their order). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? "undefined";
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
