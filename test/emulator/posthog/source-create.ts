/** POST external_data_sources/: validation in PostHog's order, then the source and its schema rows. */
import { randomUUID } from "node:crypto";
import type { Caller } from "./auth";
import {
  ACCESS_METHODS,
  CDC_TABLE_MODES,
  INCREMENTAL_FIELD_TYPES,
  SYNC_TYPES,
  type AccessMethod,
  type SyncType,
} from "./enums";
import { messageError, requiredField, validationError } from "./errors";
import { FieldReader, bodyObject, isObject } from "./fields";
import { startJob } from "./jobs";
import {
  CDC_SYNC_FREQUENCY,
  DEFAULT_CREATED_BY,
  DEFAULT_ENABLED_SYNC_TYPE,
  DEFAULT_SYNC_FREQUENCY,
  PREFIX_REQUIRED_MESSAGE,
  SCHEMAS_NOT_GIVEN_MESSAGE,
  prefixTakenMessage,
} from "./policy";
import { configErrors, credentialsValid, trimStrings } from "./source-configs";
import type { PosthogStore, SchemaRowInit } from "./store";
import type { CatalogueTable, SourceRecord } from "./types";

/** Messages of the create checks (PostHog's wording; the two prefix ones live in policy.ts). */
export const CREATE_MESSAGES = {
  directPostgresOnly: "Direct query mode is currently supported only for Postgres sources.",
  directNameRequired: "Name is required for direct query sources",
  prefixOnlyUnderscores: "Prefix cannot consist of only underscores",
  prefixCharacters:
    "Prefix must contain only letters, numbers, and underscores, and start with a letter or underscore",
  invalidConfig: (errors: string[]) => `Invalid source config: ${errors.join(", ")}`,
  invalidCredentials: "Invalid credentials",
  unknownSchemas: "Schemas given do not exist in source",
  incrementalWithoutField: "Incremental schemas given do not have an incremental field set",
  incrementalWithoutFieldType: "Incremental schemas given do not have an incremental field type set",
} as const;

/** PostHog's prefix rule (HogQL identifiers); DRF invalid_input when broken. */
export function checkPrefixCharacters(prefix: string | null): void {
  if (!prefix) return;
  const cleaned = prefix.replace(/^_+|_+$/g, "");
  if (!cleaned) throw validationError(CREATE_MESSAGES.prefixOnlyUnderscores);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(cleaned)) throw validationError(CREATE_MESSAGES.prefixCharacters);
}

/** The top-level create fields (DRF serializer), in field order. */
function readCreateFields(store: PosthogStore, reader: FieldReader) {
  if (!reader.has("source_type")) throw requiredField("source_type");
  const sourceType = reader.choice("source_type", store.sourceTypes(), false) as string;
  if (!reader.has("payload")) throw requiredField("payload");
  const payload = reader.object("payload") ?? {};
  const prefix = reader.string("prefix", { allowBlank: true, maxLength: 100 }) ?? null;
  const description = reader.string("description", { allowBlank: true, maxLength: 400 }) ?? null;
  const accessMethod: AccessMethod = reader.choice("access_method", ACCESS_METHODS, false) ?? "warehouse";
  return { sourceType, payload, prefix, description, accessMethod };
}

/** Prefix checks: direct sources need a name; warehouse sources need a distinct prefix per type. */
function checkPrefix(
  store: PosthogStore,
  projectId: string,
  sourceType: string,
  accessMethod: AccessMethod,
  prefix: string | null,
): string | null {
  if (accessMethod === "direct") {
    if (sourceType !== "Postgres") throw messageError(CREATE_MESSAGES.directPostgresOnly);
    const name = prefix?.trim() ?? "";
    if (!name) throw messageError(CREATE_MESSAGES.directNameRequired);
    return name;
  }
  checkPrefixCharacters(prefix);
  const sameType = store.liveSources(projectId).filter((source) => source.sourceType === sourceType);
  if (sameType.length > 0) {
    if (!prefix) throw messageError(PREFIX_REQUIRED_MESSAGE);
    if (sameType.some((source) => source.prefix === prefix)) throw messageError(prefixTakenMessage(prefix));
  }
  return prefix;
}

/** The settings of one listed table (`payload.schemas[i]`) as a schema row. */
function listedRow(table: CatalogueTable, item: Record<string, unknown>, index: number): SchemaRowInit {
  const reader = new FieldReader(item, `payload__schemas__${index}__`);
  const syncType: SyncType | null = reader.choice("sync_type", SYNC_TYPES) ?? null;
  const incrementalFieldType = reader.choice("incremental_field_type", INCREMENTAL_FIELD_TYPES) ?? null;
  const cdcTableMode = reader.choice("cdc_table_mode", CDC_TABLE_MODES) ?? "consolidated";
  const syncTimeOfDay = reader.timeOfDay("sync_time_of_day") ?? null;
  const primaryKeyColumns = reader.stringList("primary_key_columns") ?? null;
  const incrementalField = reader.string("incremental_field") ?? null;
  const shouldSync = Boolean(item.should_sync);
  const needsField = syncType === "incremental" || syncType === "append";
  if (shouldSync && needsField && incrementalField === null) {
    throw messageError(CREATE_MESSAGES.incrementalWithoutField);
  }
  if (shouldSync && needsField && incrementalFieldType === null) {
    throw messageError(CREATE_MESSAGES.incrementalWithoutFieldType);
  }
  const detectedKey =
    table.detectedPrimaryKeys && table.detectedPrimaryKeys.length > 0 ? table.detectedPrimaryKeys : null;
  const row: SchemaRowInit = {
    name: table.name,
    shouldSync,
    syncType,
    syncTimeOfDay,
    syncFrequency: syncType === "cdc" ? CDC_SYNC_FREQUENCY : DEFAULT_SYNC_FREQUENCY,
  };
  if (needsField) {
    Object.assign(row, {
      incrementalField,
      incrementalFieldType,
      primaryKeyColumns: primaryKeyColumns ?? detectedKey,
    });
  } else if (syncType === "cdc") {
    Object.assign(row, { cdcTableMode, primaryKeyColumns: primaryKeyColumns ?? detectedKey ?? [] });
  }
  return row;
}

/** Schema rows for the whole catalogue: listed tables get their settings, others are discovered
 * rows (should_sync false, sync_type null); with `schemas` omitted every table is enabled. */
function planRows(catalogue: CatalogueTable[], payload: Record<string, unknown>): SchemaRowInit[] {
  if (!("schemas" in payload)) {
    return catalogue.map((table) => ({
      name: table.name,
      shouldSync: true,
      syncType: DEFAULT_ENABLED_SYNC_TYPE,
    }));
  }
  const listed = payload.schemas;
  if (!Array.isArray(listed) || listed.length === 0) throw messageError(SCHEMAS_NOT_GIVEN_MESSAGE);
  const names = new Set(catalogue.map((table) => table.name));
  if (listed.some((item) => !isObject(item) || typeof item.name !== "string" || !names.has(item.name))) {
    throw messageError(CREATE_MESSAGES.unknownSchemas);
  }
  const rows = new Map<string, SchemaRowInit>();
  (listed as Record<string, unknown>[]).forEach((item, index) => {
    const table = catalogue.find((entry) => entry.name === item.name)!;
    const row = listedRow(table, item, index);
    if (!rows.has(table.name)) rows.set(table.name, row);
  });
  return catalogue.map((table) => rows.get(table.name) ?? { name: table.name });
}

/** Validates a create request and inserts the source, its schema rows and the first jobs. */
export function createSource(
  store: PosthogStore,
  projectId: string,
  caller: Caller,
  rawBody: unknown,
): SourceRecord {
  const fields = readCreateFields(store, new FieldReader(bodyObject(rawBody)));
  const prefix = checkPrefix(store, projectId, fields.sourceType, fields.accessMethod, fields.prefix);
  const payload = trimStrings(fields.payload);
  const inputs = { ...payload };
  delete inputs.schemas;
  const spec = store.settings.configSpecs.get(fields.sourceType);
  const errors = configErrors(spec, inputs);
  if (errors.length > 0) throw messageError(CREATE_MESSAGES.invalidConfig(errors));
  if (!credentialsValid(spec, inputs)) throw messageError(CREATE_MESSAGES.invalidCredentials);
  const rows = planRows(store.catalogues.get(fields.sourceType) ?? [], payload);

  const source: SourceRecord = {
    id: randomUUID(),
    projectId,
    seq: store.nextSeq(),
    createdAt: store.now(),
    createdBy: store.settings.apiKeyOwners.get(caller.key) ?? DEFAULT_CREATED_BY,
    sourceType: fields.sourceType,
    prefix,
    description: fields.description,
    accessMethod: fields.accessMethod,
    jobInputs: inputs,
    storedStatus: "Running",
    extraTables: [],
    webhook: { exists: false, id: null, failWith: null },
    deleted: false,
  };
  store.sources.set(source.id, source);
  for (const row of rows) {
    const schema = store.addSchemaRow(source, row);
    if (schema.shouldSync) startJob(store, schema);
  }
  return source;
}
