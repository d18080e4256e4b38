/**
 * Test support for the HTTP-layer tests: the emulator on 127.0.0.1 port 0 with server-side rate
 * limits off unless asked for, plus small helpers.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, type Emulator, type EmulatorOptions } from "../emulator";

/** The credentials the Workiva emulator accepts by default. */
export const WORKIVA_CLIENT = { clientId: "emulator-client", clientSecret: "emulator-secret" } as const;

/** Path of the Wdata connections collection under the emulator's prep base URL. */
export const CONNECTIONS = "/api/v1/connections";
/** A seeded connection id. */
export const CONNECTION_ID = "conn-sales-1";

/** A running emulator. */
export type TestEmulator = Emulator;

/** Starts the emulator; server-side rate limits off and Workiva runs of 50 ms unless given. */
export function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  return startEmulator({
    port: 0,
    ...options,
    rateLimits: options.rateLimits ?? { posthog: false, workiva: false },
    workiva: { runMs: 50, ...options.workiva },
  });
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
