/**
 * ExternalDataSource create: adopt an existing source (`existingSourceId`) or POST a new one,
 * resolving an ambiguous POST failure by looking the source up before anything is retried; then
 * read it back once and apply what create did not take in one bulk_update_schemas.
 */
import { isApiError, type ApiError } from "../../http";
import { explainRejection, findOurSource, isDuplicateRejection, settleWindowMs } from "./create-resolution";
import type { ApiSchemaCreate, ApiSource, ApiSourceCreate } from "../api/types";
import { isNotFound, type PosthogClient } from "../api/client";
import { initFailed } from "../common/init-failed";
import {
  DEFAULT_ENABLE_SYNC_TYPE,
  SETTING_NAMES,
  SETTINGS_NOT_TAKEN_AT_CREATE,
  toApiSettings,
} from "../schema/settings";
import type { DeclaredTable, SourceInputs, SourceOutputs } from "./model";
import { nonEmpty, sourceOutputs } from "./state";
import { applyTables, TablesNotAllApplied, type AppliedTables } from "./tables";
import { discoverDeclaredTables } from "./table-discovery";
import {
  resolutionApplies,
  resolutionsFromRows,
  storedForm,
  type FieldResolutions,
} from "../schema/field-resolution";
import { rowsByName } from "../schema/settings";
import { projectTables } from "./table-plan";
import { stringOrUndefined, withoutUndefined } from "../common/values";

/** The result of create: the source id and its outputs. */
export interface CreatedSource {
  id: string;
  outs: SourceOutputs;
}

/**
 * One declared table as the create call takes it (sync_frequency follows later), its incremental
 * field as PostHog stores it. An incremental table whose field could not be resolved (no
 * discovery) is sent as declared when its type is declared (PostHog rewrites it to the stored
 * field and `field_type`; the row tells), else created disabled and set up right after, from its
 * own `incremental_fields`.
 */
export function createTableEntry(table: DeclaredTable, resolutions: FieldResolutions = {}): ApiSchemaCreate {
  const unresolved =
    table.incrementalField !== undefined && !resolutionApplies(resolutions[table.name], table);
  if (unresolved && table.incrementalFieldType === undefined && table.shouldSync !== false) {
    return { name: table.name, should_sync: false };
  }
  const settings = toApiSettings(
    storedForm(table, resolutions[table.name]),
    SETTING_NAMES.filter((name) => !SETTINGS_NOT_TAKEN_AT_CREATE.includes(name)),
  );
  if (table.shouldSync && settings.sync_type === undefined) settings.sync_type = DEFAULT_ENABLE_SYNC_TYPE;
  return { name: table.name, ...settings };
}

/**
 * The create request: jobInputs in `payload` (PostHog's nested shape), with the declared tables;
 * `cdc_enabled` when a table syncs by CDC (PostHog needs it at create).
 */
export function createRequest(inputs: SourceInputs, resolutions: FieldResolutions = {}): ApiSourceCreate {
  const payload: Record<string, unknown> = { ...inputs.jobInputs };
  if (inputs.schemas !== undefined)
    payload.schemas = inputs.schemas.map((t) => createTableEntry(t, resolutions));
  if (inputs.schemas?.some((table) => table.syncType === "cdc")) payload.cdc_enabled = true;
  return withoutUndefined({
    source_type: inputs.sourceType,
    prefix: inputs.prefix,
    description: inputs.description,
    access_method: inputs.accessMethod,
    payload,
  });
}

/**
 * POSTs the source, resolving a lost answer without creating a duplicate (see
 * create-resolution.ts): the source is looked up before anything is sent again, and only a
 * source created since our first POST is ours.
 */
export async function postSource(
  client: PosthogClient,
  inputs: SourceInputs,
  resolutions: FieldResolutions = {},
): Promise<string> {
  const body = createRequest(inputs, resolutions);
  const sentAt = Date.now();
  try {
    return await client.createSource(body);
  } catch (first) {
    if (!isApiError(first) || !first.ambiguous)
      throw explainCdc(inputs, await explainRejection(client, inputs, first));
    const ours = await findOurSource(client, inputs, sentAt, settleWindowMs(first), first);
    if (ours) return ours.id;
  }
  try {
    return await client.createSource(body);
  } catch (second) {
    // A duplicate rejection now means the first POST created it after all.
    const lost = isDuplicateRejection(second)
      ? 0
      : isApiError(second) && second.ambiguous
        ? settleWindowMs(second)
        : -1;
    if (lost >= 0) {
      const ours = await findOurSource(client, inputs, sentAt, lost, second as ApiError);
      if (ours) return ours.id;
    }
    throw explainCdc(inputs, await explainRejection(client, inputs, second));
  }
}

/** A refused create of a source with CDC tables: says what CDC needs besides PostHog's words. */
function explainCdc(inputs: SourceInputs, error: unknown): unknown {
  if (!inputs.schemas?.some((t) => t.syncType === "cdc") || !isApiError(error) || error.status !== 400)
    return error;
  if (!/cdc/i.test(error.apiMessage ?? error.message)) return error;
  return new Error(
    `${error.message}. Tables with syncType "cdc" need CDC enabled for your PostHog project (a team ` +
      "feature) and a database set up for it; use another syncType until then",
  );
}

/** Outputs known before the read-back (used when a later step fails). */
function outputsBeforeRead(inputs: SourceInputs): SourceOutputs {
  return withoutUndefined({
    projectId: inputs.projectId,
    sourceType: inputs.sourceType,
    prefix: inputs.prefix,
    description: inputs.description,
    accessMethod: inputs.accessMethod ?? "warehouse",
    schemaIds: {},
    jobInputs: inputs.jobInputs,
    schemas: inputs.schemas?.map((table) => ({ name: table.name })),
    existingSourceId: inputs.existingSourceId,
  });
}

/** Reads `id` back and applies the declared tables; any failure records the source anyway. */
async function completeSource(
  client: PosthogClient,
  id: string,
  inputs: SourceInputs,
  rawInputs: Record<string, unknown>,
  source?: ApiSource,
  resolutions: FieldResolutions = {},
): Promise<CreatedSource> {
  let outs = outputsBeforeRead(inputs);
  let step = "reading the source back";
  const appliedOutputs = (applied: AppliedTables): SourceOutputs =>
    withoutUndefined({
      ...outs,
      schemaIds: applied.schemaIds,
      schemas: projectTables(inputs.schemas, rowsByName(applied.rows), undefined, applied.resolutions),
      incrementalFieldResolutions: nonEmpty(applied.resolutions),
    });
  try {
    const current = source ?? (await client.getSource(id));
    resolutions = resolutionsFromRows(inputs.schemas, rowsByName(current.schemas), resolutions);
    outs = sourceOutputs(current, { ...inputs, resolutions }, inputs.jobInputs);
    step = "applying the table settings (bulk_update_schemas)";
    const applied = await applyTables(
      client,
      id,
      inputs.schemas,
      undefined,
      { schemaIds: outs.schemaIds, rows: current.schemas },
      resolutions,
    );
    return { id, outs: appliedOutputs(applied) };
  } catch (error) {
    if (error instanceof TablesNotAllApplied) {
      throw initFailed(id, appliedOutputs(error.applied), rawInputs, error.refusal, step);
    }
    throw initFailed(id, outs, rawInputs, error, step);
  }
}

/** Adopts `inputs.existingSourceId`: checks it matches, then applies description, jobInputs and tables. */
async function adoptSource(
  client: PosthogClient,
  inputs: SourceInputs,
  rawInputs: Record<string, unknown>,
): Promise<CreatedSource> {
  const id = inputs.existingSourceId as string;
  let source: ApiSource;
  try {
    source = await client.getSource(id);
  } catch (error) {
    if (isNotFound(error))
      throw new Error(`existingSourceId "${id}": no such source in project ${inputs.projectId}`);
    throw error;
  }
  const mismatch = (what: string, declared: string | undefined, actual: string | undefined): void => {
    if (declared !== undefined && (declared || undefined) !== actual) {
      throw new Error(
        `existingSourceId "${id}" has ${what} "${actual ?? ""}", not "${declared}" (${what} cannot be changed)`,
      );
    }
  };
  mismatch("sourceType", inputs.sourceType, source.source_type);
  mismatch("prefix", inputs.prefix, stringOrUndefined(source.prefix));
  mismatch("accessMethod", inputs.accessMethod, stringOrUndefined(source.access_method) ?? "warehouse");

  const patch: { description?: string; job_inputs?: Record<string, unknown> } = {};
  if (inputs.description !== undefined && inputs.description !== (source.description ?? ""))
    patch.description = inputs.description;
  // PostHog hides secrets on read, so the declared job inputs are sent as they are.
  if (Object.keys(inputs.jobInputs).length > 0) patch.job_inputs = inputs.jobInputs;
  if (Object.keys(patch).length > 0) {
    try {
      source = await client.updateSource(id, patch);
    } catch (error) {
      throw initFailed(
        id,
        sourceOutputs(source, inputs, {}),
        rawInputs,
        error,
        "updating the adopted source",
      );
    }
  }
  return completeSource(client, id, inputs, rawInputs, source);
}

/** Creates (or adopts) the source. */
export async function createSource(
  client: PosthogClient,
  inputs: SourceInputs,
  rawInputs: Record<string, unknown>,
): Promise<CreatedSource> {
  if (inputs.existingSourceId !== undefined) return adoptSource(client, inputs, rawInputs);
  const { resolutions } = await discoverDeclaredTables(client, inputs);
  const id = await postSource(client, inputs, resolutions);
  return completeSource(client, id, inputs, rawInputs, undefined, resolutions);
}
