/**
 * Shared set-up of the fault suite: one emulator (PostHog projects for isolation, no rate limits:
 * 429s are injected on purpose), stacks whose provider host retries and polls fast, and the
 * secrets the leak check looks for.
 */
import * as fs from "fs";
import * as path from "path";
import { EMULATOR_CREDENTIALS, startEmulator, type Emulator } from "../emulator";
import { Stack, StackRunError, type RunResult } from "../harness";
import { REPO_ROOT } from "../harness/workspace";

/**
 * Provider host environment: retries wait milliseconds (a Retry-After of 1 s is capped at
 * 200 ms), one attempt times out after 1.5 s (a "timeout" fault holds a request 2.5 s), four
 * attempts in all, Workiva polls every 20..100 ms.
 */
export const FAULT_ENV: Readonly<Record<string, string>> = {
  DATASYNC_HTTP_ATTEMPTS: "4",
  DATASYNC_HTTP_MIN_DELAY_MS: "20",
  DATASYNC_HTTP_MAX_DELAY_MS: "100",
  DATASYNC_HTTP_MAX_RETRY_AFTER_MS: "200",
  DATASYNC_HTTP_TIMEOUT_MS: "1500",
  DATASYNC_WORKIVA_POLL_MS: "20,100",
  // The coalesced schema slots' faults are on their bulk_update_schemas: a quiet time long enough
  // that their two PATCHes always go out together, however busy the machine is.
  DATASYNC_SCHEMA_BATCH_MS: "1500",
};

/** Test-only secrets the programs use (never real credentials). */
export const TEST_SECRETS = {
  stripeKey: "sk_test_faults_7f3a9c",
  postgresPassword: "pg-faults-pass-5e1d",
} as const;

/** Every secret that must never appear in state, errors or logs. */
export const ALL_SECRETS: readonly string[] = [
  EMULATOR_CREDENTIALS.posthogApiKey,
  EMULATOR_CREDENTIALS.workivaClientSecret,
  TEST_SECRETS.stripeKey,
  TEST_SECRETS.postgresPassword,
];

/** Workiva access tokens (the emulator issues 48 hex characters). */
export const TOKEN_PATTERN = /\b[0-9a-f]{48}\b/;

/** The built provider modules the host requires. */
const BUILT = ["posthog/source/provider.js", "workiva/refresh-provider.js"].map((file) =>
  path.join(REPO_ROOT, "dist", "provider", file),
);

/** Fails fast when the package was not built (`npm run build`). */
export function requireBuild(): void {
  const missing = BUILT.filter((file) => !fs.existsSync(file));
  if (missing.length) throw new Error(`run \`npm run build\` first (${missing.join(", ")} missing)`);
}

/** An emulator serving the given PostHog projects, with quick jobs and runs and no rate limits. */
export function startFaultEmulator(projects: string[], workivaRunMs = 300): Promise<Emulator> {
  return startEmulator({
    port: 0,
    rateLimits: { posthog: false, workiva: false },
    posthog: { projects: ["1", ...projects], jobMs: 100 },
    workiva: { runMs: workivaRunMs },
  });
}

/** A stack whose provider host talks to `emulator` (credentials as secret config). */
export function faultStack(emulator: Emulator, name: string): Stack {
  return new Stack({
    name,
    config: emulator.config,
    secretConfigKeys: ["posthog:apiKey", "workiva:clientSecret"],
    env: { ...FAULT_ENV },
  });
}

/** The result of a run whether it succeeded or failed (other errors are rethrown). */
export async function settled(run: Promise<RunResult>): Promise<RunResult> {
  try {
    return await run;
  } catch (error) {
    if (error instanceof StackRunError) return error.result;
    throw error;
  }
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
