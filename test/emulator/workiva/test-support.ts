/** Test support for the Workiva emulator's contract tests: an app built like the core builds it
 * (listening on 127.0.0.1, port 0), a hand-driven clock, tokens and authorised calls.
 * (`app.inject` cannot run under this jest config: light-my-request requires the ESM-only
 * `cookie` package, which jest.config.js does not transform; so the tests use fetch.) */
import formbody from "@fastify/formbody";
import Fastify, { type FastifyInstance } from "fastify";
import { registerWorkiva, WDATA_CONNECTIONS_PATH } from "./index";
import type { WorkivaControl, WorkivaEmulatorOptions } from "./types";

/** A clock tests move by hand. */
export interface ManualClock {
  now: () => number;
  advance(ms: number): void;
}

/** A clock starting at 2025-01-01T00:00:00Z. */
export function manualClock(): ManualClock {
  let current = Date.parse("2025-01-01T00:00:00.000Z");
  return { now: () => current, advance: (ms) => (current += ms) };
}

/** Parsed answer of a request. `body` is the decoded JSON under test. */
export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- decoded JSON, asserted by the tests
  body: any;
  headers: Headers;
}

/** A request to the test app. */
export interface Call {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  query?: Record<string, string>;
}

/** Options of `wdata`: `token` undefined -> a shared valid token; null -> no Authorization. */
export interface WdataCallOptions {
  body?: unknown;
  query?: Record<string, string>;
  token?: string | null;
}

/** An emulator app plus helpers. */
export interface WorkivaTestApp {
  app: FastifyInstance;
  control: WorkivaControl;
  clock: ManualClock;
  /** Exchange the first configured client's credentials for a new token. */
  token(): Promise<string>;
  /** Call a Wdata path relative to `.../api/v1/connections`. */
  wdata(method: "GET" | "POST", path: string, options?: WdataCallOptions): Promise<Answer>;
  call(call: Call): Promise<Answer>;
  close(): Promise<void>;
}

/** `Fastify({ routerOptions: { ignoreTrailingSlash: true } })` + formbody + registerWorkiva (manual clock unless
 * `options.now` is given), listening on 127.0.0.1. */
export async function workivaTestApp(options: WorkivaEmulatorOptions = {}): Promise<WorkivaTestApp> {
  const clock = manualClock();
  const app = Fastify({ routerOptions: { ignoreTrailingSlash: true } });
  await app.register(formbody);
  const control = registerWorkiva(app, { now: clock.now, ...options });
  const origin = await app.listen({ host: "127.0.0.1", port: 0 });

  const call = async ({ method, path, headers = {}, body, query }: Call): Promise<Answer> => {
    const url = new URL(path, origin);
    for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
      if (typeof body !== "string")
        (init.headers as Record<string, string>)["content-type"] = "application/json";
    }
    const response = await fetch(url, init);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };

  const [clientId, clientSecret] = Object.entries(
    options.clients ?? { "emulator-client": "emulator-secret" },
  )[0];
  const token = async (): Promise<string> => {
    const answer = await call({
      method: "POST",
      path: "/oauth2/token",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-version": "2026-01-01" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: clientId,
        client_secret: clientSecret,
      }).toString(),
    });
    if (answer.status !== 200) throw new Error(`token exchange failed: ${answer.status}`);
    return answer.body.access_token as string;
  };

  let sharedToken: string | undefined;
  const wdata: WorkivaTestApp["wdata"] = async (method, path, callOptions = {}) => {
    let bearer = callOptions.token;
    if (bearer === undefined) bearer = sharedToken ??= await token();
    return call({
      method,
      path: `${WDATA_CONNECTIONS_PATH}${path}`,
      query: callOptions.query,
      headers: bearer === null ? {} : { authorization: `Bearer ${bearer}` },
      body: callOptions.body,
    });
  };

  return { app, control, clock, token, wdata, call, close: () => app.close() };
}
