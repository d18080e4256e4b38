/**
 * The emulator's stand-in for a source's `validate_credentials` (PostHog calls the real service;
 * the emulator cannot). It fails when:
 * - a secret value, at any depth, contains INVALID_CREDENTIAL_MARKER (policy.ts): the message is the
 *   one PostHog's source gives for rejected credentials;
 * - the chosen select option lacks a field that option requires (PostHog's config class makes
 *   option fields optional and leaves this to `validate_credentials`, e.g. Stripe `_get_api_key`);
 * - a required top-level value is null or blank (**choice**: PostHog's config check only tests
 *   presence; the real connection attempt would fail with a source-specific message).
 */
import type { FieldConfig, SourceDefinition } from "./field-definitions";
import { isObject } from "./fields";
import { fieldSensitivity } from "./job-inputs-redaction";
import { INVALID_CREDENTIAL_MARKER } from "./policy";

/** PostHog's generic answer (`helpers.py` INVALID_CREDENTIALS_FALLBACK_MESSAGE). */
export const INVALID_CREDENTIALS_FALLBACK_MESSAGE =
  "We couldn't validate those credentials. Check they're correct and have the required access, then try again.";

/** What each source answers when the service rejects its credentials (its `source.py`). */
export const REJECTED_CREDENTIALS_MESSAGES: Record<string, string> = {
  Stripe:
    "Stripe rejected the API key. Double-check that you pasted a restricted key (rk_live_...) for the same Stripe account, with no extra whitespace, and that it has not been revoked.",
  Postgres:
    "The database rejected the username or password. Check the user and password for this source and try again.",
  MySQL:
    "The database rejected the username or password. Check the user and password for this source and try again.",
  MSSQL: "Invalid user or password",
  Snowflake: "Incorrect username or password was specified",
  Zendesk:
    "Zendesk rejected the credentials. Check the subdomain, email address, and API token are correct, and that token access is enabled for your account.",
};

/** Stripe's messages for a missing key of the chosen auth method (`sources/stripe/source.py`). */
const STRIPE_MISSING: Record<string, string> = {
  stripe_secret_key: "Stripe API key is not configured. Please update the source configuration.",
  stripe_integration_id: "Stripe integration ID is not configured. Please reconnect your Stripe account.",
};

const blank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === "string" && value.trim() === "");

function containsMarker(data: unknown, sensitive: Set<string>, underSecret = false): boolean {
  if (typeof data === "string") return underSecret && data.includes(INVALID_CREDENTIAL_MARKER);
  if (Array.isArray(data)) return data.some((item) => containsMarker(item, sensitive, underSecret));
  if (!isObject(data)) return false;
  return Object.entries(data).some(([key, value]) =>
    containsMarker(value, sensitive, underSecret || sensitive.has(key)),
  );
}

const isRequired = (field: FieldConfig): boolean => "required" in field && field.required;

function missingOptionField(definition: SourceDefinition, inputs: Record<string, unknown>): string | null {
  for (const field of definition.fields) {
    if (field.type !== "select" || !field.options.some((option) => option.fields?.length)) continue;
    const container = inputs[field.name];
    if (!isObject(container)) return field.required ? field.name : null;
    const chosen = field.options.find((option) => option.value === container.selection);
    if (!chosen) return field.name;
    const missing = (chosen.fields ?? []).find((child) => isRequired(child) && blank(container[child.name]));
    if (missing) return missing.name;
  }
  return null;
}

/** The error message PostHog would answer with, or null when the credentials are accepted. */
export function credentialsError(
  definition: SourceDefinition | undefined,
  sourceType: string,
  inputs: Record<string, unknown>,
): string | null {
  const rejected = REJECTED_CREDENTIALS_MESSAGES[sourceType] ?? INVALID_CREDENTIALS_FALLBACK_MESSAGE;
  if (!definition) {
    const secretLooking = new Set(
      Object.keys(inputs).filter((key) => /pass|secret|token|key|credential/i.test(key)),
    );
    return containsMarker(inputs, secretLooking) ? rejected : null;
  }
  if (containsMarker(inputs, fieldSensitivity(definition).sensitive)) return rejected;
  const missing = missingOptionField(definition, inputs);
  if (missing)
    return (sourceType === "Stripe" && STRIPE_MISSING[missing]) || INVALID_CREDENTIALS_FALLBACK_MESSAGE;
  const blankRequired = definition.fields.some(
    (field) =>
      field.type !== "select" &&
      field.type !== "switch-group" &&
      field.type !== "file-upload" &&
      isRequired(field) &&
      blank(inputs[field.name]),
  );
  return blankRequired ? INVALID_CREDENTIALS_FALLBACK_MESSAGE : null;
}
