/** Registers secret input values with the process-wide redactor before any API call. */
import { registerSecret } from "../../http";

/**
 * Registers every string inside `jobInputs` (values arrive in plaintext in the provider host):
 * from then on they are scrubbed from every error and log line of the process. Every value is
 * registered, not only secret-looking keys, because the whole `jobInputs` is secret.
 */
export function registerJobInputSecrets(jobInputs: unknown): void {
  if (typeof jobInputs === "string") registerSecret(jobInputs);
  else if (Array.isArray(jobInputs)) jobInputs.forEach(registerJobInputSecrets);
  else if (jobInputs !== null && typeof jobInputs === "object")
    Object.values(jobInputs).forEach(registerJobInputSecrets);
}
