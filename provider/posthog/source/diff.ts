/**
 * Diff of an ExternalDataSource: the old OUTPUTS (what the host passes as `olds`) against the
 * checked new inputs. Exact: no change -> `changes: false`; only the replace-fields replace.
 */
import type { DeclaredTable, SourceInputs, SourceOutputs } from "./model";
import { sameDeclaredSettings } from "../schema/settings";
import { DEFAULT_ACCESS_METHOD } from "../api/enums";
import { containsUnknown, isUnknown } from "../common/unknown";
import { deepEqual } from "../common/values";

/** What the host forwards of a diff. */
export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace?: boolean;
}

/** Fields whose change replaces the source (PostHog cannot change them in place). */
export const SOURCE_REPLACE_FIELDS = [
  "projectId",
  "sourceType",
  "prefix",
  "accessMethod",
  "existingSourceId",
] as const;

/** "" and null mean no prefix. */
function prefixOf(value: unknown): unknown {
  return value === "" || value === null ? undefined : value;
}

/** Replace-fields that differ (unknown values count as different). */
function replacedFields(id: string, olds: SourceOutputs, news: SourceInputs): string[] {
  const adopted = olds.existingSourceId !== undefined;
  const replaces: string[] = [];
  const differs = (field: string, next: unknown, prev: unknown): void => {
    if (isUnknown(next) || !deepEqual(next, prev)) replaces.push(field);
  };
  differs("projectId", news.projectId, olds.projectId);
  differs("sourceType", news.sourceType, olds.sourceType);
  // An adopted source keeps its prefix and access method unless the program declares them.
  if (news.prefix !== undefined || !adopted) differs("prefix", prefixOf(news.prefix), prefixOf(olds.prefix));
  if (news.accessMethod !== undefined || !adopted) {
    differs(
      "accessMethod",
      news.accessMethod ?? DEFAULT_ACCESS_METHOD,
      olds.accessMethod ?? DEFAULT_ACCESS_METHOD,
    );
  }
  // existingSourceId only matters at create: removing it later, or naming the source this resource
  // already manages, changes nothing; naming another source adopts that one instead.
  if (news.existingSourceId !== undefined && news.existingSourceId !== id) {
    differs("existingSourceId", news.existingSourceId, olds.existingSourceId);
  }
  return replaces;
}

/** True when the declared table lists differ (order-insensitive, by name). */
export function tablesDiffer(olds: DeclaredTable[] | undefined, news: DeclaredTable[] | undefined): boolean {
  if (news === undefined) return olds !== undefined;
  if (containsUnknown(news)) return true;
  if (olds === undefined || olds.length !== news.length) return true;
  const byName = new Map(olds.map((table) => [table.name, table]));
  return news.some((table) => {
    const old = byName.get(table.name);
    return old === undefined || !sameDeclaredSettings(table, old);
  });
}

/** True when a replacement would collide with the old source (same project, type and prefix, or no prefix). */
function replacementCollides(olds: SourceOutputs, news: SourceInputs): boolean {
  if (containsUnknown([news.projectId, news.sourceType, news.prefix])) return false;
  const newPrefix = prefixOf(news.prefix);
  return (
    news.projectId === olds.projectId &&
    news.sourceType === olds.sourceType &&
    (newPrefix === undefined || newPrefix === prefixOf(olds.prefix))
  );
}

/** The diff of an ExternalDataSource. */
export function diffSource(id: string, olds: SourceOutputs, news: SourceInputs): DiffResult {
  const replaces = replacedFields(id, olds, news);
  const descriptionChanged =
    news.description !== undefined &&
    (isUnknown(news.description) || news.description !== (olds.description ?? ""));
  const jobInputsChanged = containsUnknown(news.jobInputs) || !deepEqual(news.jobInputs, olds.jobInputs);
  const changes =
    replaces.length > 0 || descriptionChanged || jobInputsChanged || tablesDiffer(olds.schemas, news.schemas);
  const result: DiffResult = { changes, replaces };
  if (replaces.length > 0 && replacementCollides(olds, news)) result.deleteBeforeReplace = true;
  return result;
}
