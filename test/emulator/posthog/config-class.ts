/**
 * A source type's config class, derived from its field definitions the way PostHog generates
 * `generated_configs` from them, and the two things PostHog does with it
 * (`sources/common/config.py`):
 * - `validateConfig`: presence of every required key, at every nested level (`Required field
 *   'x' is missing`; a present key passes whatever its value, even null or "");
 * - `normaliseConfig`: parse + `dataclasses.asdict`, i.e. what PostHog stores as `job_inputs`:
 *   every declared key (defaults filled, converters applied: `port` as integer, `"true"` as true),
 *   unknown keys dropped.
 */
import type { FieldConfig, SourceDefinition } from "./field-definitions";
import { isObject } from "./fields";

export type Converter = "int" | "str_to_int" | "str_to_bool" | "str_to_optional_int";

/** One attribute of a config class. */
export interface ConfigNode {
  /** Python attribute name: the key PostHog stores (hyphens become underscores). */
  name: string;
  /** Lookup alias, preferred when present (`temporary-dataset`, SSH `auth_type`, `selection`). */
  alias?: string;
  required: boolean;
  converter?: Converter;
  /** Value when absent (not required); a function builds a fresh object each time. */
  fallback?: unknown | (() => unknown);
  /** A nested config class (select with options, switch group, file upload, SSH tunnel). */
  children?: ConfigNode[];
  /** Prefix PostHog tries when a nested config is given flat (see `validateConfig`). */
  flatPrefix?: string;
}

/** A config value that a converter could not read (PostHog would raise; see FIDELITY.md). */
export class ConfigConversionError extends Error {
  constructor(readonly field: string) {
    super(`Field '${field}' must be a number`);
  }
}

/** PostHog's default prefix of a config class (`StripeAuthMethodConfig` -> `stripe_auth_method`). */
export function defaultPrefixForClass(className: string): string {
  const words = className.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+/g) ?? [className];
  const lowered = words.map((word) => word.toLowerCase());
  if (lowered.length > 1 && lowered[lowered.length - 1] === "config") lowered.pop();
  return lowered.join("_");
}

const pascal = (name: string): string =>
  name
    .split(/[_-]/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");

const storedName = (name: string): string => name.replace(/-/g, "_");

/** Required first (plain, then converted), then the rest: the order PostHog's generator emits. */
function ordered(nodes: ConfigNode[]): ConfigNode[] {
  const plainRequired = nodes.filter((node) => node.required && !node.converter);
  const convertedRequired = nodes.filter((node) => node.required && node.converter);
  return [...plainRequired, ...convertedRequired, ...nodes.filter((node) => !node.required)];
}

/** The SSH tunnel class (`models/ssh_tunnel.py`, `SSHTunnelConfig`). */
function sshTunnelNode(name: string): ConfigNode {
  const authChildren: ConfigNode[] = [
    { name: "type", alias: "selection", required: false, fallback: null },
    { name: "password", required: false, fallback: null },
    { name: "passphrase", required: false, fallback: null },
    { name: "private_key", required: false, fallback: null },
    { name: "username", required: false, fallback: null },
  ];
  const emptyAuth = () => Object.fromEntries(authChildren.map((child) => [child.name, null]));
  return {
    name,
    required: false,
    fallback: null,
    flatPrefix: "ssh_tunnel",
    children: [
      { name: "host", required: true },
      { name: "port", required: true, converter: "str_to_optional_int" },
      {
        name: "auth",
        alias: "auth_type",
        required: false,
        fallback: emptyAuth,
        children: authChildren,
        flatPrefix: "ssh_tunnel_auth",
      },
      { name: "enabled", required: false, converter: "str_to_bool", fallback: false },
      {
        name: "require_tls",
        required: false,
        fallback: () => ({ enabled: true }),
        flatPrefix: "ssh_tunnel_require_tls",
        children: [{ name: "enabled", required: false, converter: "str_to_bool", fallback: true }],
      },
    ],
  };
}

/** The attribute(s) of one declared field. */
function fieldNode(sourceType: string, field: FieldConfig): ConfigNode {
  const name = storedName(field.name);
  const alias = name === field.name ? undefined : field.name;
  const flatPrefix = defaultPrefixForClass(`${sourceType}${pascal(field.name)}Config`);
  switch (field.type) {
    case "select": {
      const options = field.options.filter((option) => option.fields && option.fields.length > 0);
      if (options.length === 0) {
        const converter = field.converter ?? undefined;
        return {
          name,
          alias,
          required: false,
          converter,
          fallback: convert(field.defaultValue, converter, name),
        };
      }
      const byName = new Map<string, ConfigNode>();
      for (const option of options) {
        for (const child of option.fields ?? []) {
          const inEvery = options.every((other) =>
            (other.fields ?? []).some(
              (candidate) => candidate.name === child.name && "required" in candidate && candidate.required,
            ),
          );
          const node: ConfigNode = { ...fieldNode(sourceType, child), required: inEvery };
          if (!node.required && node.converter === "str_to_int") node.converter = "str_to_optional_int";
          if (!node.required && node.converter === "int") node.converter = "str_to_optional_int";
          if (!node.required && node.fallback === undefined) node.fallback = null;
          if (node.required || !byName.has(child.name)) byName.set(child.name, node);
        }
      }
      const selection: ConfigNode = { name: "selection", required: false, fallback: field.defaultValue };
      return {
        name,
        alias,
        required: field.required,
        fallback: null,
        flatPrefix,
        children: ordered([...byName.values(), selection]),
      };
    }
    case "switch-group": {
      const children = field.fields.map((child) => fieldNode(sourceType, child));
      const enabled: ConfigNode = {
        name: "enabled",
        required: false,
        converter: "str_to_bool",
        fallback: false,
      };
      return {
        name,
        alias,
        required: false,
        fallback: null,
        flatPrefix,
        children: [
          ...ordered(children.filter((child) => child.required)),
          enabled,
          ...children.filter((child) => !child.required),
        ],
      };
    }
    case "file-upload": {
      const keys = Array.isArray(field.fileFormat.keys) ? field.fileFormat.keys : [field.fileFormat.keys];
      return {
        name,
        alias,
        required: field.required,
        fallback: null,
        flatPrefix,
        children: keys.map((key) => ({ name: key, required: true })),
      };
    }
    case "oauth":
      return field.required
        ? { name, alias, required: true, converter: "str_to_int" }
        : { name, alias, required: false, converter: "str_to_optional_int", fallback: null };
    case "ssh-tunnel":
      return sshTunnelNode(name);
    default:
      return field.required
        ? { name, alias, required: true, converter: field.type === "number" ? "int" : undefined }
        : { name, alias, required: false, fallback: null };
  }
}

/** The config class of a source type. */
export function configClass(definition: SourceDefinition): ConfigNode[] {
  return ordered(definition.fields.map((field) => fieldNode(definition.name, field)));
}

/** The key a node is found under in `data` (alias first), or undefined when absent. */
function presentKey(node: ConfigNode, data: Record<string, unknown>, prefix?: string): string | undefined {
  const candidates = [
    ...(prefix ? [`${prefix}_${node.alias ?? node.name}`, `${prefix}_${node.name}`] : []),
    ...(node.alias ? [node.alias] : []),
    node.name,
  ];
  return candidates.find((key) => Object.prototype.hasOwnProperty.call(data, key));
}

/** PostHog's `validate_config`: the "Required field 'x' is missing" errors, in class order. */
export function validateConfig(
  nodes: ConfigNode[],
  data: Record<string, unknown>,
  prefix?: string,
): string[] {
  const errors: string[] = [];
  for (const node of nodes) {
    const key = presentKey(node, data, prefix);
    if (key === undefined) {
      if (node.required) errors.push(`Required field '${node.name}' is missing`);
      continue;
    }
    if (!node.children) continue;
    const value = data[key];
    // A nested config given as a non-object is looked up flat, with the class prefix.
    errors.push(
      ...(isObject(value)
        ? validateConfig(node.children, value)
        : validateConfig(node.children, data, node.flatPrefix)),
    );
  }
  return errors;
}

function convert(value: unknown, converter: Converter | undefined, field: string): unknown {
  if (!converter) return value;
  if (converter === "str_to_bool") {
    if (typeof value === "boolean") return value;
    return typeof value === "string" ? ["true", "yes", "1"].includes(value.toLowerCase()) : Boolean(value);
  }
  if (
    converter === "str_to_optional_int" &&
    (value === null || value === undefined || (typeof value === "string" && value.trim() === ""))
  ) {
    return null;
  }
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^\s*[-+]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  throw new ConfigConversionError(field);
}

const fallbackOf = (node: ConfigNode): unknown =>
  typeof node.fallback === "function" ? (node.fallback as () => unknown)() : (node.fallback ?? null);

/** Parse + asdict: what PostHog stores. Call only after `validateConfig` found no error. */
export function normaliseConfig(
  nodes: ConfigNode[],
  data: Record<string, unknown>,
  prefix?: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const node of nodes) {
    const key = presentKey(node, data, prefix);
    if (key === undefined) {
      out[node.name] = fallbackOf(node);
      continue;
    }
    const value = data[key];
    if (node.children) {
      out[node.name] = isObject(value)
        ? normaliseConfig(node.children, value)
        : normaliseConfig(node.children, data, node.flatPrefix);
    } else {
      out[node.name] = convert(value, node.converter, node.name);
    }
  }
  return out;
}
