/**
 * Declared incremental fields and the fields PostHog stores for them. A table declared with a
 * label (`"Created at"`) or without a type is sent as the stored field and `field_type`; the
 * state remembers the mapping so that what PostHog reads back is shown as what was declared, and
 * neither a refresh nor the next preview shows a difference.
 */
import type { FieldResolution } from "./table-support";
import type { TableSettings } from "./settings";

/** Table name -> how its declared incremental field resolved. */
export type FieldResolutions = Record<string, FieldResolution>;

/** Does the resolution still apply to these declared settings? */
export function resolutionApplies(resolution: FieldResolution | undefined, settings: TableSettings): boolean {
  return (
    resolution !== undefined &&
    resolution.declared === settings.incrementalField &&
    resolution.declaredType === settings.incrementalFieldType
  );
}

/** The settings as PostHog stores them (declared field and type replaced by the resolved ones). */
export function storedForm<T extends TableSettings>(settings: T, resolution: FieldResolution | undefined): T {
  if (!resolutionApplies(resolution, settings)) return settings;
  const out = { ...settings, incrementalField: resolution?.field } as T;
  if (resolution?.fieldType !== undefined)
    out.incrementalFieldType = resolution.fieldType as T["incrementalFieldType"];
  return out;
}

/**
 * PostHog's values of a table's settings shown as declared: the stored field as its declared
 * label, a type the program left out left out again.
 */
export function declaredForm<T extends TableSettings>(
  stored: T,
  declared: TableSettings,
  resolution: FieldResolution | undefined,
): T {
  if (!resolutionApplies(resolution, declared)) return stored;
  const out = { ...stored };
  if (stored.incrementalField === resolution?.field) out.incrementalField = resolution?.declared;
  if (declared.incrementalFieldType === undefined) {
    if (stored.incrementalFieldType === resolution?.fieldType) delete out.incrementalFieldType;
  } else if (stored.incrementalFieldType === resolution?.fieldType) {
    out.incrementalFieldType = declared.incrementalFieldType;
  }
  return out;
}

/**
 * Resolutions learnt from PostHog's rows after a create: PostHog rewrites a declared incremental
 * field to the field it stores and its type to `field_type`; where the row differs from the
 * declaration, the mapping is remembered (tables already resolved keep theirs).
 */
export function resolutionsFromRows(
  declared: readonly ({ name: string } & TableSettings)[] | undefined,
  rows: ReadonlyMap<string, { incremental_field?: string | null; incremental_field_type?: string | null }>,
  known: FieldResolutions,
): FieldResolutions {
  const out: FieldResolutions = { ...known };
  for (const table of declared ?? []) {
    if (table.incrementalField === undefined || resolutionApplies(out[table.name], table)) continue;
    const row = rows.get(table.name);
    const field = row?.incremental_field ?? undefined;
    if (!field) continue;
    const fieldType = row?.incremental_field_type ?? undefined;
    if (
      field === table.incrementalField &&
      (fieldType === table.incrementalFieldType || fieldType === undefined)
    )
      continue;
    out[table.name] = {
      declared: table.incrementalField,
      field,
      declaredType: table.incrementalFieldType,
      fieldType,
    };
  }
  return out;
}
