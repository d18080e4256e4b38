/** Options and in-memory records of the PostHog emulator. */
import type { SourceDefinition } from "./field-definitions";
import type {
  AccessMethod,
  CdcTableMode,
  IncrementalFieldType,
  JobStatus,
  SchemaStatus,
  SyncType,
} from "./enums";

/** A column a table can sync incrementally on, as `incremental_fields` reports it. */
export interface IncrementalFieldCandidate {
  field: string;
  /** The incremental field type PostHog would use (`integer`, `datetime`, ...). */
  type: IncrementalFieldType;
  /** The column's own type in the source; defaults to `type`. */
  field_type?: string;
  nullable?: boolean;
  label?: string;
}

/** One table a source type offers (what PostHog's discovery would find). */
export interface CatalogueTable {
  name: string;
  /** Database schema of a SQL table (Postgres, MySQL, MSSQL, Snowflake): with the source's
   * `schema` set, only that schema's tables are found, by bare name; without it every table is
   * found as `namespace.name`. Null: found by bare name whatever the config. */
  namespace: string | null;
  incrementalFields: IncrementalFieldCandidate[];
  supportsIncremental: boolean;
  supportsAppend: boolean;
  supportsWebhooks: boolean;
  /** Primary key discovery found (used by incremental/cdc rows when none is given); null if none. */
  detectedPrimaryKeys: string[] | null;
  /** Rows a completed sync reports. */
  rows: number;
}

/** A catalogue table as callers give it: a bare name, or a name with some settings. */
export type CatalogueTableInput = string | (Partial<CatalogueTable> & { name: string });

/** Options of `registerPosthog`; every field is optional. */
export interface PosthogEmulatorOptions {
  /** API key -> scopes. Default: `phx_emulator_write` (write) and `phx_emulator_read` (read).
   * `external_data_source:write` implies read; `*` grants everything. */
  apiKeys?: Record<string, string[]>;
  /** API key -> email reported as `created_by` of the sources it creates. */
  apiKeyOwners?: Record<string, string>;
  /** Project ids the keys can use (default `["1"]`); others answer 404. */
  projects?: string[];
  /** Source type -> tables, replacing that type's default catalogue. */
  catalogues?: Record<string, CatalogueTableInput[]>;
  /** How long a sync job stays Running before it completes, in ms (default 500). */
  jobMs?: number;
  /** Seed one demo Stripe source (prefix `demo_`, Customer and Charge enabled). Default false. */
  seed?: boolean;
  /** Source type -> field definitions (PostHog's `get_source_config` fields), replacing or adding
   * to the built-in ones (source-definitions.ts). Types without one accept any config. */
  sourceDefinitions?: Record<string, SourceDefinition>;
  /** The team has PostHog's CDC feature (default true); without it `cdc` schemas are refused. */
  cdcEnabledForTeam?: boolean;
  /** Source types with a CDC adapter (default `["Postgres"]`). */
  cdcSourceTypes?: string[];
  /** Behave like older self-hosted PostHog: create without `payload.schemas` answers
   * 400 {"message": "Schemas not given"} instead of enabling the default set (default false). */
  createRequiresSchemas?: boolean;
  /** Legacy: source type -> flat config keys that must be present (replaces that type's definition
   * by a flat one of text inputs). */
  requiredInputs?: Record<string, string[]>;
  /** Legacy: source type -> flat config keys that are secret (see `requiredInputs`). */
  secretInputs?: Record<string, string[]>;
  /** Legacy: source type -> further known flat config keys (see `requiredInputs`). */
  optionalInputs?: Record<string, string[]>;
  /** Source types that support webhooks (default `["Stripe"]`). */
  webhookSourceTypes?: string[];
  /** How `POST external_data_sources/database_schema/` answers: `post` (default, today's PostHog),
   * `absent` (404; a choice for testing a client's fallback) or `get-only` (405, the early PostHog
   * whose `database_schema` was a GET). The control's `setDatabaseSchemaEndpoint` changes it. */
  databaseSchemaEndpoint?: "post" | "absent" | "get-only";
  /** Clock in ms since the epoch (default `Date.now`); lets tests move time by hand. */
  now?: () => number;
}

/** A synced warehouse table. */
export interface TableRecord {
  id: string;
  name: string;
  rows: number;
  createdAt: number;
}

/** One schema row (a table of a source and its sync settings). */
export interface SchemaRecord {
  id: string;
  sourceId: string;
  seq: number;
  createdAt: number;
  name: string;
  label: string | null;
  shouldSync: boolean;
  syncType: SyncType | null;
  incrementalField: string | null;
  incrementalFieldType: string | null;
  incrementalFieldLookbackSeconds: number | null;
  /** Null means "never" (no interval). */
  syncFrequency: string | null;
  /** "HH:MM:SS" UTC or null. */
  syncTimeOfDay: string | null;
  primaryKeyColumns: string[] | null;
  cdcTableMode: CdcTableMode;
  status: SchemaStatus | null;
  latestError: string | null;
  lastSyncedAt: number | null;
  table: TableRecord | null;
  /** Error the next finishing job of this schema ends with (set by `failNextSync`). */
  pendingFailure: string | null;
  deleted: boolean;
}

/** Webhook state of a source (types that support webhooks only). */
export interface WebhookRecord {
  exists: boolean;
  /** Id in the webhook URL (see policy.webhookPath); kept when the webhook is deleted. */
  id: string | null;
  /** When set, `create_webhook` answers `success: false` with this error. */
  failWith: string | null;
}

/** One external data source. */
export interface SourceRecord {
  id: string;
  projectId: string;
  seq: number;
  createdAt: number;
  createdBy: string | null;
  sourceType: string;
  prefix: string | null;
  description: string | null;
  accessMethod: AccessMethod;
  /** Everything ever sent (unredacted), without `schemas`. */
  jobInputs: Record<string, unknown>;
  /** Stored status, used when no active schema decides it ("Running" when created). */
  storedStatus: string;
  /** Tables found for this source beyond its type's catalogue (background discovery). */
  extraTables: CatalogueTable[];
  webhook: WebhookRecord;
  deleted: boolean;
}

/** One sync job. */
export interface JobRecord {
  id: string;
  sourceId: string;
  schemaId: string;
  seq: number;
  createdAt: number;
  /** When a Running job completes on its own. */
  dueAt: number;
  finishedAt: number | null;
  status: JobStatus;
  rowsSynced: number | null;
  latestError: string | null;
}
