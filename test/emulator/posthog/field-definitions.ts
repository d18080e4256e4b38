/**
 * The wire shape of PostHog's source field definitions (what `GET .../wizard/` serves), and small
 * constructors that fill every key the way pydantic's `model_dump()` writes it (null when unset).
 * Shapes: PostHog `facade/source_config.py` (see FIDELITY.md §1).
 */

/** Input field `type`s (SourceFieldInputConfigType). */
export type InputFieldType =
  "text" | "email" | "search" | "url" | "password" | "time" | "number" | "textarea";

/** A plain input. */
export interface InputFieldConfig {
  caption: string | null;
  label: string;
  name: string;
  placeholder: string;
  required: boolean;
  secret: boolean;
  type: InputFieldType;
}

/** One option of a select; its `fields` apply when it is the selection. */
export interface SelectOptionConfig {
  fields: FieldConfig[] | null;
  label: string;
  value: string;
}

/** A select: a scalar when no option has fields, else `{selection, ...option fields}`. */
export interface SelectFieldConfig {
  caption: string | null;
  converter: "str_to_int" | "str_to_bool" | "str_to_optional_int" | null;
  defaultValue: string;
  label: string;
  multiple: boolean | null;
  name: string;
  options: SelectOptionConfig[];
  required: boolean;
  type: "select";
}

/** An optional group of fields, stored as `{enabled, ...fields}`. */
export interface SwitchGroupFieldConfig {
  caption: string | null;
  default: string | number | boolean;
  fields: FieldConfig[];
  label: string;
  name: string;
  type: "switch-group";
}

/** An OAuth integration id. */
export interface OauthFieldConfig {
  kind: string;
  label: string;
  name: string;
  required: boolean;
  requiredScopes: string | null;
  type: "oauth";
}

/** A JSON file whose listed keys become an object (e.g. BigQuery `key_file`). */
export interface FileUploadFieldConfig {
  fileFormat: { format: ".json"; keys: string | string[] };
  label: string;
  name: string;
  required: boolean;
  type: "file-upload";
}

/** The SSH tunnel group (its inner structure is fixed, see ssh-tunnel.ts). */
export interface SshTunnelFieldConfig {
  label: string;
  name: string;
  type: "ssh-tunnel";
}

export type FieldConfig =
  | InputFieldConfig
  | SelectFieldConfig
  | SwitchGroupFieldConfig
  | OauthFieldConfig
  | FileUploadFieldConfig
  | SshTunnelFieldConfig;

/** A source type's definition as the emulator keeps it (the wizard serves it, see wizard.ts). */
export interface SourceDefinition {
  name: string;
  label: string | null;
  caption: string | null;
  category: string | null;
  iconPath: string;
  docsUrl: string | null;
  keywords: string[] | null;
  featured: boolean | null;
  fields: FieldConfig[];
  suggestedTables: { table: string; tooltip: string | null }[];
  webhookFields: FieldConfig[] | null;
  supportsColumnSelection: boolean;
  versions: string[];
  defaultVersion: string;
  apiDocsUrl: string | null;
}

interface InputOptions {
  required?: boolean;
  secret?: boolean;
  placeholder?: string;
  caption?: string | null;
}

/** An input field (`secret` defaults to true for `password` fields, false otherwise). */
export function input(
  name: string,
  label: string,
  type: InputFieldType,
  options: InputOptions = {},
): InputFieldConfig {
  return {
    caption: options.caption ?? null,
    label,
    name,
    placeholder: options.placeholder ?? "",
    required: options.required ?? false,
    secret: options.secret ?? type === "password",
    type,
  };
}

/** A select option. */
export function option(
  label: string,
  value: string,
  fields: FieldConfig[] | null = null,
): SelectOptionConfig {
  return { fields, label, value };
}

/** A select field. */
export function select(
  name: string,
  label: string,
  defaultValue: string,
  options: SelectOptionConfig[],
  extra: { required?: boolean; converter?: SelectFieldConfig["converter"]; caption?: string | null } = {},
): SelectFieldConfig {
  return {
    caption: extra.caption ?? null,
    converter: extra.converter ?? null,
    defaultValue,
    label,
    multiple: null,
    name,
    options,
    required: extra.required ?? true,
    type: "select",
  };
}

/** A switch group. */
export function switchGroup(
  name: string,
  label: string,
  fields: FieldConfig[],
  caption: string | null = null,
): SwitchGroupFieldConfig {
  return { caption, default: false, fields, label, name, type: "switch-group" };
}

/** An OAuth integration field. */
export function oauth(name: string, label: string, kind: string, required = true): OauthFieldConfig {
  return { kind, label, name, required, requiredScopes: null, type: "oauth" };
}

/** A JSON file upload. */
export function fileUpload(
  name: string,
  label: string,
  keys: string[],
  required = true,
): FileUploadFieldConfig {
  return { fileFormat: { format: ".json", keys }, label, name, required, type: "file-upload" };
}

/** The SSH tunnel field. */
export function sshTunnel(name = "ssh_tunnel", label = "Use SSH tunnel?"): SshTunnelFieldConfig {
  return { label, name, type: "ssh-tunnel" };
}

/** Input types whose value is a secret even without `secret: true` (PostHog redacts `password`). */
export const isSecretInput = (field: InputFieldConfig): boolean => field.secret || field.type === "password";
