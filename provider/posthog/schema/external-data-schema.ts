/**
 * `posthog.ExternalDataSchema`: the sync settings of one table of a source, managed on their own
 * (e.g. when the source is managed elsewhere, or to trigger syncs).
 * Type token: `pulumi-nodejs:dynamic/posthog:ExternalDataSchema`.
 */
import * as pulumi from "@pulumi/pulumi";
import { delegatingProvider } from "../../dynamic/delegate";
import type { CdcTableMode, IncrementalFieldType, OneOf, SyncFrequency, SyncType } from "../api/enums";
import type { SettingName } from "./settings";

/** See external-data-source.ts: one shared delegating provider, `.js` for the exports map. */
const PROVIDER = delegatingProvider("pulumi-datasync/dist/provider/posthog/schema/provider.js");

/** Arguments of an ExternalDataSchema. Only the settings you declare are managed. */
export interface ExternalDataSchemaArgs {
  /** The PostHog project (default: `posthog:projectId` config, then `POSTHOG_PROJECT_ID`). Changing it replaces the resource. */
  projectId?: pulumi.Input<string>;
  /** The source the table belongs to. Changing it replaces the resource. */
  sourceId: pulumi.Input<string>;
  /**
   * The table's name as PostHog lists it. When the source has not discovered it yet,
   * `refresh_schemas` runs first. Changing it replaces the resource.
   */
  name: pulumi.Input<string>;
  /** Whether the table syncs. Default true. */
  shouldSync?: pulumi.Input<boolean>;
  /**
   * How the table syncs: `full_refresh`, `incremental`, `append`, `webhook`, `cdc` or `xmin`
   * (Postgres only). When the table is enabled without one and PostHog has none, `full_refresh` is used.
   */
  syncType?: pulumi.Input<OneOf<SyncType>>;
  /**
   * The column to sync on (required for `incremental` and `append`). Checked against PostHog's
   * `incremental_fields`: a wrong name fails with the list of fields that exist.
   */
  incrementalField?: pulumi.Input<string>;
  /** Type of `incrementalField`; filled from PostHog's `incremental_fields` when left out. */
  incrementalFieldType?: pulumi.Input<OneOf<IncrementalFieldType>>;
  /** How often the table syncs: `never`, `5min`, `15min`, `30min`, `1hour`, `6hour`, `12hour`, `24hour`, `7day`, `30day`. */
  syncFrequency?: pulumi.Input<OneOf<SyncFrequency>>;
  /** UTC time of day the sync runs, `HH:MM:SS`. */
  syncTimeOfDay?: pulumi.Input<string>;
  /** Primary key columns (required for `cdc`; cannot change once data was synced). */
  primaryKeyColumns?: pulumi.Input<pulumi.Input<string>[]>;
  /** What a `cdc` table keeps: `consolidated` (default), `cdc_only` or `both`. */
  cdcTableMode?: pulumi.Input<OneOf<CdcTableMode>>;
  /** Any value; when it changes, a sync starts now (`reload`). Not run at create. */
  syncTriggers?: pulumi.Input<unknown>;
  /** Any value; when it changes, the table is fully re-synced (`resync`). Not run at create. */
  resyncTriggers?: pulumi.Input<unknown>;
  /** On destroy, also cancel a running sync and drop the synced data (`delete_data`). Default false. */
  deleteDataOnDestroy?: pulumi.Input<boolean>;
}

/**
 * One table's sync settings. Create adopts the table's schema row and PATCHes the declared
 * settings; update PATCHes only what changed; destroy stops syncing it (`should_sync: false`).
 *
 * @example
 * ```ts
 * new posthog.ExternalDataSchema("charges", {
 *   sourceId: stripe.id,
 *   name: "Charge",
 *   syncType: "full_refresh",
 *   syncFrequency: "6hour",
 * });
 * ```
 */
export class ExternalDataSchema extends pulumi.dynamic.Resource {
  /** The project. */
  declare readonly projectId: pulumi.Output<string>;
  /** The source id. */
  declare readonly sourceId: pulumi.Output<string>;
  /** The table's name. */
  declare readonly name: pulumi.Output<string>;
  /** Whether the table syncs (as PostHog stores it). */
  declare readonly shouldSync: pulumi.Output<boolean>;
  /** The sync type (as PostHog stores it). */
  declare readonly syncType: pulumi.Output<SyncType | undefined>;
  /** The incremental field (as PostHog stores it). */
  declare readonly incrementalField: pulumi.Output<string | undefined>;
  /** The incremental field's type (as PostHog stores it). */
  declare readonly incrementalFieldType: pulumi.Output<IncrementalFieldType | undefined>;
  /** The sync frequency (`never` when PostHog has none). */
  declare readonly syncFrequency: pulumi.Output<SyncFrequency>;
  /** The time of day of the sync (as PostHog stores it). */
  declare readonly syncTimeOfDay: pulumi.Output<string | undefined>;
  /** The primary key columns (as PostHog stores them). */
  declare readonly primaryKeyColumns: pulumi.Output<string[] | undefined>;
  /** The cdc table mode (as PostHog stores it). */
  declare readonly cdcTableMode: pulumi.Output<CdcTableMode | undefined>;
  /** Sync status: `Running`, `Completed`, `Failed`, `Paused`, ... (undefined before the first sync). */
  declare readonly status: pulumi.Output<string | undefined>;
  /** When the table last synced (ISO 8601). */
  declare readonly lastSyncedAt: pulumi.Output<string | undefined>;
  /** The latest sync error, if any. */
  declare readonly latestError: pulumi.Output<string | undefined>;
  /** True when the table syncs incrementally. */
  declare readonly incremental: pulumi.Output<boolean>;
  /** The settings this resource manages (the declared ones). */
  declare readonly managedSettings: pulumi.Output<SettingName[]>;

  /**
   * Manages the sync settings of one table of a PostHog source: `up` adopts the table PostHog
   * already lists for the source and sets only the settings declared here; removing the resource
   * stops the table syncing. Preview validates the settings and makes no API call.
   *
   * @param name the resource's unique name in the stack
   * @param args the source (`sourceId`), the table (`name`) and its settings (`syncType`,
   *   `syncFrequency`, `incrementalField`, ...); undeclared settings are left as PostHog has them
   * @param opts resource options
   * @example
   * ```ts
   * new posthog.ExternalDataSchema("charges", {
   *   sourceId: stripe.id,
   *   name: "Charge",
   *   syncType: "full_refresh",
   *   syncFrequency: "6hour",
   * });
   * ```
   */
  constructor(name: string, args: ExternalDataSchemaArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      PROVIDER,
      name,
      {
        ...args,
        projectId: args.projectId,
        shouldSync: args.shouldSync,
        syncType: args.syncType,
        incrementalField: args.incrementalField,
        incrementalFieldType: args.incrementalFieldType,
        syncFrequency: args.syncFrequency,
        syncTimeOfDay: args.syncTimeOfDay,
        primaryKeyColumns: args.primaryKeyColumns,
        cdcTableMode: args.cdcTableMode,
        status: undefined,
        lastSyncedAt: undefined,
        latestError: undefined,
        incremental: undefined,
        managedSettings: undefined,
      },
      opts,
      "posthog",
      "ExternalDataSchema",
    );
  }
}
