/**
 * PATCH external_data_sources/:id/bulk_update_schemas/ (`views/external_data_source/
 * schema_operations.py`): every item is parsed first (a malformed item, a duplicate or unknown id
 * refuses the whole request, nothing saved); then each schema is saved on its own, so one refused
 * save leaves the others applied and the answer lists the refused ones:
 * 400 (503 when one failed on a database error) "These schemas in the batch could not be saved: ...".
 * `incremental_field_lookback_seconds` is not a field of the bulk item serializer: it is dropped.
 */
import { PosthogHttpError, drfError, requiredField, validationError } from "./errors";
import { FieldReader, bodyObject, isObject } from "./fields";
import { commitSchemaPatch, parseSchemaPatchFields, planSchemaPatch } from "./schema-patch";
import type { PosthogStore } from "./store";
import type { SchemaRecord, SourceRecord } from "./types";

/** Messages of the bulk checks (PostHog's wording). */
export const BULK_MESSAGES = {
  emptyList: "This list may not be empty.",
  duplicateIds: "Schema updates must contain unique ids",
  unknownIds: "One or more schemas could not be found for this source",
  databaseError: "a database error occurred while saving",
  notSaved: (failures: { name: string; reason: string }[]) =>
    `These schemas in the batch could not be saved: ${failures.map(({ name, reason }) => `${name} (${reason})`).join("; ")}. Any other schemas in the batch were saved successfully — retry the ones listed here.`,
} as const;

/** Fields of a bulk item that the item serializer does not declare (dropped before saving). */
const UNDECLARED_BULK_FIELDS = ["incremental_field_lookback_seconds"];

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** DRF UUIDField: hyphens optional, any case; returns the canonical form or undefined. */
function canonicalUuid(value: unknown): string | undefined {
  if (typeof value !== "string" || !UUID.test(value)) return undefined;
  const hex = value.replace(/-/g, "").toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The text of a refusal, as PostHog lists it (`_validation_error_message`). */
function reasonOf(error: PosthogHttpError): string {
  const body = error.body as Record<string, unknown> | undefined;
  const text = body?.detail ?? body?.message;
  return typeof text === "string" ? text : JSON.stringify(body);
}

/** Parses every item, then saves each schema on its own; returns the saved schemas in order. */
export function bulkUpdateSchemas(
  store: PosthogStore,
  source: SourceRecord,
  rawBody: unknown,
): SchemaRecord[] {
  const reader = new FieldReader(bodyObject(rawBody));
  if (!reader.has("schemas")) throw requiredField("schemas");
  const items = reader.data.schemas;
  if (!Array.isArray(items)) {
    throw validationError(
      `Expected a list of items but got type "${typeof items === "string" ? "str" : "dict"}".`,
      "schemas",
      "not_a_list",
    );
  }
  if (items.length === 0) throw validationError(BULK_MESSAGES.emptyList, "schemas", "empty");

  const updates = items.map((item, index) => {
    const attr = `schemas__${index}__`;
    if (!isObject(item)) throw validationError("Invalid data. Expected a dictionary.", `schemas__${index}`);
    const patch = { ...item };
    delete patch.id;
    for (const key of UNDECLARED_BULK_FIELDS) delete patch[key];
    const itemReader = new FieldReader({ ...patch, id: item.id }, attr);
    if (!itemReader.has("id")) throw requiredField(`${attr}id`);
    const id = canonicalUuid(item.id);
    if (!id) throw validationError("Must be a valid UUID.", `${attr}id`);
    parseSchemaPatchFields(itemReader);
    return { id, patch };
  });

  if (new Set(updates.map((update) => update.id)).size !== updates.length) {
    throw validationError(BULK_MESSAGES.duplicateIds);
  }
  const owned = new Map(store.schemasOf(source.id).map((schema) => [schema.id, schema]));
  if (updates.some((update) => !owned.has(update.id))) throw validationError(BULK_MESSAGES.unknownIds);

  const saved: SchemaRecord[] = [];
  const failures: { name: string; reason: string }[] = [];
  let onlyValidationErrors = true;
  for (const update of updates) {
    const schema = owned.get(update.id)!;
    if (store.failingSaves.delete(schema.id)) {
      onlyValidationErrors = false;
      failures.push({ name: schema.name, reason: BULK_MESSAGES.databaseError });
      continue;
    }
    try {
      const next = planSchemaPatch(source, schema, update.patch, "", store.settings.cdcEnabledForTeam);
      commitSchemaPatch(store, source, schema, next, update.patch);
      saved.push(schema);
    } catch (error) {
      if (!(error instanceof PosthogHttpError)) throw error;
      failures.push({ name: schema.name, reason: reasonOf(error) });
    }
  }
  if (failures.length > 0) {
    const status = onlyValidationErrors ? 400 : 503;
    throw drfError(
      status,
      status === 400 ? "invalid_request" : "server_error",
      "bulk_schema_save_failed",
      BULK_MESSAGES.notSaved(failures),
    );
  }
  return saved;
}
