/** PATCH external_data_sources/:id/bulk_update_schemas/: several schema PATCHes, all or nothing. */
import { requiredField, validationError } from "./errors";
import { FieldReader, bodyObject, isObject } from "./fields";
import { commitSchemaPatch, parseSchemaPatchFields, planSchemaPatch } from "./schema-patch";
import type { PosthogStore } from "./store";
import type { SchemaRecord, SourceRecord } from "./types";

/** Messages of the bulk checks (PostHog's wording). */
export const BULK_MESSAGES = {
  emptyList: "This list may not be empty.",
  duplicateIds: "Schema updates must contain unique ids",
  unknownIds: "One or more schemas could not be found for this source",
} as const;

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** DRF UUIDField: hyphens optional, any case; returns the canonical form or undefined. */
function canonicalUuid(value: unknown): string | undefined {
  if (typeof value !== "string" || !UUID.test(value)) return undefined;
  const hex = value.replace(/-/g, "").toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Validates every item, then applies them all; returns the updated schemas in request order. */
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
    const itemReader = new FieldReader(item, attr);
    if (!itemReader.has("id")) throw requiredField(`${attr}id`);
    const id = canonicalUuid(item.id);
    if (!id) throw validationError("Must be a valid UUID.", `${attr}id`);
    parseSchemaPatchFields(itemReader);
    const patch = { ...item };
    delete patch.id;
    return { id, patch };
  });

  if (new Set(updates.map((update) => update.id)).size !== updates.length) {
    throw validationError(BULK_MESSAGES.duplicateIds);
  }
  const owned = new Map(store.schemasOf(source.id).map((schema) => [schema.id, schema]));
  if (updates.some((update) => !owned.has(update.id))) throw validationError(BULK_MESSAGES.unknownIds);

  const planned = updates.map((update) => {
    const schema = owned.get(update.id)!;
    return { schema, patch: update.patch, next: planSchemaPatch(source, schema, update.patch) };
  });
  for (const { schema, patch, next } of planned) commitSchemaPatch(store, source, schema, next, patch);
  return planned.map(({ schema }) => schema);
}
