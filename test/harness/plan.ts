import { EngineLogEntry } from "./engine-server";
import { HostMethod } from "./host";
import { StackState } from "./state";
import { PropertyMap, UNKNOWN_VALUE } from "./wire";

/** What a run did (or, in preview, would do) to one resource. */
export type PlanOperation =
  "create" | "update" | "replace" | "delete" | "same" | "read" | "refresh-changed" | "refresh-gone";

/** The kinds of runs. */
export type RunKind = "preview" | "up" | "refresh" | "destroy";

/** One row of a plan/result table. */
export interface PlanRow {
  urn: string;
  name: string;
  type: string;
  op: PlanOperation;
  /** `planned` in preview, `done` when the operation succeeded, `failed` otherwise. */
  status: "planned" | "done" | "failed";
  /** Input keys that differ from the last state (for refresh: output or input keys that drifted). */
  changed: string[];
  /** Keys that forced a replacement. */
  replaces: string[];
  /** For a replacement: whether the old resource was (or will be) deleted before the new one is created. */
  deleteBeforeReplace?: boolean;
  /** Byte size of the resource's `__provider` (0 when unknown). */
  providerBytes: number;
  /** The resource id after the operation, when known. */
  id?: string;
  error?: string;
}

/** Everything a run produced. */
export interface RunResult {
  kind: RunKind;
  stack: string;
  /** True when no step failed and the program did not throw. */
  ok: boolean;
  rows: PlanRow[];
  /** Number of rows per operation. */
  totals: Partial<Record<PlanOperation, number>>;
  /** Every error, like the CLI's diagnostics at the end of a run. */
  errors: string[];
  /** Stack outputs (program return value / module exports); unknown values in preview. */
  outputs: PropertyMap;
  /** Stack output keys that are secret. */
  secretOutputs: string[];
  /** The state after the run (for preview: unchanged). */
  state: StackState;
  /** Wall time of the run. */
  durationMs: number;
  /** Calls made to the provider host, per method. */
  hostCalls: Record<HostMethod, number>;
  /** The run's provider host process id and peak resident memory (Linux), when a host ran. */
  hostPid?: number;
  hostPeakRssBytes?: number;
  /** What the provider host printed (its provider logs); empty when no host was needed. */
  hostStdout: string;
  hostStderr: string;
  /** `pulumi.log.*` messages the program sent to the engine. */
  engineLogs: EngineLogEntry[];
}

/** A run that failed: carries the full result (state was still written for what succeeded). */
export class StackRunError extends Error {
  constructor(readonly result: RunResult) {
    super(
      `${result.kind} of stack "${result.stack}" failed:\n${result.errors.map((e) => `  error: ${e}`).join("\n")}`,
    );
    this.name = "StackRunError";
  }
}

/** Counts rows per operation. */
export function totalsOf(rows: PlanRow[]): Partial<Record<PlanOperation, number>> {
  const totals: Partial<Record<PlanOperation, number>> = {};
  for (const row of rows) totals[row.op] = (totals[row.op] ?? 0) + 1;
  return totals;
}

const SYMBOLS: Record<PlanOperation, string> = {
  create: "+",
  update: "~",
  replace: "+-",
  delete: "-",
  same: " ",
  read: " ",
  "refresh-changed": "~",
  "refresh-gone": "-",
};

function shortType(type: string): string {
  return type.replace(/^pulumi-nodejs:dynamic\/?/, "");
}

function pad(cells: string[][]): string[] {
  const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  return cells.map((row) =>
    row
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd(),
  );
}

/** How a value that is not known until `up` (the wire's unknown placeholder) is shown, at any depth. */
export const UNKNOWN_DISPLAY = "(known after up)";

function formatValue(value: unknown, secret: boolean): string {
  if (secret) return "[secret]";
  if (value === UNKNOWN_VALUE) return UNKNOWN_DISPLAY;
  const text =
    typeof value === "string"
      ? value
      : JSON.stringify(value, (_key, v: unknown) => (v === UNKNOWN_VALUE ? UNKNOWN_DISPLAY : v));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Renders a run as a readable table: one line per resource (operation, name, type, changed keys,
 * `__provider` size, status), then totals, stack outputs (secrets hidden), duration and errors.
 */
export function formatPlan(result: RunResult): string {
  const lines: string[] = [];
  lines.push(
    `${result.kind} of stack "${result.stack}": ${result.ok ? "ok" : "FAILED"} in ${(result.durationMs / 1000).toFixed(2)} s`,
  );
  if (result.rows.length > 0) {
    const header = ["", "OP", "NAME", "TYPE", "CHANGED", "__provider", "STATUS"];
    const body = result.rows.map((r) => [
      SYMBOLS[r.op],
      r.op,
      r.name,
      shortType(r.type),
      r.replaces.length > 0
        ? `${r.changed.join(",")} (replace: ${r.replaces.join(",")}${r.deleteBeforeReplace ? ", delete first" : ""})`
        : r.changed.join(",") || "-",
      r.providerBytes > 0 ? `${r.providerBytes} B` : "-",
      r.status,
    ]);
    lines.push(...pad([header, ...body]).map((l) => `  ${l}`));
  } else {
    lines.push("  (no resources)");
  }
  const totals = Object.entries(result.totals).map(([op, n]) => `${op} ${n}`);
  lines.push(`Totals: ${totals.length > 0 ? totals.join(", ") : "none"}`);
  const outputKeys = Object.keys(result.outputs);
  if (outputKeys.length > 0) {
    lines.push("Outputs:");
    for (const k of outputKeys) {
      lines.push(`  ${k}: ${formatValue(result.outputs[k], result.secretOutputs.includes(k))}`);
    }
  }
  if (result.errors.length > 0) {
    lines.push("Errors:");
    for (const e of result.errors) lines.push(`  ${e}`);
  }
  return lines.join("\n");
}
