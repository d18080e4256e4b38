/** Builds an ExternalDataSchema's outputs and rebuilds its inputs from them. */
import type { ApiSchema } from "../api/types";
import type { SchemaInputs, SchemaOutputs } from "./model";
import {
  declaredSettingNames,
  settingsFromApi,
  SETTING_NAMES,
  type SettingName,
  type TableSettings,
} from "./settings";
import { stringOrUndefined, withoutUndefined } from "../common/values";

/** The declared settings of schema inputs. */
export function declaredSettings(inputs: TableSettings): TableSettings {
  const out: Record<string, unknown> = {};
  for (const name of declaredSettingNames(inputs)) out[name] = inputs[name];
  return out as TableSettings;
}

/** What the outputs keep of the inputs besides the settings. */
export type SchemaDeclarations = Pick<
  SchemaInputs,
  "projectId" | "sourceId" | "syncTriggers" | "resyncTriggers" | "deleteDataOnDestroy"
> & { managedSettings: SettingName[] };

/** The outputs for `row` (the settings as PostHog stores them). */
export function schemaOutputs(row: ApiSchema, declarations: SchemaDeclarations): SchemaOutputs {
  return withoutUndefined({
    projectId: declarations.projectId,
    sourceId: declarations.sourceId,
    name: row.name,
    ...settingsFromApi(row),
    status: stringOrUndefined(row.status),
    lastSyncedAt: stringOrUndefined(row.last_synced_at),
    latestError: stringOrUndefined(row.latest_error),
    incremental: row.incremental ?? row.sync_type === "incremental",
    managedSettings: declarations.managedSettings,
    syncTriggers: declarations.syncTriggers,
    resyncTriggers: declarations.resyncTriggers,
    deleteDataOnDestroy: declarations.deleteDataOnDestroy,
  });
}

/** The declarations of checked inputs. */
export function declarationsOf(inputs: SchemaInputs): SchemaDeclarations {
  return {
    projectId: inputs.projectId,
    sourceId: inputs.sourceId,
    syncTriggers: inputs.syncTriggers,
    resyncTriggers: inputs.resyncTriggers,
    deleteDataOnDestroy: inputs.deleteDataOnDestroy,
    managedSettings: declaredSettingNames(inputs),
  };
}

/** The inputs that reproduce `outs`: only the managed settings, with PostHog's values. */
export function schemaInputsFromOutputs(outs: SchemaOutputs): SchemaInputs {
  const managed = new Set(outs.managedSettings ?? []);
  const settings: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) if (managed.has(name)) settings[name] = outs[name];
  return withoutUndefined({
    projectId: outs.projectId,
    sourceId: outs.sourceId,
    name: outs.name,
    ...settings,
    shouldSync: outs.shouldSync ?? true,
    syncTriggers: outs.syncTriggers,
    resyncTriggers: outs.resyncTriggers,
    deleteDataOnDestroy: outs.deleteDataOnDestroy ?? false,
  }) as SchemaInputs;
}
