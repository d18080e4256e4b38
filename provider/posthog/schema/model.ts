/** The host-side shapes of an ExternalDataSchema: its checked inputs and its outputs (state). */
import type { SettingName, TableSettings } from "./settings";

/** The inputs of an ExternalDataSchema after `check`. */
export interface SchemaInputs extends TableSettings {
  projectId: string;
  sourceId: string;
  name: string;
  /** Defaults to true. */
  shouldSync: boolean;
  syncTriggers?: unknown;
  resyncTriggers?: unknown;
  /** Defaults to false. */
  deleteDataOnDestroy: boolean;
}

/**
 * The outputs of an ExternalDataSchema: the settings as PostHog stores them, its sync state, and
 * what diff/read/delete need (the host gives them outputs only).
 */
export interface SchemaOutputs extends TableSettings {
  projectId: string;
  sourceId: string;
  name: string;
  status?: string;
  lastSyncedAt?: string;
  latestError?: string;
  incremental: boolean;
  /** The settings the program declares (the others are PostHog's and never diffed). */
  managedSettings: SettingName[];
  syncTriggers?: unknown;
  resyncTriggers?: unknown;
  deleteDataOnDestroy: boolean;
}
