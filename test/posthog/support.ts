/**
 * Test support for the PostHog lifecycle tests: an emulator, stacks that run programs through the
 * real provider host against it, and call counters read from the emulator's log.
 */
import * as fs from "fs";
import * as path from "path";
import { EMULATOR_CREDENTIALS, startEmulator, type Emulator } from "../emulator";
import type { PosthogEmulatorOptions } from "../emulator/posthog";
import { REPO_ROOT } from "../harness/workspace";
import { Stack, assertNoLeaks, type RunResult } from "../harness";

/** Prefix of every source endpoint of project 1. */
export const SOURCES = "/api/projects/1/external_data_sources";
/** Prefix of every schema endpoint of project 1. */
export const SCHEMAS = "/api/projects/1/external_data_schemas";

/** The built provider modules the host requires (run `npm run build` first). */
export const BUILT_PROVIDERS = ["source/provider.js", "schema/provider.js", "webhook/provider.js"].map(
  (file) => path.join(REPO_ROOT, "dist", "provider", "posthog", file),
);

/** Fails fast when the package was not built. */
export function requireBuild(): void {
  const missing = BUILT_PROVIDERS.filter((file) => !fs.existsSync(file));
  if (missing.length) throw new Error(`run \`npm run build\` first (${missing.join(", ")} missing)`);
}

/** Fast retries in the provider host: a 429 or 5xx retry waits milliseconds, not seconds. */
export const FAST_RETRIES = { DATASYNC_HTTP_MIN_DELAY_MS: "5", DATASYNC_HTTP_MAX_DELAY_MS: "20" };

/** An emulator whose syncs finish quickly. */
export function startPosthogEmulator(options: PosthogEmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ port: 0, posthog: { jobMs: 100, ...options } });
}

/** A stack whose provider host talks to `emulator` (API key as a secret config value). */
export function posthogStack(emulator: Emulator, name: string, env: Record<string, string> = {}): Stack {
  const config = Object.fromEntries(
    Object.entries(emulator.config).filter(([key]) => key.startsWith("posthog:")),
  );
  return new Stack({ name, config, secretConfigKeys: ["posthog:apiKey"], env: { ...FAST_RETRIES, ...env } });
}

/** The source field definitions `check` reads once per run (`GET external_data_sources/wizard/`). */
export const WIZARD_PATH = /\/external_data_sources\/wizard\/?$/;

/**
 * Counters of the PostHog calls the emulator saw since its log was last cleared. The one read
 * of the source field definitions per run (the wizard, made by `check`) is counted apart
 * (`wizard()`), not in `all()` and `sequence()`: those count what a deployment does to sources.
 */
export function posthogCalls(emulator: Emulator) {
  const log = emulator.log;
  const resourceCalls = () => log.filter({ service: "posthog" }).filter((e) => !WIZARD_PATH.test(e.path));
  return {
    /** Every PostHog request but the wizard read. */
    all: () => resourceCalls().length,
    /** The wizard reads (field definitions, at most one per run). */
    wizard: () => log.filter({ service: "posthog" }).length - resourceCalls().length,
    /** Requests that could change something. */
    writes: () => log.writes({ service: "posthog" }).length,
    /** One line per request, for failure messages. */
    format: () => log.format({ service: "posthog" }),
    /** `METHOD path-suffix` of every request but the wizard read, in order (ids replaced by `:id`). */
    sequence: () =>
      resourceCalls().map(
        (e) =>
          `${e.method} ${e.path.replace(/^\/api\/projects\/[^/]+\//, "").replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ":id")}`,
      ),
    /** Bodies of the bulk_update_schemas calls. */
    bulkBodies: () =>
      log
        .filter({ method: "PATCH", path: /\/bulk_update_schemas\/?$/ })
        .map((e) => (e.body as { schemas: Record<string, unknown>[] }).schemas),
  };
}

export { failureOf, resourceNamed } from "../harness";

/** The operation per resource name. */
export function opsOf(result: RunResult): Record<string, string> {
  return Object.fromEntries(result.rows.map((row) => [row.name, row.op]));
}

/** No credential (API key or the given secrets) in state, `__provider`, host output or errors. */
export function expectNoLeaks(result: RunResult, secrets: string[] = []): void {
  assertNoLeaks(result.state, {
    secrets: [EMULATOR_CREDENTIALS.posthogApiKey, ...secrets],
    texts: {
      hostStdout: result.hostStdout,
      hostStderr: result.hostStderr,
      errors: result.errors.join("\n"),
    },
  });
}
