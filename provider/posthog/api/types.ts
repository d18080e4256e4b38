/** JSON shapes of the PostHog data warehouse API (snake_case, as sent and received). */

/** The writable sync settings of a schema (PATCH, bulk_update_schemas, create `payload.schemas[]`). */
export interface ApiSchemaSettings {
  should_sync?: boolean;
  sync_type?: string | null;
  incremental_field?: string | null;
  incremental_field_type?: string | null;
  primary_key_columns?: string[] | null;
  sync_frequency?: string | null;
  sync_time_of_day?: string | null;
  cdc_table_mode?: string | null;
}

/** A schema row (one table of a source). The list endpoint trims the settings away. */
export interface ApiSchema extends ApiSchemaSettings {
  id: string;
  name: string;
  label?: string | null;
  should_sync: boolean;
  status?: string | null;
  last_synced_at?: string | null;
  latest_error?: string | null;
  incremental?: boolean;
  table?: unknown;
}

/** An external data source as GET/PATCH return it. `job_inputs` is redacted by the API. */
export interface ApiSource {
  id: string;
  created_at?: string | null;
  created_by?: string | null;
  status?: string | null;
  source_type: string;
  latest_error?: string | null;
  prefix?: string | null;
  description?: string | null;
  access_method?: string | null;
  last_run_at?: string | null;
  schemas?: ApiSchema[];
  job_inputs?: Record<string, unknown> | null;
  supports_webhooks?: boolean;
}

/** One page of a list endpoint. */
export interface ApiPage<T> {
  count?: number;
  next?: string | null;
  previous?: string | null;
  results: T[];
}

/** One table of a create request (`payload.schemas[]`). */
export interface ApiSchemaCreate extends ApiSchemaSettings {
  name: string;
}

/** Body of `POST external_data_sources/`. */
export interface ApiSourceCreate {
  source_type: string;
  prefix?: string;
  description?: string;
  access_method?: string;
  /** Flat credential keys of the source type, plus `schemas`. */
  payload: Record<string, unknown>;
}

/** Body of `PATCH external_data_sources/:id/`. */
export interface ApiSourcePatch {
  description?: string;
  /** Merged into the stored job inputs. */
  job_inputs?: Record<string, unknown>;
}

/** One entry of `bulk_update_schemas`. */
export interface ApiSchemaBulkEntry extends ApiSchemaSettings {
  id: string;
}

/** Answer of `create_webhook`. */
export interface ApiWebhookCreateResult {
  success: boolean;
  webhook_url?: string | null;
  error?: string | null;
  /** Inputs the webhook still needs (e.g. Stripe's `signing_secret`), entered in PostHog's UI. */
  pending_inputs?: unknown[] | null;
}

/** Answer of `delete_webhook`. */
export interface ApiWebhookDeleteResult {
  success: boolean;
  external_deleted?: boolean;
  error?: string | null;
}

/** Answer of `refresh_schemas`. */
export interface ApiRefreshSchemasResult {
  added?: number;
  deleted?: number;
}

/** One sync job (`external_data_sources/:id/jobs/`). */
export interface ApiJob {
  id: string;
  created_at?: string | null;
  finished_at?: string | null;
  status?: string | null;
  schema?: { id: string; name: string } | null;
  rows_synced?: number | null;
  latest_error?: string | null;
}

/** One candidate of `incremental_fields`. */
export interface ApiIncrementalField {
  label?: string;
  type: string;
  field: string;
  field_type?: string;
  nullable?: boolean;
}

/** Answer of `external_data_schemas/:id/incremental_fields/`. */
export interface ApiIncrementalFields {
  incremental_fields: ApiIncrementalField[];
  incremental_available?: boolean;
  append_available?: boolean;
  full_refresh_available?: boolean;
  cdc_available?: boolean | null;
  xmin_available?: boolean | null;
}

/** One table of `POST external_data_sources/database_schema/` (discovery before a source exists). */
export interface ApiDiscoveredTable {
  table: string;
  label?: string | null;
  incremental_fields?: ApiIncrementalField[];
  incremental_available?: boolean;
  append_available?: boolean;
  /** null when CDC is not enabled for the team. */
  cdc_available?: boolean | null;
  /** null when the source type has no xmin. */
  xmin_available?: boolean | null;
  supports_webhooks?: boolean;
}
