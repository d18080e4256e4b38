/** JSON shapes the PostHog API answers with (as the emulator produces them). */

/** A synced warehouse table as embedded in a schema. */
export interface PosthogTableJson {
  id: string;
  name: string;
  format: string;
  row_count: number;
}

/** A schema (GET/PATCH external_data_schemas/:id, embedded in a source GET). */
export interface PosthogSchemaJson {
  id: string;
  name: string;
  label: string | null;
  table: PosthogTableJson | null;
  should_sync: boolean;
  last_synced_at: string | null;
  latest_error: string | null;
  incremental: boolean;
  status: string | null;
  sync_type: string | null;
  incremental_field: string | null;
  incremental_field_type: string | null;
  incremental_field_lookback_seconds: number | null;
  sync_frequency: string | null;
  sync_time_of_day: string | null;
  primary_key_columns: string[] | null;
  cdc_table_mode: string;
}

/** A schema as embedded in the source list. */
export type PosthogListedSchemaJson = Pick<
  PosthogSchemaJson,
  | "id"
  | "name"
  | "label"
  | "should_sync"
  | "status"
  | "sync_type"
  | "last_synced_at"
  | "latest_error"
  | "table"
>;

/** A source (GET/PATCH external_data_sources/:id). */
export interface PosthogSourceJson<Schema = PosthogSchemaJson> {
  id: string;
  created_at: string;
  created_by: string | null;
  created_via: string;
  status: string;
  source_type: string;
  latest_error: string | null;
  prefix: string | null;
  description: string | null;
  access_method: string;
  last_run_at: string | null;
  schemas: Schema[];
  /** Redacted: secret and unknown keys dropped. */
  job_inputs: Record<string, unknown>;
  revenue_analytics_config: { enabled: boolean; include_invoiceless_charges: boolean };
  supports_webhooks: boolean;
}

/** A job of the jobs endpoint. */
export interface PosthogJobJson {
  id: string;
  created_at: string;
  finished_at: string | null;
  status: string;
  schema: {
    id: string;
    name: string;
    label: string | null;
    should_sync: boolean;
    last_synced_at: string | null;
    sync_type: string | null;
  } | null;
  rows_synced: number | null;
  latest_error: string | null;
}
