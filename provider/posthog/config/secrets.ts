/** Registers secret input values with the process-wide redactor before any API call. */
import { registerSecret } from "../../http";
import {
  SELECTION_KEY,
  fieldNamed,
  optionFields,
  type FieldDefinition,
  type SourceDefinition,
} from "./field-definitions";

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Registers every string inside `value` (values arrive in plaintext in the provider host). */
function registerAll(value: unknown): void {
  if (typeof value === "string") registerSecret(value);
  else if (Array.isArray(value)) value.forEach(registerAll);
  else if (isRecord(value)) {
    // An option name (`selection: "password"`) is not a secret: registering it would scrub the
    // word from every message.
    for (const [key, item] of Object.entries(value)) if (key !== SELECTION_KEY) registerAll(item);
  }
}

/** Registers the values of the secret fields of one level (and everything the definitions do not know). */
function registerLevel(value: Record<string, unknown>, fields: readonly FieldDefinition[]): void {
  for (const [key, item] of Object.entries(value)) {
    if (key === SELECTION_KEY) continue;
    const field = fieldNamed(fields, key);
    if (!field || field.secret || field.kind === "opaque") registerAll(item);
    else if (isRecord(item) && field.kind === "select")
      registerLevel(item, optionFields(field, item[SELECTION_KEY]));
    else if (isRecord(item) && field.kind === "switch-group") registerLevel(item, field.fields ?? []);
  }
}

/**
 * Registers the secrets inside `jobInputs`: from then on they are scrubbed from every error and
 * log line of the process. With the source's field definitions, the values of its secret fields
 * (at any depth) and of keys it does not define; without them, every value but option names.
 */
export function registerJobInputSecrets(jobInputs: unknown, definition?: SourceDefinition): void {
  if (definition && isRecord(jobInputs)) registerLevel(jobInputs, definition.fields);
  else registerAll(jobInputs);
}
