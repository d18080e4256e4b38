/** In-memory state of the PostHog emulator: sources, schema rows, jobs, catalogues. */
import { randomUUID } from "node:crypto";
import { buildCatalogues, discoverTables, normalizeTable } from "./catalogue";
import type { DatabaseSchemaEndpoint } from "./database-schema";
import { SOURCE_TYPES } from "./enums";
import { notFound } from "./errors";
import { DEFAULT_SYNC_FREQUENCY } from "./policy";
import type { PosthogSettings } from "./settings";
import type { CatalogueTable, CatalogueTableInput, JobRecord, SchemaRecord, SourceRecord } from "./types";

/** Settings of a new schema row that differ from a discovered, disabled row. */
export type SchemaRowInit = Partial<Omit<SchemaRecord, "id" | "sourceId" | "seq" | "createdAt">> & {
  name: string;
};

/** All state, plus the lookups every route needs. */
export class PosthogStore {
  readonly sources = new Map<string, SourceRecord>();
  readonly schemas = new Map<string, SchemaRecord>();
  readonly jobs = new Map<string, JobRecord>();
  /** Schema ids whose next bulk save fails as a database error (control `failNextSchemaSave`). */
  readonly failingSaves = new Set<string>();
  catalogues: Map<string, CatalogueTable[]>;
  /** How `database_schema` answers now (control `setDatabaseSchemaEndpoint`; reset restores the option). */
  databaseSchemaEndpoint: DatabaseSchemaEndpoint;
  private seq = 0;

  constructor(
    readonly settings: PosthogSettings,
    private readonly catalogueOverrides: Record<string, CatalogueTableInput[]> = {},
  ) {
    this.catalogues = buildCatalogues(catalogueOverrides);
    this.databaseSchemaEndpoint = settings.databaseSchemaEndpoint;
  }

  /** Current time in ms (the configured clock). */
  now(): number {
    return this.settings.now();
  }

  /** A strictly increasing number: orders rows created in the same millisecond. */
  nextSeq(): number {
    return ++this.seq;
  }

  /** Forgets every source, schema and job, and restores the configured catalogues and endpoint mode. */
  clear(): void {
    this.sources.clear();
    this.schemas.clear();
    this.jobs.clear();
    this.failingSaves.clear();
    this.catalogues = buildCatalogues(this.catalogueOverrides);
    this.databaseSchemaEndpoint = this.settings.databaseSchemaEndpoint;
  }

  /** Every `source_type` the API accepts: the enumeration plus types given a catalogue. */
  sourceTypes(): string[] {
    return [...new Set<string>([...SOURCE_TYPES, ...this.catalogues.keys()])];
  }

  /** Tables the source's discovery finds: its type's catalogue plus tables found for it alone. */
  catalogueFor(source: SourceRecord): CatalogueTable[] {
    const typeTables = this.discover(source.sourceType, source.jobInputs);
    const names = new Set(typeTables.map((table) => table.name));
    return [...typeTables, ...source.extraTables.filter((table) => !names.has(table.name))];
  }

  /** Tables the type's catalogue offers for a config (see `discoverTables`). */
  discover(sourceType: string, inputs: Record<string, unknown>): CatalogueTable[] {
    return discoverTables(this.catalogues.get(sourceType) ?? [], sourceType, inputs);
  }

  /** The catalogue entry of a schema row, if discovery still finds that table. */
  catalogueTable(source: SourceRecord, name: string): CatalogueTable | undefined {
    return this.catalogueFor(source).find((table) => table.name === name);
  }

  /** Replaces one type's catalogue. */
  setCatalogue(sourceType: string, tables: CatalogueTableInput[]): void {
    this.catalogues.set(sourceType, tables.map(normalizeTable));
  }

  /** A live source of the project, or 404. */
  liveSource(projectId: string, id: string): SourceRecord {
    const source = this.sources.get(id);
    if (!source || source.deleted || source.projectId !== projectId) throw notFound();
    return source;
  }

  /** A live schema (of a live source) of the project, or 404. */
  liveSchema(projectId: string, id: string): { schema: SchemaRecord; source: SourceRecord } {
    const schema = this.schemas.get(id);
    const source = schema && this.sources.get(schema.sourceId);
    if (!schema || schema.deleted || !source || source.deleted || source.projectId !== projectId) {
      throw notFound();
    }
    return { schema, source };
  }

  /** Live sources of a project, newest first. */
  liveSources(projectId: string): SourceRecord[] {
    return [...this.sources.values()]
      .filter((source) => !source.deleted && source.projectId === projectId)
      .sort((a, b) => b.seq - a.seq);
  }

  /** Schema rows of a source ordered by name (live only unless asked). */
  schemasOf(sourceId: string, includeDeleted = false): SchemaRecord[] {
    return [...this.schemas.values()]
      .filter((schema) => schema.sourceId === sourceId && (includeDeleted || !schema.deleted))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.seq - b.seq));
  }

  /** Jobs of a source, newest first. */
  jobsOf(sourceId: string): JobRecord[] {
    return [...this.jobs.values()].filter((job) => job.sourceId === sourceId).sort((a, b) => b.seq - a.seq);
  }

  /** Inserts a schema row; by default a discovered one (should_sync false, sync_type null). */
  addSchemaRow(source: SourceRecord, init: SchemaRowInit): SchemaRecord {
    const schema: SchemaRecord = {
      label: null,
      shouldSync: false,
      syncType: null,
      incrementalField: null,
      incrementalFieldType: null,
      incrementalFieldLookbackSeconds: null,
      syncFrequency: DEFAULT_SYNC_FREQUENCY,
      syncTimeOfDay: null,
      primaryKeyColumns: null,
      cdcTableMode: "consolidated",
      status: null,
      latestError: null,
      lastSyncedAt: null,
      table: null,
      pendingFailure: null,
      deleted: false,
      ...init,
      id: randomUUID(),
      sourceId: source.id,
      seq: this.nextSeq(),
      createdAt: this.now(),
    };
    this.schemas.set(schema.id, schema);
    return schema;
  }

  /** Soft-deletes a schema row and its table. */
  softDeleteSchema(schema: SchemaRecord): void {
    schema.deleted = true;
    schema.table = null;
  }

  /** Soft-deletes a source with its schema rows and tables. */
  softDeleteSource(source: SourceRecord): void {
    for (const schema of this.schemasOf(source.id)) this.softDeleteSchema(schema);
    source.deleted = true;
  }
}
