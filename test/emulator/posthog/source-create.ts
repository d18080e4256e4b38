/**
 * POST external_data_sources/: PostHog's checks in PostHog's order, then the source and one schema
 * row per listed table (`views/external_data_source/source_setup.py`,
 * `_create_external_data_source`; FIDELITY.md §2).
 */
import { randomUUID } from "node:crypto";
import type { Caller } from "./auth";
import { preferredCandidate } from "./catalogue";
import { credentialsError } from "./credentials";
import { ACCESS_METHODS, CDC_TABLE_MODES, SYNC_TYPES, type AccessMethod, type SyncType } from "./enums";
import { messageError, requiredField, validationError } from "./errors";
import { FieldReader, bodyObject, isObject } from "./fields";
import { startJob } from "./jobs";
import {
  CDC_SYNC_FREQUENCY,
  DEFAULT_CREATED_BY,
  DEFAULT_SYNC_FREQUENCY,
  DIRECT_SOURCE_TYPES,
  PREFIX_REQUIRED_MESSAGE,
  SCHEMAS_NOT_GIVEN_MESSAGE,
  prefixTakenMessage,
} from "./policy";
import { MAX_LOOKBACK_SECONDS } from "./schema-patch";
import { checkConfig, invalidConfigMessage, trimStrings } from "./source-configs";
import type { PosthogStore, SchemaRowInit } from "./store";
import type { CatalogueTable, SourceRecord } from "./types";

/** Messages of the create checks (PostHog's wording; the two prefix ones live in policy.ts). */
export const CREATE_MESSAGES = {
  directUnsupported:
    "Direct query mode is currently supported only for Postgres, MySQL, Snowflake, Redshift, ClickHouse, MotherDuck, and Trino sources.",
  directNameRequired: "Name is required for direct query sources",
  prefixOnlyUnderscores: "Prefix cannot consist of only underscores",
  prefixCharacters:
    "Prefix must contain only letters, numbers, and underscores, and start with a letter or underscore",
  invalidConfig: invalidConfigMessage,
  schemasNotList: "The 'schemas' field must be a list of the tables to sync.",
  unknownSchemas: "Schemas given do not exist in source",
  unknownSyncTypes: (types: string[]) =>
    `Unknown sync type: ${types.join(", ")}. Use one of: ${SYNC_TYPES.join(", ")}.`,
  cdcNotEnabled: (names: string[]) =>
    `CDC must be enabled on the source before selecting it as a sync type. The following schemas requested CDC: ${names.join(", ")}.`,
  cdcWithoutPrimaryKey: (names: string[]) =>
    `CDC requires a primary key on each table. The following tables have no primary key: ${names.join(", ")}.`,
  incrementalWithoutField: "Incremental schemas given do not have an incremental field set",
  incrementalWithoutFieldType: "Incremental schemas given do not have an incremental field type set",
  invalidLookback: (name: string) =>
    `incremental_field_lookback_seconds must be an integer between 0 and 5184000 (60 days) for schema '${name}'.`,
} as const;

/** PostHog's prefix rule (`validate_source_prefix`): underscores stripped from both ends first. */
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

/** Prefix checks: direct sources need a name; a warehouse prefix must be a HogQL identifier, is
 * needed only next to a same-type source without one, and must be unused for the type. */
function checkPrefix(
  store: PosthogStore,
  projectId: string,
  sourceType: string,
  accessMethod: AccessMethod,
  prefix: string | null,
): string | null {
  if (accessMethod === "direct") {
    if (!DIRECT_SOURCE_TYPES.includes(sourceType)) throw messageError(CREATE_MESSAGES.directUnsupported);
    const name = prefix?.trim() ?? "";
    if (!name) throw messageError(CREATE_MESSAGES.directNameRequired);
    return name;
  }
  checkPrefixCharacters(prefix);
  const sameType = store.liveSources(projectId).filter((source) => source.sourceType === sourceType);
  if (!prefix) {
    if (sameType.some((source) => !source.prefix)) throw messageError(PREFIX_REQUIRED_MESSAGE);
  } else if (sameType.some((source) => source.prefix === prefix)) {
    throw messageError(prefixTakenMessage(prefix));
  }
  return prefix;
}

/** PostHog's default `schemas` (`sources/common/schema.py`, `build_default_schemas`). */
function defaultSchemas(tables: CatalogueTable[]): Record<string, unknown>[] {
  return tables.map((table) => {
    const chosen = preferredCandidate(table);
    const syncType =
      chosen && table.supportsIncremental
        ? "incremental"
        : chosen && table.supportsAppend
          ? "append"
          : "full_refresh";
    const entry: Record<string, unknown> = { name: table.name, should_sync: true, sync_type: syncType };
    if (chosen && syncType !== "full_refresh") {
      entry.incremental_field = chosen.field;
      entry.incremental_field_type = chosen.field_type ?? chosen.type;
    }
    if (table.detectedPrimaryKeys && table.detectedPrimaryKeys.length > 0)
      entry.primary_key_columns = table.detectedPrimaryKeys;
    return entry;
  });
}

/** The `payload.schemas` to create rows for (defaults when omitted or empty). */
function requestedSchemas(
  store: PosthogStore,
  payload: Record<string, unknown>,
  tables: CatalogueTable[],
): Record<string, unknown>[] {
  const listed = payload.schemas;
  if (listed !== undefined && listed !== null && !Array.isArray(listed))
    throw messageError(CREATE_MESSAGES.schemasNotList);
  if (!Array.isArray(listed) || listed.length === 0) {
    if (store.settings.createRequiresSchemas) throw messageError(SCHEMAS_NOT_GIVEN_MESSAGE);
    return defaultSchemas(tables);
  }
  const names = new Set(tables.map((table) => table.name));
  if (listed.some((item) => !isObject(item) || typeof item.name !== "string" || !names.has(item.name))) {
    throw messageError(CREATE_MESSAGES.unknownSchemas);
  }
  return listed as Record<string, unknown>[];
}

/** The refusals PostHog makes over the whole list before creating any row. */
function checkSchemaList(
  items: Record<string, unknown>[],
  cdcEnabled: boolean,
  tables: Map<string, CatalogueTable>,
): void {
  const unknownTypes = [
    ...new Set(
      items
        .map((item) => item.sync_type)
        .filter(
          (type) => type !== undefined && type !== null && !(SYNC_TYPES as readonly unknown[]).includes(type),
        ),
    ),
  ].map(String);
  if (unknownTypes.length > 0) throw messageError(CREATE_MESSAGES.unknownSyncTypes(unknownTypes.sort()));
  const cdcNames = [
    ...new Set(
      items
        .filter((item) => item.sync_type === "cdc" && Boolean(item.should_sync))
        .map((item) => item.name as string),
    ),
  ].sort();
  if (cdcNames.length === 0) return;
  if (!cdcEnabled) throw messageError(CREATE_MESSAGES.cdcNotEnabled(cdcNames));
  const withoutKey = cdcNames.filter((name) => !tables.get(name)?.detectedPrimaryKeys?.length);
  if (withoutKey.length > 0) throw messageError(CREATE_MESSAGES.cdcWithoutPrimaryKey(withoutKey));
}

/** The row of one listed table, with PostHog's per-schema checks and incremental field rewrite. */
function listedRow(table: CatalogueTable, item: Record<string, unknown>, index: number): SchemaRowInit {
  const reader = new FieldReader(item, `payload__schemas__${index}__`);
  const syncType = (item.sync_type ?? null) as SyncType | null;
  const shouldSync = Boolean(item.should_sync);
  const needsField = syncType === "incremental" || syncType === "append";
  let incrementalField = reader.string("incremental_field") ?? null;
  let incrementalFieldType =
    item.incremental_field_type === undefined || item.incremental_field_type === null
      ? null
      : String(item.incremental_field_type);
  if (shouldSync && needsField && incrementalField === null)
    throw messageError(CREATE_MESSAGES.incrementalWithoutField);
  if (shouldSync && needsField && incrementalFieldType === null)
    throw messageError(CREATE_MESSAGES.incrementalWithoutFieldType);
  const syncTimeOfDay = reader.timeOfDay("sync_time_of_day") ?? null;
  const primaryKeyColumns = reader.stringList("primary_key_columns") ?? null;
  const detectedKey =
    table.detectedPrimaryKeys && table.detectedPrimaryKeys.length > 0 ? table.detectedPrimaryKeys : null;
  const row: SchemaRowInit = {
    name: table.name,
    shouldSync,
    syncType,
    syncTimeOfDay,
    syncFrequency: DEFAULT_SYNC_FREQUENCY,
  };
  if (needsField) {
    const lookback = item.incremental_field_lookback_seconds;
    if (lookback !== undefined && lookback !== null) {
      if (
        typeof lookback !== "number" ||
        !Number.isInteger(lookback) ||
        lookback < 0 ||
        lookback > MAX_LOOKBACK_SECONDS
      ) {
        throw messageError(CREATE_MESSAGES.invalidLookback(table.name));
      }
    }
    // A declared field given by its field or its label is stored as the field, with its field_type.
    const declared =
      incrementalField === null
        ? undefined
        : table.incrementalFields.find(
            (candidate) =>
              incrementalField === candidate.field ||
              incrementalField === (candidate.label ?? candidate.field),
          );
    if (declared) {
      incrementalField = declared.field;
      incrementalFieldType = declared.field_type ?? declared.type;
    }
    Object.assign(row, {
      incrementalField,
      incrementalFieldType,
      primaryKeyColumns: primaryKeyColumns ?? detectedKey,
      incrementalFieldLookbackSeconds:
        syncType === "incremental" && typeof lookback === "number" ? lookback : null,
    });
  } else if (syncType === "cdc") {
    if (!shouldSync) {
      row.syncType = null; // a cdc table not enabled is left "not set up"
    } else {
      const mode = reader.choice("cdc_table_mode", CDC_TABLE_MODES) ?? "consolidated";
      Object.assign(row, {
        cdcTableMode: mode,
        primaryKeyColumns: detectedKey ?? [],
        syncFrequency: CDC_SYNC_FREQUENCY,
      });
    }
  }
  return row;
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
  const definition = store.settings.definitions.get(fields.sourceType);
  const check = checkConfig(definition, payload);
  if ("errors" in check) throw messageError(CREATE_MESSAGES.invalidConfig(check.errors));
  const credentials = credentialsError(definition, fields.sourceType, check.stored);
  if (credentials) throw messageError(credentials);

  const cdcEnabled =
    Boolean(payload.cdc_enabled) &&
    store.settings.cdcSourceTypes.has(fields.sourceType) &&
    store.settings.cdcEnabledForTeam;
  const jobInputs: Record<string, unknown> = { ...check.stored };
  if (cdcEnabled) jobInputs.cdc_enabled = true;
  const tables = store.discover(fields.sourceType, jobInputs);
  const byName = new Map(tables.map((table) => [table.name, table]));
  const items = requestedSchemas(store, payload, tables);
  checkSchemaList(items, cdcEnabled, byName);
  const rows = new Map<string, SchemaRowInit>();
  items.forEach((item, index) => {
    const name = item.name as string;
    const row = listedRow(byName.get(name)!, item, index);
    if (!rows.has(name)) rows.set(name, row);
  });

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
    jobInputs,
    storedStatus: "Running",
    extraTables: [],
    webhook: { exists: false, id: null, failWith: null },
    deleted: false,
  };
  store.sources.set(source.id, source);
  for (const row of rows.values()) {
    const schema = store.addSchemaRow(source, row);
    if (schema.shouldSync) startJob(store, schema);
  }
  return source;
}
