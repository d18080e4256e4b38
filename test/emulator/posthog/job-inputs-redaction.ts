/**
 * `job_inputs` as a source GET shows them (PostHog: `views/external_data_source/source_setup.py`,
 * `ExternalDataSourceSerializers.to_representation`, with `helpers.py`
 * `get_nonsensitive_and_sensitive_field_names`, `strip_sensitive_from_dict`,
 * `restore_declared_field_names`):
 * - field names are classified once, flattened over every nesting level: `password` inputs,
 *   `secret: true` inputs and file uploads are sensitive; other inputs, selects, switch groups,
 *   OAuth ids and the SSH tunnel's fixed keys are not;
 * - every dict, at any depth, keeps only non-sensitive known keys (plus `selection`/`enabled`);
 * - SSH tunnel legacy keys are renamed (`auth_type` -> `auth`, `type` -> `selection`) and a missing
 *   `require_tls` reads `{"enabled": true}`;
 * - hyphenated declared names come back hyphenated (`temporary_dataset` -> `temporary-dataset`).
 */
import { isSecretInput, type FieldConfig, type SourceDefinition } from "./field-definitions";
import { isObject } from "./fields";

/** Names PostHog treats as sensitive / non-sensitive for one source type. */
export interface FieldSensitivity {
  sensitive: Set<string>;
  nonsensitive: Set<string>;
}

const META_KEYS = new Set(["selection", "enabled"]);

/** CDC keys live in job_inputs and are shown although no field declares them (helpers.py). */
export const CDC_EXPOSED_JOB_INPUT_KEYS = [
  "cdc_enabled",
  "cdc_management_mode",
  "cdc_slot_name",
  "cdc_publication_name",
  "cdc_auto_drop_slot",
  "cdc_lag_warning_threshold_mb",
  "cdc_lag_critical_threshold_mb",
  "cdc_consistent_point",
] as const;

const variants = (name: string): string[] => {
  const underscored = name.replace(/-/g, "_");
  return underscored === name ? [name] : [name, underscored];
};

function classify(fields: FieldConfig[], into: FieldSensitivity): void {
  const add = (set: Set<string>, name: string) => variants(name).forEach((variant) => set.add(variant));
  for (const field of fields) {
    switch (field.type) {
      case "file-upload":
        add(into.sensitive, field.name);
        break;
      case "select":
        add(into.nonsensitive, field.name);
        for (const option of field.options) classify(option.fields ?? [], into);
        break;
      case "switch-group":
        add(into.nonsensitive, field.name);
        classify(field.fields, into);
        break;
      case "oauth":
        add(into.nonsensitive, field.name);
        break;
      case "ssh-tunnel":
        add(into.nonsensitive, field.name);
        for (const key of ["host", "port", "username", "auth", "auth_type", "require_tls", "host_key"]) {
          into.nonsensitive.add(key);
        }
        for (const key of ["password", "passphrase", "private_key"]) into.sensitive.add(key);
        break;
      default:
        add(isSecretInput(field) ? into.sensitive : into.nonsensitive, field.name);
    }
  }
}

/** The sensitivity split of a definition. */
export function fieldSensitivity(definition: SourceDefinition): FieldSensitivity {
  const split: FieldSensitivity = { sensitive: new Set(), nonsensitive: new Set() };
  classify(definition.fields, split);
  return split;
}

/** Declared hyphenated names (re-keyed on read). */
function hyphenatedNames(fields: FieldConfig[], into = new Set<string>()): Set<string> {
  for (const field of fields) {
    if (field.name.includes("-")) into.add(field.name);
    if (field.type === "switch-group") hyphenatedNames(field.fields, into);
    if (field.type === "select")
      for (const option of field.options) hyphenatedNames(option.fields ?? [], into);
  }
  return into;
}

function strip(data: Record<string, unknown>, split: FieldSensitivity): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (split.sensitive.has(key)) continue;
    if (!split.nonsensitive.has(key) && !META_KEYS.has(key)) continue;
    out[key] = isObject(value) ? strip(value, split) : value;
  }
  return out;
}

function restoreHyphenated(data: Record<string, unknown>, hyphenated: Set<string>): Record<string, unknown> {
  if (hyphenated.size === 0) return data;
  const declared = new Map([...hyphenated].map((name) => [name.replace(/-/g, "_"), name]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const name = declared.get(key);
    if (name !== undefined && name in data) continue;
    out[name ?? key] = isObject(value) ? restoreHyphenated(value, hyphenated) : value;
  }
  return out;
}

/** SSH tunnel legacy spellings, as the serializer normalises them before stripping. */
function normaliseSshTunnel(data: Record<string, unknown>): Record<string, unknown> {
  const tunnel = data.ssh_tunnel;
  if (!isObject(tunnel)) return data;
  const next: Record<string, unknown> = { ...tunnel };
  if ("auth_type" in next && !("auth" in next)) {
    next.auth = next.auth_type;
    delete next.auth_type;
  }
  if (isObject(next.auth)) {
    const auth: Record<string, unknown> = { ...next.auth };
    if ("type" in auth && !("selection" in auth)) {
      auth.selection = auth.type;
      delete auth.type;
    }
    next.auth = auth;
  }
  if (!("require_tls" in next)) next.require_tls = { enabled: true };
  return { ...data, ssh_tunnel: next };
}

/** `job_inputs` as GET shows them. */
export function redactJobInputs(
  definition: SourceDefinition,
  stored: Record<string, unknown>,
): Record<string, unknown> {
  const split = fieldSensitivity(definition);
  for (const key of CDC_EXPOSED_JOB_INPUT_KEYS) split.nonsensitive.add(key);
  return restoreHyphenated(strip(normaliseSshTunnel(stored), split), hyphenatedNames(definition.fields));
}

/**
 * For source types the emulator has no definition of (**choice**; PostHog knows every type it
 * accepts): keys whose names look secret (PostHog's `_SECRET_KEY_NAME_PATTERN` in helpers.py) are
 * dropped at any depth, everything else reads back as stored.
 */
const SECRET_KEY_NAME =
  /pass(word|wd|phrase)?|secret|token|api[_-]?key|private[_-]?key|credential|connection[_-]?string/i;

export function redactUndefinedJobInputs(stored: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stored)) {
    if (SECRET_KEY_NAME.test(key)) continue;
    out[key] = isObject(value) ? redactUndefinedJobInputs(value) : value;
  }
  return out;
}

/** True for a key whose value is a secret of this definition (any depth), or looks like one. */
export function isSensitiveKey(definition: SourceDefinition | undefined, key: string): boolean {
  return definition ? fieldSensitivity(definition).sensitive.has(key) : SECRET_KEY_NAME.test(key);
}
