/**
 * The `job_inputs` of a source PATCH. PostHog merges them into what it stores, and refuses a
 * change of the connection target (`host`, `instance_url`, an SSH tunnel's host or port, and
 * fields each source guards the same way) unless the secrets are entered again in the same
 * request (400 "Changing the connection host requires re-entering your credentials."). Which
 * fields a source guards is not in its definitions, so whenever anything in `jobInputs` changes,
 * the PATCH carries the changed keys and every declared key that holds a secret (a nested
 * container, e.g. `auth_method`, whole). Without definitions every declared key is sent.
 */
import { deepEqual } from "../common/values";
import { fieldNamed, holdsSecret, type SourceDefinition } from "./field-definitions";

/** The job_inputs to PATCH to go from `previous` (state) to `declared`, or undefined when nothing changed. */
export function jobInputsPatch(
  previous: Record<string, unknown> | undefined,
  declared: Record<string, unknown>,
  definition: SourceDefinition | undefined,
): Record<string, unknown> | undefined {
  const changed = Object.keys(declared).filter((key) => !deepEqual(declared[key], previous?.[key]));
  if (changed.length === 0) return undefined;
  const send = Object.keys(declared).filter((key) => {
    if (changed.includes(key)) return true;
    if (!definition) return true;
    const field = fieldNamed(definition.fields, key);
    return field === undefined || holdsSecret(field);
  });
  return Object.fromEntries(send.map((key) => [key, declared[key]]));
}
