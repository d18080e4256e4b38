/**
 * Config keys (`payload` at create, `job_inputs` after) per source type: which are required, which
 * are known, which are secret; config validation, credential check and read-back redaction.
 */
import { INVALID_CREDENTIAL_MARKER } from "./policy";

/** The config keys of one source type. */
export interface SourceConfigSpec {
  required: string[];
  /** Known keys that are not required. */
  optional: string[];
  /** Keys stored but never read back (a subset of required + optional). */
  secret: string[];
}

const SQL_SPEC: SourceConfigSpec = {
  required: ["host", "port", "database", "user", "password", "schema"],
  optional: [],
  secret: ["password"],
};

/**
 * Built-in specs. Decisions: Snowflake needs a password (a `private_key`/`passphrase` is accepted
 * too and kept secret); Hubspot takes a `hubspot_secret_key` (a private-app token) instead of
 * PostHog's OAuth integration id.
 */
export const DEFAULT_CONFIG_SPECS: Record<string, SourceConfigSpec> = {
  Stripe: { required: ["stripe_secret_key"], optional: ["stripe_account_id"], secret: ["stripe_secret_key"] },
  Postgres: SQL_SPEC,
  MySQL: SQL_SPEC,
  MSSQL: SQL_SPEC,
  Redshift: SQL_SPEC,
  Snowflake: {
    required: ["account_id", "database", "warehouse", "user", "password", "schema"],
    optional: ["role", "private_key", "passphrase"],
    secret: ["password", "private_key", "passphrase"],
  },
  BigQuery: { required: ["key_file", "dataset_id"], optional: ["dataset_project_id"], secret: ["key_file"] },
  Hubspot: { required: ["hubspot_secret_key"], optional: [], secret: ["hubspot_secret_key"] },
};

/** For types without a spec: keys whose names look secret are treated as secret; every other key
 * is known and read back. */
const SECRET_LOOKING_KEY = /password|secret|key|token|private|passphrase|credential/i;

/** Merges the option overrides into the built-in specs. */
export function buildConfigSpecs(overrides: {
  requiredInputs?: Record<string, string[]>;
  secretInputs?: Record<string, string[]>;
  optionalInputs?: Record<string, string[]>;
}): Map<string, SourceConfigSpec> {
  const specs = new Map(Object.entries(DEFAULT_CONFIG_SPECS).map(([type, spec]) => [type, { ...spec }]));
  const types = new Set([
    ...Object.keys(overrides.requiredInputs ?? {}),
    ...Object.keys(overrides.secretInputs ?? {}),
    ...Object.keys(overrides.optionalInputs ?? {}),
  ]);
  for (const type of types) {
    const base = specs.get(type) ?? { required: [], optional: [], secret: [] };
    specs.set(type, {
      required: overrides.requiredInputs?.[type] ?? base.required,
      optional: overrides.optionalInputs?.[type] ?? base.optional,
      secret: overrides.secretInputs?.[type] ?? base.secret,
    });
  }
  return specs;
}

/** True if `key` is a secret config key of a source with this spec. */
export function isSecretKey(spec: SourceConfigSpec | undefined, key: string): boolean {
  return spec ? spec.secret.includes(key) : SECRET_LOOKING_KEY.test(key);
}

const isMissing = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === "string" && value.trim() === "");

/** PostHog's config errors, e.g. `["Required field 'host' is missing"]`; empty when valid. */
export function configErrors(spec: SourceConfigSpec | undefined, inputs: Record<string, unknown>): string[] {
  if (!spec) return [];
  return spec.required
    .filter((key) => isMissing(inputs[key]))
    .map((key) => `Required field '${key}' is missing`);
}

/** False when a secret input carries the INVALID_CREDENTIAL_MARKER (the emulator's bad credential). */
export function credentialsValid(
  spec: SourceConfigSpec | undefined,
  inputs: Record<string, unknown>,
): boolean {
  return !Object.entries(inputs).some(
    ([key, value]) =>
      isSecretKey(spec, key) && typeof value === "string" && value.includes(INVALID_CREDENTIAL_MARKER),
  );
}

/** `job_inputs` as GET shows it: secret keys and unknown keys dropped. */
export function redactJobInputs(
  spec: SourceConfigSpec | undefined,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const known = spec ? new Set([...spec.required, ...spec.optional]) : undefined;
  return Object.fromEntries(
    Object.entries(inputs).filter(([key]) => !isSecretKey(spec, key) && (!known || known.has(key))),
  );
}

/** PATCH semantics: incoming keys merged over the stored ones; a secret sent empty keeps its value
 * (reads never show secrets, so clients send them back blank). */
export function mergeJobInputs(
  spec: SourceConfigSpec | undefined,
  stored: Record<string, unknown>,
  incoming: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...stored, ...incoming };
  for (const [key, value] of Object.entries(stored)) {
    if (isSecretKey(spec, key) && value && !incoming[key]) merged[key] = value;
  }
  return merged;
}

/** Strips surrounding whitespace from string values, as PostHog does with `payload` at create. */
export function trimStrings(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(inputs).map(([key, value]) => [key, typeof value === "string" ? value.trim() : value]),
  );
}
