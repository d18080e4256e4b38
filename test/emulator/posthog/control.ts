/**
 * PosthogControl: what tests and the lead use to set up and inspect the emulator's state, simulate
 * drift (edits made in the PostHog UI), background discovery and sync failures.
 */
import type { PosthogJobJson, PosthogSchemaJson, PosthogSourceJson } from "./api-types";
import { normalizeTable } from "./catalogue";
import type { DatabaseSchemaEndpoint } from "./database-schema";
import { completeJobsNow, runningJob, settleJobs, startJob } from "./jobs";
import { webhookPath } from "./policy";
import { jobJson, schemaJson, sourceJson } from "./serialize";
import { createSource } from "./source-create";
import type { PosthogStore } from "./store";
import type { CatalogueTable, CatalogueTableInput, SchemaRecord, SourceRecord } from "./types";
import { SEED_SOURCE } from "./seed";
import { wizardAnswer } from "./wizard";

/** A schema as the control sees it: the API shape plus where it belongs and whether it is deleted. */
export type SchemaSnapshot = PosthogSchemaJson & { source_id: string; deleted: boolean };

/** A source as the control sees it: the GET shape (live schemas in full, `job_inputs` redacted)
 * plus the unredacted inputs, its project, deleted flag and webhook. */
export type SourceSnapshot = PosthogSourceJson & {
  project_id: string;
  deleted: boolean;
  /** Everything stored, secrets included. */
  stored_job_inputs: Record<string, unknown>;
  webhook: { exists: boolean; path: string | null };
};

/** A job plus its source and schema ids. */
export type JobSnapshot = PosthogJobJson & { source_id: string; schema_id: string };

/** Fields `updateSource` can change (no validation: anything goes, as with a change made elsewhere). */
export interface SourceDriftPatch {
  description?: string | null;
  prefix?: string | null;
  /** Replaces the stored inputs. */
  job_inputs?: Record<string, unknown>;
  /** The stored status (used when no active schema decides the computed one). */
  status?: string;
}

/** Fields `updateSchema` can change, by their API names (no validation). */
export interface SchemaDriftPatch {
  label?: string | null;
  should_sync?: boolean;
  sync_type?: SchemaRecord["syncType"];
  incremental_field?: string | null;
  incremental_field_type?: string | null;
  incremental_field_lookback_seconds?: number | null;
  /** `never` is stored as null, like the API. */
  sync_frequency?: string | null;
  sync_time_of_day?: string | null;
  primary_key_columns?: string[] | null;
  cdc_table_mode?: SchemaRecord["cdcTableMode"];
  status?: SchemaRecord["status"];
  latest_error?: string | null;
  /** ISO time or null. */
  last_synced_at?: string | null;
}

/** Control surface of the PostHog emulator. Every call first settles jobs that are due. */
export interface PosthogControl {
  /** Sources, newest first (soft-deleted ones only when asked). */
  sources(options?: { includeDeleted?: boolean }): SourceSnapshot[];
  /** One source by id (soft-deleted ones too, flagged). */
  source(id: string): SourceSnapshot | undefined;
  /** Schema rows of a source ordered by name (soft-deleted ones only when asked). */
  schemas(sourceId: string, options?: { includeDeleted?: boolean }): SchemaSnapshot[];
  /** One schema by id (soft-deleted ones too, flagged). */
  schema(id: string): SchemaSnapshot | undefined;
  /** The live schema row of a source with this table name. */
  schemaByName(sourceId: string, name: string): SchemaSnapshot | undefined;
  /** Jobs newest first, of one source or of all. */
  jobs(sourceId?: string): JobSnapshot[];
  /** Creates a source as POST would (same validation; throws PosthogHttpError when refused). */
  createSource(
    body: Record<string, unknown>,
    options?: { projectId?: string; apiKey?: string },
  ): SourceSnapshot;
  /** Changes a source behind the provider's back. */
  updateSource(id: string, patch: SourceDriftPatch): SourceSnapshot;
  /** Changes a schema behind the provider's back (a UI edit). */
  updateSchema(id: string, patch: SchemaDriftPatch): SchemaSnapshot;
  /** Soft-deletes a source (deleted elsewhere). */
  deleteSource(id: string): void;
  /** Soft-deletes a schema row. */
  deleteSchema(id: string): void;
  /** Replaces the tables a source type offers (affects later creates and refresh_schemas). */
  setCatalogue(sourceType: string, tables: CatalogueTableInput[]): void;
  /** The tables a source type offers. */
  catalogue(sourceType: string): CatalogueTable[];
  /** Background discovery: the source finds a table and a should_sync:false row appears. */
  discoverTable(sourceId: string, table: CatalogueTableInput): SchemaSnapshot;
  /** The schema fails now: status Failed with `latest_error`; a running job ends Failed. */
  failSchema(id: string, error: string): SchemaSnapshot;
  /** The schema's next finishing job (the running one, if any) ends Failed with `error`. */
  failNextSync(id: string, error: string): void;
  /** The schema has synced data now (a job completes at once), so its primary key is locked. */
  markSynced(id: string): SchemaSnapshot;
  /** The schema's next save in a `bulk_update_schemas` fails as a database error (503). */
  failNextSchemaSave(id: string): void;
  /** The wizard answer as `GET .../wizard/` serves it (source type -> config). */
  wizard(): Record<string, unknown>;
  /** Completes every running job now. */
  completeJobs(): void;
  /** `create_webhook` answers `success: false` with this error (null: succeed again). */
  setWebhookError(sourceId: string, error: string | null): void;
  /** How `database_schema` answers from now on (until `reset`, which restores the option). */
  setDatabaseSchemaEndpoint(mode: DatabaseSchemaEndpoint): void;
  /** Forgets all state and restores the configured catalogues (re-seeds when `seed` is on). */
  reset(): void;
}

function requireSource(store: PosthogStore, id: string): SourceRecord {
  const source = store.sources.get(id);
  if (!source) throw new Error(`posthog emulator: no source ${id}`);
  return source;
}

function requireSchema(store: PosthogStore, id: string): SchemaRecord {
  const schema = store.schemas.get(id);
  if (!schema) throw new Error(`posthog emulator: no schema ${id}`);
  return schema;
}

function schemaSnapshot(schema: SchemaRecord): SchemaSnapshot {
  return { ...schemaJson(schema), source_id: schema.sourceId, deleted: schema.deleted };
}

function sourceSnapshot(store: PosthogStore, source: SourceRecord): SourceSnapshot {
  return {
    ...sourceJson(store, source),
    project_id: source.projectId,
    deleted: source.deleted,
    stored_job_inputs: { ...source.jobInputs },
    webhook: {
      exists: source.webhook.exists,
      path: source.webhook.id ? webhookPath(source.webhook.id) : null,
    },
  };
}

/** Applies a drift patch given in API field names to a schema record. */
function applySchemaDrift(schema: SchemaRecord, patch: SchemaDriftPatch): void {
  const set = <K extends keyof SchemaRecord>(key: K, value: SchemaRecord[K] | undefined): void => {
    if (value !== undefined) schema[key] = value;
  };
  set("label", patch.label);
  set("shouldSync", patch.should_sync);
  set("syncType", patch.sync_type);
  set("incrementalField", patch.incremental_field);
  set("incrementalFieldType", patch.incremental_field_type);
  set("incrementalFieldLookbackSeconds", patch.incremental_field_lookback_seconds);
  if (patch.sync_frequency !== undefined) {
    schema.syncFrequency = patch.sync_frequency === "never" ? null : patch.sync_frequency;
  }
  set("syncTimeOfDay", patch.sync_time_of_day);
  set("primaryKeyColumns", patch.primary_key_columns);
  set("cdcTableMode", patch.cdc_table_mode);
  set("status", patch.status);
  set("latestError", patch.latest_error);
  if (patch.last_synced_at !== undefined) {
    schema.lastSyncedAt = patch.last_synced_at === null ? null : Date.parse(patch.last_synced_at);
  }
}

/** Builds the control over a store. */
export function createControl(store: PosthogStore): PosthogControl {
  const settled = <T>(work: () => T): T => {
    settleJobs(store);
    return work();
  };

  const control: PosthogControl = {
    sources: (options = {}) =>
      settled(() =>
        [...store.sources.values()]
          .filter((source) => options.includeDeleted || !source.deleted)
          .sort((a, b) => b.seq - a.seq)
          .map((source) => sourceSnapshot(store, source)),
      ),
    source: (id) =>
      settled(() => {
        const source = store.sources.get(id);
        return source && sourceSnapshot(store, source);
      }),
    schemas: (sourceId, options = {}) =>
      settled(() => store.schemasOf(sourceId, options.includeDeleted).map(schemaSnapshot)),
    schema: (id) =>
      settled(() => {
        const schema = store.schemas.get(id);
        return schema && schemaSnapshot(schema);
      }),
    schemaByName: (sourceId, name) =>
      settled(() => {
        const schema = store.schemasOf(sourceId).find((row) => row.name === name);
        return schema && schemaSnapshot(schema);
      }),
    jobs: (sourceId) =>
      settled(() =>
        [...store.jobs.values()]
          .filter((job) => !sourceId || job.sourceId === sourceId)
          .sort((a, b) => b.seq - a.seq)
          .map((job) => ({ ...jobJson(store, job), source_id: job.sourceId, schema_id: job.schemaId })),
      ),
    createSource: (body, options = {}) =>
      settled(() => {
        const key = options.apiKey ?? [...store.settings.apiKeys.keys()][0] ?? "control";
        const scopes = store.settings.apiKeys.get(key) ?? new Set<string>();
        const projectId = options.projectId ?? store.settings.projects[0] ?? "1";
        return sourceSnapshot(store, createSource(store, projectId, { key, scopes }, body));
      }),
    updateSource: (id, patch) =>
      settled(() => {
        const source = requireSource(store, id);
        if (patch.description !== undefined) source.description = patch.description;
        if (patch.prefix !== undefined) source.prefix = patch.prefix;
        if (patch.job_inputs !== undefined) source.jobInputs = { ...patch.job_inputs };
        if (patch.status !== undefined) source.storedStatus = patch.status;
        return sourceSnapshot(store, source);
      }),
    updateSchema: (id, patch) =>
      settled(() => {
        const schema = requireSchema(store, id);
        applySchemaDrift(schema, patch);
        return schemaSnapshot(schema);
      }),
    deleteSource: (id) => settled(() => store.softDeleteSource(requireSource(store, id))),
    deleteSchema: (id) => settled(() => store.softDeleteSchema(requireSchema(store, id))),
    setCatalogue: (sourceType, tables) => store.setCatalogue(sourceType, tables),
    catalogue: (sourceType) => (store.catalogues.get(sourceType) ?? []).map((table) => ({ ...table })),
    discoverTable: (sourceId, input) =>
      settled(() => {
        const source = requireSource(store, sourceId);
        const table = normalizeTable(input);
        if (!store.catalogueTable(source, table.name)) source.extraTables.push(table);
        const existing = store.schemasOf(source.id).find((schema) => schema.name === table.name);
        return schemaSnapshot(existing ?? store.addSchemaRow(source, { name: table.name }));
      }),
    failSchema: (id, error) =>
      settled(() => {
        const schema = requireSchema(store, id);
        const running = runningJob(store, id);
        if (running) {
          running.status = "Failed";
          running.finishedAt = store.now();
          running.rowsSynced = 0;
          running.latestError = error;
        }
        schema.status = "Failed";
        schema.latestError = error;
        return schemaSnapshot(schema);
      }),
    failNextSync: (id, error) => {
      requireSchema(store, id).pendingFailure = error;
    },
    markSynced: (id) =>
      settled(() => {
        const schema = requireSchema(store, id);
        if (!runningJob(store, id)) startJob(store, schema);
        schema.pendingFailure = null;
        completeJobsNow(store, id);
        return schemaSnapshot(schema);
      }),
    failNextSchemaSave: (id) => {
      store.failingSaves.add(requireSchema(store, id).id);
    },
    wizard: () => wizardAnswer(store.settings.definitions),
    completeJobs: () => completeJobsNow(store),
    setWebhookError: (sourceId, error) => {
      requireSource(store, sourceId).webhook.failWith = error;
    },
    setDatabaseSchemaEndpoint: (mode) => {
      store.databaseSchemaEndpoint = mode;
    },
    reset: () => {
      store.clear();
      if (store.settings.seed) seedDemoData(store, control);
    },
  };
  return control;
}

/** Seeds the demo source (see seed.ts) and lets its first syncs finish. */
export function seedDemoData(store: PosthogStore, control: PosthogControl): void {
  control.createSource(SEED_SOURCE);
  completeJobsNow(store);
}
