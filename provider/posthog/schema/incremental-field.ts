/**
 * Checks an ExternalDataSchema's declared incremental field against what PostHog says the table
 * supports (`incremental_fields`): the sync type must be available, the field one it can sync
 * on; a missing type is filled from the field's `field_type` (what PostHog stores).
 */
import type { PosthogClient } from "../api/client";
import type { TableSettings } from "./settings";
import { resolveTable, supportFromIncrementalFields } from "./table-support";

/** True when the declared incremental field needs checking against PostHog (new or without a type). */
export function needsFieldCheck(declared: TableSettings, current: TableSettings): boolean {
  if (declared.incrementalField === undefined) return false;
  if (declared.incrementalField !== current.incrementalField) return true;
  return declared.incrementalFieldType === undefined && current.incrementalFieldType === undefined;
}

/**
 * `declared` with its incremental field checked (one `incremental_fields` call when needed) and
 * a missing `incrementalFieldType` filled in. This resource shows PostHog's stored values, so the
 * field must be declared as PostHog stores it (not by its label) and a declared type must be the
 * stored one: otherwise every refresh would differ from the program.
 */
export async function withCheckedIncrementalField(
  client: PosthogClient,
  schemaId: string,
  table: string,
  declared: TableSettings,
  current: TableSettings,
): Promise<TableSettings> {
  if (!needsFieldCheck(declared, current)) return declared;
  const support = supportFromIncrementalFields(await client.incrementalFields(schemaId));
  const { settings, resolution } = resolveTable(table, declared, support);
  if (resolution && resolution.field !== resolution.declared) {
    throw new Error(
      `incrementalField "${resolution.declared}" of table "${table}" is the label of field "${resolution.field}": ` +
        `declare incrementalField: "${resolution.field}" (PostHog stores the field, not its label)`,
    );
  }
  if (
    declared.incrementalFieldType !== undefined &&
    declared.incrementalFieldType !== settings.incrementalFieldType
  ) {
    throw new Error(
      `incrementalFieldType "${declared.incrementalFieldType}" of table "${table}" is not what PostHog stores for ` +
        `"${resolution?.field}" ("${settings.incrementalFieldType}"): declare that, or leave the type out`,
    );
  }
  return settings;
}
