/** Tables each source type offers, what each supports, and how discovery names them. */
import type { CatalogueTable, CatalogueTableInput, IncrementalFieldCandidate } from "./types";
import { DEFAULT_ROWS_SYNCED } from "./policy";

/** Stripe tables are append-only on `created` (label `created_at`, a datetime to the UI, stored as
 * an integer): `sources/stripe/settings.py` APPEND_ONLY_INCREMENTAL_FIELDS, `source.py` get_schemas
 * (`supports_incremental=False`, `supports_append=True`). */
const STRIPE_CREATED: IncrementalFieldCandidate = {
  label: "created_at",
  type: "datetime",
  field: "created",
  field_type: "integer",
  nullable: false,
};
const SQL_UPDATED_AT: IncrementalFieldCandidate = {
  field: "updated_at",
  type: "datetime",
  field_type: "timestamp",
  nullable: false,
};
const SQL_ID: IncrementalFieldCandidate = {
  field: "id",
  type: "integer",
  field_type: "integer",
  nullable: false,
};

const STRIPE_TABLES = [
  "Customer",
  "Charge",
  "Invoice",
  "BalanceTransaction",
  "Subscription",
  "Product",
  "Price",
];

/** SQL tables (choice: the emulator's sample database). `events` has no primary key (so cdc on it
 * needs one given); `analytics.sessions` shows up only when no `schema` is configured (or
 * `schema: "analytics"`). */
const SQL_TABLES: CatalogueTableInput[] = [
  { name: "orders", namespace: "public", incrementalFields: [SQL_UPDATED_AT, SQL_ID] },
  { name: "customers", namespace: "public", incrementalFields: [SQL_UPDATED_AT, SQL_ID] },
  { name: "events", namespace: "public", incrementalFields: [SQL_UPDATED_AT], detectedPrimaryKeys: null },
  { name: "line_items", namespace: "public", incrementalFields: [SQL_UPDATED_AT, SQL_ID] },
  { name: "sessions", namespace: "analytics", incrementalFields: [SQL_UPDATED_AT, SQL_ID] },
];

/** Source types whose discovery depends on the configured `schema` (optional in their definition). */
export const NAMESPACED_SOURCE_TYPES: readonly string[] = ["Postgres", "MySQL", "MSSQL", "Snowflake"];

/** The catalogues the emulator starts with (types not listed here offer no tables until
 * `catalogues` or `setCatalogue` gives them some). Hubspot, Zendesk and Salesforce tables are a
 * **choice** (a few real endpoint names, full refresh only). */
export const DEFAULT_CATALOGUES: Record<string, CatalogueTableInput[]> = {
  Stripe: STRIPE_TABLES.map((name) => ({
    name,
    incrementalFields: [STRIPE_CREATED],
    supportsIncremental: false,
    supportsAppend: true,
    supportsWebhooks: true,
  })),
  Postgres: SQL_TABLES,
  MySQL: SQL_TABLES,
  MSSQL: SQL_TABLES,
  Snowflake: SQL_TABLES,
  BigQuery: SQL_TABLES.filter((table) => typeof table !== "string" && table.namespace === "public").map(
    (table) => ({
      ...(table as Exclude<CatalogueTableInput, string>),
      namespace: null,
    }),
  ),
  Hubspot: ["contacts", "companies", "deals", "emails", "meetings", "tickets"],
  Zendesk: ["tickets", "users", "organizations"],
  Salesforce: ["Account", "Contact", "Opportunity"],
};

/** Fills the defaults of one catalogue table: incremental/append available when it has candidate
 * fields, primary key `["id"]`, no webhooks, DEFAULT_ROWS_SYNCED rows. */
export function normalizeTable(input: CatalogueTableInput): CatalogueTable {
  const given = typeof input === "string" ? { name: input } : input;
  const incrementalFields = (given.incrementalFields ?? []).map((candidate) => ({ ...candidate }));
  const hasCandidates = incrementalFields.length > 0;
  return {
    name: given.name,
    namespace: given.namespace ?? null,
    incrementalFields,
    supportsIncremental: given.supportsIncremental ?? hasCandidates,
    supportsAppend: given.supportsAppend ?? hasCandidates,
    supportsWebhooks: given.supportsWebhooks ?? false,
    detectedPrimaryKeys:
      given.detectedPrimaryKeys === undefined
        ? ["id"]
        : given.detectedPrimaryKeys && [...given.detectedPrimaryKeys],
    rows: given.rows ?? DEFAULT_ROWS_SYNCED,
  };
}

/** Builds the catalogue map from the defaults overridden by `overrides`. */
export function buildCatalogues(
  overrides: Record<string, CatalogueTableInput[]> = {},
): Map<string, CatalogueTable[]> {
  const merged = { ...DEFAULT_CATALOGUES, ...overrides };
  return new Map(Object.entries(merged).map(([type, tables]) => [type, tables.map(normalizeTable)]));
}

/**
 * What discovery finds for a source with these (stored) inputs: for the namespaced SQL types, the
 * configured `schema`'s tables by bare name, or, when `schema` is blank, every table as
 * `schema.table` (PostHog: the Corrections; `schema` optional in `sources/{postgres,mysql,mssql,
 * snowflake}/source.py`; "qualified naming" in `views/external_data_source/source_setup.py`).
 */
export function discoverTables(
  tables: CatalogueTable[],
  sourceType: string,
  inputs: Record<string, unknown>,
): CatalogueTable[] {
  if (!NAMESPACED_SOURCE_TYPES.includes(sourceType)) return tables;
  const schema = typeof inputs.schema === "string" ? inputs.schema.trim() : "";
  if (schema) return tables.filter((table) => table.namespace === null || table.namespace === schema);
  return tables.map((table) =>
    table.namespace === null ? table : { ...table, name: `${table.namespace}.${table.name}` },
  );
}

/** How `incremental_fields` reports one candidate (`label`, `type`, `field`, `field_type`). */
export function describeCandidate(candidate: IncrementalFieldCandidate): {
  label: string;
  type: string;
  field: string;
  field_type: string;
  nullable: boolean;
} {
  return {
    label: candidate.label ?? candidate.field,
    type: candidate.type,
    field: candidate.field,
    field_type: candidate.field_type ?? candidate.type,
    nullable: candidate.nullable ?? false,
  };
}

/** PostHog's preference when it picks an incremental field itself (`sources/common/schema.py`). */
const INCREMENTAL_FIELD_PREFERENCE = [
  "updated_at",
  "updatedat",
  "modified_at",
  "modifiedat",
  "last_modified",
  "updated",
  "modified",
  "created_at",
  "createdat",
  "created",
];

/** The candidate PostHog's defaults would pick. */
export function preferredCandidate(table: CatalogueTable): IncrementalFieldCandidate | undefined {
  const candidates = table.incrementalFields.filter((candidate) => candidate.field);
  const byName = new Map(candidates.map((candidate) => [candidate.field.toLowerCase(), candidate]));
  for (const name of INCREMENTAL_FIELD_PREFERENCE) {
    const found = byName.get(name);
    if (found) return found;
  }
  return candidates[0];
}
