/** The camelCase results of the read functions, mapped from PostHog's answers. */
import type { ApiIncrementalFields, ApiJob, ApiSchema, ApiSource } from "../api/types";
import { settingsFromApi, type TableSettings } from "../schema/settings";
import { stringOrUndefined, withoutUndefined } from "../common/values";

/** One table of a source as PostHog reports it. */
export interface SourceTableResult extends TableSettings {
  /** The schema id. */
  id: string;
  /** The table's name. */
  name: string;
  /** Display label, if any. */
  label?: string;
  /** Sync status (`Running`, `Completed`, `Failed`, ...), undefined before the first sync. */
  status?: string;
  /** When the table last synced (ISO 8601). */
  lastSyncedAt?: string;
  /** The latest sync error. */
  latestError?: string;
}

/** A source as PostHog reports it (job inputs redacted by PostHog: secrets are never shown). */
export interface ExternalDataSourceResult {
  /** The source id. */
  id: string;
  /** The source type. */
  sourceType: string;
  /** The table prefix. */
  prefix?: string;
  /** The description. */
  description?: string;
  /** `warehouse` or `direct`. */
  accessMethod?: string;
  /** The source's status. */
  status?: string;
  /** The latest error of one of its tables. */
  latestError?: string;
  /** When it was created (ISO 8601). */
  createdAt?: string;
  /** Who created it. */
  createdBy?: string;
  /** When a sync last completed (ISO 8601). */
  lastRunAt?: string;
  /** Whether its type supports webhooks. */
  supportsWebhooks?: boolean;
  /** The non-secret job inputs PostHog shows. */
  jobInputs: Record<string, unknown>;
  /** Its tables (the list endpoint omits the settings). */
  schemas: SourceTableResult[];
}

/** One sync job of a source. */
export interface SourceJobResult {
  /** The job id. */
  id: string;
  /** `Running`, `Failed`, `Completed`, `Billing limits` or `Billing limit too low`. */
  status?: string;
  /** When it started (ISO 8601). */
  createdAt?: string;
  /** When it finished (ISO 8601). */
  finishedAt?: string;
  /** The table's schema id. */
  schemaId?: string;
  /** The table's name. */
  schemaName?: string;
  /** Rows synced. */
  rowsSynced?: number;
  /** The job's error. */
  latestError?: string;
}

/** One column a table can sync incrementally on. */
export interface IncrementalFieldResult {
  /** The column. */
  field: string;
  /** The incremental field type to use with it. */
  type: string;
  /** The column's own type in the source. */
  fieldType?: string;
  /** Display label. */
  label?: string;
  /** Whether the column is nullable. */
  nullable?: boolean;
}

/** A table as PostHog reports it. */
export function tableResult(row: ApiSchema): SourceTableResult {
  return withoutUndefined({
    ...settingsFromApi(row),
    id: row.id,
    name: row.name,
    label: stringOrUndefined(row.label),
    status: stringOrUndefined(row.status),
    lastSyncedAt: stringOrUndefined(row.last_synced_at),
    latestError: stringOrUndefined(row.latest_error),
  });
}

/** A source as PostHog reports it. */
export function sourceResult(source: ApiSource): ExternalDataSourceResult {
  return withoutUndefined({
    id: source.id,
    sourceType: source.source_type,
    prefix: stringOrUndefined(source.prefix),
    description: stringOrUndefined(source.description),
    accessMethod: stringOrUndefined(source.access_method),
    status: stringOrUndefined(source.status),
    latestError: stringOrUndefined(source.latest_error),
    createdAt: stringOrUndefined(source.created_at),
    createdBy: stringOrUndefined(source.created_by),
    lastRunAt: stringOrUndefined(source.last_run_at),
    supportsWebhooks: source.supports_webhooks,
    jobInputs: { ...(source.job_inputs ?? {}) },
    schemas: (source.schemas ?? []).map(tableResult),
  });
}

/** A job as PostHog reports it. */
export function jobResult(job: ApiJob): SourceJobResult {
  return withoutUndefined({
    id: job.id,
    status: stringOrUndefined(job.status),
    createdAt: stringOrUndefined(job.created_at),
    finishedAt: stringOrUndefined(job.finished_at),
    schemaId: job.schema?.id,
    schemaName: job.schema?.name,
    rowsSynced: job.rows_synced ?? undefined,
    latestError: stringOrUndefined(job.latest_error),
  });
}

/** The incremental fields answer. */
export function incrementalFieldsResult(answer: ApiIncrementalFields): {
  incrementalFields: IncrementalFieldResult[];
  incrementalAvailable?: boolean;
  appendAvailable?: boolean;
  fullRefreshAvailable?: boolean;
} {
  return withoutUndefined({
    incrementalFields: (answer.incremental_fields ?? []).map((f) =>
      withoutUndefined({
        field: f.field,
        type: f.type,
        fieldType: f.field_type,
        label: f.label,
        nullable: f.nullable,
      }),
    ),
    incrementalAvailable: answer.incremental_available,
    appendAvailable: answer.append_available,
    fullRefreshAvailable: answer.full_refresh_available,
  });
}
