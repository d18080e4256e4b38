/**
 * The leak check of one run: no credential (API key, Stripe key, database password, Workiva
 * client secret) and no Workiva access token in the state (plaintext fields not marked secret,
 * `__provider`), the state FILE as written, the errors, or the provider host's logs.
 */
import { findLeaks, type RunResult } from "../harness";
import { ALL_SECRETS, TOKEN_PATTERN } from "./support";

/** Where secrets leaked in `run` (empty when none). `stateFileText` is the file after the run. */
export function leaksOf(run: RunResult, stateFileText: string): string[] {
  const texts: Record<string, string> = {
    hostStdout: run.hostStdout,
    hostStderr: run.hostStderr,
    errors: run.errors.join("\n"),
    stateFile: stateFileText,
  };
  const found = findLeaks(run.state, { secrets: [...ALL_SECRETS], texts }).map(
    (leak) => `${run.kind}: ${leak.where}: ${leak.what}`,
  );
  for (const [name, text] of Object.entries(texts)) {
    if (TOKEN_PATTERN.test(text)) found.push(`${run.kind}: ${name}: a Workiva access token`);
  }
  if (TOKEN_PATTERN.test(JSON.stringify(run.state))) found.push(`${run.kind}: state: a Workiva access token`);
  return found;
}
