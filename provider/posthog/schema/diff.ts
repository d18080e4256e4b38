/** Diff of an ExternalDataSchema: old outputs (PostHog's settings) against the checked inputs. */
import type { SchemaInputs, SchemaOutputs } from "./model";
import { declaredSettingNames } from "./settings";
import type { DiffResult } from "../source/diff";
import { containsUnknown, isUnknown } from "../common/unknown";
import { deepEqual } from "../common/values";

/** Fields whose change replaces the resource (another table). */
export const SCHEMA_REPLACE_FIELDS = ["projectId", "sourceId", "name"] as const;

/** True when a trigger value changed (unknown counts as changed). */
export function triggerChanged(next: unknown, prev: unknown): boolean {
  return containsUnknown(next) || !deepEqual(next ?? null, prev ?? null);
}

/** The diff of an ExternalDataSchema. */
export function diffSchema(olds: SchemaOutputs, news: SchemaInputs): DiffResult {
  const replaces = SCHEMA_REPLACE_FIELDS.filter(
    (field) => isUnknown(news[field]) || news[field] !== olds[field],
  );
  const managed = declaredSettingNames(news);
  const settingChanged = managed.some(
    (name) => containsUnknown(news[name]) || !deepEqual(news[name], olds[name]),
  );
  const managedChanged = !deepEqual([...managed].sort(), [...(olds.managedSettings ?? [])].sort());
  const changes =
    replaces.length > 0 ||
    settingChanged ||
    managedChanged ||
    triggerChanged(news.syncTriggers, olds.syncTriggers) ||
    triggerChanged(news.resyncTriggers, olds.resyncTriggers) ||
    isUnknown(news.deleteDataOnDestroy) ||
    Boolean(news.deleteDataOnDestroy) !== Boolean(olds.deleteDataOnDestroy);
  return { changes, replaces: [...replaces] };
}
