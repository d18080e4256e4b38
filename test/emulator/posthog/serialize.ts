/** Records -> the JSON PostHog answers with. */
import type {
  PosthogJobJson,
  PosthogListedSchemaJson,
  PosthogSchemaJson,
  PosthogSourceJson,
  PosthogTableJson,
} from "./api-types";
import type { PosthogStore } from "./store";
import { readJobInputs } from "./source-configs";
import type { JobRecord, SchemaRecord, SourceRecord, TableRecord } from "./types";

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const isoNow = (ms: number): string => new Date(ms).toISOString();

/** The `table` of a synced schema. */
function tableJson(table: TableRecord | null): PosthogTableJson | null {
  if (!table) return null;
  return { id: table.id, name: table.name, format: "DeltaS3Wrapper", row_count: table.rows };
}

/** A schema as GET/PATCH return it. */
export function schemaJson(schema: SchemaRecord): PosthogSchemaJson {
  return {
    id: schema.id,
    name: schema.name,
    label: schema.label,
    table: tableJson(schema.table),
    should_sync: schema.shouldSync,
    last_synced_at: iso(schema.lastSyncedAt),
    latest_error: schema.latestError,
    incremental: schema.syncType === "incremental",
    status: schema.status,
    sync_type: schema.syncType,
    incremental_field: schema.incrementalField,
    incremental_field_type: schema.incrementalFieldType,
    incremental_field_lookback_seconds: schema.incrementalFieldLookbackSeconds,
    sync_frequency: schema.syncFrequency,
    sync_time_of_day: schema.syncTimeOfDay,
    primary_key_columns: schema.primaryKeyColumns,
    cdc_table_mode: schema.cdcTableMode,
  };
}

/** A schema as embedded in the source list (trimmed). */
export function listedSchemaJson(schema: SchemaRecord): PosthogListedSchemaJson {
  return {
    id: schema.id,
    name: schema.name,
    label: schema.label,
    should_sync: schema.shouldSync,
    status: schema.status,
    sync_type: schema.syncType,
    last_synced_at: iso(schema.lastSyncedAt),
    latest_error: schema.latestError,
    table: tableJson(schema.table),
  };
}

/** Source status: computed from the schemas that sync or carry an error, else the stored one. */
export function sourceStatus(store: PosthogStore, source: SourceRecord): string {
  const active = store
    .schemasOf(source.id)
    .filter((schema) => schema.shouldSync || schema.latestError !== null);
  const precedence = ["Failed", "Billing limits", "Billing limits too low", "Paused", "Running", "Completed"];
  for (const status of precedence) {
    if (active.some((schema) => schema.status === status)) return status;
  }
  return source.storedStatus;
}

/** A source as GET/PATCH return it. */
export function sourceJson(store: PosthogStore, source: SourceRecord): PosthogSourceJson {
  return withSchemas(sourceFields(store, source), store.schemasOf(source.id).map(schemaJson));
}

/** A source as the list endpoint returns it (schemas trimmed). */
export function listedSourceJson(
  store: PosthogStore,
  source: SourceRecord,
): PosthogSourceJson<PosthogListedSchemaJson> {
  return withSchemas(sourceFields(store, source), store.schemasOf(source.id).map(listedSchemaJson));
}

/** Puts `schemas` where PostHog puts it (after `last_run_at`). */
function withSchemas<Schema>(
  fields: Omit<PosthogSourceJson, "schemas">,
  schemas: Schema[],
): PosthogSourceJson<Schema> {
  const { job_inputs, revenue_analytics_config, supports_webhooks, ...head } = fields;
  return { ...head, schemas, job_inputs, revenue_analytics_config, supports_webhooks };
}

function sourceFields(store: PosthogStore, source: SourceRecord): Omit<PosthogSourceJson, "schemas"> {
  const schemas = store.schemasOf(source.id);
  const lastCompleted = store.jobsOf(source.id).find((job) => job.status === "Completed");
  return {
    id: source.id,
    created_at: isoNow(source.createdAt),
    created_by: source.createdBy,
    created_via: "api",
    status: sourceStatus(store, source),
    source_type: source.sourceType,
    latest_error: schemas.find((schema) => schema.latestError !== null)?.latestError ?? null,
    prefix: source.prefix,
    description: source.description,
    access_method: source.accessMethod,
    last_run_at: iso(lastCompleted?.createdAt ?? null),
    job_inputs: readJobInputs(store.settings.definitions.get(source.sourceType), source.jobInputs),
    revenue_analytics_config: { enabled: false, include_invoiceless_charges: true },
    supports_webhooks: store.settings.webhookSourceTypes.has(source.sourceType),
  };
}

/** A job as the jobs endpoint returns it. */
export function jobJson(store: PosthogStore, job: JobRecord): PosthogJobJson {
  const schema = store.schemas.get(job.schemaId);
  return {
    id: job.id,
    created_at: isoNow(job.createdAt),
    finished_at: iso(job.finishedAt),
    status: job.status,
    schema: schema
      ? {
          id: schema.id,
          name: schema.name,
          label: schema.label,
          should_sync: schema.shouldSync,
          last_synced_at: iso(schema.lastSyncedAt),
          sync_type: schema.syncType,
        }
      : null,
    rows_synced: job.rowsSynced,
    latest_error: job.latestError,
  };
}
