/**
 * ExternalDataSource update, always in place: one PATCH for description and changed jobInputs
 * keys (only when they changed), one bulk_update_schemas for the tables that changed.
 */
import type { ApiSource, ApiSourcePatch } from "../api/types";
import type { PosthogClient } from "../api/client";
import { initFailed } from "../common/init-failed";
import { rowsByName } from "../schema/settings";
import type { DeclaredTable, SourceInputs, SourceOutputs } from "./model";
import { nonEmpty, sourceOutputs } from "./state";
import { applyTables, TablesNotAllApplied, type AppliedTables } from "./tables";
import { projectTables } from "./table-plan";
import { isUnknown } from "../common/unknown";
import { withoutUndefined } from "../common/values";
import { knownDefinition } from "../config/definitions";
import { jobInputsPatch } from "../config/job-inputs-patch";

/** The source PATCH bringing `olds` to `news`, or undefined when nothing changed. */
export function sourcePatch(olds: SourceOutputs, news: SourceInputs): ApiSourcePatch | undefined {
  const patch: ApiSourcePatch = {};
  if (
    news.description !== undefined &&
    !isUnknown(news.description) &&
    news.description !== (olds.description ?? "")
  ) {
    patch.description = news.description;
  }
  // PATCH merges job_inputs: the changed keys, with the declared secrets (see job-inputs-patch.ts).
  // (A key dropped from the program cannot be removed through the API; it is only dropped from state.)
  const jobInputs = jobInputsPatch(olds.jobInputs, news.jobInputs, knownDefinition(news.sourceType));
  if (jobInputs) patch.job_inputs = jobInputs;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

/** Updates source `id` from `olds` (state outputs) to `news`; returns the new outputs. */
export async function updateSource(
  client: PosthogClient,
  id: string,
  olds: SourceOutputs,
  news: SourceInputs,
  rawNews: Record<string, unknown>,
): Promise<SourceOutputs> {
  const declared = {
    projectId: news.projectId,
    schemas: olds.schemas,
    existingSourceId: olds.existingSourceId ?? news.existingSourceId,
    accessMethod: news.accessMethod,
  };
  let outs: SourceOutputs = { ...olds, existingSourceId: declared.existingSourceId };
  let source: ApiSource | undefined;
  const patch = sourcePatch(olds, news);
  if (patch) {
    source = await client.updateSource(id, patch);
    outs = sourceOutputs(
      source,
      { ...declared, resolutions: olds.incrementalFieldResolutions },
      { ...olds.jobInputs, ...patch.job_inputs },
    );
    // Keep the state's table projection: PATCH answers are not compared with the declared tables here.
    outs.schemas = olds.schemas;
  }
  const step = "applying the table settings (bulk_update_schemas)";
  const appliedOutputs = (applied: AppliedTables): SourceOutputs =>
    withoutUndefined({
      ...outs,
      jobInputs: news.jobInputs,
      schemaIds: applied.schemaIds,
      schemas: projectTables(news.schemas, rowsByName(applied.rows), olds.schemas, applied.resolutions),
      incrementalFieldResolutions: nonEmpty(applied.resolutions),
    });
  try {
    const applied = await applyTables(
      client,
      id,
      news.schemas,
      olds.schemas,
      { schemaIds: outs.schemaIds, rows: source?.schemas },
      olds.incrementalFieldResolutions,
      olds.incrementalFieldResolutions,
    );
    return appliedOutputs(applied);
  } catch (error) {
    // Some tables were applied before PostHog refused others: record what PostHog has.
    if (error instanceof TablesNotAllApplied) {
      const recorded = appliedOutputs(error.applied);
      // Tables dropped from the program that PostHog still syncs stay in the state, so the next
      // update stops them again.
      const stillSyncing = pendingRemovals(olds.schemas, news.schemas, error.applied);
      if (stillSyncing.length > 0) recorded.schemas = [...(recorded.schemas ?? []), ...stillSyncing];
      throw initFailed(id, recorded, rawNews, error.refusal, step);
    }
    if (!patch) throw error;
    // The PATCH is applied: record it, so the next update only retries the tables.
    throw initFailed(id, outs, rawNews, error, step);
  }
}

/** Previously declared tables no longer declared whose row still syncs (their removal did not apply). */
function pendingRemovals(
  previous: readonly DeclaredTable[] | undefined,
  declared: readonly DeclaredTable[] | undefined,
  applied: AppliedTables,
): DeclaredTable[] {
  const names = new Set((declared ?? []).map((table) => table.name));
  const rows = rowsByName(applied.rows);
  return (previous ?? []).filter(
    (table) =>
      !names.has(table.name) && table.shouldSync !== false && rows.get(table.name)?.should_sync !== false,
  );
}
