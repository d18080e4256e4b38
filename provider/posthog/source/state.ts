/** Builds an ExternalDataSource's outputs from PostHog's answers and the declared inputs. */
import type { ApiSchema, ApiSource } from "../api/types";
import { rowsByName } from "../schema/settings";
import type { SourceInputs, SourceOutputs } from "./model";
import { projectTables } from "./table-plan";
import { stringOrUndefined, withoutUndefined } from "../common/values";

/** Table name -> schema id of every schema row. */
export function schemaIdsOf(rows: readonly ApiSchema[] | undefined): Record<string, string> {
  return Object.fromEntries((rows ?? []).map((row) => [row.name, row.id]));
}

/** The outputs for `source` as PostHog reports it. */
export function sourceOutputs(
  source: ApiSource,
  declared: Pick<SourceInputs, "projectId" | "schemas" | "existingSourceId" | "accessMethod">,
  jobInputs: Record<string, unknown>,
): SourceOutputs {
  return withoutUndefined({
    projectId: declared.projectId,
    sourceType: source.source_type,
    prefix: stringOrUndefined(source.prefix),
    description: stringOrUndefined(source.description),
    accessMethod: stringOrUndefined(source.access_method) ?? declared.accessMethod ?? "warehouse",
    status: stringOrUndefined(source.status),
    latestError: stringOrUndefined(source.latest_error),
    createdAt: stringOrUndefined(source.created_at),
    lastRunAt: stringOrUndefined(source.last_run_at),
    schemaIds: schemaIdsOf(source.schemas),
    jobInputs,
    schemas: projectTables(declared.schemas, rowsByName(source.schemas)),
    existingSourceId: declared.existingSourceId,
  });
}

/**
 * Merges rows answered by bulk_update_schemas into a source's rows (same id -> replaced), so the
 * outputs reflect what the update stored without another GET.
 */
export function mergeRows(
  rows: readonly ApiSchema[] | undefined,
  updated: readonly ApiSchema[],
): ApiSchema[] {
  const byId = new Map(updated.map((row) => [row.id, row]));
  return (rows ?? []).map((row) => byId.get(row.id) ?? row);
}

/**
 * Job inputs after a read: the state's copy (PostHog hides secrets), with every key PostHog does
 * show taken from PostHog when it differs (real drift). Keys not in the state are not managed.
 */
export function jobInputsAfterRead(
  state: Record<string, unknown>,
  remote: Record<string, unknown> | null | undefined,
): Record<string, unknown> {
  const out = { ...state };
  for (const [key, value] of Object.entries(remote ?? {})) {
    if (!(key in state)) continue;
    const known = state[key];
    // Nested settings (e.g. an SSH tunnel) come back with their secrets removed: merge what is
    // visible into what we sent, never replace the whole object by its redacted copy.
    if (isPlainObject(known) && isPlainObject(value)) out[key] = jobInputsAfterRead(known, value);
    else if (!sameScalar(known, value)) out[key] = value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Equal, treating a number and its decimal string as the same (`5432` vs `"5432"`). */
function sameScalar(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const scalar = (v: unknown): boolean =>
    typeof v === "string" || typeof v === "number" || typeof v === "boolean";
  if (scalar(a) && scalar(b)) return String(a) === String(b);
  return JSON.stringify(a) === JSON.stringify(b);
}
