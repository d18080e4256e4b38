/**
 * Unknown values: during preview the host passes values that are not known yet (outputs of
 * resources still to be created) as this placeholder string, even for non-string fields
 * (pulumi#6310). `check` and `diff` must tolerate it anywhere.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `value` is the unknown placeholder. */
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** True when `value` is, or contains at any depth, the unknown placeholder. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}
