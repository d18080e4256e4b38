/**
 * ExternalDataSchema operations. Schema rows are never created through the API: create adopts
 * the row of the source's table (running refresh_schemas when the table is not discovered yet)
 * and PATCHes the declared settings; destroy stops syncing it (and optionally drops its data).
 */
import { isApiError } from "../../http";
import type { ApiSchema } from "../api/types";
import { isNotFound, type PosthogClient } from "../api/client";
import { withCheckedIncrementalField } from "./incremental-field";
import { initFailed } from "../common/init-failed";
import type { SchemaInputs, SchemaOutputs } from "./model";
import { adoptedInThisRun, recordAdoption } from "./adoptions";
import { patchSchema, schemaOperation, type SchemaOperation } from "./patch-batch";
import { sourceRows } from "./rows-cache";
import { isEmptyPatch, settingsFromApi, settingsPatch, type TableSettings } from "./settings";
import { declarationsOf, declaredSettings, schemaInputsFromOutputs, schemaOutputs } from "./state";
import { triggerChanged } from "./diff";
import { tablesNotFoundError } from "../source/tables";
import { syncStartedDespite } from "./sync-started";
import { withoutUndefined } from "../common/values";

/**
 * The row of table `name` of a source: from the source's rows (shared for a few seconds between
 * the creates of one deployment), else after `refresh_schemas` discovers it; else an error
 * listing the tables that exist.
 */
export async function findSchemaRow(
  client: PosthogClient,
  sourceId: string,
  name: string,
): Promise<ApiSchema> {
  let row = (await sourceRows(client, sourceId, false)).find((r) => r.name === name);
  if (row) return row;
  await client.refreshSchemas(sourceId);
  const rows = await sourceRows(client, sourceId, true);
  row = rows.find((r) => r.name === name);
  if (!row) throw tablesNotFoundError([name], rows);
  return row;
}

/** PATCHes `row` to the declared settings (checking the incremental field); returns the new row. */
async function applySettings(
  client: PosthogClient,
  sourceId: string,
  row: ApiSchema,
  declared: TableSettings,
  current: TableSettings,
  operation: SchemaOperation,
): Promise<ApiSchema> {
  const effective = await withCheckedIncrementalField(client, row.id, row.name, declared, current);
  const patch = settingsPatch(effective, current, { currentIsRemoteRow: true });
  return isEmptyPatch(patch) ? row : patchSchema(client, sourceId, row.id, patch, operation);
}

/**
 * Creates (adopts) the schema. Nothing is created remotely, so a failure records nothing: the
 * row keeps its settings and the next `up` adopts it again.
 */
export function createSchema(
  client: PosthogClient,
  inputs: SchemaInputs,
): Promise<{ id: string; outs: SchemaOutputs }> {
  return schemaOperation(client, inputs.sourceId, async (operation) => {
    const found = await findSchemaRow(client, inputs.sourceId, inputs.name);
    const row = await applySettings(
      client,
      inputs.sourceId,
      found,
      declaredSettings(inputs),
      settingsFromApi(found),
      operation,
    );
    recordAdoption(client.scope, row.id);
    return { id: row.id, outs: schemaOutputs(row, declarationsOf(inputs)) };
  });
}

/** Updates schema `id`: PATCH what changed, then `resync` or `reload` when a trigger changed. */
export function updateSchema(
  client: PosthogClient,
  id: string,
  olds: SchemaOutputs,
  news: SchemaInputs,
  rawNews: Record<string, unknown>,
): Promise<SchemaOutputs> {
  return schemaOperation(client, news.sourceId, (operation) =>
    updateCounted(client, id, olds, news, rawNews, operation),
  );
}

async function updateCounted(
  client: PosthogClient,
  id: string,
  olds: SchemaOutputs,
  news: SchemaInputs,
  rawNews: Record<string, unknown>,
  operation: SchemaOperation,
): Promise<SchemaOutputs> {
  const current: TableSettings = olds;
  const declared = declaredSettings(news);
  const effective = await withCheckedIncrementalField(client, id, news.name, declared, current);
  const patch = settingsPatch(effective, current, { currentIsRemoteRow: true });
  const row = isEmptyPatch(patch)
    ? undefined
    : await patchSchema(client, news.sourceId, id, patch, operation);
  const declarations = declarationsOf(news);
  const outs: SchemaOutputs = row
    ? schemaOutputs(row, declarations)
    : withoutUndefined({ ...olds, ...declarations });
  const resync = triggerChanged(news.resyncTriggers, olds.resyncTriggers);
  const reload = !resync && triggerChanged(news.syncTriggers, olds.syncTriggers);
  if (!resync && !reload) return outs;
  const target = { sourceId: news.sourceId, schemaId: id, name: news.name };
  const sentAt = Date.now();
  try {
    if (resync) await client.resyncSchema(id);
    else await client.reloadSchema(id);
    return outs;
  } catch (error) {
    // Applied although it failed: the trigger is done (never start the sync twice for it).
    if (await syncStartedDespite(client, target, sentAt, error)) return outs;
    if (!row) throw error;
    // The settings are applied; keep the old triggers so the next `up` starts the sync again.
    const recorded = { ...outs, syncTriggers: olds.syncTriggers, resyncTriggers: olds.resyncTriggers };
    throw initFailed(id, recorded, rawNews, error, resync ? "resync" : "reload");
  }
}

/** Reads schema `id`; gone (schema or its source deleted) -> no id. */
export async function readSchema(
  client: PosthogClient,
  id: string,
  state: SchemaOutputs,
): Promise<{ id?: string; props?: SchemaOutputs; inputs?: SchemaInputs }> {
  let row: ApiSchema;
  try {
    row = await client.getSchema(id);
  } catch (error) {
    if (isNotFound(error)) return {};
    throw error;
  }
  const props = schemaOutputs(row, {
    projectId: state.projectId,
    sourceId: state.sourceId,
    syncTriggers: state.syncTriggers,
    resyncTriggers: state.resyncTriggers,
    deleteDataOnDestroy: state.deleteDataOnDestroy ?? false,
    managedSettings: state.managedSettings ?? [],
  });
  return { id, props, inputs: schemaInputsFromOutputs(props) };
}

/** True for the 400 `cancel` answers when no sync runs. */
function isNothingToCancel(error: unknown): boolean {
  return isApiError(error) && error.status === 400;
}

/**
 * Destroys schema `id`: stop syncing (`should_sync: false`); with `deleteDataOnDestroy`, cancel a
 * running sync and drop the synced table. Anything already gone (404) is success. A table another
 * resource adopted in this run (a rename or replacement) is left to that resource, untouched.
 */
export async function deleteSchema(client: PosthogClient, id: string, state: SchemaOutputs): Promise<void> {
  if (adoptedInThisRun(client.scope, id)) return;
  return schemaOperation(client, state.sourceId, (operation) => deleteCounted(client, id, state, operation));
}

async function deleteCounted(
  client: PosthogClient,
  id: string,
  state: SchemaOutputs,
  operation: SchemaOperation,
): Promise<void> {
  try {
    await patchSchema(client, state.sourceId, id, { should_sync: false }, operation);
    if (!state.deleteDataOnDestroy) return;
    try {
      await client.cancelSchemaSync(id);
    } catch (error) {
      if (!isNothingToCancel(error)) throw error;
    }
    await client.deleteSchemaData(id);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
