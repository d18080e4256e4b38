/**
 * The `jobInputs` keys each common source type requires, checked at preview. The one list: it
 * matches the emulator's table (test/emulator/posthog/source-configs.ts). Source types not listed
 * are left to the API.
 *
 * Where PostHog itself differs (the emulator simplifies): its Snowflake source accepts a private
 * key instead of a password (`auth_type`), its BigQuery `key_file` is a service-account JSON, and
 * its Hubspot source uses an OAuth integration id rather than a secret key. Adjust here if a real
 * PostHog rejects these inputs.
 */
const SQL_KEYS = ["host", "port", "database", "user", "password", "schema"] as const;

/** Source type -> jobInputs keys that must be present and non-empty. */
export const REQUIRED_JOB_INPUT_KEYS: Readonly<Record<string, readonly string[]>> = {
  Stripe: ["stripe_secret_key"],
  Postgres: SQL_KEYS,
  MySQL: SQL_KEYS,
  MSSQL: SQL_KEYS,
  Redshift: SQL_KEYS,
  Snowflake: ["account_id", "database", "warehouse", "user", "password", "schema"],
  BigQuery: ["key_file", "dataset_id"],
  Hubspot: ["hubspot_secret_key"],
};

/** True when a jobInputs value counts as absent (missing, null or blank). */
function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/** The required keys of `sourceType` missing from `jobInputs` (empty for unlisted types). */
export function missingJobInputKeys(sourceType: string, jobInputs: Record<string, unknown>): string[] {
  return (REQUIRED_JOB_INPUT_KEYS[sourceType] ?? []).filter((key) => isMissing(jobInputs[key]));
}
