/**
 * `posthog.ExternalDataSource`: a PostHog data warehouse source (Stripe, Postgres, ...), its
 * credentials and the sync settings of its tables.
 * Type token: `pulumi-nodejs:dynamic/posthog:ExternalDataSource`.
 */
import * as pulumi from "@pulumi/pulumi";
import { delegatingProvider } from "../../dynamic/delegate";
import type {
  AccessMethod,
  CdcTableMode,
  IncrementalFieldType,
  OneOf,
  SyncFrequency,
  SyncType,
} from "../api/enums";
import type { DeclaredTable } from "./model";

export type { AccessMethod, CdcTableMode, IncrementalFieldType, SyncFrequency, SyncType } from "../api/enums";
export type { TableSettings } from "../schema/settings";
export type { DeclaredTable as SourceTable } from "./model";

/**
 * The provider serialized into every ExternalDataSource's `__provider` (one shared object: see
 * delegate.ts). The `.js` is required: the package's `exports` map (`./dist/*`) adds no extension.
 */
const PROVIDER = delegatingProvider("pulumi-datasync/dist/provider/posthog/source/provider.js");

/**
 * One table of a source and its sync settings. Only the settings you declare are managed: a
 * setting left out is never sent and never compared (PostHog keeps its value).
 */
export interface ExternalDataSourceSchemaArgs {
  /** The table's name as PostHog lists it (e.g. `Customer` for Stripe, `orders` for Postgres). */
  name: pulumi.Input<string>;
  /** Whether the table syncs. Default true (declaring a table means syncing it). */
  shouldSync?: pulumi.Input<boolean>;
  /**
   * How the table syncs: `full_refresh`, `incremental`, `append`, `webhook`, `cdc` or `xmin`
   * (Postgres only). When a table is enabled without one, `full_refresh` is used.
   */
  syncType?: pulumi.Input<OneOf<SyncType>>;
  /** The column to sync on (required for `incremental` and `append`). */
  incrementalField?: pulumi.Input<string>;
  /**
   * Type of `incrementalField` (required for `incremental` and `append`): `integer`, `numeric`,
   * `datetime`, `date`, `timestamp`, `objectid` or `xid`.
   */
  incrementalFieldType?: pulumi.Input<OneOf<IncrementalFieldType>>;
  /** Primary key columns (required for `cdc`; cannot change once data was synced). */
  primaryKeyColumns?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * How often the table syncs: `never`, `5min`, `15min`, `30min`, `1hour`, `6hour` (PostHog's
   * default), `12hour`, `24hour`, `7day` or `30day`.
   */
  syncFrequency?: pulumi.Input<OneOf<SyncFrequency>>;
  /** UTC time of day the sync runs, `HH:MM:SS` (e.g. `"02:00:00"`). */
  syncTimeOfDay?: pulumi.Input<string>;
  /** What a `cdc` table keeps: `consolidated` (default), `cdc_only` or `both`. */
  cdcTableMode?: pulumi.Input<OneOf<CdcTableMode>>;
}

/** Arguments of an ExternalDataSource. */
export interface ExternalDataSourceArgs {
  /** The PostHog project (default: `posthog:projectId` config, then `POSTHOG_PROJECT_ID`). Changing it replaces the source. */
  projectId?: pulumi.Input<string>;
  /** The source type, case-sensitive (`Stripe`, `Postgres`, `Hubspot`, ...). Changing it replaces the source. */
  sourceType: pulumi.Input<string>;
  /**
   * Prefix of the warehouse tables (`[A-Za-z0-9_]`, starting with a letter or `_`, at most 100).
   * Needed for a second source of the same type. Changing it replaces the source (PostHog ignores
   * prefix updates).
   */
  prefix?: pulumi.Input<string>;
  /** `warehouse` (default: data copied into PostHog) or `direct` (Postgres only). Changing it replaces the source. */
  accessMethod?: pulumi.Input<OneOf<AccessMethod>>;
  /** A description (at most 400 characters); updated in place. */
  description?: pulumi.Input<string>;
  /**
   * Credentials and settings of the source type, e.g. `{ stripe_secret_key }` for Stripe or
   * `{ host, port, database, user, password, schema }` for Postgres. The whole value is a secret
   * in state. Changed keys are PATCHed in place (PostHog merges them; a removed key is not
   * deleted remotely).
   */
  jobInputs: pulumi.Input<Record<string, pulumi.Input<unknown>>>;
  /**
   * The tables to sync and their settings. Sent at create; later changes are applied in place
   * with one `bulk_update_schemas` call, and a table removed from the list stops syncing. Tables
   * PostHog discovers later are left alone. Omit to let PostHog enable every table (costly).
   */
  schemas?: pulumi.Input<pulumi.Input<ExternalDataSourceSchemaArgs>[]>;
  /**
   * Adopt a source created elsewhere (Pulumi cannot import dynamic resources) instead of creating
   * one: create reads it and applies `description`, `jobInputs` and `schemas` in place. Like an
   * imported resource, destroying it deletes the source; use the `retainOnDelete` option to keep it.
   */
  existingSourceId?: pulumi.Input<string>;
}

/**
 * A PostHog data warehouse source. `sourceType`, `prefix`, `accessMethod` and `projectId`
 * replace it; `description`, `jobInputs` and `schemas` change in place. Preview validates every
 * setting and makes no API call.
 *
 * @example
 * ```ts
 * const stripe = new posthog.ExternalDataSource("stripe", {
 *   sourceType: "Stripe",
 *   prefix: "stripe_",
 *   jobInputs: { stripe_secret_key: config.requireSecret("stripeSecretKey") },
 *   schemas: [{ name: "Invoice", syncType: "full_refresh", syncFrequency: "24hour" }],
 * });
 * ```
 */
export class ExternalDataSource extends pulumi.dynamic.Resource {
  /** The project the source belongs to. */
  declare readonly projectId: pulumi.Output<string>;
  /** The source type. */
  declare readonly sourceType: pulumi.Output<string>;
  /** The table prefix (undefined when none). */
  declare readonly prefix: pulumi.Output<string | undefined>;
  /** The description. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** `warehouse` or `direct`. */
  declare readonly accessMethod: pulumi.Output<AccessMethod>;
  /** PostHog's status of the source (`Running`, `Completed`, `Failed`, `Paused`, ...). */
  declare readonly status: pulumi.Output<string | undefined>;
  /** The latest sync error of one of its tables, if any. */
  declare readonly latestError: pulumi.Output<string | undefined>;
  /** When the source was created (ISO 8601). */
  declare readonly createdAt: pulumi.Output<string | undefined>;
  /** When a sync last completed (ISO 8601). */
  declare readonly lastRunAt: pulumi.Output<string | undefined>;
  /** Every table PostHog has for the source: table name -> schema id (use with ExternalDataSchema). */
  declare readonly schemaIds: pulumi.Output<Record<string, string>>;
  /** The job inputs as sent (secret). */
  declare readonly jobInputs: pulumi.Output<Record<string, unknown>>;
  /** The declared tables with PostHog's values of their declared settings. */
  declare readonly schemas: pulumi.Output<DeclaredTable[] | undefined>;
  /** The adopted source id, when the source was adopted. */
  declare readonly existingSourceId: pulumi.Output<string | undefined>;

  /**
   * Declares a PostHog data warehouse source and the tables it syncs. `up` creates it (one API
   * call for the source, one for the declared table settings); a change of `sourceType`,
   * `prefix`, `accessMethod` or `projectId` replaces it; other changes update it in place.
   * Credentials come from `posthog:apiKey` / `POSTHOG_API_KEY` (see the README's Configuration).
   *
   * @param name the resource's unique name in the stack
   * @param args the source's type (`sourceType`), its credentials (`jobInputs`, stored as a
   *   secret), its tables (`schemas`) and options such as `prefix` and `projectId`
   * @param opts resource options (`jobInputs` is always added to `additionalSecretOutputs`)
   * @example
   * ```ts
   * new posthog.ExternalDataSource("stripe", {
   *   sourceType: "Stripe",
   *   prefix: "stripe_",
   *   jobInputs: { stripe_secret_key: config.requireSecret("stripeSecretKey") },
   *   schemas: [{ name: "Invoice", syncType: "full_refresh", syncFrequency: "24hour" }],
   * });
   * ```
   */
  constructor(name: string, args: ExternalDataSourceArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      PROVIDER,
      name,
      {
        ...args,
        jobInputs: pulumi.secret(args.jobInputs),
        status: undefined,
        latestError: undefined,
        createdAt: undefined,
        lastRunAt: undefined,
        schemaIds: undefined,
        accessMethod: args.accessMethod,
        prefix: args.prefix,
        description: args.description,
        projectId: args.projectId,
        schemas: args.schemas,
        existingSourceId: args.existingSourceId,
      },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "jobInputs"] },
      "posthog",
      "ExternalDataSource",
    );
  }
}
