/**
 * Schema PATCH: field parsing (DRF errors) and PostHog's update rules, applied to a copy so that a
 * rejected request (or one rejected item of a bulk update) changes nothing. `commitSchemaPatch`
 * stores the copy and runs the side effects (a sync starts when a schema is enabled; choosing
 * webhook sync on a webhook source sets the webhook up).
 */
import {
  CDC_TABLE_MODES,
  INCREMENTAL_FIELD_TYPES,
  INCREMENTAL_STYLE_SYNC_TYPES,
  SYNC_FREQUENCIES,
  SYNC_TYPES,
  type SyncType,
} from "./enums";
import { validationError } from "./errors";
import { FieldReader } from "./fields";
import { runningJob, startJob } from "./jobs";
import { ENABLE_STARTS_SYNC, XMIN_SOURCE_TYPES } from "./policy";
import type { PosthogStore } from "./store";
import type { SchemaRecord, SourceRecord } from "./types";
import { ensureWebhook, supportsWebhooks } from "./webhooks";

/** Largest `incremental_field_lookback_seconds` (60 days). */
export const MAX_LOOKBACK_SECONDS = 5_184_000;

/** Rule messages (PostHog's wording). */
export const SCHEMA_MESSAGES = {
  syncTypeFirst: "Sync type must be set up first before enabling schema",
  primaryKeyLocked:
    "Primary key cannot be changed after data has been synced. Delete the synced data first, then change the primary key.",
  xminPostgresOnly: "xmin replication is only available for Postgres sources.",
  cdcNotForTeam: "CDC is not enabled for this team",
  missingPrimaryKey: (label: string, table: string) =>
    `${label} requires a primary key on table '${table}'. Provide primary_key_columns or refresh schema discovery to pick one up.`,
  cdcEnableWithoutKey: (table: string) =>
    `CDC requires a primary key on table '${table}'. Add a primary key on the source table and retry.`,
  unappliable: (fields: string[], syncType: string | null) =>
    `${fields.join(", ")} cannot be applied to a schema with sync type ${syncType ?? "not set"} on its own. Include sync_type in the same request to change the sync type.`,
} as const;

/** The writable fields of one PATCH, parsed; `undefined` = absent. */
export interface SchemaPatchFields {
  shouldSync?: boolean;
  syncType?: SyncType | null;
  incrementalField?: string | null;
  incrementalFieldType?: string | null;
  lookbackSeconds?: number | null;
  syncFrequency?: string | null;
  syncTimeOfDay?: string | null;
  primaryKeyColumns?: string[] | null;
  cdcTableMode?: string | null;
}

/** Parses the writable fields in DRF's field order (the first invalid one is reported). */
export function parseSchemaPatchFields(reader: FieldReader): SchemaPatchFields {
  return {
    shouldSync: reader.boolean("should_sync"),
    syncType: reader.choice("sync_type", SYNC_TYPES),
    incrementalField: reader.string("incremental_field"),
    incrementalFieldType: reader.choice("incremental_field_type", INCREMENTAL_FIELD_TYPES),
    lookbackSeconds: reader.integer("incremental_field_lookback_seconds", 0, MAX_LOOKBACK_SECONDS),
    syncFrequency: reader.choice("sync_frequency", SYNC_FREQUENCIES),
    syncTimeOfDay: reader.timeOfDay("sync_time_of_day"),
    primaryKeyColumns: reader.stringList("primary_key_columns"),
    cdcTableMode: reader.choice("cdc_table_mode", CDC_TABLE_MODES),
  };
}

const sameColumns = (a: string[] | null, b: string[] | null): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** cdc/xmin: keep or set the primary key; refuse a change after data was synced, or no key at all. */
function applyRequiredPrimaryKey(next: SchemaRecord, fields: SchemaPatchFields, label: string): void {
  const newKey = fields.primaryKeyColumns;
  if (newKey && newKey.length > 0) {
    if (!sameColumns(newKey, next.primaryKeyColumns) && next.table !== null) {
      throw validationError(SCHEMA_MESSAGES.primaryKeyLocked);
    }
    next.primaryKeyColumns = newKey;
  } else if (!next.primaryKeyColumns || next.primaryKeyColumns.length === 0) {
    throw validationError(SCHEMA_MESSAGES.missingPrimaryKey(label, next.name));
  }
}

/**
 * Validates a PATCH body against a schema and returns the schema as it would be afterwards.
 * Throws the DRF error PostHog answers; `attrPrefix` nests field `attr`s (bulk update items).
 */
export function planSchemaPatch(
  source: SourceRecord,
  schema: SchemaRecord,
  body: Record<string, unknown>,
  attrPrefix = "",
  cdcEnabledForTeam = true,
): SchemaRecord {
  const reader = new FieldReader(body, attrPrefix);
  const fields = parseSchemaPatchFields(reader);
  const next: SchemaRecord = {
    ...schema,
    primaryKeyColumns: schema.primaryKeyColumns && [...schema.primaryKeyColumns],
  };
  const syncTypeSent = reader.has("sync_type");
  const requestedSyncType = fields.syncType ?? null;

  if (requestedSyncType === "cdc" && !cdcEnabledForTeam) throw validationError(SCHEMA_MESSAGES.cdcNotForTeam);
  if (requestedSyncType === "xmin" && !XMIN_SOURCE_TYPES.includes(source.sourceType)) {
    throw validationError(SCHEMA_MESSAGES.xminPostgresOnly);
  }

  const resultingSyncType = syncTypeSent ? requestedSyncType : schema.syncType;
  const incrementalStyle =
    resultingSyncType !== null && INCREMENTAL_STYLE_SYNC_TYPES.includes(resultingSyncType);

  if (!syncTypeSent && !incrementalStyle) {
    const unappliable = [
      "incremental_field",
      "incremental_field_type",
      "incremental_field_lookback_seconds",
      "primary_key_columns",
    ].filter((key) => reader.has(key) && body[key] !== null);
    if (unappliable.length > 0) {
      throw validationError(SCHEMA_MESSAGES.unappliable(unappliable, resultingSyncType));
    }
  }

  if (incrementalStyle) {
    if (fields.primaryKeyColumns !== undefined) {
      // Only swapping an established key is refused (a keyless table may get its first one).
      if (
        resultingSyncType === "incremental" &&
        schema.primaryKeyColumns &&
        schema.primaryKeyColumns.length > 0 &&
        !sameColumns(fields.primaryKeyColumns, schema.primaryKeyColumns) &&
        schema.table !== null
      ) {
        throw validationError(SCHEMA_MESSAGES.primaryKeyLocked);
      }
      next.primaryKeyColumns = fields.primaryKeyColumns;
    }
    if (fields.incrementalField !== undefined) next.incrementalField = fields.incrementalField;
    if (fields.incrementalFieldType !== undefined) next.incrementalFieldType = fields.incrementalFieldType;
    if (resultingSyncType === "incremental" && fields.lookbackSeconds !== undefined) {
      next.incrementalFieldLookbackSeconds = fields.lookbackSeconds;
    }
  } else if (requestedSyncType === "cdc") {
    if (fields.cdcTableMode) next.cdcTableMode = fields.cdcTableMode as SchemaRecord["cdcTableMode"];
    applyRequiredPrimaryKey(next, fields, "CDC");
  } else if (requestedSyncType === "xmin") {
    applyRequiredPrimaryKey(next, fields, "xmin replication");
  } else if (schema.syncType === "cdc" && fields.cdcTableMode) {
    next.cdcTableMode = fields.cdcTableMode as SchemaRecord["cdcTableMode"];
  }

  if (fields.syncFrequency)
    next.syncFrequency = fields.syncFrequency === "never" ? null : fields.syncFrequency;
  if (fields.syncTimeOfDay !== undefined) next.syncTimeOfDay = fields.syncTimeOfDay;

  if (fields.shouldSync === true && requestedSyncType === null && schema.syncType === null) {
    throw validationError(SCHEMA_MESSAGES.syncTypeFirst);
  }
  const effectiveSyncType = requestedSyncType ?? schema.syncType;
  if (
    fields.shouldSync === true &&
    !schema.shouldSync &&
    effectiveSyncType === "cdc" &&
    !(next.primaryKeyColumns && next.primaryKeyColumns.length > 0)
  ) {
    throw validationError(SCHEMA_MESSAGES.cdcEnableWithoutKey(schema.name));
  }

  if (syncTypeSent) next.syncType = requestedSyncType;
  if (fields.shouldSync !== undefined) next.shouldSync = fields.shouldSync;
  return next;
}

/** Stores a planned schema and runs the side effects of the change. */
export function commitSchemaPatch(
  store: PosthogStore,
  source: SourceRecord,
  schema: SchemaRecord,
  next: SchemaRecord,
  body: Record<string, unknown>,
): void {
  const wasEnabled = schema.shouldSync;
  Object.assign(schema, next);
  if (ENABLE_STARTS_SYNC && !wasEnabled && schema.shouldSync && !runningJob(store, schema.id)) {
    startJob(store, schema);
  }
  const table = store.catalogueTable(source, schema.name);
  if (body.sync_type === "webhook" && supportsWebhooks(store, source) && table?.supportsWebhooks) {
    ensureWebhook(source);
  }
}
