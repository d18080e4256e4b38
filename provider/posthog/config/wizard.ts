/**
 * Turns PostHog's `GET external_data_sources/wizard/` answer (source type -> its config, with
 * `fields` of kinds `text`, `password`, `number`, ..., `select`, `switch-group`, `file-upload`,
 * `oauth`, `ssh-tunnel`; see test/emulator/posthog/FIDELITY.md §1) into field definitions.
 * Defensive: anything malformed is skipped, an unknown field kind passes any value.
 */
import { SSH_TUNNEL } from "./catalogue";
import type { FieldDefinition, SelectOption, SourceDefinition } from "./field-definitions";

const INPUT_KINDS = new Set(["text", "email", "search", "url", "password", "time", "textarea"]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function parseFields(raw: unknown): FieldDefinition[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) => {
    const field = parseField(item);
    return field ? [field] : [];
  });
}

function parseOption(raw: unknown): SelectOption | undefined {
  if (!isRecord(raw) || raw.value === undefined || raw.value === null) return undefined;
  return { value: String(raw.value), fields: parseFields(raw.fields) };
}

function parseField(raw: unknown): FieldDefinition | undefined {
  if (!isRecord(raw) || typeof raw.name !== "string" || raw.name === "") return undefined;
  const type = typeof raw.type === "string" ? raw.type : "";
  const base = { name: raw.name, required: raw.required === true, secret: raw.secret === true };
  if (INPUT_KINDS.has(type)) return { ...base, kind: "text", secret: base.secret || type === "password" };
  switch (type) {
    case "number":
      return { ...base, kind: "number" };
    case "select":
      return {
        ...base,
        kind: "select",
        options: (Array.isArray(raw.options) ? raw.options : []).flatMap((o) => {
          const option = parseOption(o);
          return option ? [option] : [];
        }),
        defaultValue:
          raw.defaultValue === undefined || raw.defaultValue === null ? undefined : String(raw.defaultValue),
      };
    case "switch-group":
      return { ...base, kind: "switch-group", required: false, fields: parseFields(raw.fields) };
    case "file-upload": {
      const format = isRecord(raw.fileFormat) ? raw.fileFormat : {};
      const keys = Array.isArray(format.keys) ? format.keys.filter((k) => typeof k === "string") : [];
      return { ...base, kind: "file-upload", secret: true, keys };
    }
    case "oauth":
      return { ...base, kind: "oauth" };
    case "ssh-tunnel":
      return { ...SSH_TUNNEL, name: raw.name };
    default:
      return { ...base, kind: "opaque" };
  }
}

/** The source definitions in a wizard answer (types whose config has no `fields` list are left out). */
export function definitionsFromWizard(answer: unknown): SourceDefinition[] {
  if (!isRecord(answer)) return [];
  return Object.entries(answer).flatMap(([sourceType, config]) =>
    isRecord(config) && Array.isArray(config.fields)
      ? [{ sourceType, fields: parseFields(config.fields) }]
      : [],
  );
}
