/**
 * "The remote object exists but a later step failed": the dynamic-provider host turns an error
 * carrying `id`, `properties` and `reasons` into ErrorResourceInitFailed, so the engine records
 * the resource (never an orphan) and completes it on the next `up` (pulumi#1836).
 */
import { redact } from "../../http";
import { withoutUndefined } from "./values";

/** The property every dynamic resource carries its serialized provider in. */
export const PROVIDER_KEY = "__provider";

/** An error the host reports as ErrorResourceInitFailed. */
export class ResourceInitFailedError extends Error {
  override get name(): string {
    return "ResourceInitFailedError";
  }

  /**
   * @param id the id of the remote object that exists
   * @param properties its outputs as far as they are known (with `__provider`)
   * @param reasons why it is not complete
   */
  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
  ) {
    super(reasons.join("; "));
  }
}

/** The one-line, redacted text of any thrown value. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return redact(text.replace(/\s+/g, " ").trim());
}

/**
 * Builds the ErrorResourceInitFailed error for object `id` whose known outputs are `outputs`;
 * `inputs` supplies `__provider` (the host sends `properties` as given).
 */
export function initFailed(
  id: string,
  outputs: object,
  inputs: Record<string, unknown>,
  error: unknown,
  step: string,
): ResourceInitFailedError {
  const properties = withoutUndefined({ ...outputs, [PROVIDER_KEY]: inputs[PROVIDER_KEY] }) as Record<
    string,
    unknown
  >;
  return new ResourceInitFailedError(id, properties, [`${step} failed: ${errorText(error)}`]);
}
