/**
 * Enumerations of the PostHog data warehouse API (shared/contract/posthog-warehouse.md), as the
 * provider validates them. One place: change a list here and validation, docs and types follow.
 */

/**
 * Source types the provider knows by name (case-sensitive, as PostHog spells them). PostHog has
 * hundreds more: validation rejects a known name with the wrong case and anything that is not an
 * identifier, and leaves other names to the API (see `validation.ts`).
 */
export const KNOWN_SOURCE_TYPES = [
  "Stripe",
  "Hubspot",
  "Postgres",
  "MySQL",
  "MSSQL",
  "Snowflake",
  "BigQuery",
  "Zendesk",
  "Salesforce",
  "MongoDB",
  "Vitally",
  "Chargebee",
  "GoogleAds",
  "GoogleSheets",
  "MetaAds",
  "LinkedinAds",
  "RedditAds",
  "TikTokAds",
  "BingAds",
  "Shopify",
  "TemporalIO",
  "DoIt",
  "Klaviyo",
  "Mailchimp",
  "Braze",
  "Mailjet",
  "Redshift",
  "Polar",
  "RevenueCat",
  "Attio",
  "Supabase",
  "CustomerIO",
  "Github",
  "Clerk",
  "GoogleSearchConsole",
  "Slack",
  "Paddle",
] as const;

/** How a table is synced (schema `sync_type`). */
export const SYNC_TYPES = ["full_refresh", "incremental", "append", "webhook", "cdc", "xmin"] as const;
/** How a table is synced: `full_refresh`, `incremental`, `append`, `webhook`, `cdc` or `xmin` (Postgres only). */
export type SyncType = (typeof SYNC_TYPES)[number];

/** Sync types that need an incremental field and its type. */
export const SYNC_TYPES_NEEDING_INCREMENTAL_FIELD: readonly SyncType[] = ["incremental", "append"];

/** Sync types that store an incremental field and its type. */
export const SYNC_TYPES_WITH_INCREMENTAL_FIELD: readonly SyncType[] = ["incremental", "append", "webhook"];

/** Sync types that store primary key columns. */
export const SYNC_TYPES_WITH_PRIMARY_KEY: readonly SyncType[] = [
  "incremental",
  "append",
  "webhook",
  "cdc",
  "xmin",
];

/** Source types that may use `sync_type: "xmin"`. */
export const XMIN_SOURCE_TYPES: readonly string[] = ["Postgres"];

/** How often a table syncs (schema `sync_frequency`); `never` reads back from the API as `null`. */
export const SYNC_FREQUENCIES = [
  "never",
  "5min",
  "15min",
  "30min",
  "1hour",
  "6hour",
  "12hour",
  "24hour",
  "7day",
  "30day",
] as const;
/** How often a table syncs: `never`, `5min`, `15min`, `30min`, `1hour`, `6hour`, `12hour`, `24hour`, `7day`, `30day`. */
export type SyncFrequency = (typeof SYNC_FREQUENCIES)[number];

/** Type of the incremental field (schema `incremental_field_type`). */
export const INCREMENTAL_FIELD_TYPES = [
  "integer",
  "numeric",
  "datetime",
  "date",
  "timestamp",
  "objectid",
  "xid",
] as const;
/** Type of the incremental field: `integer`, `numeric`, `datetime`, `date`, `timestamp`, `objectid` or `xid`. */
export type IncrementalFieldType = (typeof INCREMENTAL_FIELD_TYPES)[number];

/** What a cdc table keeps (schema `cdc_table_mode`). */
export const CDC_TABLE_MODES = ["consolidated", "cdc_only", "both"] as const;
/** What a cdc table keeps: `consolidated` (default), `cdc_only` or `both`. */
export type CdcTableMode = (typeof CDC_TABLE_MODES)[number];

/** How PostHog reaches the data (source `access_method`). */
export const ACCESS_METHODS = ["warehouse", "direct"] as const;
/** How PostHog reaches the data: `warehouse` (copied into the warehouse, the default) or `direct`. */
export type AccessMethod = (typeof ACCESS_METHODS)[number];

/** The access method PostHog uses when none is given. */
export const DEFAULT_ACCESS_METHOD: AccessMethod = "warehouse";

/**
 * A value from a fixed list, typed so that editors suggest the list while any string (e.g. read
 * from config) is still accepted; `check` rejects values outside the list at preview.
 */
export type OneOf<T extends string> = T | (string & Record<never, never>);
