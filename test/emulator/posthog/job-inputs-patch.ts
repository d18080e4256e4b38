/**
 * PATCH `job_inputs`: PostHog's merge and its host-change guard
 * (`views/external_data_source/source_setup.py`, `ExternalDataSourceSerializers.update`, with
 * `helpers.py` `connection_target_changed`, `ssh_tunnel_connection_changed`,
 * `has_preserved_credentials`). The result still has to pass `validateConfig`.
 */
import { validationError } from "./errors";
import type { FieldConfig, SourceDefinition } from "./field-definitions";
import { isObject } from "./fields";
import { CDC_EXPOSED_JOB_INPUT_KEYS, fieldSensitivity } from "./job-inputs-redaction";

/** PostHog's messages (DRF ValidationError, `attr: null`). */
export const JOB_INPUTS_PATCH_MESSAGES = {
  connectionHost: "Changing the connection host requires re-entering your credentials.",
  sshTunnel: "Changing the SSH tunnel requires re-entering your database credentials.",
  sshTunnelHost: "Changing the SSH tunnel host requires re-entering your SSH credentials.",
  mustBeObject: "Must be an object.",
} as const;

/** Top-level fields naming the connection target (helpers.py `_CONNECTION_TARGET_FIELDS`). */
export const CONNECTION_TARGET_FIELDS = ["host", "instance_url"] as const;
/** Containers keeping secrets one level down (helpers.py `_NESTED_AUTH_CONTAINERS`). */
export const NESTED_AUTH_CONTAINERS = [
  "auth_method",
  "auth_type",
  "authentication",
  "registered_app",
] as const;
/** Secrets the edit form never re-supplies, so they do not gate a host change. */
const CREATION_ONLY_SECRET_FIELDS = new Set(["connection_string"]);
const SSH_TUNNEL_CONNECTION_FIELDS = ["enabled", "host", "port"] as const;
const SSH_AUTH_SECRETS = ["password", "passphrase", "private_key"] as const;

type Inputs = Record<string, unknown>;

/** Python's `str()` of a JSON value, as PostHog compares connection targets (None -> ""). */
function pyStr(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "True" : "False";
  return typeof value === "string" ? value : JSON.stringify(value);
}

const targetChanged = (existing: unknown, incoming: unknown): boolean => pyStr(existing) !== pyStr(incoming);

function sshTunnelChanged(existing: unknown, incoming: unknown): boolean {
  const before = isObject(existing) ? existing : {};
  const after = isObject(incoming) ? incoming : {};
  return SSH_TUNNEL_CONNECTION_FIELDS.some((key) => targetChanged(before[key], after[key]));
}

/** Python truthiness of a JSON value. */
const truthy = (value: unknown): boolean =>
  !(
    value === undefined ||
    value === null ||
    value === false ||
    value === 0 ||
    value === "" ||
    (Array.isArray(value) && value.length === 0) ||
    (isObject(value) && Object.keys(value).length === 0)
  );

/** Declared switch-group names, flattened (helpers.py `get_declared_field_names`). */
function switchGroupNames(fields: FieldConfig[], into: string[] = []): string[] {
  for (const field of fields) {
    if (field.type === "switch-group") {
      into.push(field.name);
      switchGroupNames(field.fields, into);
    } else if (field.type === "select") {
      for (const option of field.options) switchGroupNames(option.fields ?? [], into);
    }
  }
  return into;
}

/** The key a declared name is stored under (either spelling), declared first. */
function storedKey(data: Inputs, name: string): string | undefined {
  const spellings = name.includes("-") ? [name, name.replace(/-/g, "_")] : [name];
  return spellings.find((key) => key in data);
}

function hasPreservedCredentials(
  existing: Inputs,
  incoming: Inputs,
  sensitive: Set<string>,
  containers: string[],
): boolean {
  if ([...sensitive].some((key) => truthy(existing[key]) && !truthy(incoming[key]))) return true;
  for (const name of containers) {
    const existingKey = storedKey(existing, name);
    const before = existingKey === undefined ? undefined : existing[existingKey];
    if (!isObject(before)) continue;
    const incomingKey = storedKey(incoming, name);
    const after = incomingKey === undefined ? undefined : incoming[incomingKey];
    if (!isObject(after)) {
      if ([...sensitive].some((key) => truthy(before[key]))) return true;
      continue;
    }
    if (before.selection !== after.selection) continue;
    if ([...sensitive].some((key) => truthy(before[key]) && !truthy(after[key]))) return true;
  }
  return false;
}

function mergeSshTunnel(existing: Inputs, incoming: Inputs, merged: Inputs): void {
  const before = existing.ssh_tunnel;
  const after = incoming.ssh_tunnel;
  if (!truthy(before) || !isObject(before) || !isObject(after)) return;
  const hostChanged = "host" in after && after.host !== before.host;
  const next: Inputs = { ...before, ...after };
  const authOf = (tunnel: Inputs): Inputs => {
    const auth = truthy(tunnel.auth) ? tunnel.auth : truthy(tunnel.auth_type) ? tunnel.auth_type : {};
    return isObject(auth) ? auth : {};
  };
  const beforeAuth = authOf(before);
  const afterAuth = authOf(after);
  if (hostChanged && !truthy(afterAuth)) throw validationError(JOB_INPUTS_PATCH_MESSAGES.sshTunnelHost);
  if (!truthy(afterAuth)) {
    next.auth = { ...beforeAuth };
  } else {
    const auth: Inputs = { ...afterAuth };
    if (!hostChanged) {
      for (const key of SSH_AUTH_SECRETS)
        if (truthy(beforeAuth[key]) && !truthy(afterAuth[key])) auth[key] = beforeAuth[key];
    }
    next.auth = auth;
  }
  merged.ssh_tunnel = next;
}

/**
 * The job inputs after a PATCH, before config validation. Throws PostHog's DRF errors for a host
 * change without credentials and for a container that is not an object.
 */
export function mergeJobInputs(
  definition: SourceDefinition | undefined,
  existing: Inputs,
  incoming: Inputs,
): Inputs {
  const merged: Inputs = { ...existing, ...incoming };
  for (const key of CDC_EXPOSED_JOB_INPUT_KEYS) {
    if (key in existing) merged[key] = existing[key];
    else delete merged[key];
  }
  if (!definition) return merged;

  const sensitive = fieldSensitivity(definition).sensitive;
  const switchGroups = switchGroupNames(definition.fields);

  const hostChanged = CONNECTION_TARGET_FIELDS.some(
    (field) => field in incoming && targetChanged(existing[field], incoming[field]),
  );
  const tunnelChanged =
    "ssh_tunnel" in incoming && sshTunnelChanged(existing.ssh_tunnel, incoming.ssh_tunnel);
  if (hostChanged || tunnelChanged) {
    const gate = new Set([...sensitive].filter((key) => !CREATION_ONLY_SECRET_FIELDS.has(key)));
    if (hasPreservedCredentials(existing, incoming, gate, [...NESTED_AUTH_CONTAINERS, ...switchGroups])) {
      throw validationError(
        tunnelChanged ? JOB_INPUTS_PATCH_MESSAGES.sshTunnel : JOB_INPUTS_PATCH_MESSAGES.connectionHost,
      );
    }
  }

  // Secrets the read never shows are kept when left out or sent blank.
  for (const key of sensitive)
    if (truthy(existing[key]) && !truthy(incoming[key])) merged[key] = existing[key];

  for (const key of NESTED_AUTH_CONTAINERS) {
    const before = existing[key];
    const after = incoming[key];
    if (after !== undefined && after !== null && !isObject(after)) {
      throw validationError(JOB_INPUTS_PATCH_MESSAGES.mustBeObject, `job_inputs__${key}`, "invalid");
    }
    if (!isObject(before) || !isObject(after)) continue;
    if (before.selection !== after.selection) {
      merged[key] = after;
      continue;
    }
    const container: Inputs = { ...before, ...after };
    for (const secret of sensitive)
      if (truthy(before[secret]) && !truthy(after[secret])) container[secret] = before[secret];
    merged[key] = container;
  }

  for (const group of switchGroups) {
    const incomingKey = storedKey(incoming, group);
    if (incomingKey === undefined) continue;
    const after = incoming[incomingKey];
    if (!isObject(after))
      throw validationError(JOB_INPUTS_PATCH_MESSAGES.mustBeObject, `job_inputs__${group}`, "invalid");
    const existingKey = storedKey(existing, group);
    const before = existingKey === undefined ? undefined : existing[existingKey];
    if (!isObject(before)) continue;
    const container: Inputs = { ...before, ...after };
    for (const secret of sensitive)
      if (truthy(before[secret]) && !truthy(after[secret])) container[secret] = before[secret];
    for (const spelling of new Set([group, group.replace(/-/g, "_")])) delete merged[spelling];
    merged[incomingKey] = container;
  }

  mergeSshTunnel(existing, incoming, merged);
  return merged;
}
