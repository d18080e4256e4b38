import { createCore, type RateLimitOptions } from "./core/server";
import type { FaultInjector } from "./core/faults";
import type { RequestLog } from "./core/request-log";
import { registerPosthog, type PosthogControl, type PosthogEmulatorOptions } from "./posthog";
import { registerWorkiva, type WorkivaControl, type WorkivaEmulatorOptions } from "./workiva";

export type { FaultRule, LoggedRequest, RequestFilter } from "./core/types";

/** Credentials the emulator accepts by default (test-only values, not secrets of any real service). */
export const EMULATOR_CREDENTIALS = {
  posthogApiKey: "phx_emulator_write",
  posthogReadOnlyKey: "phx_emulator_read",
  posthogProjectId: "1",
  workivaClientId: "emulator-client",
  workivaClientSecret: "emulator-secret",
} as const;

export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 picks a free one. Default 0. */
  port?: number;
  /** Latency added to every request, in ms (default 0). */
  latencyMs?: number;
  /** Per-key rate limits (defaults: PostHog 480/min and 4800/h, Workiva 50/s); false turns one off. */
  rateLimits?: RateLimitOptions;
  posthog?: PosthogEmulatorOptions;
  workiva?: WorkivaEmulatorOptions;
}

/** A running emulator of both services. */
export interface Emulator {
  /** Base URL of the server, e.g. http://127.0.0.1:4010 */
  url: string;
  /** `posthog:host` / POSTHOG_HOST */
  posthogHost: string;
  /** `workiva:apiUrl` / WORKIVA_API_URL (the prep base) */
  workivaApiUrl: string;
  /** `workiva:tokenUrl` / WORKIVA_TOKEN_URL (the full token endpoint) */
  workivaTokenUrl: string;
  /** Environment variables that point the provider at this emulator with working credentials. */
  env: Record<string, string>;
  /** Pulumi stack config with the same settings (keys `posthog:*`, `workiva:*`). */
  config: Record<string, string>;
  log: RequestLog;
  faults: FaultInjector;
  posthog: PosthogControl;
  workiva: WorkivaControl;
  setLatency(ms: number): void;
  /** Between tests: both services back to their starting data, no fault armed, an empty log (latency kept). */
  reset(): void;
  stop(): Promise<void>;
}

/** Starts the emulator on 127.0.0.1. Stop it with `stop()`. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const core = createCore({ latencyMs: options.latencyMs, rateLimits: options.rateLimits });
  const posthog = registerPosthog(core.app, options.posthog);
  const workiva = registerWorkiva(core.app, options.workiva);
  await core.app.listen({ host: "127.0.0.1", port: options.port ?? 0 });
  const address = core.app.server.address();
  if (!address || typeof address === "string") throw new Error("emulator did not bind a TCP port");
  const url = `http://127.0.0.1:${address.port}`;
  const workivaApiUrl = `${url}/s/wdata/prep`;
  const workivaTokenUrl = `${url}/oauth2/token`;
  const env = {
    POSTHOG_HOST: url,
    POSTHOG_API_KEY: EMULATOR_CREDENTIALS.posthogApiKey,
    POSTHOG_PROJECT_ID: EMULATOR_CREDENTIALS.posthogProjectId,
    WORKIVA_API_URL: workivaApiUrl,
    WORKIVA_TOKEN_URL: workivaTokenUrl,
    WORKIVA_CLIENT_ID: EMULATOR_CREDENTIALS.workivaClientId,
    WORKIVA_CLIENT_SECRET: EMULATOR_CREDENTIALS.workivaClientSecret,
  };
  const config = {
    "posthog:host": env.POSTHOG_HOST,
    "posthog:apiKey": env.POSTHOG_API_KEY,
    "posthog:projectId": env.POSTHOG_PROJECT_ID,
    "workiva:apiUrl": env.WORKIVA_API_URL,
    "workiva:tokenUrl": env.WORKIVA_TOKEN_URL,
    "workiva:clientId": env.WORKIVA_CLIENT_ID,
    "workiva:clientSecret": env.WORKIVA_CLIENT_SECRET,
  };
  return {
    url,
    posthogHost: url,
    workivaApiUrl,
    workivaTokenUrl,
    env,
    config,
    log: core.log,
    faults: core.faults,
    posthog,
    workiva,
    setLatency: core.setLatency,
    reset: () => {
      posthog.reset();
      workiva.reset();
      core.faults.clear();
      core.log.clear();
    },
    stop: () => core.app.close(),
  };
}
