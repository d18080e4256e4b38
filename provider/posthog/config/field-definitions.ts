/**
 * The field definitions of a source type's configuration (`jobInputs`), in the provider's own
 * form. PostHog declares them per source (`get_source_config`) and serves them at
 * `GET external_data_sources/wizard/`; `wizard.ts` turns that answer into this form and
 * `catalogue.ts` holds the built-in copy used when the instance cannot be asked.
 *
 * How a field kind nests in `jobInputs`:
 * - `text` / `number`: a scalar under its name (`number` also takes a decimal string: PostHog
 *   converts it to an integer);
 * - `select`: a scalar option value when no option has fields, else an object
 *   `{ selection: <option>, ...that option's fields }` (Stripe `auth_method`);
 * - `switch-group`: an object `{ enabled: boolean, ...its fields }` (its required fields count
 *   only when enabled), e.g. an SSH tunnel;
 * - `file-upload`: an object with the file's keys (BigQuery `key_file`), secret as a whole;
 * - `oauth`: the id of an OAuth integration made in PostHog (an integer);
 * - `opaque`: a kind this provider does not know; any value passes.
 */

/** One field of a source configuration. */
export interface FieldDefinition {
  name: string;
  kind: "text" | "number" | "select" | "switch-group" | "file-upload" | "oauth" | "opaque";
  required: boolean;
  /** PostHog keeps it secret: never read back, never echoed. */
  secret: boolean;
  /** select: the options; an option's `fields` are the keys next to `selection` when it is chosen. */
  options?: SelectOption[];
  /** select: the option PostHog uses when none is given. */
  defaultValue?: string;
  /** switch-group: the group's fields. */
  fields?: FieldDefinition[];
  /** file-upload: the keys the uploaded file must have. */
  keys?: string[];
}

/** One option of a select field. */
export interface SelectOption {
  value: string;
  fields: FieldDefinition[];
}

/** The configuration fields of one source type. */
export interface SourceDefinition {
  sourceType: string;
  fields: FieldDefinition[];
}

/** Source type -> its definition. */
export type SourceDefinitions = ReadonlyMap<string, SourceDefinition>;

/** The key under which a select's chosen option is given. */
export const SELECTION_KEY = "selection";
/** The key that turns a switch group on. */
export const ENABLED_KEY = "enabled";

/** True when a select field's value is an object `{ selection, ... }` rather than a scalar. */
export function isNestedSelect(field: FieldDefinition): boolean {
  return (field.options ?? []).some((option) => option.fields.length > 0);
}

/**
 * The spellings a field may be stored under: PostHog stores a declared `temporary-dataset` as
 * `temporary_dataset` and accepts both.
 */
export function nameVariants(name: string): string[] {
  const variants = new Set([name, name.replace(/-/g, "_"), name.replace(/_/g, "-")]);
  return [...variants];
}

/** The field of `fields` that `key` names (any spelling), if any. */
export function fieldNamed(fields: readonly FieldDefinition[], key: string): FieldDefinition | undefined {
  return fields.find((field) => nameVariants(field.name).includes(key));
}

/**
 * The fields that apply next to `selection` inside a nested select's object: those of the chosen
 * option (the select's default option when `selection` is absent).
 */
export function optionFields(field: FieldDefinition, selection: unknown): FieldDefinition[] {
  const chosen = typeof selection === "string" ? selection : field.defaultValue;
  return field.options?.find((option) => option.value === chosen)?.fields ?? [];
}

/** True when `field` or anything inside it is secret. */
export function holdsSecret(field: FieldDefinition): boolean {
  if (field.secret) return true;
  if ((field.fields ?? []).some(holdsSecret)) return true;
  return (field.options ?? []).some((option) => option.fields.some(holdsSecret));
}
