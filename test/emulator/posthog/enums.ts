/** Enumerations of the PostHog data warehouse API (see shared/contract/posthog-warehouse.md). */

/**
 * Every `source_type` the emulator accepts (case-sensitive). The contract's list, plus a few real
 * types named in PostHog's source (Slack, Paddle). Types given a catalogue through the options or
 * `setCatalogue` are accepted too.
 */
export const SOURCE_TYPES = [
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

/** Schema `sync_type` values. */
export const SYNC_TYPES = ["full_refresh", "incremental", "append", "webhook", "cdc", "xmin"] as const;
export type SyncType = (typeof SYNC_TYPES)[number];

/** Sync types whose incremental settings (field, type, primary key, lookback) apply on their own. */
export const INCREMENTAL_STYLE_SYNC_TYPES: readonly SyncType[] = ["incremental", "append", "webhook"];

/** `sync_frequency` values; `never` is stored as "no interval" and reads back as null. */
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
export type SyncFrequency = (typeof SYNC_FREQUENCIES)[number];

/** `incremental_field_type` values. */
export const INCREMENTAL_FIELD_TYPES = [
  "integer",
  "numeric",
  "datetime",
  "date",
  "timestamp",
  "objectid",
  "xid",
] as const;
export type IncrementalFieldType = (typeof INCREMENTAL_FIELD_TYPES)[number];

/** `cdc_table_mode` values; `consolidated` is the default and is returned for non-cdc schemas. */
export const CDC_TABLE_MODES = ["consolidated", "cdc_only", "both"] as const;
export type CdcTableMode = (typeof CDC_TABLE_MODES)[number];

/** Source `access_method` values. */
export const ACCESS_METHODS = ["warehouse", "direct"] as const;
export type AccessMethod = (typeof ACCESS_METHODS)[number];

/** Schema `status` values (null means "never synced"). */
export type SchemaStatus =
  "Running" | "Paused" | "Failed" | "Completed" | "Billing limits" | "Billing limits too low";

/** Job `status` values. */
export type JobStatus = "Running" | "Failed" | "Completed" | "Billing limits" | "Billing limit too low";

/** API key scopes of this API. */
export const READ_SCOPE = "external_data_source:read";
export const WRITE_SCOPE = "external_data_source:write";
export type Scope = typeof READ_SCOPE | typeof WRITE_SCOPE;
