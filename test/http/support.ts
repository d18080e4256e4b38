/**
 * Test support for the HTTP-layer tests: the emulator core with the Workiva routes on
 * 127.0.0.1 port 0 (the same server `startEmulator` builds), plus small helpers.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createCore, type RateLimitOptions } from "../emulator/core/server";
import type { FaultInjector } from "../emulator/core/faults";
import type { RequestLog } from "../emulator/core/request-log";
import { registerWorkiva, type WorkivaControl, type WorkivaEmulatorOptions } from "../emulator/workiva";

/** The credentials the Workiva emulator accepts by default. */
export const WORKIVA_CLIENT = { clientId: "emulator-client", clientSecret: "emulator-secret" } as const;

/** Path of the Wdata connections collection under the emulator's base URL. */
export const CONNECTIONS = "/api/v1/connections";
/** Seeded connection ids. */
export const CONNECTION_ID = "conn-sales-1";

/** A running emulator (Workiva half) for the HTTP-layer tests. */
export interface TestEmulator {
  url: string;
  workivaApiUrl: string;
  workivaTokenUrl: string;
  log: RequestLog;
  faults: FaultInjector;
  workiva: WorkivaControl;
  stop(): Promise<void>;
}

/** Starts the emulator core with the Workiva routes; server-side rate limits off unless given. */
export async function startTestEmulator(
  options: { rateLimits?: RateLimitOptions; workiva?: WorkivaEmulatorOptions } = {},
): Promise<TestEmulator> {
  const core = createCore({ rateLimits: options.rateLimits ?? { posthog: false, workiva: false } });
  const workiva = registerWorkiva(core.app, { runMs: 50, ...options.workiva });
  await core.app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = core.app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    workivaApiUrl: `${url}/s/wdata/prep`,
    workivaTokenUrl: `${url}/oauth2/token`,
    log: core.log,
    faults: core.faults,
    workiva,
    stop: () => core.app.close(),
  };
}

/** A port on 127.0.0.1 nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A plain HTTP server answering every request with `answer`; counts requests. */
export async function answeringServer(
  port: number,
  answer: { status: number; body: unknown; headers?: Record<string, string> },
): Promise<{ server: Server; hits: () => number; close(): Promise<void> }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits += 1;
    req.resume();
    req.on("end", () => {
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    server,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs `fn` and returns the error it throws (fails the test when it does not throw). */
export async function thrown(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected the call to throw");
}
