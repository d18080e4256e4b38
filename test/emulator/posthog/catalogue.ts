/** Tables each source type offers, and the defaults the emulator starts with. */
import type { CatalogueTable, CatalogueTableInput, IncrementalFieldCandidate } from "./types";
import { DEFAULT_ROWS_SYNCED } from "./policy";

const STRIPE_CREATED: IncrementalFieldCandidate = {
  field: "created",
  type: "integer",
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

/** Public SQL tables; `events` has no primary key (so cdc on it needs one given). */
const SQL_TABLES: CatalogueTableInput[] = [
  { name: "orders", incrementalFields: [SQL_UPDATED_AT, SQL_ID] },
  { name: "customers", incrementalFields: [SQL_UPDATED_AT, SQL_ID] },
  { name: "events", incrementalFields: [SQL_UPDATED_AT], detectedPrimaryKeys: null },
  { name: "line_items", incrementalFields: [SQL_UPDATED_AT, SQL_ID] },
];

/** The catalogues the emulator starts with (types not listed here offer no tables until
 * `catalogues` or `setCatalogue` gives them some). */
export const DEFAULT_CATALOGUES: Record<string, CatalogueTableInput[]> = {
  Stripe: STRIPE_TABLES.map((name) => ({
    name,
    incrementalFields: [STRIPE_CREATED],
    supportsWebhooks: true,
  })),
  Postgres: SQL_TABLES,
  MySQL: SQL_TABLES,
  MSSQL: SQL_TABLES,
  Snowflake: SQL_TABLES,
  BigQuery: SQL_TABLES,
  Hubspot: ["contacts", "companies", "deals", "emails", "meetings", "tickets"],
};

/** Fills the defaults of one catalogue table: incremental/append available when it has candidate
 * fields, primary key `["id"]`, no webhooks, DEFAULT_ROWS_SYNCED rows. */
export function normalizeTable(input: CatalogueTableInput): CatalogueTable {
  const given = typeof input === "string" ? { name: input } : input;
  const incrementalFields = (given.incrementalFields ?? []).map((candidate) => ({ ...candidate }));
  const hasCandidates = incrementalFields.length > 0;
  return {
    name: given.name,
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

/** How `incremental_fields` reports one candidate. */
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
