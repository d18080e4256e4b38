/**
 * Pulumi's property wire format, as the engine handles it between a program and a provider:
 * secrets travel as `{ [SECRET_SIG_KEY]: SECRET_SIG, value }`, unknown values (preview) as the
 * string {@link UNKNOWN_VALUE}. The dynamic-provider host declares acceptSecrets=false, so the engine
 * strips secret markers before calling it and re-marks outputs afterwards.
 */

/** A JSON value as it travels in a protobuf Struct. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A property bag: the top level of inputs and outputs. */
export type PropertyMap = Record<string, JsonValue>;

/** The key that marks a special value (secret, asset, resource reference) on the wire. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";

/** The signature value of a secret. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The signature value of a resource reference. */
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

/** The placeholder the engine sends for a value not known yet (preview). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The input and output that carries the serialized dynamic provider. */
export const PROVIDER_KEY = "__provider";

/** True when `value` is a wire-format secret. */
export function isWireSecret(value: unknown): value is { value?: JsonValue } {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG
  );
}

/** Wraps a value as a wire-format secret. */
export function wireSecret(value: JsonValue): JsonValue {
  return { [SECRET_SIG_KEY]: SECRET_SIG, value };
}

/**
 * Removes every secret marker (at any depth) and turns resource references into their id (or URN
 * for components), as the engine does for a provider that accepts neither; reports whether there
 * was a secret.
 */
export function unwrapSecrets(value: JsonValue): { plain: JsonValue; secret: boolean } {
  if (isWireSecret(value)) {
    const inner = unwrapSecrets(value.value ?? null);
    return { plain: inner.plain, secret: true };
  }
  if (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    value[SECRET_SIG_KEY] === RESOURCE_SIG
  ) {
    const ref = value as { id?: JsonValue; urn?: JsonValue };
    return { plain: ref.id !== undefined && ref.id !== "" ? ref.id : (ref.urn ?? null), secret: false };
  }
  if (Array.isArray(value)) {
    let secret = false;
    const plain = value.map((item) => {
      const r = unwrapSecrets(item);
      secret ||= r.secret;
      return r.plain;
    });
    return { plain, secret };
  }
  if (typeof value === "object" && value !== null) {
    let secret = false;
    const plain: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = unwrapSecrets(v);
      secret ||= r.secret;
      plain[k] = r.plain;
    }
    return { plain, secret };
  }
  return { plain: value, secret: false };
}

/**
 * Strips secret markers from a property map the way the engine does for a provider that does
 * not accept secrets. Returns the plaintext map and the top-level keys that contained a secret.
 */
export function stripSecrets(props: PropertyMap): { plain: PropertyMap; secretKeys: string[] } {
  const plain: PropertyMap = {};
  const secretKeys: string[] = [];
  for (const [k, v] of Object.entries(props)) {
    const r = unwrapSecrets(v);
    plain[k] = r.plain;
    if (r.secret) secretKeys.push(k);
  }
  return { plain, secretKeys };
}

/** Marks the given top-level keys secret (the engine's re-marking of outputs). */
export function markSecrets(props: PropertyMap, secretKeys: Iterable<string>): PropertyMap {
  const out: PropertyMap = { ...props };
  for (const k of secretKeys) {
    if (k in out && !isWireSecret(out[k])) out[k] = wireSecret(out[k]);
  }
  return out;
}

/** Drops `undefined` (which a Struct cannot hold) at any depth, turning the value into plain JSON. */
export function toJsonValue(value: unknown): JsonValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "boolean" || typeof value === "number" || typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === "object") {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) out[k] = toJsonValue(v);
    }
    return out;
  }
  throw new TypeError(`value of type ${typeof value} cannot travel in a Struct`);
}

/** {@link toJsonValue} for a property map. */
export function toPropertyMap(value: unknown): PropertyMap {
  const json = toJsonValue(value ?? {});
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new TypeError("a property map must be an object");
  }
  return json;
}

/** True when a value (at any depth) is or contains the unknown placeholder. */
export function containsUnknown(value: JsonValue): boolean {
  if (value === UNKNOWN_VALUE) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}

/** Structural equality of two JSON values (key order insensitive). */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]))
    );
  }
  if (typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!jsonEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/** Top-level keys whose values differ between two property maps (sorted). */
export function changedKeys(olds: PropertyMap, news: PropertyMap): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((k) => !jsonEqual(olds[k], news[k])).sort();
}
