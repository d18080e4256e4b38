/**
 * What a table supports, as PostHog reports it (never hard-coded per source): the sync types
 * (`incremental_available`, `append_available`, `cdc_available`, `xmin_available`, full refresh)
 * and the fields it can sync incrementally on (`label`, `type`, `field`, `field_type`). PostHog
 * stores an incremental table's `field` and `field_type`, whatever label was declared, so the
 * declared field is resolved to them before it is sent (see field-resolution.ts for the state).
 */
import type { ApiDiscoveredTable, ApiIncrementalField, ApiIncrementalFields } from "../api/types";
import type { TableSettings } from "./settings";

/** What one table supports; undefined or null = PostHog did not say (allowed). */
export interface TableSupport {
  incrementalFields: ApiIncrementalField[];
  incremental?: boolean | null;
  append?: boolean | null;
  fullRefresh?: boolean | null;
  cdc?: boolean | null;
  xmin?: boolean | null;
}

/** How a declared incremental field maps to what PostHog stores. */
export interface FieldResolution {
  /** The field as declared (a column name or its label). */
  declared: string;
  /** The field PostHog stores (`field`). */
  field: string;
  /** The declared type, if any. */
  declaredType?: string;
  /** The type PostHog stores (`field_type`, else `type`). */
  fieldType?: string;
}

/** The support of a table listed by `database_schema`. */
export function supportFromDiscovery(row: ApiDiscoveredTable): TableSupport {
  return {
    incrementalFields: row.incremental_fields ?? [],
    incremental: row.incremental_available,
    append: row.append_available,
    cdc: row.cdc_available,
    xmin: row.xmin_available,
  };
}

/** The support of a table as its `incremental_fields` action reports it. */
export function supportFromIncrementalFields(answer: ApiIncrementalFields): TableSupport {
  return {
    incrementalFields: answer.incremental_fields ?? [],
    incremental: answer.incremental_available,
    append: answer.append_available,
    fullRefresh: answer.full_refresh_available,
    cdc: answer.cdc_available,
    xmin: answer.xmin_available,
  };
}

const AVAILABILITY: ReadonlyArray<[string, keyof TableSupport]> = [
  ["full_refresh", "fullRefresh"],
  ["incremental", "incremental"],
  ["append", "append"],
  ["cdc", "cdc"],
  ["xmin", "xmin"],
];

/** The sync types PostHog says the table supports (full refresh unless it says otherwise). */
export function supportedSyncTypes(support: TableSupport): string[] {
  return AVAILABILITY.filter(([, key]) =>
    key === "fullRefresh" ? support[key] !== false : support[key] === true,
  ).map(([type]) => type);
}

/** True unless PostHog says the table cannot sync this way. */
function allows(support: TableSupport, syncType: string): boolean {
  const entry = AVAILABILITY.find(([type]) => type === syncType);
  return entry === undefined || support[entry[1]] !== false;
}

const describeField = (f: ApiIncrementalField): string =>
  `${f.field}${f.label && f.label !== f.field ? ` ("${f.label}")` : ""} (${f.field_type ?? f.type})`;

/** What the table supports, in words, for errors. */
export function describeSupport(support: TableSupport): string {
  const types = supportedSyncTypes(support).join(", ") || "nothing PostHog reported";
  const fields = support.incrementalFields.map(describeField).join(", ");
  return `it supports syncType ${types}${fields ? `; incremental fields: ${fields}` : "; no incremental fields"}`;
}

/**
 * Checks a declared table against what it supports and resolves its incremental field: the
 * settings to send (field and type as PostHog stores them) and the resolution to remember.
 * Throws an error naming the table and what it supports.
 */
export function resolveTable(
  name: string,
  settings: TableSettings,
  support: TableSupport,
): { settings: TableSettings; resolution?: FieldResolution } {
  if (settings.syncType !== undefined && !allows(support, settings.syncType)) {
    throw new Error(
      `table "${name}" cannot sync with syncType "${settings.syncType}": ${describeSupport(support)}`,
    );
  }
  const declared = settings.incrementalField;
  if (declared === undefined) return { settings };
  const candidate =
    support.incrementalFields.find((f) => f.field === declared) ??
    support.incrementalFields.find((f) => f.label === declared);
  if (!candidate) {
    throw new Error(
      `incrementalField "${declared}" of table "${name}" is not a field it can sync incrementally on; ${describeSupport(support)}`,
    );
  }
  const storedType = candidate.field_type ?? candidate.type;
  const declaredType = settings.incrementalFieldType;
  if (declaredType !== undefined && declaredType !== storedType && declaredType !== candidate.type) {
    throw new Error(
      `incrementalFieldType "${declaredType}" of table "${name}" does not match field "${candidate.field}", ` +
        `which PostHog stores as "${storedType}": declare "${storedType}" or leave the type out`,
    );
  }
  const resolved = { ...settings, incrementalField: candidate.field } as TableSettings;
  if (storedType) resolved.incrementalFieldType = storedType as TableSettings["incrementalFieldType"];
  const resolution: FieldResolution = {
    declared,
    field: candidate.field,
    declaredType,
    fieldType: storedType,
  };
  return { settings: resolved, resolution };
}
