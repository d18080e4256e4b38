/**
 * Every behaviour the contract leaves "not confirmed", decided in one place. Change a constant here
 * to change the emulator; tests import the messages from here rather than repeating them.
 */
import type { SyncFrequency } from "./enums";

/** Project ids not in `options.projects`: 404 DRF not_found with this detail (PostHog answers 404 for
 * projects that do not exist; the emulator cannot tell "no access" from "does not exist"). */
export const UNKNOWN_PROJECT_DETAIL = "Project not found.";

/** `/api/projects/@current/...` resolves to the first allowed project, as on PostHog. */
export const CURRENT_PROJECT_ALIAS = "@current";

/** 401 details (DRF / PostHog wording). */
export const NOT_AUTHENTICATED_DETAIL = "Authentication credentials were not provided.";
export const AUTHENTICATION_FAILED_DETAIL =
  "Personal API key found in request Authorization header is invalid.";
/** 403 detail for a key without the scope an action needs. */
export const missingScopeDetail = (scope: string): string => `API key missing required scope '${scope}'`;

/** Source create: a second source of a type without a prefix, while one without a prefix exists
 * (`views/external_data_source/source_setup.py`, `prefix_required`). */
export const PREFIX_REQUIRED_MESSAGE =
  "You already have a source of this type. Add a table prefix so this connection's tables don't clash with your existing source.";
/** Source create: same type and same prefix as a live source (`prefix_exists`). */
export const prefixTakenMessage = (prefix: string): string =>
  `Another source of this type already uses the prefix '${prefix}'. Choose a different prefix so this connection's tables don't clash.`;

/**
 * Credential check (credentials.ts): a secret value, at any depth, containing this marker, e.g.
 * `auth_method.stripe_secret_key: "rk_invalid"` or a Postgres `password: "invalid"`, is rejected
 * with the source's own message: 400 {"message": ...} on create, DRF invalid_input on PATCH.
 */
export const INVALID_CREDENTIAL_MARKER = "invalid";

/**
 * `sync_frequency` (or any unknown key) at create is silently ignored, as PostHog ignores unknown
 * keys of `payload.schemas[]`; set it afterwards with PATCH.
 */
export const CREATE_IGNORES_SYNC_FREQUENCY = true;

/** Default `sync_frequency` of a new schema row (cdc rows get CDC_SYNC_FREQUENCY). */
export const DEFAULT_SYNC_FREQUENCY: SyncFrequency = "6hour";
export const CDC_SYNC_FREQUENCY: SyncFrequency = "5min";

/** Older PostHog (option `createRequiresSchemas`): create without `schemas` answers this. */
export const SCHEMAS_NOT_GIVEN_MESSAGE = "Schemas not given";

/** Enabling a schema (should_sync false -> true) starts a sync at once, like PostHog's new schedule. */
export const ENABLE_STARTS_SYNC = true;

/** `reload` while the schema already has a Running job does not start a second job (still 200). */
export const RELOAD_WHILE_RUNNING_STARTS_JOB = false;

/**
 * `cancel` (and the cancel step of `resync`): the running job ends `Failed` with this error; the
 * schema returns to `Completed` if it has synced data, else to null.
 */
export const CANCELLED_JOB_ERROR = "Sync was cancelled";

/** Rows a finished job reports when the catalogue table gives no `rows`. */
export const DEFAULT_ROWS_SYNCED = 100;

/** `created_by` of sources created with a key that has no configured owner email. */
export const DEFAULT_CREATED_BY = "emulator@example.com";

/** List pagination: page size when `limit` is absent or invalid, and the largest `limit` honoured. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Jobs endpoint: at most this many jobs, newest first. */
export const MAX_JOBS = 50;

/** The warehouse table a synced schema gets: `${prefix}${source_type}_${name}`, lower-cased. */
export const tableName = (prefix: string | null, sourceType: string, schemaName: string): string =>
  `${prefix ?? ""}${sourceType}_${schemaName}`.toLowerCase();

/** The URL `create_webhook` reports; relative to the emulator's own base URL. */
export const webhookPath = (webhookId: string): string => `/public/webhooks/dwh/${webhookId}`;

/** Source types whose sources have webhooks (`supports_webhooks: true`). */
export const DEFAULT_WEBHOOK_SOURCE_TYPES: readonly string[] = ["Stripe"];

/** Source types with a CDC adapter (PostHog: Postgres). */
export const DEFAULT_CDC_SOURCE_TYPES: readonly string[] = ["Postgres"];

/** Source types that may be created with `access_method: "direct"`
 * (`posthog/hogql/direct_sql/capability.py`, quoted by helpers.py DIRECT_QUERY_UNSUPPORTED_SOURCE_MESSAGE). */
export const DIRECT_SOURCE_TYPES: readonly string[] = [
  "Postgres",
  "MySQL",
  "Snowflake",
  "Redshift",
  "ClickHouse",
  "MotherDuck",
  "Trino",
];

/** Source types that may use `sync_type: "xmin"` (PostHog: Postgres only). */
export const XMIN_SOURCE_TYPES: readonly string[] = ["Postgres"];

/** Jobs endpoint: an `after`/`before` value that is not a date (`job_runs.py`). */
export const INVALID_JOB_DATE_MESSAGE = "after and before must be ISO 8601 timestamps.";
