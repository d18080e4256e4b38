/** Test helpers of the PostHog emulator's contract tests (not a test file itself). */
import Fastify, { type FastifyInstance } from "fastify";
import { registerPosthog, type PosthogControl, type PosthogEmulatorOptions } from "./index";

export const WRITE_KEY = "phx_emulator_write";
export const READ_KEY = "phx_emulator_read";

/** An answer: status and parsed JSON body (undefined when empty). */
export interface TestAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  body: any;
  headers: Record<string, unknown>;
}

export interface CallOptions {
  body?: unknown;
  /** API key; null sends no Authorization header. Default: the write key. */
  key?: string | null;
  project?: string;
}

/** A fastify app with only the PostHog routes, driven with `inject` (no port). */
export interface TestEmulator {
  app: FastifyInstance;
  control: PosthogControl;
  /** Calls `/api/projects/<project>/<path>`. */
  call(
    method: "GET" | "POST" | "PATCH" | "DELETE" | "PUT",
    path: string,
    options?: CallOptions,
  ): Promise<TestAnswer>;
  /** Moves the manual clock forward (when built with `manualClock`). */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** Builds the app; `manualClock` (default true) replaces Date.now by a clock moved with `advance`. */
export async function buildEmulator(
  options: PosthogEmulatorOptions = {},
  manualClock = true,
): Promise<TestEmulator> {
  const app = Fastify({ routerOptions: { ignoreTrailingSlash: true } });
  let clock = Date.parse("2026-01-01T00:00:00.000Z");
  const control = registerPosthog(app, manualClock ? { now: () => clock, ...options } : options);
  await app.ready();
  return {
    app,
    control,
    advance: (ms) => {
      clock += ms;
    },
    call: async (method, path, { body, key = WRITE_KEY, project = "1" } = {}) => {
      const response = await app.inject({
        method,
        url: `/api/projects/${project}/${path}`,
        headers: key === null ? {} : { authorization: `Bearer ${key}` },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return {
        status: response.statusCode,
        body: response.body ? JSON.parse(response.body) : undefined,
        headers: response.headers,
      };
    },
    close: () => app.close(),
  };
}

/** A valid Stripe create body in PostHog's nested shape (the key is a test value). */
export function stripeBody(overrides: Record<string, unknown> = {}, payload: Record<string, unknown> = {}) {
  return {
    source_type: "Stripe",
    prefix: "stripe_",
    description: "Stripe billing",
    ...overrides,
    payload: {
      auth_method: { selection: "api_key", stripe_secret_key: "rk_test_123" },
      stripe_account_id: "acct_1",
      schemas: [
        {
          name: "Customer",
          should_sync: true,
          sync_type: "append",
          incremental_field: "created",
          incremental_field_type: "integer",
        },
        { name: "Charge", should_sync: true, sync_type: "full_refresh" },
      ],
      ...payload,
    },
  };
}

/** A valid Postgres create body. */
export function postgresBody(overrides: Record<string, unknown> = {}, payload: Record<string, unknown> = {}) {
  return {
    source_type: "Postgres",
    prefix: "pg_",
    ...overrides,
    payload: {
      host: "db.internal",
      port: 5432,
      database: "shop",
      user: "reader",
      password: "s3cret-pw",
      schema: "public",
      schemas: [{ name: "orders", should_sync: true, sync_type: "full_refresh" }],
      ...payload,
    },
  };
}
