/** Builds an ExternalDataSource's outputs from PostHog's answers and the declared inputs. */
import type { ApiSchema, ApiSource } from "../api/types";
import { rowsByName } from "../schema/settings";
import type { SourceInputs, SourceOutputs } from "./model";
import type { FieldResolutions } from "../schema/field-resolution";
import { projectTables } from "./table-plan";
import { stringOrUndefined, withoutUndefined } from "../common/values";

/** Table name -> schema id of every schema row. */
export function schemaIdsOf(rows: readonly ApiSchema[] | undefined): Record<string, string> {
  return Object.fromEntries((rows ?? []).map((row) => [row.name, row.id]));
}

/** The outputs for `source` as PostHog reports it. */
export function sourceOutputs(
  source: ApiSource,
  declared: Pick<SourceInputs, "projectId" | "schemas" | "existingSourceId" | "accessMethod"> & {
    resolutions?: FieldResolutions;
  },
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
    schemas: projectTables(declared.schemas, rowsByName(source.schemas), undefined, declared.resolutions),
    incrementalFieldResolutions: nonEmpty(declared.resolutions),
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

/** The resolutions, or undefined when there are none (kept out of the state). */
export function nonEmpty(resolutions: FieldResolutions | undefined): FieldResolutions | undefined {
  return resolutions && Object.keys(resolutions).length > 0 ? resolutions : undefined;
}
