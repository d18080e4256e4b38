/**
 * Checks `jobInputs` against a source type's field definitions, at preview: what is required (at
 * every level, for the chosen option of a select, inside an enabled switch group), the type of
 * each value, the allowed options, keys the source does not have. Failures name the path
 * (`jobInputs.auth_method.stripe_secret_key`) and what is allowed, never a value the user gave
 * (only option names, which are not secret).
 */
import { isUnknown } from "../common/unknown";
import type { CheckFailure } from "../validation/rules";
import {
  ENABLED_KEY,
  SELECTION_KEY,
  fieldNamed,
  isNestedSelect,
  optionFields,
  type FieldDefinition,
  type SourceDefinition,
} from "./field-definitions";

/** How strict the check is. */
export interface JobInputsCheckOptions {
  /** False for an adopted source: PostHog merges what is given into what it has, so nothing is required. */
  requireFields: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Missing, null or blank. */
const isAbsent = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === "string" && value.trim() === "");

const quoteList = (values: readonly string[]): string => values.map((v) => `"${v}"`).join(", ");

/** A short description of what a field takes, for messages. */
function expected(field: FieldDefinition): string {
  switch (field.kind) {
    case "number":
      return "a whole number";
    case "oauth":
      return "the id of an OAuth integration made in PostHog (a whole number)";
    case "file-upload":
      return `an object with the file's keys ${(field.keys ?? []).join(", ")}`;
    case "switch-group":
      return `an object { ${ENABLED_KEY}: true|false, ${(field.fields ?? []).map((f) => f.name).join(", ")} }`;
    case "select": {
      const values = (field.options ?? []).map((o) => o.value);
      if (!isNestedSelect(field)) return `one of ${quoteList(values)}`;
      const forms = (field.options ?? []).map(
        (o) => `{ ${SELECTION_KEY}: "${o.value}"${o.fields.map((f) => `, ${f.name}`).join("")} }`,
      );
      return `an object ${forms.join(" or ")}`;
    }
    case "opaque":
      return "a value";
    default:
      return field.secret ? "a string (secret)" : "a string";
  }
}

const isWholeNumber = (value: unknown): boolean =>
  (typeof value === "number" && Number.isInteger(value)) ||
  (typeof value === "string" && /^\d+$/.test(value.trim()));

/** Where a key that is not a field of this level belongs, if it is a field somewhere below. */
function whereItBelongs(fields: readonly FieldDefinition[], key: string, path: string): string | undefined {
  for (const field of fields) {
    for (const option of field.options ?? []) {
      if (fieldNamed(option.fields, key)) {
        return `it belongs inside ${path}.${field.name} (${SELECTION_KEY}: "${option.value}")`;
      }
    }
    if (field.kind === "switch-group" && fieldNamed(field.fields ?? [], key)) {
      return `it belongs inside ${path}.${field.name}`;
    }
  }
  return undefined;
}

/** Failures of the keys of one object level against `fields`. */
function levelFailures(
  value: Record<string, unknown>,
  fields: readonly FieldDefinition[],
  path: string,
  where: string,
  options: JobInputsCheckOptions,
  extraKeys: readonly string[] = [],
  otherOptionFields: ReadonlyMap<string, string> = new Map(),
): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (extraKeys.includes(key) || item === undefined || fieldNamed(fields, key)) continue;
    const otherOption = otherOptionFields.get(key);
    const belongs = whereItBelongs(fields, key, path);
    const known = fields.map((f) => f.name);
    failures.push({
      property: `${path}.${key}`,
      reason: otherOption
        ? `is a field of option "${otherOption}", not of the chosen one; fields here: ${known.join(", ")}`
        : `is not a field of ${where}${belongs ? `: ${belongs}` : ""}; fields: ${known.join(", ") || "none"}`,
    });
  }
  for (const field of fields) {
    const key = Object.keys(value).find((k) => fieldNamed([field], k) && value[k] !== undefined);
    failures.push(
      ...fieldFailures(
        field,
        key === undefined ? undefined : value[key],
        `${path}.${key ?? field.name}`,
        where,
        options,
      ),
    );
  }
  return failures;
}

/** Failures of one field's value. */
function fieldFailures(
  field: FieldDefinition,
  value: unknown,
  path: string,
  where: string,
  options: JobInputsCheckOptions,
): CheckFailure[] {
  if (isUnknown(value)) return [];
  if (isAbsent(value)) {
    // A scalar select with a default takes it when left out (MySQL `using_ssl`); a nested select
    // does not (PostHog refuses Stripe without `auth_method`).
    const defaulted = field.kind === "select" && !isNestedSelect(field) && field.defaultValue !== undefined;
    return field.required && options.requireFields && !defaulted
      ? [{ property: path, reason: `is required for ${where}: ${expected(field)}` }]
      : [];
  }
  const wrongType: CheckFailure[] = [{ property: path, reason: `must be ${expected(field)}` }];
  switch (field.kind) {
    case "text":
      return typeof value === "string" ? [] : wrongType;
    case "number":
    case "oauth":
      return isWholeNumber(value) ? [] : wrongType;
    case "opaque":
      return [];
    case "file-upload": {
      if (!isRecord(value)) return wrongType;
      return (field.keys ?? [])
        .filter((key) => !isUnknown(value[key]) && (typeof value[key] !== "string" || isAbsent(value[key])))
        .map((key) => ({
          property: `${path}.${key}`,
          reason: `is required: ${field.name} must have the file's keys ${(field.keys ?? []).join(", ")} (strings)`,
        }));
    }
    case "switch-group": {
      if (!isRecord(value)) return wrongType;
      const enabled = value[ENABLED_KEY];
      const failures: CheckFailure[] = [];
      if (enabled !== undefined && !isUnknown(enabled) && typeof enabled !== "boolean") {
        failures.push({ property: `${path}.${ENABLED_KEY}`, reason: "must be true or false" });
      }
      const active = enabled === true || isUnknown(enabled);
      failures.push(
        ...levelFailures(
          value,
          field.fields ?? [],
          path,
          `${where} (${field.name})`,
          {
            requireFields: options.requireFields && active,
          },
          [ENABLED_KEY],
        ),
      );
      return failures;
    }
    case "select":
      return selectFailures(field, value, path, where, options);
  }
}

function selectFailures(
  field: FieldDefinition,
  value: unknown,
  path: string,
  where: string,
  options: JobInputsCheckOptions,
): CheckFailure[] {
  const values = (field.options ?? []).map((o) => o.value);
  if (!isNestedSelect(field)) {
    const scalar = typeof value === "string" || typeof value === "boolean" ? String(value) : undefined;
    return scalar !== undefined && values.includes(scalar)
      ? []
      : [{ property: path, reason: `must be one of ${quoteList(values)}` }];
  }
  if (!isRecord(value)) return [{ property: path, reason: `must be ${expected(field)}` }];
  const selection = value[SELECTION_KEY];
  if (isUnknown(selection)) return [];
  if (selection === undefined && field.defaultValue === undefined) {
    return [
      { property: `${path}.${SELECTION_KEY}`, reason: `is required; allowed values: ${quoteList(values)}` },
    ];
  }
  if (selection !== undefined && (typeof selection !== "string" || !values.includes(selection))) {
    const shown = typeof selection === "string" ? `"${selection}" ` : "";
    return [
      {
        property: `${path}.${SELECTION_KEY}`,
        reason: `${shown}is not allowed; allowed values: ${quoteList(values)}`,
      },
    ];
  }
  const chosen = (selection as string | undefined) ?? (field.defaultValue as string);
  const others = new Map<string, string>();
  for (const option of field.options ?? []) {
    if (option.value === chosen) continue;
    for (const f of option.fields)
      if (!fieldNamed(optionFields(field, chosen), f.name)) others.set(f.name, option.value);
  }
  return levelFailures(
    value,
    optionFields(field, chosen),
    path,
    `${where} with ${field.name} "${chosen}"`,
    options,
    [SELECTION_KEY],
    others,
  );
}

/** The failures of `jobInputs` against `definition` (empty when it conforms). */
export function jobInputsFailures(
  definition: SourceDefinition,
  jobInputs: Record<string, unknown>,
  options: JobInputsCheckOptions,
): CheckFailure[] {
  return levelFailures(
    jobInputs,
    definition.fields,
    "jobInputs",
    `${definition.sourceType} sources`,
    options,
  );
}
