/**
 * Checks a declared incremental field against PostHog's `incremental_fields` of the table: a
 * wrong name is an error listing the fields that exist; a missing type is filled from it.
 */
import type { ApiIncrementalField } from "../api/types";
import type { PosthogClient } from "../api/client";
import type { TableSettings } from "./settings";

/** The error for a column PostHog cannot sync incrementally on. */
export function unknownFieldError(
  table: string,
  field: string,
  candidates: readonly ApiIncrementalField[],
): Error {
  const listed = candidates.map((c) => `${c.field} (${c.type})`).join(", ");
  return new Error(
    `incrementalField "${field}" is not a field table "${table}" can sync incrementally on; ` +
      `available: ${listed || "none (use syncType full_refresh)"}`,
  );
}

/** True when the declared incremental field needs checking against PostHog (new or without a type). */
export function needsFieldCheck(declared: TableSettings, current: TableSettings): boolean {
  if (declared.incrementalField === undefined) return false;
  if (declared.incrementalField !== current.incrementalField) return true;
  return declared.incrementalFieldType === undefined && current.incrementalFieldType === undefined;
}

/**
 * `declared` with its incremental field checked (one `incremental_fields` call when needed) and
 * a missing `incrementalFieldType` filled in.
 */
export async function withCheckedIncrementalField(
  client: PosthogClient,
  schemaId: string,
  table: string,
  declared: TableSettings,
  current: TableSettings,
): Promise<TableSettings> {
  if (!needsFieldCheck(declared, current)) return declared;
  const field = declared.incrementalField as string;
  const candidates = (await client.incrementalFields(schemaId)).incremental_fields ?? [];
  const match = candidates.find((candidate) => candidate.field === field);
  if (!match) throw unknownFieldError(table, field, candidates);
  if (declared.incrementalFieldType !== undefined) return declared;
  return { ...declared, incrementalFieldType: match.type as TableSettings["incrementalFieldType"] };
}
