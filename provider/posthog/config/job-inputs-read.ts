/**
 * `jobInputs` after a read. PostHog answers them redacted: secret fields (at any depth) and keys
 * it does not know are dropped, values are normalised (a port as an integer, `"true"` as `true`)
 * and defaults are added. None of that is drift: the state keeps what was sent. A value PostHog
 * does show and that really differs (someone changed it in the UI) is taken from PostHog.
 */
import {
  ENABLED_KEY,
  SELECTION_KEY,
  fieldNamed,
  optionFields,
  type FieldDefinition,
} from "./field-definitions";

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Equal after PostHog's normalisation (`5432` and `"5432"`, `true` and `"true"`). */
export function sameScalar(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const scalar = (v: unknown): boolean =>
    typeof v === "string" || typeof v === "number" || typeof v === "boolean";
  if (!scalar(a) || !scalar(b)) return JSON.stringify(a) === JSON.stringify(b);
  if (typeof a === "boolean" || typeof b === "boolean")
    return String(a).toLowerCase() === String(b).toLowerCase();
  return String(a) === String(b);
}

/** The fields that apply inside the object value of `field` (undefined: not known). */
function innerFields(field: FieldDefinition | undefined, stateValue: Record<string, unknown>) {
  if (!field) return undefined;
  if (field.kind === "select") return optionFields(field, stateValue[SELECTION_KEY]);
  if (field.kind === "switch-group") return field.fields ?? [];
  return undefined;
}

/**
 * Merges PostHog's redacted `remote` into the state's `state`. `fields` are the definitions of
 * this level (undefined when the source type is not known: then only absent and null values
 * count as redacted).
 */
export function jobInputsAfterRead(
  state: Record<string, unknown>,
  remote: Record<string, unknown> | null | undefined,
  fields?: readonly FieldDefinition[],
): Record<string, unknown> {
  const out = { ...state };
  if (!isRecord(remote)) return out;
  for (const [key, known] of Object.entries(state)) {
    const field = fields ? fieldNamed(fields, key) : undefined;
    if (field?.secret) continue;
    const value = remote[key];
    if (value === undefined || value === null) continue;
    if (isRecord(known) && isRecord(value)) {
      const inner = innerFields(field, known);
      const structural = new Set([SELECTION_KEY, ENABLED_KEY]);
      out[key] = jobInputsAfterRead(
        known,
        value,
        inner === undefined ? undefined : [...inner, ...[...structural].map(structuralField)],
      );
    } else if (!sameScalar(known, value)) {
      out[key] = value;
    }
  }
  return out;
}

/** `selection` / `enabled`: visible, never secret. */
function structuralField(name: string): FieldDefinition {
  return { name, kind: "opaque", required: false, secret: false };
}
